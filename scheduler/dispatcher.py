"""Sends due reminders, each exactly once, through the platforms' rate-limited paths.

One pass (`run_due`) claims due rows in batches, writes each message from the current
state, hands it to `deliver` (the adapters' sending path: Telegram's Delivery, Slack's
SlackDelivery, which space messages within each platform's limits) and marks the row
right after. Several sends are in flight at once so that the platforms' limits, not the
round trips, set the pace.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.effects import Send
from bot.engine import Engine
from bot.store.db import Store
from scheduler import outbox

log = logging.getLogger(__name__)

# What a platform did with one message.
DELIVERED, UNREACHABLE, FAILED = "sent", "unreachable", "failed"
Deliver = Callable[[Send], Awaitable[str]]


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        deliver: Deliver,
        *,
        name: str | None = None,
        batch: int = 500,
        in_flight: int = 100,
        lease: timedelta = timedelta(minutes=10),
        grace: timedelta = timedelta(hours=12),
        retry: timedelta = timedelta(minutes=5),
    ) -> None:
        self.engine = engine
        self.deliver = deliver
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.batch = batch
        self.in_flight = in_flight
        self.lease = lease
        self.grace = grace
        self.retry = retry
        self.counts: Counter[str] = Counter()  # outcomes since start, for logs and /health

    @property
    def store(self) -> Store:
        return self.engine.store

    async def run_due(self) -> Counter[str]:
        """Send everything due now; returns what happened to the rows of this pass."""
        counts: Counter[str] = Counter()
        while True:
            now = self.engine.clock.now()
            claimed = await self.engine.run(self._claim, now)
            counts["late"] += claimed.late
            if not claimed.ids:
                break
            ready, settled = await self.engine.run(
                outbox.compose_claimed, self.store, claimed.ids, now, self.engine.settings
            )
            counts.update(settled)
            await self._send_all(ready, counts)
            if len(claimed.ids) + claimed.late < self.batch:
                break
        counts = +counts
        self.counts.update(counts)
        if counts:
            log.info("reminders: %s", dict(counts))
        return counts

    def _claim(self, now: datetime) -> outbox.Claimed:
        return outbox.claim(
            self.store, now, self.name, limit=self.batch, lease=self.lease, grace=self.grace
        )

    async def _send_all(self, ready: list[tuple[int, Send]], counts: Counter[str]) -> None:
        gate = asyncio.Semaphore(self.in_flight)

        async def one(rid: int, message: Send) -> None:
            async with gate:
                try:
                    result = await self.deliver(message)
                except Exception:
                    log.exception("delivering reminder %d failed", rid)
                    result = FAILED
                now = self.engine.clock.now()
                if result == FAILED:
                    await self.engine.run(
                        outbox.retry_later, self.store, rid, self.name, now + self.retry
                    )
                else:
                    status = outbox.SENT if result == DELIVERED else outbox.SKIPPED
                    outcome = None if result == DELIVERED else result
                    await self.engine.run(
                        outbox.finish, self.store, rid, self.name, status, outcome, now
                    )
                counts[result] += 1

        await asyncio.gather(*(one(rid, message) for rid, message in ready))
