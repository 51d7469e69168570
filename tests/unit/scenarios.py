"""Scenarios several feature tests start from."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.engine import Engine
from tests.world import Person, World


async def group_of_four(world: World) -> tuple[Person, Person, Person, Person]:
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


def rows(engine: Engine, model: type) -> list:  # type: ignore[type-arg]
    with Session(engine.store.engine) as session:
        return list(session.exec(select(model)).all())


async def a_series(world: World) -> tuple[Person, Person, Person, Person]:
    """A webinar series as a facilitator runs it: "Strategic purchasing" (English and
    French); session 1 with its chair, focal and discussant countries and a co-blogger, two
    questions (one the guiding question, upvoted), a call answered, a blog post with its
    authors, a series product, and a work stream with its chair."""
    alice = world.person("Alice", timezone="Europe/Paris")
    bruno = world.person("Bruno", language="fr", timezone="America/Argentina/Buenos_Aires")
    daouda = world.person("Daouda", language="fr", timezone="Africa/Dakar")
    emma = world.person("Emma", timezone="Europe/London")
    await alice.says("/newgroup Strategic purchasing positions=20 languages=en,fr")
    await bruno.says("/profile country Argentina")
    await daouda.says("/profile country Senegal")
    await emma.says("/profile organization Ministry of Health")
    for person in (bruno, daouda, emma):
        await person.says("/join 1")
    await alice.says('/schedule #1 Results-based financing when="29 April 2027 14:00"')
    await alice.says('/schedule #1 Governance when="end of June"')
    await bruno.says("/claim focal 1")
    await daouda.says("/claim discussant 1")
    await emma.says("/claim coblogger 1")
    await alice.says("/assign chair 1 Alice")
    await bruno.says("/ask 1 How do we pay districts on results without delaying budgets?")
    await emma.says("/ask 1 =Which indicators *really* matter?")
    await daouda.says("/upvote 1")
    await emma.says("/upvote 1")
    await daouda.says("/guiding 1")
    await alice.says(
        '/call #1 deadline="15 March 2027" "chair of session 2" "writing the synthesis"'
    )
    await alice.says("yes")
    await bruno.says("/answer 1 2")
    await emma.says("/answer 1 1 2")
    await alice.says('/newproduct #1 Blog post session=1 due="20 May 2027"')
    await alice.says("/updateproduct 1 status=drafting link=https://blog.example.org/rbf")
    await alice.says('/newproduct #1 Synthesis paper due="30 November 2027" authors=Emma,Bruno')
    await alice.says("/stream #1 Citizen participation")
    await daouda.says("/join 2")
    await daouda.says("/claim chair #2")
    return alice, bruno, daouda, emma
