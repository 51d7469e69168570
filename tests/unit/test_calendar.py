"""Sessions in calendars: the .ics a member gets (parsed back with icalendar), its UID kept
and SEQUENCE raised across changes, a cancelled event, the add-to-calendar links, and the
group's feed at its secret address."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import aiohttp
from icalendar import Calendar, Event

from adapters.web import WebServer
from bot.effects import Send
from bot.store.models import LearningGroup
from tests.unit.scenarios import group_of_four, rows
from tests.world import Person, World, replies, sends, show

PARIS = ZoneInfo("Europe/Paris")


def _event(send: Send) -> Event:
    assert send.attachment is not None
    assert send.attachment.mime == "text/calendar"
    assert send.attachment.filename.endswith(".ics")
    events = Calendar.from_ical(send.attachment.content).walk("VEVENT")
    assert len(events) == 1
    return events[0]


async def _file(person: Person, line: str, room: str | None = None) -> Send:
    effects = await person.says(line, room)
    files = [s for s in sends(effects) if s.attachment is not None]
    assert len(files) == 1, show(effects)
    assert files[0].to.id == person.user_id  # always the person's own private chat
    return files[0]


async def test_a_session_event_keeps_its_uid_and_raises_its_sequence(world: World) -> None:
    alice, bob, carol, _ = await group_of_four(world)
    first = _event(await _file(bob, "/calendar 2"))
    assert first.decoded("dtstart") == datetime(2027, 2, 12, 14, tzinfo=PARIS)
    assert first["dtstart"].params["TZID"] == "Europe/Paris"
    assert first.decoded("dtend") == datetime(2027, 2, 12, 15, 30, tzinfo=PARIS)
    assert str(first["summary"]) == "Purchasing — session 2: Governance"
    assert str(first["status"]) == "CONFIRMED"
    assert int(first["sequence"]) == 0
    uid = str(first["uid"])

    await carol.says("/claim chair 2")
    claimed = _event(await _file(bob, "/calendar 2"))
    assert "chair: Carol" in str(claimed["description"])
    assert int(claimed["sequence"]) == 1
    await alice.says('/editsession 2 when="19 February 2027 15:00" link=https://meet.example.org/g')
    moved = _event(await _file(bob, "/calendar 2"))
    assert str(moved["uid"]) == uid
    assert int(moved["sequence"]) == 2
    assert moved.decoded("dtstart") == datetime(2027, 2, 19, 15, tzinfo=PARIS)
    assert str(moved["location"]) == "https://meet.example.org/g"

    await alice.says("/cancelsession 2")
    group = rows(world.engine, LearningGroup)[0]
    assert group.calendar_token is not None
    feed = await world.engine.calendar_feed(group.calendar_token)
    assert feed is not None
    (cancelled,) = Calendar.from_ical(feed).walk("VEVENT")
    assert str(cancelled["uid"]) == uid
    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) == 3


async def test_the_whole_group_and_the_links_that_add_a_session(world: World) -> None:
    alice, bob, _, _ = await group_of_four(world)
    await alice.says('/schedule #1 Strategy when="5 March 2027 10:00"')
    calendar = await _file(bob, "/calendar")
    events = Calendar.from_ical(calendar.attachment.content).walk("VEVENT")  # type: ignore[union-attr]
    # Sessions with an exact time only: "end of April" has none yet.
    assert [str(e["summary"]) for e in events] == [
        "Purchasing — session 2: Governance",
        "Purchasing — session 3: Strategy",
    ]
    assert "/calendar/" in show(replies(await bob.says("/calendar")))

    card = await bob.says("/session 2")
    links = {b.label.id: b.url for r in replies(card) for b in r.buttons if b.url}
    google = parse_qs(urlsplit(links["Add to Google Calendar"] or "").query)
    assert google["dates"] == ["20270212T130000Z/20270212T143000Z"]
    assert google["text"] == ["Purchasing — session 2: Governance"]
    outlook = parse_qs(urlsplit(links["Add to Outlook"] or "").query)
    assert outlook["startdt"] == ["2027-02-12T13:00:00+00:00"]

    refused = await bob.says("/calendar 1")
    assert "no exact time yet" in show(refused)
    assert not [s for s in sends(refused) if s.attachment is not None]


async def test_in_the_groups_language_and_sent_privately_from_a_shared_chat(
    world: World,
) -> None:
    amina = world.person("Amina", language="fr", timezone="Africa/Dakar")
    await amina.says("/nouveaugroupe Achats places=10 langues=fr,en")
    await amina.says('/programmer #1 Gouvernance quand="12/02/2027 14h"')
    await amina.says("/lierdiscussion #1", room="achats")
    effects = await amina.says("/calendrier 1", room="achats")
    assert "Je vous ai envoyé le fichier en message privé." in show(replies(effects))
    sent = next(s for s in sends(effects) if s.attachment is not None)
    assert sent.to.id == amina.user_id
    event = _event(sent)
    assert str(event["summary"]) == "Achats — séance 1 : Gouvernance"
    assert event.decoded("dtstart") == datetime(2027, 2, 12, 14, tzinfo=ZoneInfo("Africa/Dakar"))


async def test_the_feed_answers_404_to_a_wrong_or_changed_token(world: World) -> None:
    alice, bob, _, _ = await group_of_four(world)
    await bob.says("/calendar")
    old = rows(world.engine, LearningGroup)[0].calendar_token
    assert old is not None
    server = WebServer("127.0.0.1", 0)
    server.add_calendar(world.engine.calendar_feed)
    await server.start()
    base = f"http://127.0.0.1:{server.port}/calendar"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/{old}.ics") as answer:
                assert answer.status == 200
                assert answer.content_type == "text/calendar"
                assert b"BEGIN:VCALENDAR" in await answer.read()
            async with http.get(f"{base}/{old[:-1]}x.ics") as answer:
                assert answer.status == 404
            assert "Only a facilitator" in await bob.text("/newcalendarlink #1")
            out = await alice.text("/newcalendarlink #1")
            assert "the old one no longer works" in out
            new = rows(world.engine, LearningGroup)[0].calendar_token
            assert new is not None
            assert new != old
            assert new in out
            async with http.get(f"{base}/{old}.ics") as answer:
                assert answer.status == 404
            async with http.get(f"{base}/{new}.ics") as answer:
                assert answer.status == 200
            async with http.get(f"{base}/..%2F{new}.ics") as answer:
                assert answer.status == 404
    finally:
        await server.stop()
