"""Reminders end to end with a moved clock: planned from what people do, sent at each
member's own local time and in their language, updated or cancelled by later changes."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.reminders import kinds
from bot.store.models import Reminder
from tests.scheduler.postbox import Postbox, to_whom
from tests.world import Person, World


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture
def postbox(world: World, clock: FixedClock) -> Postbox:
    return Postbox(world.engine, clock)


async def _people(world: World) -> tuple[Person, Person, Person, Person]:
    """Alice (Paris) facilitates "Purchasing"; Bob (Dakar, French), Carol (Buenos Aires)
    and Dan (Tokyo) are members."""
    alice = world.person("Alice", timezone="Europe/Paris")
    bob = world.person("Bob", language="fr", timezone="Africa/Dakar")
    carol = world.person("Carol", timezone="America/Argentina/Buenos_Aires")
    dan = world.person("Dan", timezone="Asia/Tokyo")
    await alice.says("/newgroup Purchasing positions=30 languages=en,fr")
    for person in (bob, carol, dan):
        await person.says("/join 1")
    return alice, bob, carol, dan


# -- calls for interest --------------------------------------------------------------------


async def test_call_reminders_until_answered_then_results_to_facilitators(
    world: World, postbox: Postbox
) -> None:
    alice, bob, carol, dan = await _people(world)
    await alice.says('/call #1 deadline="15 March" "hosting a webinar" "writing the blog"')
    await alice.says("yes")
    assert len(postbox.planned(kinds.CALL)) == 9  # 7, 2 and 0 days before, to each member
    await carol.says("/answer 1 1")
    assert {r.member_id for r in postbox.planned(kinds.CALL)} == {2, 4}  # Bob and Dan

    got = await postbox.until(utc(2027, 3, 17))
    reminders = [d for d in got if d.to != alice.user_id]
    # 09:00 where each one lives: Dakar is UTC, Tokyo UTC+9.
    assert to_whom(reminders) == [
        (dan.user_id, utc(2027, 3, 8, 0)),
        (bob.user_id, utc(2027, 3, 8, 9)),
        (dan.user_id, utc(2027, 3, 13, 0)),
        (bob.user_id, utc(2027, 3, 13, 9)),
        (dan.user_id, utc(2027, 3, 15, 0)),
        (bob.user_id, utc(2027, 3, 15, 9)),
    ]
    assert (
        "Rappel de « Purchasing » : répondez avant le 15 mars 2027 — se clôt lundi 15 mars,"
        " 23:00, à votre heure." in reminders[1].text
    )  # Bob is in Dakar, an hour behind Paris
    assert (
        "Reminder from “Purchasing”: reply by 15 March 2027 — closes Tuesday 16 March, 08:00"
        " your time." in reminders[0].text
    )  # Dan is in Tokyo
    assert [b.command for b in reminders[0].send.buttons] == ["answer", "answer"]
    # The call closes at the end of 15 March in Paris (23:00 UTC), in Alice's quiet hours:
    # she gets the results at 08:00 her time.
    results = [d for d in got if d.to == alice.user_id]
    assert to_whom(results) == [(alice.user_id, utc(2027, 3, 16, 7))]
    assert "Call 1 of “Purchasing” is closed. The answers:" in results[0].text
    assert "1. hosting a webinar: Carol" in results[0].text
    assert "Not answered: Bob and Dan" in results[0].text


async def test_closing_a_call_early_cancels_reminders_and_sends_results(
    world: World, postbox: Postbox
) -> None:
    alice, bob, *_ = await _people(world)
    await alice.says('/call #1 deadline="15 March" "hosting a webinar"')
    await alice.says("yes")
    await bob.says("/answer 1 none")  # answering "none" is not an answer: reminders stay
    assert len(postbox.planned(kinds.CALL)) == 9
    await alice.says("/closecall 1")
    assert postbox.planned(kinds.CALL) == []
    got = await postbox.until(utc(2027, 1, 11, 9, 1))
    assert to_whom(got) == [(alice.user_id, utc(2027, 1, 11, 9))]
    assert "Call 1 of “Purchasing” is closed." in got[0].text
    assert await postbox.until(utc(2027, 4, 1)) == []


# -- sessions and role duties --------------------------------------------------------------


async def test_session_reminders_follow_roles_and_rescheduling(
    world: World, postbox: Postbox
) -> None:
    alice, bob, carol, dan = await _people(world)
    await alice.says(
        '/schedule #1 Governance when="12 February 2027 14:00" link=https://meet.example.org/g'
    )
    await bob.says("/claim chair 1")
    await carol.says("/claim discussant 1")
    assert {r.member_id for r in postbox.planned(kinds.SESSION_HOUR)} == {2, 3}
    assert [r.member_id for r in postbox.planned(kinds.DISCUSSANT)] == [3]
    # Moved a week later: every reminder moves with it.
    await alice.says('/editsession 1 when="19 February 2027 15:00"')  # 14:00 UTC
    assert {r.due_at for r in postbox.planned(kinds.SESSION_HOUR)} == {utc(2027, 2, 19, 13)}
    # Carol steps down; Dan takes over: her duty reminders go, his come.
    await carol.says("/release discussant 1")
    assert postbox.planned(kinds.DISCUSSANT) == []
    await dan.says("/claim discussant 1")
    assert [r.member_id for r in postbox.planned(kinds.DISCUSSANT)] == [4]

    got = await postbox.until(utc(2027, 2, 20))
    # Three weeks before, one nudge while roles are open, at 09:00 local, to those who could
    # take one: not the facilitator (Alice), not Bob and Dan, who hold a role there already.
    nudges = [d for d in got if "still has open roles" in d.text or "rôles ouverts" in d.text]
    assert to_whom(nudges) == [(carol.user_id, utc(2027, 1, 29, 12))]
    assert {b.command for b in nudges[0].send.buttons} == {"claim"}
    chair = [d for d in got if d.text.startswith("Vous présidez la séance 1")]
    assert to_whom(chair) == [(bob.user_id, utc(2027, 2, 5, 9))]  # 14 days before
    duty = [d for d in got if "guiding question is due" in d.text]
    assert to_whom(duty) == [(dan.user_id, utc(2027, 2, 12, 0))]  # 7 days before, Tokyo
    # 7 days and 1 day before, to everyone; at 23:00 in Tokyo Dan gets his at 08:00.
    upcoming = [d for d in got if "is on" in d.text or "aura lieu" in d.text]
    assert sorted(to_whom(upcoming)) == sorted(
        [
            (alice.user_id, utc(2027, 2, 12, 14)),
            (bob.user_id, utc(2027, 2, 12, 14)),
            (carol.user_id, utc(2027, 2, 12, 14)),
            (dan.user_id, utc(2027, 2, 12, 23)),
            (alice.user_id, utc(2027, 2, 18, 14)),
            (bob.user_id, utc(2027, 2, 18, 14)),
            (carol.user_id, utc(2027, 2, 18, 14)),
            (dan.user_id, utc(2027, 2, 18, 23)),
        ]
    )
    # The first of them brings the session's calendar event, at its new time; not the next.
    for person in (alice, bob, carol, dan):
        first, second = sorted((d for d in upcoming if d.to == person.user_id), key=lambda d: d.at)
        assert second.send.attachment is None
        assert first.send.attachment is not None
        event = Calendar.from_ical(first.send.attachment.content).walk("VEVENT")[0]
        assert event.decoded("dtstart") == datetime(
            2027, 2, 19, 15, tzinfo=ZoneInfo("Europe/Paris")
        )
        assert str(event["uid"]) == "convener-session-1@convener"
    # One hour before, role holders only, quiet hours or not (22:00 in Tokyo), with the link.
    last = [d for d in got if "one hour" in d.text or "dans une heure" in d.text]
    assert sorted(to_whom(last)) == [
        (bob.user_id, utc(2027, 2, 19, 13)),
        (dan.user_id, utc(2027, 2, 19, 13)),
    ]
    assert "Meeting link: https://meet.example.org/g" in next(
        d.text for d in last if d.to == dan.user_id
    )
    assert "Lien de la réunion : https://meet.example.org/g" in next(
        d.text for d in last if d.to == bob.user_id
    )


async def test_guiding_question_filled_roles_and_cancelling_cancel_reminders(
    world: World, postbox: Postbox
) -> None:
    alice, bob, carol, dan = await _people(world)
    await alice.says('/schedule #1 Governance when="12 February 2027 14:00"')
    await carol.says("/claim discussant 1")
    await bob.says("/ask 1 How do you pay providers for results?")
    await carol.says("/guiding 1")
    assert postbox.planned(kinds.DISCUSSANT) == []
    # Open roles: a nudge to Bob and Dan, who hold none there (not Carol, nor Alice, the
    # facilitator); every role taken: none; one released: back for the one who holds none.
    assert {r.member_id for r in postbox.planned(kinds.OPEN_ROLES)} == {2, 4}
    await alice.says("/slots 1 coblogger=1")
    await bob.says("/claim chair 1")
    await dan.says("/claim focal 1")
    await alice.says("/claim coblogger 1")
    assert postbox.planned(kinds.OPEN_ROLES) == []
    await dan.says("/release focal 1")
    assert {r.member_id for r in postbox.planned(kinds.OPEN_ROLES)} == {4}
    # A facilitator's assignment fills and empties the board as a claim does (Bob's second
    # role: Dan, who holds none, hears of open roles as the board changes).
    await alice.says("/assign focal 1 Bob")
    assert postbox.planned(kinds.OPEN_ROLES) == []
    await alice.says("/unassign focal 1 Bob")
    assert {r.member_id for r in postbox.planned(kinds.OPEN_ROLES)} == {4}
    await alice.says("/cancelsession 1")
    assert [r for r in postbox.planned() if r.kind in kinds.SESSION_KINDS] == []


# -- products, member settings -------------------------------------------------------------


async def test_products_opt_out_and_quiet_hours(world: World, postbox: Postbox) -> None:
    alice, bob, carol, _ = await _people(world)
    await alice.says('/newproduct #1 Synthesis paper due="1 March" authors=Bob,Carol')
    assert len(postbox.planned(kinds.PRODUCT)) == 4
    out = await bob.text("/remind off products")
    assert "désactivé — produits" in out
    assert {r.member_id for r in postbox.planned(kinds.PRODUCT)} == {3}
    assert "10:00" in await carol.text("/remind quiet 8h-10h")
    assert "is not a kind of reminder" in await carol.text("/remind off pizzas")
    assert "Change them like this" in await carol.text("/remind quiet 25:00-07:00")
    got = await postbox.until(utc(2027, 2, 23))
    # 09:00 in Buenos Aires falls in Carol's quiet hours: 10:00 (13:00 UTC) instead.
    assert to_whom(got) == [(carol.user_id, utc(2027, 2, 22, 13))]
    assert "Reminder: “Synthesis paper” (Purchasing) is due on 1 March 2027." in got[0].text
    await carol.says("/updateproduct 1 status=submitted")
    assert postbox.planned(kinds.PRODUCT) == []
    assert await postbox.until(utc(2027, 3, 2)) == []
    # Turning a kind back on brings its reminders back.
    await bob.says("/remind on all")
    assert "activé — produits" in await bob.text("/remind")


async def test_a_new_time_zone_moves_the_members_reminders(world: World, postbox: Postbox) -> None:
    alice, bob, carol, _ = await _people(world)
    await alice.says('/call #1 deadline="15 March" "hosting a webinar"')
    await alice.says("yes")
    before = {r.due_at for r in postbox.planned(kinds.CALL) if r.member_id == 2}
    assert utc(2027, 3, 8, 9) in before
    await bob.says("/profile timezone Asia/Tokyo")
    after = {r.due_at for r in postbox.planned(kinds.CALL) if r.member_id == 2}
    assert after == {utc(2027, 3, 8, 0), utc(2027, 3, 13, 0), utc(2027, 3, 15, 0)}
    # Carol's chat app now reports another zone (she travelled): her mornings follow.
    carol.timezone = "Europe/Paris"
    await carol.says("/calls 1")
    moved = {r.due_at for r in postbox.planned(kinds.CALL) if r.member_id == 3}
    assert moved == {utc(2027, 3, 8, 8), utc(2027, 3, 13, 8), utc(2027, 3, 15, 8)}


# -- announcements, the facilitators' view -------------------------------------------------


async def test_announcements_now_and_later(world: World, postbox: Postbox) -> None:
    alice, bob, carol, dan = await _people(world)
    eve = world.person("Eve", timezone="Pacific/Auckland")  # 22:00 there: quiet hours
    await eve.says("/join 1")
    out = await alice.text("/announce #1 Room changed: <b>bring</b> & notes")
    assert "goes to 5 members of “Purchasing” now" in out
    got = await postbox.until(utc(2027, 1, 11, 9))
    # 06:00 in Buenos Aires and 22:00 in Auckland: Carol and Eve are in their quiet hours.
    assert {d.to for d in got} == {alice.user_id, bob.user_id, dan.user_id}
    assert "Room changed: <b>bring</b> & notes" in got[0].text
    assert "Annonce de Alice à « Purchasing » :" in next(d.text for d in got if d.to == bob.user_id)
    got = await postbox.until(utc(2027, 1, 12))
    assert to_whom(got) == [
        (carol.user_id, utc(2027, 1, 11, 11)),  # 08:00 in Buenos Aires
        (eve.user_id, utc(2027, 1, 11, 19)),  # 08:00 in Auckland
    ]

    out = await alice.text('/announce #1 at="20 January 2027 10:00" Deadline next week')
    assert "on Wednesday 20 January 2027, 10:00 Central European Time" in out
    assert "Seul un facilitateur" in await bob.text("/announce #1 Hello")
    assert "What should I tell the group?" in await alice.text("/announce #1")
    assert "is already past" in await alice.text('/announce #1 at="1 January 2027 10:00" Hi')
    listing = await alice.text("/reminders #1")
    assert "announcement 2: “Deadline next week”, to 5 people" in listing
    assert "calls=7,2,0 sessions=7,1" in listing
    assert "withdraw it with /unannounce 2" in out
    await alice.says('/announce #1 at="21 January 2027 10:00" Oops, wrong group')
    assert "Seul un facilitateur" in await bob.text("/unannounce 3")
    assert "5 people will not get it" in await alice.text("/unannounce 3")
    assert "has already gone out" in await alice.text("/unannounce 1")
    assert "Which announcement?" in await alice.text("/unannounce soon")
    mine = await carol.text("/remind")
    assert "Your next reminders:" in mine
    assert "announcement 2: “Deadline next week” (“Purchasing”)" in mine
    await dan.says("/leave 1")  # who left the group before it goes out does not get it
    got = await postbox.until(utc(2027, 1, 21))
    assert {d.to for d in got} == {alice.user_id, bob.user_id, carol.user_id, eve.user_id}
    assert {d.at for d in got if d.to not in (eve.user_id, carol.user_id)} == {utc(2027, 1, 20, 9)}


async def test_facilitators_change_offsets(world: World, postbox: Postbox) -> None:
    alice, bob, *_ = await _people(world)
    await alice.says('/call #1 deadline="15 March" "hosting a webinar"')
    await alice.says("yes")
    assert "Seul un facilitateur" in await bob.text("/reminders #1 calls=1")
    assert "from 0 to 60" in await alice.text("/reminders #1 calls=99")
    assert "from 0 to 60" in await alice.text("/reminders #1 calls=soon")
    out = await alice.text("/reminders #1 calls=3")
    assert "calls=3 sessions=7,1" in out
    assert {r.due_at for r in postbox.planned(kinds.CALL) if r.member_id == 2} == {
        utc(2027, 3, 12, 9)
    }


# -- delivery outcomes, restarts -----------------------------------------------------------


async def test_unreachable_members_are_skipped_and_counted(world: World, postbox: Postbox) -> None:
    alice, bob, *_ = await _people(world)
    postbox.refuse.add(bob.user_id)
    await alice.says("/announce #1 Hello")
    await postbox.until(utc(2027, 1, 12))
    assert postbox.dispatcher.counts["unreachable"] == 1
    assert postbox.dispatcher.counts["sent"] == 3
    with Session(world.engine.store.engine) as session:
        statuses = {r.member_id: r.status for r in session.exec(select(Reminder)).all()}
    assert statuses == {1: "sent", 2: "skipped", 3: "sent", 4: "sent"}


async def test_restart_catches_up_within_the_grace_period_only(
    world: World, postbox: Postbox, caplog: pytest.LogCaptureFixture
) -> None:
    alice, *_ = await _people(world)
    await alice.says('/announce #1 at="12 January 2027 10:00" Old news')
    await alice.says('/announce #1 at="14 January 2027 10:00" Fresh news')
    # The bot was down from the 11th to the 14th, 13:00 UTC: the first is two days late
    # (dropped, logged), the second three hours late (sent now).
    postbox.to(utc(2027, 1, 14, 12))
    with caplog.at_level(logging.WARNING):
        await postbox.dispatcher.run_due()
    assert "dropped 4 reminders that fell due more than 12:00:00 ago" in caplog.text
    assert [d.text.splitlines()[1] for d in postbox.got] == ["Fresh news"] * 4
    assert postbox.dispatcher.counts["late"] == 4
    await postbox.dispatcher.run_due()  # nothing twice
    assert len(postbox.got) == 4


async def test_a_reminder_already_due_survives_a_replan(world: World, postbox: Postbox) -> None:
    """A row that fell due but is not sent yet belongs to the dispatcher: a change at that
    very moment does not delete it."""
    alice, bob, *_ = await _people(world)
    await alice.says('/schedule #1 Governance when="12 February 2027 14:00"')
    nudge = min(r.due_at for r in postbox.planned(kinds.OPEN_ROLES))
    postbox.to(nudge + timedelta(seconds=5))
    await bob.says("/claim chair 1")  # replans the session while the nudge is due
    await postbox.dispatcher.run_due()
    assert any("open roles" in d.text for d in postbox.got)


async def test_an_event_has_one_instant_even_on_a_running_clock(world: World) -> None:
    """A clock read twice while handling one event must not disagree with itself ("now"
    announcements were once reported as planned for a later minute)."""

    class Ticking(FixedClock):
        def now(self) -> datetime:
            self.advance(timedelta(microseconds=1))
            return super().now()

    world.engine.clock = Ticking(utc(2027, 1, 11, 9))
    alice, *_ = await _people(world)
    assert "now (in the morning" in await alice.text("/announce #1 Hello")


async def test_writing_a_reminder_only_reads(world: World, clock: FixedClock) -> None:
    """Every due reminder is composed (a call's reminder, its results past the deadline, a
    session's board) in a transaction that is then checked: nothing added, changed or
    deleted. Closing the calls whose deadline passed is the scheduler's own step."""
    from bot.reminders.texts import compose, prefetch

    alice, _bob, _carol, _dan = await _people(world)
    await alice.says('/schedule #1 Governance when="20 March 2027 14:00"')
    await alice.says('/call #1 deadline="15 March" "hosting a webinar"')
    await alice.says("yes")
    clock.advance(timedelta(days=90))  # past the deadline and the session
    with Session(world.engine.store.engine) as session:
        rows = list(session.exec(select(Reminder)).all())
        kinds_seen = {r.kind for r in rows}
        assert {kinds.CALL, kinds.CALL_RESULTS, kinds.SESSION} <= kinds_seen
        loaded = prefetch(session, rows)
        for row in rows:
            compose(session, row, clock.now(), world.engine.settings, loaded)
            assert not session.new, row.kind
            assert not session.dirty, row.kind
            assert not session.deleted, row.kind
