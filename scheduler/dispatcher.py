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
from bot.store.statuses import SendOutcome
from scheduler import outbox

log = logging.getLogger(__name__)

# What a platform did with one message: DELIVERED, FAILED (try later), or why it was not
# delivered ("unreachable": the member blocked us, or is on no platform that runs here).
DELIVERED, FAILED = SendOutcome.SENT, SendOutcome.FAILED
Deliver = Callable[[Send], Awaitable[str]]
COMPOSE_CHUNK = 100


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        deliver: Deliver,
        *,
        name: str | None = None,
        batch: int = 500,
        in_flight: int = 100,
        lease: timedelta = timedelta(seconds=30),
        grace: timedelta = timedelta(hours=12),
        retry: timedelta = timedelta(minutes=5),
        platforms: frozenset[str] | None = None,
        heartbeat: float | None = None,
    ) -> None:
        self.engine = engine
        self.deliver = deliver
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.batch = batch
        self.in_flight = in_flight
        self.lease = lease
        self.grace = grace
        self.retry = retry
        # The platforms this process delivers to (None: all); rows for others wait.
        self.platforms = platforms
        # Seconds between renewals of the claims in hand: a third of the lease, so a live
        # dispatcher never loses a row and a dead one's rows come back within one lease.
        self.heartbeat = heartbeat if heartbeat is not None else lease.total_seconds() / 3
        self.holding: set[int] = set()  # claimed by this pass, not yet marked
        self.counts: Counter[str] = Counter()  # outcomes since start

    @property
    def store(self) -> Store:
        return self.engine.store

    async def run_due(self) -> Counter[str]:
        """Send everything due now; returns what happened to the rows of this pass. The next
        batch is claimed and written while the current one is being sent."""
        counts: Counter[str] = Counter()
        sending: asyncio.Task[None] | None = None
        beating = asyncio.create_task(self._beat())
        try:
            while True:
                now = self.engine.clock.now()
                claimed = await self.engine.run(self._claim, now)
                counts["late"] += claimed.late
                if not claimed.ids:
                    break
                self.holding.update(claimed.ids)
                ready = await self._compose(claimed.ids, now, counts)
                if sending is not None:
                    await sending
                sending = asyncio.create_task(self._send_all(ready, counts))
                if len(claimed.ids) + claimed.late < self.batch:
                    break
            if sending is not None:
                await sending
        finally:
            beating.cancel()
            await asyncio.gather(beating, return_exceptions=True)
            self.holding.clear()
            if sending is not None and not sending.done():
                sending.cancel()  # killed: what is in flight stays unmarked, as in a crash
                await asyncio.gather(sending, return_exceptions=True)
        counts = +counts
        self.counts.update(counts)
        if counts:
            log.info("reminders: %s", dict(counts))
        return counts

    async def _compose(
        self, ids: list[int], now: datetime, counts: Counter[str]
    ) -> list[tuple[int, Send]]:
        """Each row's message, in chunks written side by side (PostgreSQL's worker pool;
        SQLite's one worker takes them in turn)."""
        chunks = [ids[i : i + COMPOSE_CHUNK] for i in range(0, len(ids), COMPOSE_CHUNK)]
        results = await asyncio.gather(
            *(
                self.engine.run(
                    outbox.compose_claimed,
                    self.store,
                    chunk,
                    now,
                    self.engine.settings,
                    self.platforms,
                )
                for chunk in chunks
            )
        )
        ready: list[tuple[int, Send]] = []
        for made, settled in results:
            ready.extend(made)
            counts.update(settled)
        return ready

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat)
            holding = sorted(self.holding)
            if holding:
                until = self.engine.clock.now() + self.lease
                try:
                    await self.engine.run(outbox.renew, self.store, self.name, holding, until)
                except Exception:
                    log.warning("could not renew %d claims; retrying", len(holding), exc_info=True)

    def _claim(self, now: datetime) -> outbox.Claimed:
        return outbox.claim(
            self.store,
            now,
            self.name,
            limit=self.batch,
            lease=self.lease,
            grace=self.grace,
            platforms=self.platforms,
        )

    async def _send_all(self, ready: list[tuple[int, Send]], counts: Counter[str]) -> None:
        gate = asyncio.Semaphore(self.in_flight)
        marks = _Marks(self)

        async def one(rid: int, message: Send) -> None:
            async with gate:
                try:
                    result = await self.deliver(message)
                except Exception:
                    log.exception("delivering reminder %d failed", rid)
                    result = FAILED
                if result == FAILED:
                    await marks.mark(rid, outbox.RETRY, None)
                elif result == DELIVERED:
                    await marks.mark(rid, outbox.SENT, None)
                else:
                    await marks.mark(rid, outbox.SKIPPED, result)
                counts[result] += 1

        try:
            await asyncio.gather(*(one(rid, message) for rid, message in ready))
        finally:
            marks.stop()


class _Marks:
    """Group commit: each send waits for its row to be marked, and the marks of all sends
    that finished meanwhile go in one transaction. A send's slot is only freed once its mark
    is stored, so no more than `in_flight` messages are ever sent and unmarked."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self.queue: list[tuple[int, str, str | None, asyncio.Future[None]]] = []
        self.writer: asyncio.Task[None] | None = None

    async def mark(self, rid: int, status: str, outcome: str | None) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.queue.append((rid, status, outcome, done))
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write())
        await done

    async def _write(self) -> None:
        d = self.dispatcher
        while self.queue:
            batch, self.queue = self.queue, []
            now = d.engine.clock.now()
            try:
                await d.engine.run(
                    outbox.finish,
                    d.store,
                    d.name,
                    now,
                    [(rid, status, outcome) for rid, status, outcome, _ in batch],
                    now + d.retry,
                )
            except Exception as error:
                for *_, done in batch:
                    if not done.done():
                        done.set_exception(error)
                continue
            for rid, _, _, done in batch:
                d.holding.discard(rid)
                if not done.done():
                    done.set_result(None)

    def stop(self) -> None:
        """The pass ended or was killed: nothing more is written (a crash writes nothing)."""
        if self.writer is not None and not self.writer.done():
            self.writer.cancel()
