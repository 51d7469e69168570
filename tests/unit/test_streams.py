"""Work streams: groups with a volunteer chair, claimed once. Events in, effects out."""

from __future__ import annotations

import asyncio

from bot.engine import Engine
from tests.unit.scenarios import group_of_four
from tests.world import World, show


async def test_work_stream_is_a_group_with_a_volunteer_chair(world: World) -> None:
    alice, bob, carol, _ = await group_of_four(world)
    assert "Only a facilitator" in await bob.text("/stream #1 Citizen participation")
    out = await alice.text("/stream #1 Citizen participation")
    assert "Work stream #2 “Citizen participation” of “Purchasing” is created." in out
    olga = world.person("Olga")
    assert "You are not a member of “Purchasing”" in await olga.text("/join 2")
    assert "Welcome to “Citizen participation”" in await bob.text("/join 2")
    await carol.says("/join 2")
    assert "You chair the work stream" in await bob.text("/claim chair #2")
    assert "already has a chair: Bob" in await carol.text("/claim chair #2")
    assert "Chair: Bob" in await carol.text("/group 2")
    assert "Work streams: #2 Citizen participation" in await carol.text("/group 1")
    assert "#2 Citizen participation — chair: Bob — 3 members" in await carol.text("/streams 1")
    # The chair runs the stream's own sessions, like a facilitator.
    assert "Session 1 is scheduled for end of May 2027." in await bob.text(
        '/schedule #2 Kickoff when="end of May"'
    )
    assert "Only a facilitator" in await carol.text('/schedule #2 X when="end of May"')
    assert "You no longer chair" in await bob.text("/release chair #2")
    assert "You do not chair" in await carol.text("/release chair #2")


async def test_concurrent_stream_chair_claims(world: World, engine: Engine) -> None:
    alice, *_ = await group_of_four(world)
    await alice.says("/stream #1 Citizen participation")
    people = [world.person(f"P{i}") for i in range(8)]
    for person in people:
        await person.says("/join 1")
        await person.says("/join 2")
    results = await asyncio.gather(*(engine.handle(p.event("/claim chair #2")) for p in people))
    outcomes = [show(r) for r in results]
    assert sum("You chair the work stream" in o for o in outcomes) == 1, outcomes
