"""Scheduling: a session moved or cancelled, its role holders told. Events in, effects out."""

from __future__ import annotations

from tests.unit.scenarios import group_of_four
from tests.world import World, replies, sends, show


async def test_reschedule_tells_role_holders(world: World) -> None:
    alice, bob, carol, _ = await group_of_four(world)
    await bob.says("/claim chair 2")
    effects = await alice.says('/editsession 2 when="19 February 2027 15:00"')
    assert "Session 2 is updated." in show(replies(effects))
    assert "Friday 19 February 2027, 15:00 Central European Time" in show(replies(effects))
    told = sends(effects)
    assert len(told) == 1
    assert told[0].to.id == bob.user_id
    assert (
        "moved from Friday 12 February 2027, 13:00 UTC to Friday 19 February 2027, 14:00 UTC"
        in show(told)
    )
    assert "is already past" in await alice.text('/editsession 2 when="1 January 2027 10:00"')
    assert "Only a facilitator" in await carol.text("/editsession 2 link=https://x.org")
    out = await alice.text('/editsession 2 link=https://meet.example.org/g title="Governance II"')
    assert "Meeting link: https://meet.example.org/g" in out
    assert "Session 2 — Governance II" in out
    # A bad option leaves the session as it was: the title did not change.
    await alice.says("/editsession 2 title=Other link=ftp://x")
    assert "Governance II" in await bob.text("/session 2")


async def test_cancel_session_tells_holders_and_hides_it(world: World) -> None:
    alice, bob, carol, _ = await group_of_four(world)
    await bob.says("/claim chair 1")
    effects = await alice.says("/cancelsession 1")
    assert "Session 1 (Implementing RBF) is cancelled." in show(replies(effects))
    assert "your role in it lapses" in show(sends(effects))
    assert "has no session 1" in await carol.text("/claim focal 1")
    assert "Implementing RBF" not in await carol.text("/sessions 1")
    assert "has no session 1" in await alice.text("/cancelsession 1")
