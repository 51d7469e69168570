"""Products: default authors and status. Events in, effects out."""

from __future__ import annotations

from tests.unit.scenarios import group_of_four
from tests.world import World


async def test_products_default_authors_and_status(world: World) -> None:
    alice, bob, carol, dan = await group_of_four(world)
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
