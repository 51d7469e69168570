"""Questions: asked, upvoted once, made guiding, closed. Events in, effects out."""

from __future__ import annotations

import asyncio

from sqlmodel import Session

from bot.engine import Engine
from bot.store.models import Question
from tests.unit.scenarios import group_of_four
from tests.world import World, prompts, replies, sends, show


async def test_questions_prompted_or_in_one_command(world: World) -> None:
    _alice, bob, carol, dan = await group_of_four(world)
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
    _alice, bob, carol, dan = await group_of_four(world)
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
    _, bob, carol, _ = await group_of_four(world)
    await bob.says("/ask 2 How?")
    results = await asyncio.gather(*(engine.handle(carol.event("/upvote 1")) for _ in range(6)))
    outcomes = [show(r) for r in results]
    assert sum("You upvoted question 1." in o for o in outcomes) == 1, outcomes
    with Session(engine.store.engine) as session:
        question = session.get(Question, 1)
        assert question is not None
        assert question.votes == 1
