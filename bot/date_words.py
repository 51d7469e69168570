"""The words of dates, in every language we speak: month and weekday names (Babel), parts
of a month, times of day, the little words around a date, and offsets from a session
("2 weeks after the session"), from the catalogs."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from bot.settings import SUPPORTED_LOCALES
from bot.words import Words, fold, keywords

PARTS: dict[str, Words] = {
    "early": keywords("part of a month", "early|beginning of|start of|beginning|start"),
    "mid": keywords("part of a month", "mid|mid-|middle of|middle"),
    "end": keywords("part of a month", "end of|end|late"),
}
NOON = keywords("time of day", "noon|midday")
MIDNIGHT = keywords("time of day", "midnight")
# Little words between a date and its time ("on 12 May at 14:00").
JOINERS = keywords("date joiner", "at|on|the|around")
AFTER = keywords("session offset", "after")
BEFORE = keywords("session offset", "before")
THE_SESSION = keywords("session offset", "the session|session")
DAY_UNIT = keywords("session offset", "day|days")
WEEK_UNIT = keywords("session offset", "week|weeks")


@cache
def babel_names(table: str) -> dict[str, int]:
    """Folded names, full and abbreviated, in every language we speak -> their number.
    `table` is "months" (January = 1) or "days" (Monday = 0)."""
    names: dict[str, int] = {}
    for locale in ("en", *SUPPORTED_LOCALES):
        entries = getattr(Locale.parse(locale), table)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in entries[context][width].items():
                    names.setdefault(fold(name).rstrip("."), number)
    return names


def month_names() -> dict[str, int]:
    return babel_names("months")


def weekday_names() -> dict[str, int]:
    return babel_names("days")


def alternation(options: frozenset[str] | list[str]) -> str:
    return "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True))


@cache
def month_pattern() -> re.Pattern[str]:
    parts = "|".join(f"(?P<{key}>{alternation(w.accepted())})" for key, w in PARTS.items())
    return re.compile(
        rf"^(?:(?:{parts})\s*(?:of\s+|de\s+|d'\s*)?)?"
        rf"(?P<month>{alternation(list(month_names()))})\.?(?:\s+(?P<year>\d{{4}}))?$"
    )


@cache
def joiners() -> re.Pattern[str]:
    words = alternation(JOINERS.accepted() | {"@"})
    return re.compile(rf"(?:^|(?<=\s))(?:{words})(?=\s|$)")


def session_offset(text: str) -> int | None:
    """Days after (or, negative, before) the session: "2 weeks after the session",
    "3 jours avant la séance"; None when the text is not of that form."""
    folded = fold(text)
    units = {w: 1 for w in DAY_UNIT.accepted()} | {w: 7 for w in WEEK_UNIT.accepted()}
    directions = {w: 1 for w in AFTER.accepted()} | {w: -1 for w in BEFORE.accepted()}
    match = re.fullmatch(
        rf"(?P<n>\d{{1,3}})\s*(?P<unit>{alternation(list(units))})\s+"
        rf"(?P<dir>{alternation(list(directions))})\s+"
        rf"(?:{alternation(THE_SESSION.accepted())})",
        folded,
    )
    if match is None:
        return None
    return int(match["n"]) * units[match["unit"]] * directions[match["dir"]]
