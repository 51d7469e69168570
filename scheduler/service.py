"""APScheduler in the bot's own event loop: a poll of the outbox every few seconds and a
daily clean-up. The outbox (database rows), not APScheduler's memory, is the truth: a
restart loses nothing, and a second process polling the same database shares the work."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler import outbox
from scheduler.dispatcher import Dispatcher

log = logging.getLogger(__name__)


class ReminderService:
    def __init__(self, dispatcher: Dispatcher, *, poll_seconds: float = 10) -> None:
        self.dispatcher = dispatcher
        self.poll_seconds = poll_seconds
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.last_poll: datetime | None = None
        self.started: datetime | None = None
        self.first_poll = asyncio.Event()  # set once the catch-up poll after start is done
        self._pass: asyncio.Task[object] | None = None

    async def start(self) -> None:
        # The first poll runs at once: it catches up on what fell due while we were down.
        self.scheduler.add_job(
            self.poll,
            "interval",
            seconds=self.poll_seconds,
            next_run_time=datetime.now(UTC),
            id="reminders",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        self.scheduler.add_job(
            self.housekeep,
            "interval",
            hours=24,
            next_run_time=datetime.now(UTC) + timedelta(minutes=1),
            id="housekeeping",
            max_instances=1,
            coalesce=True,
        )
        self.scheduler.start()
        self.started = datetime.now(UTC)

    async def poll(self) -> None:
        self._pass = asyncio.current_task()
        try:
            await self.dispatcher.run_due()
        except Exception:  # one failing pass must not stop the next ones
            log.exception("the reminder pass failed; the next one retries")
        else:
            self.last_poll = datetime.now(UTC)
            self.first_poll.set()

    async def housekeep(self) -> None:
        engine = self.dispatcher.engine
        done, boards = await engine.run(
            outbox.housekeep, engine.store, engine.clock.now(), timedelta(days=30)
        )
        log.info("housekeeping: %d old reminders and %d stale board messages removed", done, boards)

    def running(self) -> bool:
        """Healthy while the scheduler runs and a pass succeeded recently."""
        if not self.scheduler.running:
            return False
        latest = self.last_poll or self.started
        allowed = timedelta(seconds=max(60, 6 * self.poll_seconds))
        return latest is not None and datetime.now(UTC) - latest < allowed

    async def stop(self) -> None:
        """Stop polling; a pass under way is cut short and its unsent rows are handed back
        at once (not after the lease), so another process or the next start sends them."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        current = self._pass
        if current is not None and not current.done() and current is not asyncio.current_task():
            current.cancel()
            await asyncio.gather(current, return_exceptions=True)
        engine = self.dispatcher.engine
        released = await engine.run(outbox.release, engine.store, self.dispatcher.name)
        if released:
            log.info("handed back %d claimed reminders on the way out", released)
        await asyncio.sleep(0)  # APScheduler shuts down on the loop's next turn
