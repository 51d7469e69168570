"""The one family of errors a person may read. Anything else is our bug, not their input."""

from __future__ import annotations

from bot.text import Msg, Text


class ConvenerError(Exception):
    """A refusal the user can act on: the message says what was wrong and how to do it right."""

    def __init__(self, msg: Text) -> None:
        super().__init__(msg.id if isinstance(msg, Msg) else "lines")
        self.msg = msg


class BadInput(ConvenerError):
    """The command or answer could not be understood."""


class NotAllowed(ConvenerError):
    """The reader may not do this here."""


class NotFound(ConvenerError):
    """What the reader named does not exist."""


class Conflict(ConvenerError):
    """The request clashes with the current state (already a member, title taken, ...)."""
