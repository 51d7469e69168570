"""What goes out: plain data the adapters render. No markup, no platform objects.

Every effect carries the recipient's locale and time zone, resolved by the engine, so an
adapter needs no database to render it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.events import BoardPosted, MessageRef
from bot.text import Msg, Text


@dataclass(frozen=True)
class Action:
    """A button: its label and the command line it runs when pressed; or, with a `url`, a
    link the platform opens (add to a calendar) and no command."""

    label: Msg
    command: str = ""
    args: str = ""
    url: str | None = None


def link_button(label: Msg, url: str) -> Action:
    return Action(label, url=url)


@dataclass(frozen=True)
class Audience:
    locale: str
    timezone: str


@dataclass(frozen=True)
class Address:
    """Where a message goes: a person's private chat or a chat, on one platform."""

    platform: str
    kind: str  # "user" or "chat"
    id: str


@dataclass(frozen=True)
class Reply:
    """An answer in the chat the event came from, to the person who acted."""

    text: Text
    audience: Audience
    buttons: tuple[Action, ...] = ()
    # Only the actor needs to see it (errors, help): Slack shows it ephemeral.
    private: bool = False
    # The request was refused and nothing was saved (a form shows it beside its fields).
    refusal: bool = False
    # The session whose board this shows: posted in a shared chat, the adapter tells the
    # engine its message id (a BoardPosted notice) so later changes edit it in place.
    board: int | None = None


@dataclass(frozen=True)
class Prompt:
    """A question whose answer is the actor's next free-text message in this chat."""

    text: Text
    audience: Audience
    buttons: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A file that goes with a message: a calendar, an export, a document."""

    filename: str
    content: bytes
    mime: str


@dataclass(frozen=True)
class Send:
    """A message to someone or somewhere else than the event's chat; with an attachment,
    the file, the text being its caption."""

    to: Address
    text: Text
    audience: Audience
    buttons: tuple[Action, ...] = ()
    attachment: Attachment | None = None


@dataclass(frozen=True)
class Edit:
    """Replace the text (and buttons) of an earlier message of ours."""

    ref: MessageRef
    text: Text
    audience: Audience
    buttons: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Menu:
    """A person's command menu lists the facilitators' commands, or stops listing them:
    they became, or are no longer, a facilitator anywhere."""

    to: Address
    facilitator: bool


Effect = Reply | Prompt | Send | Edit | Menu


def board_posted(session_id: int, message: MessageRef, audience: Audience) -> BoardPosted:
    """What an adapter tells the engine once a Reply's board is posted in a shared chat."""
    return BoardPosted(message, session_id, audience.locale, audience.timezone)
