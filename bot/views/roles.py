"""Role names: the built-in keys, their words in English and French, custom roles."""

from __future__ import annotations

from sqlmodel import select

from bot.context import Reader
from bot.store.models import LearningSession, RoleSlot
from bot.text import Msg, Verbatim, t
from bot.words import Words, fold, keywords, lookup

ROLE_NAMES: dict[str, Msg] = {
    "chair": t("chair"),
    "focal": t("focal country"),
    "discussant": t("discussant country"),
    "coblogger": t("co-blogger"),
}
COUNTRY_ROLES = ("focal", "discussant")
# The words that name each built-in role, in every language (from the catalogs).
_ROLE_WORDS: dict[str, Words] = {
    "chair": keywords("role", "chair|president|moderator"),
    "focal": keywords("role", "focal country|focal"),
    "discussant": keywords("role", "discussant country|discussant"),
    "coblogger": keywords("role", "co-blogger|coblogger|blogger"),
}


def role_label(role: str) -> Msg | Verbatim:
    return ROLE_NAMES.get(role) or Verbatim(role)


def role_key(word: str) -> str:
    """The built-in role a word names, in any language we speak; else the word itself (a
    custom role)."""
    return lookup(_ROLE_WORDS, word) or fold(word)


def holds(ctx: Reader, session: LearningSession, member_id: int) -> list[RoleSlot]:
    return list(
        ctx.db.exec(
            select(RoleSlot).where(
                RoleSlot.session_id == session.id, RoleSlot.member_id == member_id
            )
        ).all()
    )
