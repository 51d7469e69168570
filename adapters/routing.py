"""Messages for another platform: an effect addressed to a Telegram user while Slack handles
the event (a Slack facilitator assigns a role to a Telegram member) goes to the adapter of
that platform. `convener run` connects every adapter's `forward` to the others."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.effects import Edit, Menu, Send

log = logging.getLogger(__name__)

Elsewhere = Send | Edit | Menu
Forward = Callable[[Elsewhere], Awaitable[None]]
# A reminder's send: "sent", "unreachable" (the member blocked us) or "failed" (try later).
Deliver = Callable[[Send], Awaitable[str]]


def platform_of(effect: Elsewhere) -> str:
    return effect.ref.platform if isinstance(effect, Edit) else effect.to.platform


async def nowhere(effect: Elsewhere) -> None:
    log.warning("no adapter runs for %s; a message is dropped", platform_of(effect))


class Router:
    def __init__(self) -> None:
        self._senders: dict[str, Forward] = {}
        self._deliverers: dict[str, Deliver] = {}

    def register(self, platform: str, send: Forward, deliver: Deliver | None = None) -> None:
        self._senders[platform] = send
        if deliver is not None:
            self._deliverers[platform] = deliver

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
            return "unreachable"
        return await deliver(effect)
