"""Leaving ends powers and duties: a member who leaves (or is removed) gives back future
roles, a work stream's chair and place, unpublished authorship and their reminders; the
facilitators are told; refusals to outsiders do not reveal what they cannot see."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.engine import Engine
from bot.store.models import ProductAuthor, Reminder, RoleSlot
from tests.world import Person, World, sends, show


async def _series(world: World) -> tuple[Person, Person, Person]:
    alice = world.person("Alice", timezone="Europe/Paris")
    bob, carol = world.person("Bob"), world.person("Carol")
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    await alice.says('/schedule #1 Governance when="12/02/2027 14:00" link=https://x.org/m')
    await alice.says("/stream #1 Citizen participation")
    for person in (bob, carol):
        await person.says("/join 1")
        await person.says("/join 2")
    await bob.says("/claim chair 1")
    await bob.says("/claim chair #2")
    await alice.says('/newproduct #1 Blog post session=1 due="1 March" authors=Bob,Carol')
    assert "Your announcement goes to 3 members" in await alice.text(
        '/announce #1 at="1/3/2027 9h" The agenda is online'
    )
    return alice, bob, carol


def _held_by(engine: Engine, member_id: int) -> list[RoleSlot]:
    with Session(engine.store.engine) as session:
        return list(session.exec(select(RoleSlot).where(RoleSlot.member_id == member_id)))


def _reminders_of(engine: Engine, member_id: int) -> list[Reminder]:
    with Session(engine.store.engine) as session:
        return list(
            session.exec(
                select(Reminder).where(
                    Reminder.member_id == member_id, Reminder.status == "pending"
                )
            )
        )


async def test_leaving_gives_back_roles_chairs_places_and_authorship(
    world: World, engine: Engine
) -> None:
    alice, bob, carol = await _series(world)
    assert _held_by(engine, 2)
    assert _reminders_of(engine, 2)
    effects = await bob.says("/leave 1")
    told = show(sends(effects))
    assert "Bob is no longer in “Purchasing”, so these are open again:" in told
    assert "chair in session 1" in told
    assert "the chair of the work stream “Citizen participation”" in told
    assert "a place in the work stream “Citizen participation”" in told
    assert "an author of “Blog post”" in told
    assert _held_by(engine, 2) == []
    assert _reminders_of(engine, 2) == []
    with Session(engine.store.engine) as session:
        assert [a.member_id for a in session.exec(select(ProductAuthor))] == [3]
    assert "chair: tbd" in await carol.text("/session 1")
    assert "Bob" not in await carol.text("/members 2")
    # The powers went with the duties.
    assert "Only a facilitator" in await bob.text('/schedule #2 Kickoff when="end of May"')
    assert "Only the product's authors and facilitators" in await bob.text(
        "/updateproduct 1 status=published"
    )
    assert "Carol took chair" not in await alice.text("/history 1")
    assert "Bob left the group: chair in session 1 is open again" in await alice.text("/history 1")


async def test_a_removed_member_loses_the_same(world: World, engine: Engine) -> None:
    alice, bob, _ = await _series(world)
    effects = await alice.says("/remove #1 Bob")
    assert "so these are open again" in show(effects)
    assert _held_by(engine, 2) == []
    assert _reminders_of(engine, 2) == []
    out = await bob.text("/unassign #1 chair 1 Carol")
    assert "Only a facilitator or the session's chair can assign roles." in out, out


async def test_an_outsider_learns_nothing_from_refusals(world: World) -> None:
    alice = world.person("Alice", platform="slack")
    alice.user_id, alice.workspace = "U0ALICE", "T1"
    await alice.says("/newgroup Secret strategy positions=10 languages=en")
    await alice.says('/schedule #1 Governance when="end of April"')
    await alice.says("/ask 1 How do we pay for results?")
    await alice.says('/call #1 deadline="15 March" "chair, session 1"')
    await alice.says("yes")
    eve = world.person("Eve", platform="slack")
    eve.user_id, eve.workspace = "U0EVE", "T2"
    for line in ("/answer 1 1", "/answers 1", "/closecall 1", "/award 1 1=Eve", "/upvote 1"):
        out = await eve.text(line)
        assert "Secret strategy" not in out, (line, out)
        assert out.startswith("There is no"), (line, out)
