"""Role names: the built-in keys, their words in English and French, custom roles."""

from __future__ import annotations

from bot.text import Msg, Verbatim, t
from bot.words import fold

ROLE_NAMES: dict[str, Msg] = {
    "chair": t("chair"),
    "focal": t("focal country"),
    "discussant": t("discussant country"),
    "coblogger": t("co-blogger"),
}
COUNTRY_ROLES = ("focal", "discussant")
_ROLE_WORDS = {
    "chair": "chair", "president": "chair", "presidente": "chair", "moderator": "chair",
    "focal": "focal", "focal country": "focal", "pays focal": "focal",
    "discussant": "discussant", "discussant country": "discussant", "discutant": "discussant",
    "pays discutant": "discussant", "coblogger": "coblogger", "co-blogger": "coblogger",
    "blogger": "coblogger", "co-blogueur": "coblogger", "coblogueur": "coblogger",
    "blogueur": "coblogger",
}  # fmt: skip


def role_label(role: str) -> Msg | Verbatim:
    return ROLE_NAMES.get(role) or Verbatim(role)


def role_key(word: str) -> str:
    return _ROLE_WORDS.get(fold(word), fold(word))
