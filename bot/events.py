"""What comes in: platform-neutral events built by the adapters' small converters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    platform: str
    user_id: str  # unique on its platform (on Slack, within the workspace)
    display_name: str
    language_hint: str | None = None
    timezone_hint: str | None = None
    # The Slack workspace (team id) the person acts from; None elsewhere.
    workspace: str | None = None


@dataclass(frozen=True)
class Chat:
    platform: str
    chat_id: str
    private: bool
    # Whether the actor administers this chat on its platform (None: the platform did not say).
    actor_is_admin: bool | None = None


@dataclass(frozen=True)
class MessageRef:
    """An earlier message of ours on a platform, so it can be edited in place."""

    platform: str
    chat_id: str
    message_id: str


@dataclass(frozen=True)
class Command:
    actor: Actor
    chat: Chat
    name: str
    args: str = ""


@dataclass(frozen=True)
class FreeText:
    """A free-text message: the answer to a prompt, or just talk."""

    actor: Actor
    chat: Chat
    text: str


@dataclass(frozen=True)
class Button:
    """A button press. Buttons carry a command line, so they go through the same dispatch."""

    actor: Actor
    chat: Chat
    command: str
    args: str = ""
    message: MessageRef | None = None


@dataclass(frozen=True)
class Presence:
    """Convener was added to a shared chat (present) or removed from it; the actor did it."""

    actor: Actor
    chat: Chat
    present: bool


Event = Command | FreeText | Button | Presence


@dataclass(frozen=True)
class BoardPosted:
    """A platform posted a session's board in a shared chat, and only then knows its message
    id: later changes edit it there, in the language and time zone it was posted in."""

    message: MessageRef
    session_id: int
    locale: str
    timezone: str


@dataclass(frozen=True)
class Unreachable:
    """The platform refused to deliver to this user: they blocked the bot, or are gone."""

    platform: str
    user_id: str


# What a platform tells the engine about its own deliveries: nobody acted.
Notice = BoardPosted | Unreachable
