"""APScheduler in the bot's loop: started, it catches up at once, then polls."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.effects import Send
from bot.store.models import Reminder
from scheduler.dispatcher import Dispatcher
from scheduler.service import ReminderService
from tests.world import World


async def test_the_service_catches_up_at_start_and_reports_health(
    world: World, clock: FixedClock
) -> None:
    alice, bob = world.person("Alice"), world.person("Bob")
    await alice.says("/newgroup Purchasing positions=30 languages=en")
    await bob.says("/join 1")
    await alice.says("/announce #1 Hello")
    got: list[Send] = []

    async def deliver(send: Send) -> str:
        got.append(send)
        return "sent"

    service = ReminderService(Dispatcher(world.engine, deliver), poll_seconds=3600)
    assert not service.running()
    await service.start()
    try:
        await service.first_poll.wait()
        assert sorted(s.to.id for s in got) == [alice.user_id, bob.user_id]
        assert service.running()
        assert service.scheduler.get_job("reminders").next_run_time > datetime.now(UTC)
    finally:
        await service.stop()
    assert not service.running()


async def test_stopping_hands_claimed_reminders_back(world: World, clock: FixedClock) -> None:
    alice, bob = world.person("Alice"), world.person("Bob")
    await alice.says("/newgroup Purchasing positions=30 languages=en")
    await bob.says("/join 1")
    await alice.says("/announce #1 Hello")
    sending, never = asyncio.Event(), asyncio.Event()

    async def deliver(_: Send) -> str:
        sending.set()
        await never.wait()  # the platform hangs: the pass is under way at shutdown
        return "sent"

    service = ReminderService(Dispatcher(world.engine, deliver), poll_seconds=3600)
    await service.start()
    await sending.wait()
    await service.stop()
    with Session(world.engine.store.engine) as session:
        rows = session.exec(select(Reminder)).all()
    assert [(r.status, r.claimed_by) for r in rows] == [("pending", None)] * 2
