"""Closed answers shared by the questions Convener asks: yes or no."""

from __future__ import annotations

from bot.errors import BadInput
from bot.text import t
from bot.words import keywords

YES = keywords("answer", "yes|y|ok|open")
NO = keywords("answer", "no|n")


def yes_or_no(text: str) -> bool:
    answer = text.strip(" .!")
    if YES.matches(answer):
        return True
    if NO.matches(answer):
        return False
    raise BadInput(t("Please answer yes or no."))
