"""Joining, waitlist, approval, invite codes, leaving, removing, co-facilitators, chat links."""

from __future__ import annotations

from bot.effects import Address
from tests.world import World, replies, sends, show


async def _group(world: World, options: str = "positions=2 languages=en") -> None:
    alice = world.person("Alice")
    out = await alice.text(f"/newgroup Purchasing {options}")
    assert "is created" in out
    world.alice = alice  # type: ignore[attr-defined]


async def test_full_group_waitlists_and_promotes_the_first_in_line(world: World) -> None:
    await _group(world)
    bob, carol, dave, erin = (world.person(n) for n in ("Bob", "Carol", "Dave", "Erin"))
    assert "You are now a member" in await bob.text("/join 1")
    assert "You are now a member" in await carol.text("/join 1")
    assert "on its waitlist, number 1" in await dave.text("/join 1")
    assert "on its waitlist, number 2" in await erin.text("/join 1")
    assert "all 2 taken, 2 people on the waitlist" in await bob.text("/groups")
    effects = await carol.says("/leave 1")
    assert "You left “Purchasing”." in show(replies(effects))
    [told] = sends(effects)
    assert told.to == Address("console", "user", dave.user_id)
    assert "a position opened in “Purchasing” and it is yours" in show([told])
    assert "You are a member." in await dave.text("/group 1")
    assert "You are number 1 on the waitlist." in await erin.text("/group 1")


async def test_joining_twice_and_leaving_what_one_is_not_in(world: World) -> None:
    await _group(world, "positions=1 languages=en")
    bob, carol, dave = world.person("Bob"), world.person("Carol"), world.person("Dave")
    await bob.says("/join 1")
    assert "You are already a member of “Purchasing”." in await bob.text("/join 1")
    await carol.says("/join 1")
    assert "already on the waitlist of “Purchasing”, number 1" in await carol.text("/join #1")
    assert "You are not in “Purchasing”, so there is nothing to leave." in await dave.text(
        "/leave 1"
    )
    assert "There is no group “9”" in await dave.text("/join 9")
    assert "Which group do you want to join?" in await dave.text("/join")
    assert "Too many words" in await dave.text("/join 1 a b")
    assert "You left the waitlist" in await carol.text("/leave 1")


async def test_approval_policy_asks_facilitators_with_buttons(world: World) -> None:
    await _group(world, "positions=1 languages=en policy=approval")
    alice = world.alice  # type: ignore[attr-defined]
    bob, carol = world.person("Bob"), world.person("Carol")
    effects = await bob.says("/join 1")
    assert "Your request to join “Purchasing” is sent" in show(replies(effects))
    [ask] = sends(effects)
    assert ask.to.id == alice.user_id
    assert [(b.command, b.args) for b in ask.buttons] == [
        ("approve", f"#1 {2}"),
        ("decline", f"#1 {2}"),
    ]
    assert "already asked to join" in await bob.text("/join 1")
    assert "Only a facilitator" in await carol.text("/approve #1 Bob")
    effects = await alice.presses("approve", ask.buttons[0].args)
    assert "Bob is now a member of “Purchasing”." in show(replies(effects))
    assert "A facilitator approved your request." in show(sends(effects))
    await carol.says("/join 1")
    effects = await alice.says("/decline #1 carol")
    assert "You declined Carol's request." in show(replies(effects))
    assert "was declined" in show(sends(effects))
    assert "Bob has no pending request" in await alice.text("/decline #1 Bob")


async def test_invite_policy_needs_the_code(world: World) -> None:
    await _group(world, "positions=3 languages=en policy=invite")
    alice = world.alice  # type: ignore[attr-defined]
    card = await alice.text("/group 1")
    code = card.rsplit("Invite code: ", 1)[1].strip()
    bob = world.person("Bob")
    assert "is joined with an invite code" in await bob.text("/join 1")
    assert "That invite code is not right" in await bob.text("/join 1 WRONG1")
    assert "You are now a member" in await bob.text(f"/join 1 {code.lower()}")
    carol = world.person("Carol")
    assert "You are now a member" in await carol.text(f"/start join-1-{code}")
    assert "That link is not valid" in await carol.text("/start join-x")


