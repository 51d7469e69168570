"""Twenty people press "join" for the last seat at the same moment: one gets it, the rest
queue in order. Runs on SQLite (also with two stores, as two processes would) and PostgreSQL."""

from __future__ import annotations

import asyncio
import re

from bot.engine import Engine
from bot.store.db import Store
from tests.world import World, replies, show

N = 20


async def _race(world: World, engines: list[Engine]) -> list[str]:
    alice = world.person("Alice")
    assert "is created" in await alice.text("/newgroup Purchasing positions=3 languages=en")
    for name in ("Bob", "Carol"):
        assert "You are now a member" in await world.person(name).text("/join 1")
    people = [world.person(f"P{i}") for i in range(N)]
    results = await asyncio.gather(
        *(engines[i % len(engines)].handle(p.event("/join 1")) for i, p in enumerate(people))
    )
    return [show(effects) for effects in results]


def _check(outcomes: list[str]) -> None:
    seated = [o for o in outcomes if "You are now a member" in o]
    queued = [o for o in outcomes if "on its waitlist" in o]
    assert len(seated) == 1, outcomes
    assert len(queued) == N - 1, outcomes
    numbers = sorted(int(re.search(r"number (\d+)", o).group(1)) for o in queued)  # type: ignore[union-attr]
    assert numbers == list(range(1, N)), numbers


async def test_one_winner_for_the_last_seat(world: World, engine: Engine) -> None:
    outcomes = await _race(world, [engine])
    _check(outcomes)
    listing = await world.person("Zed").text("/groups")
    assert f"all 3 taken, {N - 1} people on the waitlist" in listing


async def test_one_winner_across_two_stores(world: World, engine: Engine) -> None:
    """Two engines with their own connections and no shared in-process lock."""
    other = Engine(Store(engine.store.url), engine.settings, engine.clock)
    try:
        _check(await _race(world, [engine, other]))
    finally:
        other.store.dispose()


async def test_one_role_per_member_per_session_under_a_race(world: World, engine: Engine) -> None:
    """One member claims two roles of one session at the same moment, twenty times over
    (as two quick presses on two buttons would): at most one role each time."""
    alice, bob = world.person("Alice"), world.person("Bob")
    await alice.says("/newgroup Purchasing positions=3 languages=en")
    await bob.says("/join 1")
    other = Engine(Store(engine.store.url), engine.settings, engine.clock)
    try:
        for n in range(1, 21):
            await alice.says(f'/schedule #1 Session {n} when="end of April"')
            await asyncio.gather(
                engine.handle(bob.event(f"/claim chair {n}")),
                other.handle(bob.event(f"/claim focal {n}")),
            )
            board = await bob.text(f"/session {n}")
            held = [line for line in board.splitlines() if line.endswith(": Bob")]
            assert len(held) == 1, board
    finally:
        other.store.dispose()


async def test_a_request_is_new_once_across_processes(engine: Engine) -> None:
    other = Engine(Store(engine.store.url), engine.settings, engine.clock)
    try:
        results = await asyncio.gather(
            *(e.first_time("slack:event:Ev1") for e in (engine, other, engine, other))
        )
        assert sorted(results) == [False, False, False, True]
        assert await other.first_time("telegram:1:2") is True
    finally:
        other.store.dispose()


def test_one_telegram_poller_per_database(engine: Engine) -> None:
    """Long polling has one consumer per bot: a second process on the same PostgreSQL
    database is refused the lock until the first lets go (SQLite serves one process)."""
    other = Store(engine.store.url)
    try:
        first = engine.store.hold_lock("telegram-polling:42")
        assert first is not None
        second = other.hold_lock("telegram-polling:42")
        if engine.store.is_sqlite:
            assert second is not None
            return
        assert second is None
        another_bot = other.hold_lock("telegram-polling:43")
        assert another_bot is not None
        first.close()
        taken_over = other.hold_lock("telegram-polling:42")
        assert taken_over is not None
        another_bot.close()
        taken_over.close()
    finally:
        other.dispose()


async def test_one_update_handled_once_by_two_processes(world: World, engine: Engine) -> None:
    """The same Telegram update reaching two processes at the same moment (a retried webhook
    delivery): one handles it, the other does nothing, recorded in the event's transaction."""
    other = Engine(Store(engine.store.url), engine.settings, engine.clock)
    try:
        alice = world.person("Alice")
        event = alice.event("/newgroup Purchasing positions=3 languages=en")
        results = await asyncio.gather(
            engine.handle(event, "telegram:1:77"), other.handle(event, "telegram:1:77")
        )
        assert sorted(len(replies(r)) for r in results) == [0, 1]
        assert "is created" in show([e for r in results for e in r])
        assert await engine.handle(event, "telegram:1:77") == []
    finally:
        other.store.dispose()
