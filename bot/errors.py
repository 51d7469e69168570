"""The one family of errors a person may read. Anything else is our bug, not their input."""

from __future__ import annotations

from collections.abc import Sequence

from bot.effects import Action
from bot.text import Msg, Text


class ConvenerError(Exception):
    """A refusal the user can act on: the message says what was wrong and how to do it right,
    and its buttons offer the right choices ("Which group?" with a button for each)."""

    def __init__(self, msg: Text, buttons: Sequence[Action] = ()) -> None:
        super().__init__(msg.id if isinstance(msg, Msg) else "lines")
        self.msg = msg
        self.buttons = tuple(buttons)


class BadInput(ConvenerError):
    """The command or answer could not be understood."""


class NotAllowed(ConvenerError):
    """The reader may not do this here."""


class NotFound(ConvenerError):
    """What the reader named does not exist."""


class Conflict(ConvenerError):
    """The request clashes with the current state (already a member, title taken, ...)."""