async def test_remove_and_cofacilitate(world: World) -> None:
    await _group(world)
    alice = world.alice  # type: ignore[attr-defined]
    bob, carol, dave = world.person("Bob"), world.person("Carol"), world.person("Dave")
    for person in (bob, carol, dave):
        await person.says("/join 1")
    assert "Only a facilitator" in await bob.text("/remove #1 Carol")
    effects = await alice.says("/remove #1 Carol")
    assert "Carol is no longer in “Purchasing”." in show(replies(effects))
    told = {s.to.id: show([s]) for s in sends(effects)}
    assert "removed you" in told[carol.user_id]
    assert "it is yours" in told[dave.user_id]
    assert "Nobody called “Zed”" in await alice.text("/remove #1 Zed")
    assert "To leave a group yourself" in await alice.text("/remove #1 Alice")
    assert "only facilitator" in await alice.text("/leave 1")
    assert "Bob now co-facilitates" in await alice.text("/cofacilitator #1 Bob")
    assert "already facilitates" in await alice.text("/cofacilitator #1 bob")
    assert "You left “Purchasing”." in await alice.text("/leave 1")
    assert "founder cannot be removed" not in await bob.text("/members 1")


async def test_members_list_is_for_members(world: World) -> None:
    await _group(world, "positions=1 languages=en")
    alice = world.alice  # type: ignore[attr-defined]
    bob, carol, dave = world.person("Bob"), world.person("Carol"), world.person("Dave")
    await bob.says("/join 1")
    await carol.says("/join 1")
    assert "Only members of “Purchasing”" in await dave.text("/members 1")
    assert "Only members of “Purchasing”" in await carol.text("/members 1")
    out = await alice.text("/members 1")
    assert out.splitlines()[1:] == [
        "1. Alice — facilitator",
        "2. Bob",
        "Waitlist, in order:",
        "3. Carol",
    ]


async def test_group_by_context(world: World) -> None:
    await _group(world)
    alice = world.alice  # type: ignore[attr-defined]
    await alice.says("/newgroup Governance positions=2 languages=en")
    bob = world.person("Bob")
    assert "You are now a member" in await bob.text("/join 1")
    # Bob is in one group only: it is the one meant.
    assert "1. Alice — facilitator" in await bob.text("/members")
    # Alice is in two: she must say which, unless the chat is linked.
    assert "Which group?" in await alice.text("/members")
    assert "Link a shared chat, not a private one" in await alice.text("/linkchat 2")
    assert "Only an admin" in show(await alice.says("/linkchat 2", room="gov", admin=False))
    assert "This chat now acts for “Governance”" in await alice.text("/linkchat 2", room="gov")
    assert "is already linked" in await alice.text("/linkchat 2", room="gov")
    assert "Members of “Governance”" in await alice.text("/members", room="gov")
    assert "Only a facilitator" in await bob.text("/unlinkchat", room="gov")
    assert "no longer acts" in await alice.text("/unlinkchat", room="gov")


async def test_unknown_commands_and_talk(world: World) -> None:
    bob = world.person("Bob")
    assert "I don't know the command /frobnicate. Send /help" in await bob.text("/frobnicate")
    assert "I answer commands" in await bob.text("hello?")
    assert await bob.says("just chatting", room="lounge") == []
    assert "too long" in await bob.text("x" * 5000)


async def test_help_lists_what_the_reader_may_do(world: World) -> None:
    bob = world.person("Bob")
    out = await bob.text("/help")
    assert "/join — join a group" in out
    assert "/approve" not in out
    await bob.says("/newgroup Purchasing positions=2 languages=en")
    assert "/approve — accept a request to join" in await bob.text("/help")
    assert "/join <group number> [<invite code>]: join a group" in await bob.text("/help join")
    marie = world.person("Marie", language="fr")
    assert "/join <numéro du groupe> [<code d’invitation>] : rejoindre un groupe" in (
        await marie.text("/help join")
    )
    assert all(r.private for r in replies(await bob.says("/help")))
