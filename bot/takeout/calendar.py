"""Sessions as calendar events (RFC 5545, with the icalendar library): a file for one
session or a whole group, the group's feed that calendar apps subscribe to, and the links
that add a session to Google Calendar or Outlook.

An event's UID is the session's, so a calendar that imports it again, or follows the
feed, updates the event it has; SEQUENCE is raised by every change people would see
(`LearningSession.sequence`), and a cancelled session stays in the feed, STATUS:CANCELLED,
so subscribers see it go."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from bot.effects import Attachment, Audience
from bot.i18n import plain
from bot.store.models import LearningGroup, LearningSession
from bot.store.statuses import SessionStatus
from bot.text import ListOf, Text, Verbatim, lines, t
from bot.views.roles import role_label
from bot.views.sessions import guiding_question, holder_name, role_holders

# Sessions have a start, not an end: a webinar's usual length stands for it.
LENGTH = timedelta(minutes=90)
PRODID = "-//Convener//Learning groups//EN"
MIME = "text/calendar"
# Characters of the description carried in an "add to calendar" link (a button's URL
# must stay short enough for every platform).
LINK_DETAILS = 500


def uid(session: LearningSession) -> str:
    return f"convener-session-{session.id}@convener"


def timed(db: Session, group: LearningGroup) -> list[LearningSession]:
    """The group's sessions with an exact time, cancelled ones too (a feed shows them go)."""
    return list(
        db.exec(
            select(LearningSession)
            .where(
                LearningSession.group_id == group.id,
                col(LearningSession.starts_at).is_not(None),
            )
            .order_by(col(LearningSession.starts_at), col(LearningSession.number))
        ).all()
    )


def group_audience(group: LearningGroup, zone: str) -> Audience:
    """The group's working language: calendar texts are shared by all who subscribe."""
    return Audience((group.language_codes or ["en"])[0], zone)


def summary(group: LearningGroup, session: LearningSession) -> Text:
    return t(
        "{group} — session {number}: {title}",
        group=group.title,
        number=session.number,
        title=session.title,
    )


def details(db: Session, session: LearningSession) -> list[Text | Verbatim]:
    """What the event's description says: the session's text, who holds each role, its
    guiding question, its link."""
    items: list[Text | Verbatim] = []
    if session.description:
        items.append(Verbatim(session.description))
    for role, holders in role_holders(db, session).items():
        names = ListOf(tuple(holder_name(role, m) for m in holders))
        items.append(t("{role}: {holders}", role=role_label(role), holders=names))
    guiding = guiding_question(db, session.id)
    if guiding is not None:
        items.append(t("Guiding question: {text} ({name})", text=guiding.text, name=guiding.author))
    if session.link:
        items.append(t("Meeting link: {link}", link=session.link))
    return items


def _text(items: list[Text | Verbatim], audience: Audience) -> str:
    return plain(lines(*items), audience)


def event(
    db: Session, group: LearningGroup, session: LearningSession, now: datetime, zone: str
) -> Event:
    assert session.starts_at is not None
    where = ZoneInfo(session.timezone or zone)
    audience = group_audience(group, session.timezone or zone)
    start = session.starts_at.astimezone(where)
    found = Event()
    found.add("uid", uid(session))
    found.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
    found.add("dtstart", start)
    found.add("dtend", start + LENGTH)
    found.add("sequence", session.sequence)
    found.add("summary", plain(summary(group, session), audience))
    description = _text(details(db, session), audience)
    if description:
        found.add("description", description)
    if session.link:
        found.add("location", session.link)
        found.add("url", session.link)
    cancelled = session.status == SessionStatus.CANCELLED
    found.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return found


def calendar(
    db: Session,
    group: LearningGroup,
    sessions: list[LearningSession],
    now: datetime,
    zone: str,
) -> bytes:
    """One calendar file: an event per session with an exact time, its time zones."""
    found = Calendar()
    found.add("prodid", PRODID)
    found.add("version", "2.0")
    found.add("calscale", "GREGORIAN")
    found.add("method", "PUBLISH")
    found.add("x-wr-calname", group.title)
    for session in sessions:
        if session.starts_at is not None:
            found.add_component(event(db, group, session, now, zone))
    found.add_missing_timezones()
    data: bytes = found.to_ical()
    return data


def attachment(
    db: Session,
    group: LearningGroup,
    sessions: list[LearningSession],
    now: datetime,
    zone: str,
) -> Attachment:
    name = f"session-{sessions[0].number}" if len(sessions) == 1 else "sessions"
    return Attachment(
        f"group-{group.id}-{name}.ics", calendar(db, group, sessions, now, zone), MIME
    )


def _utc(instant: datetime) -> str:
    return instant.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def add_links(group: LearningGroup, session: LearningSession, zone: str) -> tuple[str, str]:
    """Links that open a new event, filled in, in Google Calendar and in Outlook on the web
    (Microsoft 365, where ministries keep their calendars)."""
    assert session.starts_at is not None
    audience = group_audience(group, session.timezone or zone)
    # The session's own words and link: who holds which role changes, and a link is a
    # copy that never updates (the file and the feed carry the holders).
    return _links(
        plain(summary(group, session), audience),
        session.starts_at,
        session.description,
        session.link,
        audience.timezone,
    )


# Every board shown carries them, and a board is shown far more often than its session
# changes: the same session's links are built once.
@functools.lru_cache(maxsize=512)
def _links(
    title: str, start: datetime, description: str | None, link: str | None, zone: str
) -> tuple[str, str]:
    body = "\n".join(filter(None, [description, link]))[:LINK_DETAILS]
    end = start + LENGTH
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{_utc(start)}/{_utc(end)}",
            "details": body,
            "location": link or "",
            "ctz": zone,
        }
    )
    outlook = "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": title,
            "startdt": start.astimezone(ZoneInfo("UTC")).isoformat(),
            "enddt": end.astimezone(ZoneInfo("UTC")).isoformat(),
            "body": body,
            "location": link or "",
        }
    )
    return google, outlook
