"""Groups: creating (at once or step by step), listing, cards, editing."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FixedClock
from bot.engine import Engine
from bot.store.db import Store
from tests.world import World, prompts, replies, show


async def test_create_group_at_once_and_list_it(world: World) -> None:
    alice = world.person("Alice")
    out = await alice.text("/newgroup Strategic purchasing positions=20 languages=fr,en")
    assert "Group #1 “Strategic purchasing” is created, with 20 positions" in out
    listing = await world.person("Bob").text("/groups")
    assert "#1 Strategic purchasing — positions: 20 of 20 available · French and English" in listing


async def test_walkthrough_asks_each_step_and_refuses_bad_answers(world: World) -> None:
    alice = world.person("Alice")
    effects = await alice.says("/newgroup")
    assert [show([p]) for p in prompts(effects)] == [
        "What is the group's title?\n(Send /cancel to stop.)"
    ]
    assert "Describe the group" in await alice.text("Governance of purchasing")
    assert "How many positions" in await alice.text("A webinar series")
    out = await alice.text("twenty")
    assert "must be a whole number from 1 to 10,000, for example 20; “twenty” is not" in out
    assert "How many positions" in out  # asked again
    out = await alice.text("-3")
    assert "“-3” is not" in out
    assert "working languages" in await alice.text("12")
    assert "How do people join" in await alice.text("français, English")
    out = await alice.text("-")  # optional: the default, open
    assert "Group #1 “Governance of purchasing” is created, with 12 positions" in out
    card = await alice.text("/group 1")
    assert "A webinar series" in card
    assert "Working languages: French and English" in card
    assert "Joining: open to all" in card


async def test_arguments_given_only_missing_steps_are_asked(world: World) -> None:
    alice = world.person("Alice")
    out = await alice.text('/newgroup "Results-based financing" languages=en')
    assert "How many positions" in out
    assert "Group #1 “Results-based financing” is created, with 5 positions" in await alice.text(
        "5"
    )


async def test_conversation_survives_a_restart(
    world: World, engine: Engine, clock: FixedClock
) -> None:
    alice = world.person("Alice")
    await alice.says("/newgroup Health financing languages=en")
    restarted = Engine(Store(engine.store.url), engine.settings, clock)
    world.engine = restarted
    try:
        assert "is created, with 8 positions" in await alice.text("8")
    finally:
        restarted.store.dispose()


async def test_answer_after_expiry_is_refused_and_forgotten(
    world: World, clock: FixedClock
) -> None:
    alice = world.person("Alice")
    await alice.says("/newgroup Health financing languages=en")
    clock.advance(timedelta(minutes=31))
    assert "That question has expired" in await alice.text("8")
    assert "I answer commands" in await alice.text("8")  # no conversation any more
    assert "There are no groups yet" in await alice.text("/groups")


async def test_cancel_ends_the_conversation(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/newgroup")
    assert "Group creation cancelled" in await alice.text("/cancel")
    assert "There is nothing to cancel" in await alice.text("/cancel")
    assert "There are no groups yet" in await alice.text("/groups")


async def test_bad_titles(world: World) -> None:
    alice = world.person("Alice")
    out = await alice.text("/newgroup " + "x" * 10_000 + " positions=2 languages=en")
    assert "too long" in out
    await alice.says("/newgroup Purchasing positions=2 languages=en")
    out = await alice.text("/newgroup PURCHASING positions=3 languages=en")
    assert "There is already a group called “Purchasing” (#1)" in out
    assert "numbers name groups" in await alice.text("/newgroup 42 positions=3 languages=en")
    assert "Unknown option position=" in await alice.text("/newgroup X position=3")
    assert "not closed" in await alice.text('/newgroup "X positions=3')


async def test_a_refused_command_writes_nothing(world: World) -> None:
    alice = world.person("Alice")
    out = await alice.text("/newgroup Purchasing positions=2 languages=klingonese")
    assert "I don't know the language “klingonese”" in out
    assert "There are no groups yet" in await alice.text("/groups")


async def test_edit_group_needs_a_facilitator_and_valid_fields(world: World) -> None:
    alice, bob = world.person("Alice"), world.person("Bob")
    await alice.says("/newgroup Purchasing positions=2 languages=en")
    out = await bob.text("/editgroup #1 positions=30")
    assert "Only a facilitator of “Purchasing” can do that." in out
    out = await alice.text(
        '/editgroup #1 commitment="4 hours per week" start=2027-02-01 end=2027-12-31'
    )
    assert "Updated: time commitment, start date, and end date." in out
    assert "Project period: 1 February 2027 to 31 December 2027" in out
    assert "Time commitment: 4 hours per week" in out
    out = await alice.text("/editgroup #1 start=2028-01-01")
    assert "cannot end before it starts" in out
    assert "Say what to change" in await alice.text("/editgroup #1")


async def test_french_reader_sees_french(world: World) -> None:
    marie = world.person("Marie", language="fr")
    out = await marie.text("/newgroup Achat stratégique positions=20 languages=fr,en")
    assert "Le groupe n° 1 « Achat stratégique » est créé, avec 20 places." in out
    out = await marie.text("/groups")
    assert "n° 1 Achat stratégique — places : 20 libres sur 20 · français et anglais" in out
    assert "nombre entier" in await marie.text("/newgroup Autre positions=vingt languages=fr")


async def test_replies_carry_the_readers_audience(world: World) -> None:
    marie = world.person("Marie", language="fr-CA", timezone="America/Montreal")
    effects = await marie.says("/groups")
    assert [(r.audience.locale, r.audience.timezone) for r in replies(effects)] == [
        ("fr", "America/Montreal")
    ]
