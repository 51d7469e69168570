"""Messages for another platform: an effect addressed to a Telegram user while Slack handles
the event (a Slack facilitator assigns a role to a Telegram member) goes to the adapter of
that platform. `convener run` connects every adapter's `forward` to the others."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.effects import Send

log = logging.getLogger(__name__)

Forward = Callable[[Send], Awaitable[None]]


async def nowhere(effect: Send) -> None:
    log.warning("no adapter runs for %s; a message to %s is dropped", effect.to.platform, effect.to)


class Router:
    def __init__(self) -> None:
        self._senders: dict[str, Forward] = {}

    def register(self, platform: str, send: Forward) -> None:
        self._senders[platform] = send

    async def __call__(self, effect: Send) -> None:
        await self._senders.get(effect.to.platform, nowhere)(effect)
