"""The learning series: reschedule and cancel, role templates, questions, calls
for interest, work streams, products and history — events in, effects out."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.engine import Engine
from bot.store.models import CallAnswer, LearningSession, Question, RoleSlot
from tests.world import Person, World, prompts, replies, sends, show


async def _group(world: World) -> tuple[Person, Person, Person, Person]:
    """Alice facilitates "Purchasing" with sessions 1 (end of April) and 2; Bob, Carol, Dan
    are members."""
    alice = world.person("Alice", timezone="Europe/Paris")
    bob, carol, dan = world.person("Bob"), world.person("Carol"), world.person("Dan")
    await alice.says("/newgroup Purchasing positions=30 languages=en,fr")
    await alice.says('/schedule #1 Implementing RBF when="end of April"')
    await alice.says('/schedule #1 Governance when="12 February 2027 14:00"')
    for person in (bob, carol, dan):
        await person.says("/join 1")
    return alice, bob, carol, dan


def _rows(engine: Engine, model: type) -> list:  # type: ignore[type-arg]
    with Session(engine.store.engine) as session:
        return list(session.exec(select(model)).all())


# -- sessions: reschedule, cancel ----------------------------------------------------------


async def test_reschedule_tells_role_holders(world: World) -> None:
    alice, bob, carol, _ = await _group(world)
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
    alice, bob, carol, _ = await _group(world)
    await bob.says("/claim chair 1")
    effects = await alice.says("/cancelsession 1")
    assert "Session 1 (Implementing RBF) is cancelled." in show(replies(effects))
    assert "your role in it lapses" in show(sends(effects))
    assert "has no session 1" in await carol.text("/claim focal 1")
    assert "Implementing RBF" not in await carol.text("/sessions 1")
    assert "has no session 1" in await alice.text("/cancelsession 1")


# -- role templates and slots --------------------------------------------------------------


async def test_template_and_session_slots_with_custom_roles(world: World) -> None:
    alice, bob, carol, dan = await _group(world)
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


# -- questions -----------------------------------------------------------------------------


async def test_questions_prompted_or_in_one_command(world: World) -> None:
    _alice, bob, carol, dan = await _group(world)
    effects = await bob.says("/ask")
    assert "Which session is your question for?" in show(prompts(effects))
    assert "has no session 9" in await bob.text("9")
    assert "What is your question" in await bob.text("2")
    out = await bob.text("How do you pay providers for results?")
    assert "question 1 of session 2" in out
    assert "question 2 of session 2" in await carol.text(
        '/ask 2 How do districts "own" the budget?'
    )
    assert "keep it under 2,000" in await dan.text("/ask 2 " + "x" * 3000)
    assert "too long" in await dan.text("/ask 2 " + "x" * 20000)
    assert "You cannot upvote your own question." in await bob.text("/upvote 1")
    assert "You upvoted question 1." in await carol.text("/upvote 1")
    assert "You already upvoted question 1." in await carol.text("/upvote 1")
    await dan.says("/upvote 1")
    out = await dan.text("/questions 2")
    assert out.index("Q1 (2 votes) How do you pay") < out.index("Q2 (0 votes)")
    assert 'How do districts "own" the budget? — Carol, 11 January 2027' in out
    assert "Only its author" in await bob.text("/withdraw 2")
    assert "You withdrew question 2." in await carol.text("/withdraw 2")
    assert "There is no question “2”" in await dan.text("/upvote 2")
    with Session(world.engine.store.engine) as session:
        first = session.get(Question, 1)
        assert first is not None
        assert first.language == "en"
        assert first.votes == 2


async def test_guiding_question_and_closing(world: World) -> None:
    _alice, bob, carol, dan = await _group(world)
    await bob.says("/ask 2 How do you pay providers for results?")
    await dan.says("/ask 2 What went wrong first?")
    assert "Only the session's discussant or a facilitator" in await carol.text("/guiding 1")
    await carol.says("/claim discussant 2")
    effects = await carol.says("/guiding 1")
    assert "Question 1 is now the guiding question of session 2." in show(replies(effects))
    assert "Your question 1 is the guiding question" in show(sends(effects))
    assert "Guiding question: How do you pay providers for results? (Bob)" in await dan.text(
        "/session 2"
    )
    assert "Only the session's chair or a facilitator" in await bob.text("/closequestion 2")
    await bob.says("/claim chair 2")
    assert "Question 2 is closed." in await bob.text("/closequestion 2")
    assert "Question 2 is closed." in await carol.text("/upvote 2")
    outsider = world.person("Olga")
    assert "not a member" in await outsider.text("/upvote 1")


async def test_concurrent_double_upvote_counts_once(world: World, engine: Engine) -> None:
    _, bob, carol, _ = await _group(world)
    await bob.says("/ask 2 How?")
    results = await asyncio.gather(*(engine.handle(carol.event("/upvote 1")) for _ in range(6)))
    outcomes = [show(r) for r in results]
    assert sum("You upvoted question 1." in o for o in outcomes) == 1, outcomes
    with Session(engine.store.engine) as session:
        question = session.get(Question, 1)
        assert question is not None
        assert question.votes == 1


# -- calls for interest --------------------------------------------------------------------


async def _call(alice: Person, deadline: str = "15 March") -> str:
    effects = await alice.says(
        f'/call #1 deadline="{deadline}" "chair of session 2" "focal country for session 1"'
        ' "Citizen participation work stream" "hosting a webinar"'
    )
    return show(effects)


async def test_call_is_confirmed_then_opened(world: World) -> None:
    alice, bob, *_ = await _group(world)
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
    alice, *_ = await _group(world)
    assert "What are the options?" in await alice.text("/call #1")
    assert "By when should members answer?" in await alice.text("chair of session 1; co-blogger 2")
    assert "15 March 2027" in await alice.text("15 March")
    assert "The call was not opened" in await alice.text("no")
    assert "has no open call" in await alice.text("/calls 1")


async def test_answers_change_until_the_deadline_then_close(
    world: World, clock: FixedClock
) -> None:
    alice, bob, carol, dan = await _group(world)
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
    alice, bob, carol, dan = await _group(world)
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


# -- work streams --------------------------------------------------------------------------


async def test_work_stream_is_a_group_with_a_volunteer_chair(world: World) -> None:
    alice, bob, carol, _ = await _group(world)
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
    alice, *_ = await _group(world)
    await alice.says("/stream #1 Citizen participation")
    people = [world.person(f"P{i}") for i in range(8)]
    for person in people:
        await person.says("/join 1")
        await person.says("/join 2")
    results = await asyncio.gather(*(engine.handle(p.event("/claim chair #2")) for p in people))
    outcomes = [show(r) for r in results]
    assert sum("You chair the work stream" in o for o in outcomes) == 1, outcomes


# -- products ------------------------------------------------------------------------------


async def test_products_default_authors_and_status(world: World) -> None:
    alice, bob, carol, dan = await _group(world)
    await bob.says("/claim chair 2")
    await carol.says("/claim coblogger 2")
    out = await alice.text('/newproduct #1 Blog post: governance session=2 due="1 March"')
    assert "P1 Blog post: governance — planned" in out
    assert "due 1 March 2027" in out
    assert "authors: Bob and Carol" in out
    assert "Only the product's authors" in await dan.text("/updateproduct 1 status=drafting")
    out = await carol.text("/updateproduct 1 status=drafting link=https://blog.example.org/p")
    assert "— drafting" in out
    assert "link: https://blog.example.org/p" in out
    assert "planned, drafting, submitted, published" in await bob.text(
        "/updateproduct 1 status=done"
    )
    assert "Only a facilitator can change" in await bob.text("/updateproduct 1 authors=Dan")
    await alice.says('/newproduct #1 Synthesis paper due="end of June" authors=Dan,Bob')
    out = await dan.text("/products 1")
    assert "P2 Synthesis paper — planned" in out
    assert "authors: Bob and Dan" in out
    marie = world.person("Marie", language="fr")
    await marie.says("/join 1")
    assert "P1 Blog post: governance — en rédaction" in await marie.text("/products 1")


# -- history -------------------------------------------------------------------------------


async def test_history_records_every_change(world: World) -> None:
    alice, bob, carol, _ = await _group(world)
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
    alice, bob, *_ = await _group(world)
    before = len(_rows(engine, RoleSlot)), len(_rows(engine, LearningSession))
    await alice.says('/schedule #1 X when="31 February 2027 10:00"')
    await alice.says("/slots 1 coblogger=2 rapporteur=99")
    await bob.says("/claim chair 9")
    assert (len(_rows(engine, RoleSlot)), len(_rows(engine, LearningSession))) == before


async def test_home_overview(world: World, clock: FixedClock) -> None:
    alice, bob, *_ = await _group(world)
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
