"""Sessions and role boards: schedule, claim, release, assign."""

from __future__ import annotations

import asyncio

from bot.engine import Engine
from tests.world import Person, World, replies, sends, show


async def _series(world: World) -> tuple[Person, Person, Person]:
    alice, bob, carol = world.person("Alice"), world.person("Bob"), world.person("Carol")
    await alice.says("/newgroup Purchasing positions=30 languages=en,fr")
    out = await alice.text('/schedule #1 Implementing RBF when="end of April"')
    assert "Session 1 is scheduled for end of April 2027." in out
    assert "end of April 2027" in out
    for person in (bob, carol):
        await person.says("/join 1")
    return alice, bob, carol


async def test_schedule_exact_and_approximate_dates(world: World) -> None:
    alice = world.person("Alice", timezone="Europe/Paris")
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    out = await alice.text(
        '/schedule #1 Governance when="12 February 2027 14:00" link=https://x.org/m'
    )
    assert "Friday 12 February 2027, 14:00 Central European Time" in out
    assert "Meeting link: https://x.org/m" in out
    assert "is already past" in await alice.text('/schedule #1 Old when="3 January 2027 10:00"')
    assert "could not read “31 February 2027 10:00”" in await alice.text(
        '/schedule #1 Bad when="31 February 2027 10:00"'
    )
    assert "when= is missing. Write: /schedule [#<group>] <subtopic> when=<date and time>" in (
        await alice.text("/schedule #1 No date")
    )
    assert "Give the session's subtopic" in await alice.text('/schedule #1 when="end of May"')
    assert "starts with https://" in await alice.text(
        '/schedule #1 X when="end of May" link=ftp://x'
    )
    assert "Only a facilitator" in await world.person("Bob").text(
        '/schedule #1 X when="end of May"'
    )
    marie = world.person("Marie", language="fr")
    await marie.says("/join 1")
    out = await marie.text("/sessions 1")
    assert "Séance 1 — Governance" in out
    assert "président de séance : à pourvoir" in out


async def test_claim_board_and_refusals(world: World) -> None:
    _, bob, carol = await _series(world)
    await bob.says("/profile country Argentina")
    effects = await bob.says("/claim focal country 1")
    out = show(effects)
    assert "You are focal country for session 1." in out
    assert "focal country: Argentina (Bob)" in out
    assert [b.args for b in replies(effects)[0].buttons] == [
        "chair 1 #1",
        "discussant 1 #1",
        "coblogger 1 #1",
    ]
    assert "already taken by Bob" in await carol.text("/claim focal 1")
    assert "You already hold focal country in session 1" in await bob.text("/claim chair 1")
    assert "has no role “poet”" in await carol.text("/claim poet 1")
    assert "has no session 7" in await carol.text("/claim chair 7")
    assert "Which session? Add its number, for example: /claim chair 2." in await carol.text(
        "/claim chair x"
    )
    outsider = world.person("Olga")
    assert "You are not a member of “Purchasing”" in await outsider.text("/claim chair 1 #1")
    assert "You released focal country" in await bob.text("/release focal 1")
    assert "You do not hold focal country" in await bob.text("/release focal 1")
    assert "co-blogger: Carol, tbd, and tbd" in await carol.text("/claim co-blogger 1")


async def test_assign_by_facilitator_or_chair(world: World) -> None:
    alice, bob, _ = await _series(world)
    assert "Only a facilitator or the session's chair" in await bob.text("/assign chair 1 Carol")
    effects = await alice.says("/assign chair 1 Bob")
    assert "Bob is chair for session 1." in show(replies(effects))
    assert "You are now chair for session 1 of “Purchasing”" in show(sends(effects))
    # The chair may assign too, but not a second role to one person.
    assert "Carol is discussant country" in await bob.text("/assign discussant 1 Carol")
    assert "only a facilitator can give them a second one" in await bob.text(
        "/assign coblogger 1 Carol"
    )
    assert "Carol is co-blogger" in await alice.text("/assign coblogger 1 Carol")
    assert "no longer holds discussant country" in await alice.text("/unassign discussant 1 Carol")


async def test_members_are_named_as_people_name_them(world: World) -> None:
    """A first or last name, without its accents, finds the one member who has it; a name
    two members share asks for the number; part of a word finds nobody."""
    alice = world.person("Alice")
    await alice.says("/newgroup Purchasing positions=30 languages=en")
    await alice.says('/schedule #1 Implementing RBF when="end of April"')
    for name in ("Zoé Martin", "Zoé Kä", "Daouda Diallo"):
        await world.person(name).says("/join 1")
    assert "Daouda Diallo is chair for session 1." in await alice.text("/assign chair 1 daouda")
    assert "Zoé Kä is discussant country" in await alice.text("/assign discussant 1 ka")
    assert "Zoé Martin is co-blogger" in await alice.text("/assign coblogger 1 zoe martin")
    assert "Several members are called “Zoé”" in await alice.text("/assign coblogger 1 Zoé")
    assert "Nobody called “Dao”" in await alice.text("/assign coblogger 1 Dao")


async def test_concurrent_claims_of_one_slot(world: World, engine: Engine) -> None:
    await _series(world)
    people = [world.person(f"P{i}") for i in range(12)]
    for person in people:
        await person.says("/join 1")
    results = await asyncio.gather(*(engine.handle(p.event("/claim chair 1")) for p in people))
    outcomes = [show(r) for r in results]
    assert sum("You are chair for session 1." in o for o in outcomes) == 1, outcomes
    assert sum("already taken by" in o for o in outcomes) == len(people) - 1, outcomes
