"""Reading a time of day the way people write it: "14:00", "14h", "14 h 30", "2pm", "noon",
"midi"; a time that cannot be one ("25h", "13pm") is refused with how to write it."""

from __future__ import annotations

import re
from datetime import time

from bot.date_words import MIDNIGHT, NOON
from bot.errors import BadInput
from bot.text import Msg, t

_SUFFIX = r"(?P<ampm>[ap])\.?\s?m\b\.?"
_TIMES = (
    re.compile(
        rf"(?<![\d/.\-:])(?P<h>\d{{1,2}})\s*(?::|h)\s*(?P<m>\d{{2}})(?!\d)\s*(?:{_SUFFIX})?"
    ),
    re.compile(rf"(?<![\d/.\-:])(?P<h>\d{{1,2}})\s*{_SUFFIX}"),
    re.compile(r"(?<![\d/.\-:])(?P<h>\d{1,2})\s*h(?![a-z\d])"),
)


def take_time(text: str) -> tuple[str, time | None]:
    """The time in `text` and the text without it."""
    for pattern in _TIMES:
        match = pattern.search(text)
        if match is None:
            continue
        hour, minute = int(match["h"]), int(match.groupdict().get("m") or 0)
        ampm = match.groupdict().get("ampm")
        if ampm is not None:
            if not 1 <= hour <= 12:
                raise BadInput(_bad_time(match.group(0)))
            hour = hour % 12 + (12 if ampm == "p" else 0)
        if hour > 23 or minute > 59:
            raise BadInput(_bad_time(match.group(0)))
        return text[: match.start()] + " " + text[match.end() :], time(hour, minute)
    for spoken, value in ((NOON, time(12)), (MIDNIGHT, time(0))):
        for word in sorted(spoken.accepted(), key=len, reverse=True):
            found = re.search(rf"\b{re.escape(word)}\b", text)
            if found:
                return text[: found.start()] + " " + text[found.end() :], value
    return text, None


def _bad_time(text: str) -> Msg:
    return t(
        "“{value}” is not a time of day. Write it like 14:00, 14h30 or 2pm.", value=text.strip()
    )
