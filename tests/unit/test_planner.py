"""A replan for one member (a claim, an answer, a join) plans exactly what a replan of
everyone plans for that member: the short path reads one member, the long path the group."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlmodel import Session, select

from bot.reminders.plan import Planner
from bot.store import migrate
from bot.store.db import Store
from bot.store.models import (
    CallAnswer,
    CallOption,
    Identity,
    InterestCall,
    LearningGroup,
    LearningSession,
    Member,
    Membership,
    Reminder,
    RoleSlot,
)
from tests.seeds import HYPOTHESIS_SEED

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
ZONES = (None, "Europe/Paris", "America/Bogota", "Asia/Manila", "Pacific/Auckland")
ROLES = ("chair", "discussant", "coblogger", "coblogger")

person = st.fixed_dictionaries(
    {
        "zone": st.sampled_from(ZONES),
        "hint": st.sampled_from(ZONES),
        "quiet": st.sampled_from((None, "", "22:00-07:00", "12:00-14:00")),
        "off": st.sets(st.sampled_from(("calls", "sessions", "duties", "roles"))),
        "status": st.sampled_from(("active", "active", "pending", "waitlisted", None)),
        "facilitator": st.booleans(),
        "answered": st.booleans(),
    }
)
world = st.fixed_dictionaries(
    {
        "people": st.lists(person, min_size=1, max_size=6),
        "holders": st.lists(st.integers(min_value=-1, max_value=5), min_size=4, max_size=4),
        "session_in": st.integers(min_value=0, max_value=40),
        "hour": st.integers(min_value=0, max_value=23),
        "call_in": st.integers(min_value=0, max_value=30),
    }
)
_titles = itertools.count()


def _build(db: Session, spec: dict) -> tuple[int, int, list[int]]:  # type: ignore[type-arg]
    """A group, its people, a session with a board, a call with answers: their ids."""
    founder = Member(display_name="Founder", created_at=NOW)
    db.add(founder)
    db.flush()
    assert founder.id is not None
    title = f"Group {next(_titles)}"
    group = LearningGroup(
        title=title,
        title_key=title.lower(),
        languages="en",
        positions=10,
        invite_code="X",
        created_by=founder.id,
        created_at=NOW,
    )
    db.add(group)
    db.flush()
    assert group.id is not None
    ids: list[int] = []
    for n, who in enumerate(spec["people"]):
        member = Member(
            display_name=f"M{n}",
            timezone=who["zone"],
            quiet_hours=who["quiet"],
            reminders_off=",".join(sorted(who["off"])),
            created_at=NOW,
        )
        db.add(member)
        db.flush()
        assert member.id is not None
        ids.append(member.id)
        db.add(
            Identity(
                member_id=member.id,
                platform="test",
                external_id=f"{group.id}-{n}",
                timezone_hint=who["hint"],
                last_seen_at=NOW,
            )
        )
        if who["status"] is not None:
            role = "facilitator" if who["facilitator"] else "member"
            db.add(
                Membership(
                    group_id=group.id,
                    member_id=member.id,
                    status=who["status"],
                    role=role,
                    since=NOW,
                )
            )
    starts = datetime.combine(
        NOW.date() + timedelta(days=spec["session_in"]), datetime.min.time(), UTC
    ) + timedelta(hours=spec["hour"])
    session = LearningSession(
        group_id=group.id,
        number=1,
        title="Topic",
        starts_at=starts,
        sort_date=starts.date(),
        created_by=founder.id,
        created_at=NOW,
    )
    db.add(session)
    db.flush()
    assert session.id is not None
    for slot, (role, holder) in enumerate(zip(ROLES, spec["holders"], strict=True)):
        taken = ids[holder] if 0 <= holder < len(ids) else None
        db.add(RoleSlot(session_id=session.id, role=role, slot=slot, member_id=taken))
    deadline = NOW.date() + timedelta(days=spec["call_in"])
    call = InterestCall(
        group_id=group.id,
        title="Call",
        deadline=deadline,
        timezone="UTC",
        closes_at=datetime.combine(deadline + timedelta(days=1), datetime.min.time(), UTC),
        created_by=founder.id,
        created_at=NOW,
    )
    db.add(call)
    db.flush()
    assert call.id is not None
    option = CallOption(call_id=call.id, number=1, text="One")
    db.add(option)
    db.flush()
    assert option.id is not None
    for member_id, who in zip(ids, spec["people"], strict=True):
        if who["answered"]:
            db.add(
                CallAnswer(
                    option_id=option.id, member_id=member_id, call_id=call.id, answered_at=NOW
                )
            )
    db.flush()
    return session.id, call.id, ids


def _planned(db: Session) -> set[tuple[str, int, int, datetime]]:
    return {(r.kind, r.subject_id, r.member_id, r.due_at) for r in db.exec(select(Reminder))}


def test_a_replan_for_one_member_plans_what_a_replan_of_everyone_plans_for_them(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    migrate.upgrade(url)
    store = Store(url)

    @seed(HYPOTHESIS_SEED)
    @settings(max_examples=60, deadline=None)
    @given(spec=world)
    def check(spec: dict) -> None:  # type: ignore[type-arg]
        with store.transaction() as db:
            db.execute(delete(Reminder))  # the worlds share a database: one outbox at a time
            session_id, call_id, ids = _build(db, spec)
            planner = Planner(db, NOW, "UTC")
            planner.run({("session", session_id, None), ("call", call_id, None)})
            everyone = _planned(db)
            db.execute(delete(Reminder))
            for member_id in ids:
                planner.run({("session", session_id, member_id), ("call", call_id, member_id)})
            assert _planned(db) == {row for row in everyone if row[2] in ids}

    check()


def test_the_property_sees_worlds_with_reminders(tmp_path: Path) -> None:
    """The worlds above are not all empty: a plain one plans reminders for its members."""
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    migrate.upgrade(url)
    store = Store(url)
    plain = {"zone": None, "hint": None, "quiet": None, "off": set(), "answered": False}
    spec = {
        "people": [
            {**plain, "status": "active", "facilitator": True},
            {**plain, "status": "active", "facilitator": False},
        ],
        "holders": [0, -1, -1, -1],
        "session_in": 30,
        "hour": 14,
        "call_in": 10,
    }
    with store.transaction() as db:
        session_id, call_id, ids = _build(db, spec)
        for member_id in ids:
            Planner(db, NOW, "UTC").run(
                {("session", session_id, member_id), ("call", call_id, member_id)}
            )
        kinds = {(kind, member) for kind, _, member, _ in _planned(db)}
    facilitator, member = ids
    assert ("duty.chair", facilitator) in kinds
    assert ("call.results", facilitator) in kinds
    assert ("call", member) in kinds
    assert ("roles.open", member) in kinds
    assert ("call", facilitator) not in kinds
