"""Turning what people type into values, with a clear refusal when it does not fit.

Names of languages and countries are accepted in the reader's language and in English
("French", "français", "fr"; "Argentina", "Argentine", "AR"), from Babel's locale data.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale

from bot.errors import BadInput
from bot.settings import SUPPORTED_LOCALES
from bot.text import Msg, t
from bot.words import Words, fold, keywords, lookup


def clean_text(value: str, *, field: Msg, max_len: int) -> str:
    text = " ".join(value.split())
    if not text:
        raise BadInput(t("The {field} cannot be empty.", field=field))
    if len(text) > max_len:
        raise BadInput(
            t(
                "The {field} is too long ({length} characters); keep it to {max} characters.",
                field=field,
                length=len(text),
                max=max_len,
            )
        )
    return text


# How people name numbered things ("3", "#3"): plain ASCII digits only ("²" and "٣" are not
# numbers here), at most nine of them, so any database column takes the value.
_REF = re.compile(r"#?([0-9]{1,9})")


def number_ref(text: str) -> int | None:
    """The number a word names (a group, session, call, question...), or None."""
    found = _REF.fullmatch(text.strip())
    return int(found.group(1)) if found else None


def whole_number(value: str, *, field: Msg, low: int, high: int, example: int) -> int:
    text = value.strip().replace("\u202f", "").replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?[0-9]{1,12}", text) or not low <= int(text) <= high:
        raise BadInput(
            t(
                "The {field} must be a whole number from {low} to {high}, for example {example};"
                " “{value}” is not.",
                field=field,
                low=low,
                high=high,
                example=example,
                value=value.strip()[:40],
            )
        )
    return int(text)


@cache
def _names(kind: str) -> dict[str, str]:
    """Folded names (in English and every language we speak) and codes -> code.

    `kind` is a Babel locale table: "languages" (ISO 639) or "territories" (ISO 3166)."""
    names: dict[str, str] = {}
    for locale in ("en", *SUPPORTED_LOCALES):
        table: dict[str, str] = getattr(Locale.parse(locale), kind)
        for code, name in table.items():
            if "_" in code or (kind == "territories" and not code.isalpha()):
                continue  # regional variants and numeric UN regions
            names.setdefault(code.casefold(), code)
            names.setdefault(fold(name), code)
    return names


def language(value: str) -> str:
    found = _names("languages").get(fold(value))
    if found is None:
        raise BadInput(
            t(
                "I don't know the language “{value}”. Write its name or its code,"
                " for example French or fr.",
                value=value.strip()[:40],
            )
        )
    return found


# The word between the last two items of a list ("French and English"), in every language.
AND = keywords("list joiner", "and|&")


@cache
def _list_split() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(AND.accepted(), key=len, reverse=True))
    return re.compile(rf"[,;/]|\s+(?:{words})\s+", re.IGNORECASE)


def languages(value: str) -> list[str]:
    parts: list[str] = []
    for chunk in _list_split().split(value):
        known = fold(chunk) in _names("languages")
        parts += [chunk] if known or not chunk.strip() else chunk.split()
    parts = [p for p in parts if p.strip()]
    if not parts:
        raise BadInput(t("Name at least one working language, for example: en, fr."))
    codes: list[str] = []
    for part in parts:
        code = language(part)
        if code not in codes:
            codes.append(code)
    if len(codes) > 6:
        raise BadInput(t("A group can have at most 6 working languages."))
    return codes


def interface_language(value: str) -> str:
    code = language(value)
    if code not in SUPPORTED_LOCALES:
        raise BadInput(
            t(
                "Convener speaks English (en) and French (fr) for now; choose one of them.",
            )
        )
    return code


def country(value: str) -> str:
    found = _names("territories").get(fold(value))
    if found is None:
        raise BadInput(
            t(
                "I don't know the country “{value}”. Write its name or its two-letter code,"
                " for example Argentina or AR.",
                value=value.strip()[:60],
            )
        )
    return found


@cache
def _timezones() -> dict[str, str]:
    return {zone.casefold(): zone for zone in available_timezones()}


def known_timezone(value: str | None) -> str | None:
    """A platform's time-zone hint, if it names a zone we know; hints are never trusted."""
    return _timezones().get(value.strip().casefold()) if value else None


def timezone(value: str) -> str:
    zone = _timezones().get(value.strip().casefold().replace(" ", "_"))
    if zone is None:
        raise BadInput(
            t(
                "I don't know the time zone “{value}”. Use a name like Europe/Paris,"
                " Africa/Dakar or America/Argentina/Buenos_Aires.",
                value=value.strip()[:60],
            )
        )
    ZoneInfo(zone)
    return zone


# How people may join a group, and the words for each in every language (the catalogs).
POLICIES: dict[str, Words] = {
    "open": keywords("join policy", "open|anyone"),
    "approval": keywords("join policy", "approval|approve|validation"),
    "invite": keywords("join policy", "invite|invitation|code"),
}


def policy(value: str) -> str:
    found = lookup(POLICIES, value)
    if found is None:
        raise BadInput(
            t(
                "The join policy must be open (anyone joins), approval (a facilitator approves)"
                " or invite (an invite code is needed); “{value}” is none of them.",
                value=value.strip()[:40],
            )
        )
    return found
