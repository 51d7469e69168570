"""Calls for interest from opening to award: confirmation, deadlines written many ways,
answers that change until the deadline, roles and stream places given. Events in, effects out."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.store.models import CallAnswer
from tests.unit.scenarios import group_of_four
from tests.world import Person, World, replies, sends, show


async def _call(alice: Person, deadline: str = "15 March") -> str:
    effects = await alice.says(
        f'/call #1 deadline="{deadline}" "chair of session 2" "focal country for session 1"'
        ' "Citizen participation work stream" "hosting a webinar"'
    )
    return show(effects)


async def test_call_is_confirmed_then_opened(world: World) -> None:
    alice, bob, *_ = await group_of_four(world)
    await alice.says("/stream #1 Citizen participation")
    preview = await _call(alice)
    assert "1. chair of session 2 → chair in session 2" in preview
    assert "2. focal country for session 1 → focal country in session 1" in preview
    assert "3. Citizen participation work stream → work stream “Citizen participation”" in preview
    assert "4. hosting a webinar\n" in preview
    assert "Deadline: Monday 15 March 2027, end of the day (Central European Time)." in preview
    assert "Please answer yes or no." in await alice.text("maybe")
    assert "Call 1 is open until 15 March 2027." in await alice.text("yes")
    assert "Answer by 15 March 2027 — closes Monday 15 March, 23:00 your time." in (
        await bob.text("/calls 1")
    )


async def test_deadline_written_many_ways(world: World) -> None:
    alice = world.person("Alice")
    marie = world.person("Marie", language="fr", timezone="Europe/Paris")
    await alice.says("/newgroup Purchasing positions=30 languages=en,fr")
    await alice.says("/cofacilitator #1 Marie")
    await marie.says("/join 1")
    await alice.says("/cofacilitator #1 Marie")
    for person, written, shown in (
        (alice, "15 March", "15 March 2027"),
        (marie, "15 mars", "15 mars 2027"),
        (alice, "in two weeks", "25 January 2027"),
        (marie, "dans deux semaines", "25 janvier 2027"),
        (alice, "end of April", "30 April 2027"),
        (marie, "fin avril", "30 avril 2027"),
        (alice, "2027-03-15", "15 March 2027"),
    ):
        out = await person.text(f'/call #1 deadline="{written}" "chair"')
        assert shown in out, (written, out)
        await person.says("/cancel")
    assert "already past" in await alice.text('/call #1 deadline="2027-01-10" "chair"')
    assert "could not read “31 February 2027”" in await alice.text(
        '/call #1 deadline="31 February 2027" "chair"'
    )
    assert "Only a facilitator" in await world.person("Bob").text(
        '/call #1 deadline="15 March" "chair"'
    )


async def test_call_prompts_for_what_is_missing(world: World) -> None:
    alice, *_ = await group_of_four(world)
    assert "What are the options?" in await alice.text("/call #1")
    assert "By when should members answer?" in await alice.text("chair of session 1; co-blogger 2")
    assert "15 March 2027" in await alice.text("15 March")
    assert "The call was not opened" in await alice.text("no")
    assert "has no open call" in await alice.text("/calls 1")


async def test_answers_change_until_the_deadline_then_close(
    world: World, clock: FixedClock
) -> None:
    alice, bob, carol, dan = await group_of_four(world)
    await _call(alice)
    await alice.says("yes")
    assert "Your answer to call 1:\n1. chair of session 2\n2. focal" in await bob.text(
        "/answer 1 1 2"
    )
    await bob.says("/answer 1 2")  # changed his mind: only option 2 now
    await carol.says("/answer 1 1")
    await carol.says("/answer 1 +4")
    assert "is not an option of call 1" in await dan.text("/answer 1 7")
    assert "Only a facilitator" in await bob.text("/answers 1")
    out = await alice.text("/answers 1")
    assert "1. chair of session 2: Carol" in out
    assert "2. focal country for session 1: Bob" in out
    assert "3. Citizen participation work stream: nobody yet" in out
    assert "4. hosting a webinar: Carol" in out
    assert "Not answered: Dan" in out
    clock.advance(timedelta(days=63, hours=14))  # 15 March, 23:00 UTC: past midnight in Paris
    assert "Call 1 closed on 15 March 2027" in await dan.text("/answer 1 1")
    assert "has no open call" in await dan.text("/calls 1")
    with Session(world.engine.store.engine) as session:
        assert {(a.option_id, a.member_id) for a in session.exec(select(CallAnswer))} == {
            (2, 2),
            (1, 3),
            (4, 3),
        }


async def test_award_turns_answers_into_roles_and_stream_places(world: World) -> None:
    alice, bob, carol, dan = await group_of_four(world)
    await alice.says("/stream #1 Citizen participation")
    await _call(alice)
    await alice.says("yes")
    await bob.says("/answer 1 2 3")
    await carol.says("/answer 1 1")
    await dan.says("/answer 1 3 4")
    assert "close it first with /closecall 1" in await alice.text("/award 1 1=Carol")
    assert "Call 1 is closed." in await alice.text("/closecall 1")
    assert "Dan did not answer option 1" in await alice.text("/award 1 1=Dan")
    assert "neither a session role nor a work stream" in await alice.text("/award 1 4=Dan")
    # All or nothing: one bad pick keeps the whole award from happening.
    assert "Nobody called “Nobody”" in await alice.text("/award 1 3=Dan 2=Nobody")
    assert "Dan" not in await alice.text("/members 2")
    effects = await alice.says("/award 1 1=Carol 2=Bob 3=Bob,Dan")
    out = show(replies(effects))
    assert "Carol: chair in session 2" in out
    assert "Bob: focal country in session 1" in out
    assert "Dan: work stream “Citizen participation”" in out
    assert "You are now in the work stream “Citizen participation”" in show(sends(effects))
    assert "chair: Carol" in await bob.text("/session 2")
    members = await alice.text("/members 2")
    assert "Bob" in members
    assert "Dan" in members
    assert "Carol" not in members
