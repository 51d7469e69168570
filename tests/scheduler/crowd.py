"""Many people at once, inserted in bulk (tests of exactly-once delivery, bench/reminders.py):
a group of N members, each known on a platform, and plans for all of them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, insert
from sqlmodel import col, select

from bot.reminders.plan import Planner
from bot.store.db import Store
from bot.store.models import (
    Announcement,
    Identity,
    InterestCall,
    LearningGroup,
    LearningSession,
    Member,
    Membership,
    Reminder,
    RoleSlot,
)


def crowd(
    store: Store, members: int, now: datetime, *, platforms: tuple[str, ...] = ("telegram",)
) -> int:
    """A group of `members` people with no quiet hours (times stay exact), known on the
    platforms in turn; its id."""
    with store.transaction() as session:
        founder = Member(display_name="Founder", created_at=now)
        session.add(founder)
        session.flush()
        assert founder.id is not None
        group = LearningGroup(
            title=f"Crowd {now.timestamp()}",
            title_key=f"crowd {now.timestamp()}",
            languages="en,fr",
            positions=members + 1,
            invite_code="CROWD",
            created_by=founder.id,
            created_at=now,
        )
        session.add(group)
        session.flush()
        assert group.id is not None
        ids = session.scalars(
            insert(Member).returning(col(Member.id), sort_by_parameter_order=True),
            [
                {
                    "display_name": f"Person {i}",
                    "language": "fr" if i % 2 else "en",
                    "created_at": now,
                    "reminders_off": "",
                    "quiet_hours": "",
                }
                for i in range(members)
            ],
        ).all()
        session.execute(
            insert(Identity),
            [
                {
                    "member_id": member_id,
                    "platform": platforms[i % len(platforms)],
                    "external_id": str(member_id),
                    "workspace": "",
                    "last_seen_at": now,
                }
                for i, member_id in enumerate(ids)
            ],
        )
        session.execute(
            insert(Membership),
            [
                {
                    "group_id": group.id,
                    "member_id": member_id,
                    "status": "active",
                    "role": "member",
                    "takes_seat": True,
                    "since": now,
                }
                for member_id in ids
            ],
        )
        return group.id


def announce(store: Store, group_id: int, due: datetime, now: datetime) -> int:
    """An announcement to the whole group at `due`: one outbox row per member."""
    with store.transaction() as session:
        group = session.get(LearningGroup, group_id)
        assert group is not None
        row = Announcement(
            group_id=group_id, author_id=group.created_by, text="Hello", send_at=due, created_at=now
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        Planner(session, now, "UTC").run({("announcement", row.id, None)})
        planned = select(func.count()).select_from(Reminder)
        return session.exec(planned.where(Reminder.subject_id == row.id)).one()


def session_and_call(store: Store, group_id: int, now: datetime) -> None:
    """A session in 30 days with open roles and a call closing in 20: what a planner of the
    whole group then finds to plan."""
    with store.transaction() as session:
        group = session.get(LearningGroup, group_id)
        assert group is not None
        found = LearningSession(
            group_id=group_id,
            number=1,
            title="Governance",
            starts_at=now + timedelta(days=30),
            timezone="UTC",
            sort_date=(now + timedelta(days=30)).date(),
            created_by=group.created_by,
            created_at=now,
        )
        session.add(found)
        session.flush()
        assert found.id is not None
        session.add(RoleSlot(session_id=found.id, role="chair"))
        deadline = (now + timedelta(days=20)).date()
        session.add(
            InterestCall(
                group_id=group_id,
                title="Volunteers",
                deadline=deadline,
                timezone="UTC",
                closes_at=datetime.combine(deadline + timedelta(days=1), now.timetz()).replace(
                    hour=0, minute=0, second=0, microsecond=0
                ),
                created_by=group.created_by,
                created_at=now,
            )
        )


def plan_group(store: Store, group_id: int, now: datetime) -> None:
    with store.transaction() as session:
        Planner(session, now, "UTC").group(group_id)
