"""What comes in: platform-neutral events built by the adapters' small converters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    platform: str
    user_id: str  # unique on its platform (on Slack, "TEAM:USER": users are per workspace)
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
