"""Effects as Telegram messages: HTML parse mode with every piece of user text escaped,
long texts split at line breaks, buttons as an inline keyboard."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from adapters.telegram.buttons import Buttons
from bot.effects import Action, Audience
from bot.i18n import Link, plain, render
from bot.text import Text, fit

LIMIT = 4096


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def text_of(text: Text, audience: Audience, link: Link) -> str:
    return render(text, audience, escape, link)


def split(text: str, limit: int = LIMIT) -> list[str]:
    """Pieces under Telegram's limit, cut at line breaks (inside a line only if it must)."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            cut = _safe_cut(line, limit)
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return pieces


def _safe_cut(line: str, limit: int) -> int:
    """Never cut inside an HTML entity such as &amp;."""
    cut = limit
    amp = line.rfind("&", max(0, limit - 8), limit)
    if amp != -1 and ";" not in line[amp:limit]:
        cut = amp
    return cut


def keyboard(actions: tuple[Action, ...], audience: Audience) -> InlineKeyboardMarkup | None:
    """The buttons of a message; lines too long for callback_data must have been kept
    (Buttons.keep) before it is sent."""
    if not actions:
        return None
    rows = [
        [
            InlineKeyboardButton(fit(plain(action.label, audience), 64), url=action.url)
            if action.url
            else InlineKeyboardButton(
                fit(plain(action.label, audience), 64),
                callback_data=Buttons.encode(action.command, action.args),
            )
        ]
        for action in actions
    ]
    return InlineKeyboardMarkup(rows)
