"""History: every change kept, refusals write nothing; the /home overview."""

from __future__ import annotations

from bot.clock import FixedClock
from bot.engine import Engine
from bot.store.models import LearningSession, RoleSlot
from tests.unit.scenarios import group_of_four, rows
from tests.world import World


async def test_history_records_every_change(world: World) -> None:
    alice, bob, carol, _ = await group_of_four(world)
    await bob.says("/claim chair 1")
    await carol.says("/ask 1 How?")
    await bob.says("/upvote 1")
    await alice.says("/cancelsession 2")
    assert "Only a facilitator" in await bob.text("/history 1")
    out = await alice.text("/history 1")
    assert "Alice cancelled session 2: Governance" in out
    assert "Bob upvoted question 1" in out
    assert "Carol asked question 1 in session 1" in out
    assert "Bob took chair in session 1" in out
    assert "Alice scheduled session 1: Implementing RBF" in out
    assert out.index("cancelled session 2") < out.index("scheduled session 1")
    marie = world.person("Marie", language="fr")
    await marie.says("/join 1")
    await alice.says("/cofacilitator #1 Marie")
    assert "Bob a pris le rôle président de séance de la séance 1" in await marie.text("/history 1")


async def test_refusals_write_nothing(world: World, engine: Engine) -> None:
    alice, bob, *_ = await group_of_four(world)
    before = len(rows(engine, RoleSlot)), len(rows(engine, LearningSession))
    await alice.says('/schedule #1 X when="31 February 2027 10:00"')
    await alice.says("/slots 1 coblogger=2 rapporteur=99")
    await bob.says("/claim chair 9")
    assert (len(rows(engine, RoleSlot)), len(rows(engine, LearningSession))) == before


async def test_home_overview(world: World, clock: FixedClock) -> None:
    alice, bob, *_ = await group_of_four(world)
    assert "You are not in any group yet." in await world.person("Zoe").text("/home")
    await bob.says("/claim discussant 2")
    await alice.says('/call #1 deadline="15 March" "chair of session 1"')
    await alice.says("yes")
    out = await bob.text("/home")
    assert "#1 Purchasing" in out
    assert (
        "Session 2: Governance — Friday 12 February 2027, 13:00 UTC — you: discussant country"
        in out
    )
    assert "Call 1: answer by 15 March 2027 — closes Monday 15 March, 23:00 your time" in out
    await bob.says("/answer 1 1")
    assert "Call 1: answered — you can change it until 15 March 2027" in await bob.text("/home")
