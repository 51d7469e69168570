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
