"""The one sending path to Telegram, shared by replies, broadcasts and reminders.

Telegram's limits: about 30 messages a second overall, 1 a second to one chat, 20 a minute
to one group. A 429 says how long to wait (retry_after) and is honoured; a 403 (the member
blocked the bot, the bot left a group) marks that chat unreachable, is logged once, and
never stops delivery to others; network errors and 5xx answers are retried with backoff
for up to five minutes, so a reply outlives a short outage of the Bot API.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from adapters.limits import TELEGRAM, KeyedLimiter, Limits
from adapters.patience import PATIENCE_SECONDS, wait_before
from bot.store.pace import LocalPace, Pace

log = logging.getLogger(__name__)

T = TypeVar("T")
OVERALL_PER_SECOND = TELEGRAM.overall.count
Sleep = Callable[[float], Awaitable[None]]


class Unreachable(Exception):
    """The chat refused us (403); the caller skips it."""


class Delivery:
    def __init__(
        self,
        *,
        limits: Limits = TELEGRAM,
        sleep: Sleep = asyncio.sleep,
        on_unreachable: Callable[[str], Awaitable[None]] | None = None,
        pace: Pace | None = None,
    ) -> None:
        # The overall limit: this process's own pace, or one shared by every process.
        self._global = pace or LocalPace(limits.overall.count / limits.overall.seconds)
        # Telegram's group chats have negative ids.
        self._limiter = KeyedLimiter(limits, is_group=lambda chat_id: chat_id.startswith("-"))
        self._sleep = sleep
        self.on_unreachable = on_unreachable
        self.unreachable: set[str] = set()
        self.retries = 0

    async def call(self, chat_id: str, send: Callable[[], Awaitable[T]]) -> T | None:
        """Run one Bot API call for a chat within the limits; None if it could not be done."""
        if chat_id in self.unreachable:
            return None
        limiter = self._limiter(chat_id)
        waited, attempt = 0.0, 0
        while waited < PATIENCE_SECONDS:
            attempt += 1
            async with limiter:
                await self._global.wait()
                try:
                    return await send()
                except RetryAfter as err:
                    wait = _retry_after(err)
                    log.info("Telegram asks to wait %.1f s before writing to %s", wait, chat_id)
                except Forbidden:
                    await self._mark(chat_id)
                    return None
                except BadRequest:
                    log.warning("Telegram refused a message to %s", chat_id, exc_info=True)
                    return None
                except (TimedOut, NetworkError):
                    wait = wait_before(attempt)
                    log.info("network error writing to %s; retrying in %.1f s", chat_id, wait)
            self.retries += 1
            waited += wait
            await self._sleep(wait)
        log.warning("gave up writing to %s after %d attempts in %.0f s", chat_id, attempt, waited)
        return None

    async def _mark(self, chat_id: str) -> None:
        if chat_id in self.unreachable:
            return
        self.unreachable.add(chat_id)
        log.warning("Telegram chat %s is unreachable (blocked or removed); skipping it", chat_id)
        if self.on_unreachable is not None:
            await self.on_unreachable(chat_id)

    def reachable_again(self, chat_id: str) -> None:
        """The member wrote to us again: they unblocked the bot."""
        self.unreachable.discard(chat_id)


def _retry_after(err: RetryAfter) -> float:
    # PTB 22 warns that retry_after becomes a timedelta; accept both without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: int | float | timedelta = err.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
