"""Details of the series that were wrong: who counts as a member who could answer, what
/reminders counts, who holds a position, what a bare /join means in a linked chat, which
boards follow a claim, and which language a member reads. "Now" is Monday 11 January 2027."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.engine import Engine
from bot.i18n import reader_locale
from bot.store.models import Membership
from tests.world import World, replies, show


async def test_nobody_could_answer_is_not_everybody_answered(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    await alice.says('/call #1 deadline="15 March" "chair"')
    await alice.says("yes")
    out = await alice.text("/answers 1")
    assert "Every member has answered" not in out
    assert "No member besides the facilitators could answer yet." in out
    bob = world.person("Bob")
    await bob.says("/join 1")
    assert "Not answered: Bob" in await alice.text("/answers 1")
    await bob.says("/answer 1 1")
    assert "Every member has answered." in await alice.text("/answers 1")


async def test_reminders_list_counts_people_and_names_untitled_calls(world: World) -> None:
    alice, bob = world.person("Alice"), world.person("Bob")
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    await bob.says("/join 1")
    await alice.says('/call #1 deadline="15 March" "chair"')
    await alice.says("yes")
    out = await alice.text("/reminders 1")
    # Bob alone is reminded (three times: 7, 2 and 0 days before), not three people.
    assert "reminder to answer call 1, to 1 person" in out, out
    assert "“”" not in out


async def test_a_cofacilitator_gives_their_position_to_the_waitlist(
    world: World, engine: Engine
) -> None:
    alice, bob, carol = world.person("Alice"), world.person("Bob"), world.person("Carol")
    await alice.says("/newgroup Purchasing positions=1 languages=en")
    await bob.says("/join 1")
    assert "waitlist" in await carol.text("/join 1")
    effects = await alice.says("/cofacilitator #1 Bob")
    assert "a position opened in “Purchasing” and it is yours" in show(effects)
    with Session(engine.store.engine) as session:
        rows = {m.member_id: m for m in session.exec(select(Membership))}
    assert (rows[2].role, rows[2].takes_seat) == ("facilitator", False)
    assert rows[3].status == "active"


async def test_bare_join_in_a_linked_chat_joins_its_group(world: World) -> None:
    alice, bob = world.person("Alice"), world.person("Bob")
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    await alice.says("/newgroup Governance positions=10 languages=en")
    await alice.says("/linkchat 2", room="gov")
    assert "Welcome to “Governance”!" in await bob.text("/join", room="gov")
    # Elsewhere a bare /join asks which group, with a button for each one still open to Bob.
    [which] = replies(await bob.says("/join"))
    assert "Which group do you want to join?" in show([which])
    assert [(b.command, b.args) for b in which.buttons] == [("join", "#1")]


async def test_the_board_in_a_schedule_reply_follows_later_claims(world: World) -> None:
    alice, bob = world.person("Alice"), world.person("Bob")
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    await bob.says("/join 1")
    [scheduled] = replies(await alice.says('/schedule #1 Governance when="end of April"'))
    # The reply is a board like /session's: the adapter remembers it, claims edit it.
    assert scheduled.board == 1
    assert ("claim", "chair 1 #1") in [(b.command, b.args) for b in scheduled.buttons]


async def test_an_unsupported_app_language_reads_the_shared_default(world: World) -> None:
    alice = world.person("Alice", "fr")
    await alice.says("/newgroup Achat positions=10 languages=fr,en")
    await alice.says("/newgroup Achat seul positions=10 languages=fr")
    ana = world.person("Ana", "es")
    # Private chats are in English (the default) ...
    assert "Welcome to “Achat”!" in await ana.text("/join 1")
    await alice.says("/linkchat 1", room="achat")
    # ... and so is the group that also works in English.
    assert "Members of “Achat”" in await ana.text("/members", room="achat")


def test_the_reader_locale_table() -> None:
    # chosen, app hint, group's languages -> what the member reads (default: en)
    for chosen, hint, group, reads in (
        ("fr", "es", ("en",), "fr"),  # their own choice first
        (None, "fr-CA", ("en",), "fr"),  # an app language we speak
        (None, "es", ("fr", "en"), "en"),  # shared with private chats
        (None, "es", ("fr",), "fr"),  # the group's only language we speak
        (None, "es", ("es", "pt"), "en"),  # none we speak in the group
        (None, None, ("fr", "en"), "fr"),  # nothing known: the group's first
        (None, None, (), "en"),
    ):
        assert reader_locale(chosen, hint, group, "en") == reads, (chosen, hint, group)
