"""Role templates and one session's roles, custom roles included. Events in, effects out."""

from __future__ import annotations

from tests.unit.scenarios import group_of_four
from tests.world import World


async def test_template_and_session_slots_with_custom_roles(world: World) -> None:
    alice, bob, carol, dan = await group_of_four(world)
    assert "Only a facilitator" in await bob.text('/roletemplate #1 "note taker"=1')
    out = await alice.text('/roletemplate #1 coblogger=2 "note taker"=1')
    assert "co-blogger × 2" in out
    assert "note taker × 1" in out
    out = await alice.text('/schedule #1 Third when="end of May"')
    assert "co-blogger: tbd and tbd" in out
    assert "note taker: tbd" in out
    assert "You are note taker for session 3." in await bob.text("/claim note taker 3")
    # Session 1 kept the old template; one session's slots change alone.
    await bob.says("/claim coblogger 1")
    await carol.says("/claim coblogger 1")
    assert "2 people hold co-blogger in session 1" in await alice.text("/slots 1 coblogger=1")
    out = await alice.text("/slots 1 coblogger=2 rapporteur=1")
    assert "co-blogger: Bob and Carol" in out
    assert "rapporteur: tbd" in out
    assert "You are rapporteur" in await dan.text("/claim rapporteur 1")
    assert "already taken by Bob and Carol" in await alice.text("/claim coblogger 1")
    assert "how many of each" in await alice.text("/slots 1 coblogger")
    assert "from 0 to 10" in await alice.text("/slots 1 coblogger=99")
