"""Reminders at scale: planning, scheduler start, and delivery of a burst, on SQLite and
PostgreSQL.

    .venv/bin/python bench/reminders.py [--sizes 10000,100000] [--due 10000] [--rate 1000]
        [--databases sqlite,postgres] [--postgres postgresql://postgres@127.0.0.1:5432/test]

For each database and size N:
- plan: a group of N/6 members with one session (two reminders each and an open-roles
  nudge) and one call (three mornings each) planned by the real planner (Planner.group),
  against the baseline of inserting the same N rows in bulk with no planning at all;
- start: APScheduler started with the N pending rows until its first poll is done;
- resident memory after planning (VmRSS) and its peak.
Then `--due` reminders fall due at the same instant and the real dispatcher sends them
through Telegram's Delivery (aiolimiter: `--rate` a second overall, 1 a second per chat)
to a fake platform that takes each message at once: the delay from due time to hand-off
(p50, p99), the delivered rate against the limit and against the pace Delivery keeps under
it (slots MARGIN times wider than 1/limit: bot/store/pace.py), and duplicates and losses
(both must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import resource
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa
from sqlalchemy import insert

from adapters.limits import TELEGRAM, Rate
from adapters.telegram.delivery import Delivery
from bench.databases import Database
from bot.clock import FixedClock, SystemClock
from bot.effects import Send
from bot.engine import Engine
from bot.settings import Settings
from bot.store.db import Store
from bot.store.models import Reminder
from bot.store.pace import MARGIN
from scheduler import outbox
from scheduler.dispatcher import Dispatcher
from scheduler.service import ReminderService
from tests.scheduler.crowd import announce, crowd, plan_group, session_and_call

PER_MEMBER = 6  # what Planner.group plans for each member of the crowd


def rss_mb() -> tuple[float, float]:
    """Resident memory now and at its peak, in MB."""
    now = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            now = int(line.split()[1]) / 1024
    return now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def plan_and_start(kind: str, postgres: str, size: int) -> None:
    db = Database(kind, postgres)
    try:
        settings = Settings(DATABASE_URL=db.url, _env_file=None)  # type: ignore[call-arg]
        now = datetime.now(UTC).replace(microsecond=0)
        store = Store(db.url, patience=None)  # planning a crowd takes its time
        group = crowd(store, math.ceil(size / PER_MEMBER), now)
        session_and_call(store, group, now)
        started = time.perf_counter()
        plan_group(store, group, now)
        planning = time.perf_counter() - started
        with store.transaction() as session:
            planned = session.scalar(sa.select(sa.func.count()).select_from(Reminder)) or 0
        # Baseline: the same number of rows inserted in bulk, no planning.
        started = time.perf_counter()
        with store.transaction() as session:
            session.execute(
                insert(Reminder),
                [
                    {
                        "group_id": group,
                        "kind": "bench",
                        "subject_id": i,
                        "member_id": 1,
                        "due_at": now + timedelta(days=40),
                        "status": "pending",
                    }
                    for i in range(planned)
                ],
            )
        bulk = time.perf_counter() - started
        current, peak = rss_mb()
        engine = Engine(store, settings, FixedClock(now))

        async def nowhere(_: Send) -> str:
            return "sent"

        service = ReminderService(Dispatcher(engine, nowhere), poll_seconds=3600)
        started = time.perf_counter()
        await service.start()
        await service.first_poll.wait()
        start = time.perf_counter() - started
        await service.stop()
        engine.close()
        store.dispose()
        print(
            f"{kind:8} plan {planned:>7,} rows: {planning:6.2f} s ({planned / planning:8,.0f}"
            f" rows/s; bulk insert of as many rows {bulk:5.2f} s, ratio {planning / bulk:4.1f})"
            f" | scheduler start with {2 * planned:,} pending: {start * 1000:6.1f} ms"
            f" | RSS {current:5.0f} MB (peak {peak:5.0f} MB)"
        )
    finally:
        db.drop()


async def burst(kind: str, postgres: str, due_count: int, rate: float) -> None:
    db = Database(kind, postgres)
    try:
        settings = Settings(DATABASE_URL=db.url, _env_file=None)  # type: ignore[call-arg]
        store = Store(db.url, patience=None)  # planning a crowd takes its time
        due = datetime.now(UTC)
        group = crowd(store, due_count, due)
        announce(store, group, due, due)
        delivery = Delivery(limits=replace(TELEGRAM, overall=Rate(rate, 1)))
        handed: list[float] = []
        got: Counter[str] = Counter()

        async def platform() -> bool:
            return True

        async def deliver(send: Send) -> str:
            await delivery.call(send.to.id, platform)
            handed.append((datetime.now(UTC) - due).total_seconds())
            got[send.to.id] += 1
            return "sent"

        engine = Engine(store, settings, SystemClock())
        dispatcher = Dispatcher(engine, deliver)
        started = time.perf_counter()
        await dispatcher.run_due()
        elapsed = time.perf_counter() - started
        left = outbox.next_due(store)
        engine.close()
        store.dispose()
        handed.sort()
        p50 = statistics.median(handed)
        p99 = handed[min(len(handed) - 1, int(len(handed) * 0.99))]
        duplicates = sum(n - 1 for n in got.values())
        lost = due_count - len(got) + (1 if left is not None else 0)
        print(
            f"{kind:8} {due_count:,} due at once, limit {rate:,.0f}/s: delay p50 {p50:6.2f} s,"
            f" p99 {p99:6.2f} s | delivered {len(handed) / elapsed:7,.0f}/s"
            f" ({len(handed) / elapsed / rate:4.2f} of the limit,"
            f" {len(handed) / elapsed / rate * MARGIN:4.2f} of the pace kept under it)"
            f" | duplicates {duplicates}, lost {lost}"
        )
    finally:
        db.drop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    options = parser.parse_args()
    for kind in options.databases.split(","):
        for size in (int(s) for s in options.sizes.split(",")):
            await plan_and_start(kind, options.postgres, size)
        await burst(kind, options.postgres, options.due, options.rate)


if __name__ == "__main__":
    asyncio.run(main())
