"""Exactly once: a dispatcher killed mid-batch and restarted loses nothing and repeats only
what was in flight; three dispatchers on one database deliver 3,000 reminders once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.effects import Send
from bot.engine import Engine
from bot.settings import Settings
from bot.store.db import Store
from bot.store.models import Reminder
from scheduler.dispatcher import Dispatcher
from tests.scheduler.crowd import announce, crowd


def _statuses(store: Store) -> Counter[str]:
    with Session(store.engine) as session:
        return Counter(r.status for r in session.exec(select(Reminder)).all())


async def test_killed_mid_batch_then_restarted(settings: Settings, clock: FixedClock) -> None:
    first_engine = Engine(Store(settings.database_url), settings, clock)
    group = crowd(first_engine.store, 300, clock.now())
    assert announce(first_engine.store, group, clock.now(), clock.now()) == 300
    got: Counter[str] = Counter()
    killed: asyncio.Task[Counter[str]] | None = None

    hang = asyncio.Event()

    async def deliver(send: Send) -> str:
        got[send.to.id] += 1
        if sum(got.values()) == 100 and killed is not None:
            # The process dies after this one reached the platform, before it is marked;
            # others may be in flight too.
            killed.cancel()
            await hang.wait()
        await asyncio.sleep(0)
        return "sent"

    first = Dispatcher(first_engine, deliver, name="first", batch=50, in_flight=10)
    killed = asyncio.create_task(first.run_due())
    with pytest.raises(asyncio.CancelledError):
        await killed
    first_engine.close()  # database work already handed over finishes, as in a real crash
    first_engine.store.dispose()
    at_kill = _statuses(first_engine.store)
    sent_before = sum(got.values())
    in_flight = sent_before - at_kill["sent"]  # handed to the platform, not marked
    assert 1 <= in_flight <= 10
    assert at_kill["pending"] > 0  # killed mid-way: work was left

    # The restarted process takes over the dead one's claims once their lease ran out.
    clock.advance(first.lease + timedelta(seconds=1))
    second_engine = Engine(Store(settings.database_url), settings, clock)
    second = Dispatcher(second_engine, deliver, name="second")
    await second.run_due()
    second_engine.close()
    second_engine.store.dispose()
    assert len(got) == 300  # nobody lost
    duplicates = sum(n - 1 for n in got.values())
    assert duplicates == in_flight  # only what was in flight at the kill came twice
    assert _statuses(second_engine.store) == Counter({"sent": 300})


async def test_three_dispatchers_deliver_3000_reminders_once(
    settings: Settings, clock: FixedClock
) -> None:
    engines = [Engine(Store(settings.database_url), settings, clock) for _ in range(3)]
    group = crowd(engines[0].store, 3000, clock.now())
    announce(engines[0].store, group, clock.now(), clock.now())
    got: Counter[str] = Counter()
    by: Counter[str] = Counter()

    def deliverer(name: str):  # type: ignore[no-untyped-def]
        async def deliver(send: Send) -> str:
            got[send.to.id] += 1
            by[name] += 1
            await asyncio.sleep(0)
            return "sent"

        return deliver

    dispatchers = [
        Dispatcher(e, deliverer(f"d{i}"), name=f"d{i}", batch=100, in_flight=20)
        for i, e in enumerate(engines)
    ]
    await asyncio.gather(*(d.run_due() for d in dispatchers))
    for engine in engines:
        engine.close()
        engine.store.dispose()
    assert len(got) == 3000
    assert set(got.values()) == {1}
    if not engines[0].store.is_sqlite:
        # SKIP LOCKED lets the three claim side by side (SQLite's one writer may leave one
        # of them nothing to do, which is fine too).
        assert len(by) == 3
    assert sum(by.values()) == 3000
    assert _statuses(engines[0].store) == Counter({"sent": 3000})


async def test_a_telegram_process_and_a_slack_process_lose_nothing(
    settings: Settings, clock: FixedClock
) -> None:
    """Two processes on one database, one serving Telegram and one Slack: each delivers to
    its own platform's members; the other's rows wait for it instead of being given up."""
    engines = [Engine(Store(settings.database_url), settings, clock) for _ in range(2)]
    group = crowd(engines[0].store, 300, clock.now(), platforms=("telegram", "slack"))
    assert announce(engines[0].store, group, clock.now(), clock.now()) == 300
    got: Counter[tuple[str, str]] = Counter()

    def deliverer(platform: str) -> Callable[[Send], Awaitable[str]]:
        async def deliver(send: Send) -> str:
            if send.to.platform != platform:
                return "unreachable"  # what a process without that adapter answers
            got[(platform, send.to.id)] += 1
            return "sent"

        return deliver

    slack = Dispatcher(engines[1], deliverer("slack"), name="s", platforms=frozenset({"slack"}))
    counts = await slack.run_due()
    assert counts == Counter({"sent": 150})
    assert _statuses(engines[0].store) == Counter({"sent": 150, "pending": 150})
    telegram = Dispatcher(
        engines[0], deliverer("telegram"), name="t", platforms=frozenset({"telegram"})
    )
    assert await telegram.run_due() == Counter({"sent": 150})
    assert _statuses(engines[0].store) == Counter({"sent": 300})
    assert len(got) == 300
    assert set(got.values()) == {1}
    for engine in engines:
        engine.store.dispose()


async def test_a_live_dispatcher_keeps_its_claims_a_dead_one_loses_them_within_a_lease(
    settings: Settings, clock: FixedClock
) -> None:
    engines = [Engine(Store(settings.database_url), settings, clock) for _ in range(2)]
    group = crowd(engines[0].store, 20, clock.now())
    announce(engines[0].store, group, clock.now(), clock.now())
    got: Counter[str] = Counter()
    slow = asyncio.Event()

    async def deliver(send: Send) -> str:
        got[send.to.id] += 1
        await slow.wait()
        return "sent"

    first = Dispatcher(engines[0], deliver, name="first", in_flight=20, heartbeat=0.02)
    assert first.lease <= timedelta(seconds=60)
    running = asyncio.create_task(first.run_due())
    await asyncio.sleep(0.1)  # all 20 handed to the platform, slowly
    clock.advance(first.lease + timedelta(seconds=1))  # past the first lease ...
    await asyncio.sleep(0.2)  # ... but renewed meanwhile by the live dispatcher
    second = Dispatcher(engines[1], deliver, name="second")
    assert await second.run_due() == Counter()  # nothing to take over
    slow.set()
    assert await running == Counter({"sent": 20})
    assert set(got.values()) == {1}
    for engine in engines:
        engine.store.dispose()
