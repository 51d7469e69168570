"""The one outbound port: what a platform adapter is to the rest of Convener, and the
router that hands every message meant for a platform to that platform's adapter.

An effect addressed to a Telegram user while Slack handles the event (a Slack facilitator
assigns a role to a Telegram member) goes through the router to Telegram's adapter; so do
the reminders the scheduler sends. `convener run` connects every adapter's `forward` to the
router. CONTRIBUTING.md's "Add a platform" walks through an adapter."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.effects import Edit, Menu, Send
from bot.store.statuses import SendOutcome

log = logging.getLogger(__name__)

Elsewhere = Send | Edit | Menu
Forward = Callable[[Elsewhere], Awaitable[None]]
# A reminder's send: "sent", "unreachable" (the member blocked us) or "failed" (try later).
Deliver = Callable[[Send], Awaitable[str]]


class Adapter(Protocol):
    """A platform adapter: it turns the platform's updates into engine events and the
    engine's effects into the platform's messages."""

    # Where it hands effects meant for other platforms (the router, once registered).
    forward: Forward

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    def running(self) -> bool: ...

    async def send_from_elsewhere(self, effect: Elsewhere) -> None:
        """A message another platform's event produced for someone here."""
        ...

    async def send_message(self, effect: Send) -> str:
        """A message Convener starts (news, a reminder): "sent", "unreachable" (the member
        blocked us, or is gone) or "failed" (try later)."""
        ...


def platform_of(effect: Elsewhere) -> str:
    return effect.ref.platform if isinstance(effect, Edit) else effect.to.platform


async def nowhere(effect: Elsewhere) -> None:
    log.warning("no adapter runs for %s; a message is dropped", platform_of(effect))


class Router:
    """Every adapter of this process, by platform name."""

    def __init__(self) -> None:
        self._senders: dict[str, Forward] = {}
        self._deliverers: dict[str, Deliver] = {}

    def register(self, platform: str, send: Forward, deliver: Deliver | None = None) -> None:
        self._senders[platform] = send
        if deliver is not None:
            self._deliverers[platform] = deliver

    def plug(self, platform: str, adapter: Adapter) -> None:
        """An adapter joins: it receives what is meant for its platform and hands the
        router what is meant for others."""
        self.register(platform, adapter.send_from_elsewhere, adapter.send_message)
        adapter.forward = self

    async def __call__(self, effect: Elsewhere) -> None:
        await self._senders.get(platform_of(effect), nowhere)(effect)

    @property
    def platforms(self) -> frozenset[str]:
        """The platforms reminders can be delivered to from this process."""
        return frozenset(self._deliverers)

    async def deliver(self, effect: Send) -> str:
        """A reminder, through its platform's rate-limited path. A member only known on a
        platform that does not run here (the console) cannot be reached."""
        deliver = self._deliverers.get(effect.to.platform)
        if deliver is None:
            return SendOutcome.UNREACHABLE
        return await deliver(effect)
