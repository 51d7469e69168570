"""Calls for interest as a series needs them: many options written "role, session N" in
English or French, answered page by page with buttons, awarded to roles; closing dates and
counts right. "Now" is Monday 11 January 2027, 09:00 UTC."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FixedClock
from bot.effects import Action, Audience
from bot.i18n import render
from bot.views.roles import ROLE_NAMES, role_key
from tests.world import Person, World, replies, show

ROLES = ("chair", "focal country", "discussant country")
ROLES_FR = ("président", "pays focal", "pays discutant")


async def _series(world: World, alice: Person, sessions: int = 4) -> None:
    await alice.says("/newgroup Purchasing positions=30 languages=en,fr")
    for n in range(1, sessions + 1):
        await alice.says(f'/schedule #1 Session {n} when="{n} March 2027 14:00"')
    await alice.says("/stream #1 Citizen participation")


def render_label(action: Action) -> str:
    return render(action.label, Audience("en", "UTC"), str)


def _buttons(effects: list) -> list[Action]:  # type: ignore[type-arg]
    return [b for r in replies(effects) for b in r.buttons]


async def test_thirteen_options_answered_by_page_and_awarded_to_roles(world: World) -> None:
    alice = world.person("Alice", timezone="Europe/Paris")
    bob, carol = world.person("Bob"), world.person("Carol", "fr")
    await _series(world, alice)
    await bob.says("/join 1")
    await carol.says("/join 1")
    options = [f"{role}, session {n}" for n in range(1, 5) for role in ROLES]
    options.append("Citizen participation work stream")
    quoted = " ".join(f'"{o}"' for o in options)
    preview = await alice.text(f'/call #1 deadline="15 February" {quoted}')
    assert "1. chair, session 1 → chair in session 1" in preview
    assert "5. focal country, session 2 → focal country in session 2" in preview
    assert "12. discussant country, session 4 → discussant country in session 4" in preview
    assert "13. Citizen participation work stream → work stream" in preview
    await alice.says("yes")

    # A member sees the first page of buttons and moves to the next one.
    first = _buttons(await bob.says("/calls 1"))
    assert [b.args for b in first][:8] == [f"1 +{n}" for n in range(1, 9)]
    assert render_label(first[0]) == "1. chair, session 1"
    [more] = [b for b in first if "page=" in b.args]
    second = _buttons(await bob.presses(more.command, more.args))
    assert [b.args for b in second if "+" in b.args] == [f"1 +{n}" for n in range(9, 14)]
    assert any("page=1" in b.args for b in second)
    for button in (second[0], first[4]):  # option 9, then option 5
        await bob.presses(button.command, button.args)
    # Pressed again, a chosen option is taken back.
    again = _buttons(await bob.presses("answer", "1 page=1"))
    assert render_label(again[4]) == "✓ 5. focal country, session 2"
    await bob.presses(again[4].command, again[4].args)
    await bob.presses("answer", "1 +5")
    await carol.says("/answer 1 1 13")

    await alice.says("/closecall 1")
    out = show(replies(await alice.says("/award 1 9=Bob 5=Bob 1=Carol 13=Carol")))
    assert "Bob: discussant country in session 3" in out
    assert "Bob: focal country in session 2" in out
    assert "Carol: chair in session 1" in out
    assert "chair: Carol" in await bob.text("/session 1")
    assert "discussant country: Bob" in await bob.text("/session 3")


async def test_french_options_are_tied_to_roles(world: World) -> None:
    marie = world.person("Marie", "fr", timezone="Europe/Paris")
    await _series(world, marie, sessions=2)
    options = [f"{role}, séance {n}" for n in (1, 2) for role in ROLES_FR]
    options += ["co-blogueur de la séance 2", "séance 1 : pays focal"]
    quoted = " ".join(f'"{o}"' for o in options)
    preview = await marie.text(f'/call #1 échéance="15/02" {quoted}')
    assert "1. président, séance 1 → président de séance, séance 1" in preview, preview
    assert "2. pays focal, séance 1 → pays focal, séance 1" in preview
    assert "6. pays discutant, séance 2 → pays discutant, séance 2" in preview
    assert "7. co-blogueur de la séance 2 → co-blogueur, séance 2" in preview
    assert "8. séance 1 : pays focal → pays focal, séance 1" in preview


async def test_forty_options_at_most(world: World) -> None:
    alice = world.person("Alice")
    await _series(world, alice, sessions=1)
    many = " ".join(f'"option {n}"' for n in range(1, 42))
    assert "at most 40 options" in await alice.text(f'/call #1 deadline="15 February" {many}')
    thirty = " ".join(f'"idea {n}"' for n in range(1, 31))
    await alice.says(f'/call #1 deadline="15 February" {thirty}')
    assert "Call 1 is open" in await alice.text("yes")
    labels = [b.args for b in _buttons(await alice.says("/answer 1 page=4"))]
    assert labels == ["1 +25", "1 +26", "1 +27", "1 +28", "1 +29", "1 +30", "1 page=3"]


async def test_a_call_closed_early_says_the_day_it_closed(world: World, clock: FixedClock) -> None:
    alice, bob = world.person("Alice", timezone="Europe/Paris"), world.person("Bob")
    await _series(world, alice, sessions=1)
    await bob.says("/join 1")
    await alice.says('/call #1 deadline="15 March" "chair, session 1"')
    await alice.says("yes")
    clock.advance(timedelta(days=21))  # Monday 1 February
    await alice.says("/closecall 1")
    out = await bob.text("/answer 1 1")
    assert "closed on 1 February 2027" in out
    assert "15 March" not in out
    assert "Closed on 1 February 2027." in await alice.text("/answers 1")


def test_every_role_name_shown_is_a_role_name_read() -> None:
    for locale in ("en", "fr"):
        for key, label in ROLE_NAMES.items():
            assert role_key(render(label, Audience(locale, "UTC"), str)) == key, (locale, key)


async def test_the_deadline_says_when_it_closes_in_the_reader_zone(world: World) -> None:
    alice = world.person("Alice", timezone="Europe/Paris")
    dan = world.person("Dan", timezone="Asia/Tokyo")
    eve = world.person("Eve", timezone="Europe/Berlin")
    aya = world.person("Aya", "fr", timezone="Asia/Tokyo")
    await _series(world, alice, sessions=1)
    for person in (dan, eve, aya):
        await person.says("/join 1")
    await alice.says('/call #1 deadline="15 March" "chair, session 1"')
    await alice.says("yes")
    # Midnight in Paris at the end of 15 March is 08:00 on the 16th in Tokyo.
    assert "Answer by 15 March 2027 — closes Tuesday 16 March, 08:00 your time." in (
        await dan.text("/calls 1")
    )
    assert "15 mars 2027 — se clôt mardi 16 mars, 08:00, à votre heure" in await aya.text(
        "/calls 1"
    )
    # Berlin's clock is Paris's: nothing to add.
    assert "Answer by 15 March 2027.\n" in await eve.text("/calls 1")
    assert "Answer by 15 March 2027.\n" in await alice.text("/calls 1")
