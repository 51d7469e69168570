"""Messages for another platform: an effect addressed to a Telegram user while Slack handles
the event (a Slack facilitator assigns a role to a Telegram member) goes to the adapter of
that platform. `convener run` connects every adapter's `forward` to the others."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.effects import Edit, Send

log = logging.getLogger(__name__)

Elsewhere = Send | Edit
Forward = Callable[[Elsewhere], Awaitable[None]]


def platform_of(effect: Elsewhere) -> str:
    return effect.to.platform if isinstance(effect, Send) else effect.ref.platform


async def nowhere(effect: Elsewhere) -> None:
    log.warning("no adapter runs for %s; a message is dropped", platform_of(effect))


class Router:
    def __init__(self) -> None:
        self._senders: dict[str, Forward] = {}

    def register(self, platform: str, send: Forward) -> None:
        self._senders[platform] = send

    async def __call__(self, effect: Elsewhere) -> None:
        await self._senders.get(platform_of(effect), nowhere)(effect)
