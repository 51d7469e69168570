"""Messages as plain text for files: rendered in one language and time zone, escaped for
no markup (a file's own format escapes what it must)."""

from __future__ import annotations

from bot.effects import Audience
from bot.i18n import render
from bot.text import Text


def plain(text: Text, audience: Audience) -> str:
    return render(text, audience, _as_is)


def _as_is(value: str) -> str:
    return value
