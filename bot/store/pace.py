"""The overall pace of sending to a platform (Telegram: about 30 messages a second).

Spacing, not a bucket: each message takes the next free slot, so the first second after a
start is no busier than any other (a full bucket would let a restarted process's backlog
out in a burst). With SQLite one process sends, and the slots live in its memory; with
PostgreSQL every process takes its slots from one row, so the limit holds for all of them
together, whatever their number. One statement per message.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

import sqlalchemy as sa

from bot.store.db import Store

# Slots a fifth wider than 1/rate: what the platform counts is arrivals, and a message that
# reaches it late next to one on time narrows their gap. Measured at the fake Bot API with
# three senders: the busiest second held 31 of 30 at 1.02, 30 at 1.1.
MARGIN = 1.2


class Pace(Protocol):
    async def wait(self) -> None: ...


class LocalPace:
    def __init__(self, per_second: float) -> None:
        self.step = MARGIN / per_second
        self._next = 0.0

    async def wait(self) -> None:
        now = time.monotonic()
        slot = max(self._next, now)
        self._next = slot + self.step
        if slot > now:
            await asyncio.sleep(slot - now)


# The slot is taken and the wait computed on the database server's clock, the one clock
# all processes share.
_TAKE = sa.text(
    """
    INSERT INTO sending_pace (key, next_at)
    VALUES (:key, clock_timestamp() + make_interval(secs => :step))
    ON CONFLICT (key) DO UPDATE
    SET next_at = greatest(sending_pace.next_at, clock_timestamp())
        + make_interval(secs => :step)
    RETURNING extract(epoch FROM next_at - clock_timestamp()) - :step
    """
)


class SharedPace:
    def __init__(
        self, store: Store, key: str, per_second: float, run: Callable[..., Awaitable[float]]
    ) -> None:
        self.store = store
        self.key = key
        self.step = MARGIN / per_second
        self.run = run

    def _take(self) -> float:
        with self.store.connection() as connection:
            return float(
                connection.execute(_TAKE, {"key": self.key, "step": self.step}).scalar_one()
            )

    async def wait(self) -> None:
        delay = await self.run(self._take)
        if delay > 0:
            await asyncio.sleep(delay)


def pace_for(
    store: Store, key: str, per_second: float, run: Callable[..., Awaitable[float]]
) -> Pace:
    """Shared by every process on PostgreSQL; this process's own on SQLite."""
    if store.is_sqlite:
        return LocalPace(per_second)
    return SharedPace(store, key, per_second, run)
