"""Planning reminders: the outbox rows (bot.store.models.Reminder) a session, call, product
or announcement calls for, in each recipient's own time.

Rows are derived, never edited by hand: whenever a subject changes, `replan` computes the
rows it calls for now and brings the outbox in line (deletes the pending rows no longer
wanted, adds the missing ones). Only rows still to come are touched: a row already due
belongs to the dispatcher, which checks again at sending time that it is still wanted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import delete, insert
from sqlmodel import Session, col, select

from bot.reminders import timing
from bot.reminders.kinds import (
    ANNOUNCEMENT,
    CALL,
    CALL_KINDS,
    CALL_RESULTS,
    CHAIR,
    DISCUSSANT,
    OPEN_ROLES,
    PRODUCT,
    SESSION,
    SESSION_HOUR,
    SESSION_KINDS,
)
from bot.reminders.recipients import Recipient, active_members, facilitators, offsets, recipients
from bot.store.models import (
    Announcement,
    CallAnswer,
    InterestCall,
    LearningGroup,
    LearningSession,
    Product,
    ProductAuthor,
    Reminder,
    RoleSlot,
)
from bot.store.statuses import IN_WRITING, CallStatus, ReminderStatus, SessionStatus
from bot.views.sessions import guiding_question

Key = tuple[str, int, int, datetime]  # kind, subject, member, due
# "session" | "call" | "call.results" (a call closed early) | "product" | "group", id, member
Subject = tuple[str, int, int | None]


class Planner:
    """Plans for one transaction; `now` and the default zone come from the engine."""

    def __init__(self, session: Session, now: datetime, default_zone: str) -> None:
        self.session = session
        self.now = now
        self.default_zone = default_zone

    def run(self, subjects: Iterable[Subject]) -> None:
        for kind, subject_id, member in sorted(subjects, key=lambda s: (s[0], s[1], s[2] or 0)):
            if kind == "session":
                self.session_(subject_id, member)
            elif kind == "call":
                self.call(subject_id, member)
            elif kind == "call.results":
                found = self.session.get(InterestCall, subject_id)
                if found is not None:
                    self.results_now(found)
            elif kind == "product":
                self.product(subject_id)
            elif kind == "group":
                self.group(subject_id, member)
            elif kind == "announcement":
                written = self.session.get(Announcement, subject_id)
                if written is not None and written.id is not None:
                    self.announcement(written.id, written.group_id, written.send_at)

    def _who(self, member_ids: Iterable[int], only: int | None) -> list[Recipient]:
        ids = [m for m in member_ids if only is None or m == only]
        return recipients(self.session, ids, self.default_zone)

    # -- subjects ------------------------------------------------------------------------

    def session_(self, session_id: int, only: int | None = None) -> None:
        found = self.session.get(LearningSession, session_id)
        wanted: set[Key] = set()
        if found is not None and found.status == SessionStatus.SCHEDULED:
            group = self.session.get(LearningGroup, found.group_id)
            assert group is not None
            wanted = self._session_rows(found, group, only)
        self._sync(SESSION_KINDS, session_id, only, wanted, found.group_id if found else 0)

    def _session_rows(
        self, found: LearningSession, group: LearningGroup, only: int | None
    ) -> set[Key]:
        sid = found.id or 0
        days = offsets(group)
        slots = self.session.exec(select(RoleSlot).where(RoleSlot.session_id == sid)).all()
        holders = {s.member_id for s in slots if s.member_id is not None}
        by_role: dict[str, set[int]] = {}
        for slot in slots:
            if slot.member_id is not None:
                by_role.setdefault(slot.role, set()).add(slot.member_id)
        has_open = any(s.member_id is None for s in slots)
        guided = guiding_question(self.session, sid) is not None
        members = set(active_members(self.session, group.id or 0, only))
        # Who may take an open role: members without one in this session, facilitators aside.
        claimers = members - holders - set(facilitators(self.session, group))
        # Members get the group's reminders; role holders (members or not) their duties.
        everyone = self._who(members | holders, only)
        wanted: set[Key] = set()
        end = found.starts_at or datetime.combine(
            found.sort_date, time(), ZoneInfo(self.default_zone)
        )

        def add(kind: str, who: Recipient, moments: Iterable[datetime]) -> None:
            if who.wants(kind):
                wanted.update((kind, sid, who.member_id, m) for m in moments if self.now < m < end)

        for who in everyone:
            day = (
                found.starts_at.astimezone(ZoneInfo(who.zone)).date()
                if found.starts_at
                else found.sort_date
            )
            member = who.member_id in members
            if found.starts_at is not None and member:
                add(
                    SESSION,
                    who,
                    timing.before_session(
                        found.starts_at, who.zone, days["sessions"], self.now, who.quiet
                    ),
                )
            if found.starts_at is not None and who.member_id in holders:
                last = timing.last_call(found.starts_at, self.now)
                add(SESSION_HOUR, who, [last] if last else [])
            if has_open and who.member_id in claimers:
                add(OPEN_ROLES, who, [who.morning(day - timedelta(days=d)) for d in days["roles"]])
            if who.member_id in by_role.get("discussant", set()) and not guided:
                add(
                    DISCUSSANT,
                    who,
                    [who.morning(day - timedelta(days=d)) for d in days["discussant"]],
                )
            if who.member_id in by_role.get("chair", set()):
                add(CHAIR, who, [who.morning(day - timedelta(days=d)) for d in days["chair"]])
        return wanted

    def call(self, call_id: int, only: int | None = None) -> None:
        found = self.session.get(InterestCall, call_id)
        wanted: set[Key] = set()
        if found is not None and found.status == CallStatus.OPEN and found.closes_at > self.now:
            group = self.session.get(LearningGroup, found.group_id)
            assert group is not None
            answered = set(
                self.session.exec(
                    select(col(CallAnswer.member_id)).where(CallAnswer.call_id == call_id)
                ).all()
            )
            leads = facilitators(self.session, group)  # they opened it: they get the results
            members = [
                m
                for m in active_members(self.session, group.id or 0, only)
                if m not in answered and m not in leads
            ]
            for who in self._who(members, only):
                if who.wants(CALL):
                    for moment in timing.before_deadline(
                        found.deadline, who.zone, offsets(group)["calls"], self.now, who.quiet
                    ):
                        if moment < found.closes_at:
                            wanted.add((CALL, call_id, who.member_id, moment))
            for who in self._who(leads, only):
                moment = timing.outside_quiet_hours(found.closes_at, who.zone, who.quiet)
                wanted.add((CALL_RESULTS, call_id, who.member_id, moment))
        self._sync(CALL_KINDS, call_id, only, wanted, found.group_id if found else 0)

    def results_now(self, call: InterestCall) -> None:
        """A facilitator closed the call early: its results go out at once."""
        group = self.session.get(LearningGroup, call.group_id)
        assert group is not None
        assert call.id is not None
        self._insert(
            {(CALL_RESULTS, call.id, m, self.now) for m in facilitators(self.session, group)},
            call.group_id,
        )

    def product(self, product_id: int) -> None:
        found = self.session.get(Product, product_id)
        wanted: set[Key] = set()
        if found is not None and found.due_date is not None and found.status in IN_WRITING:
            group = self.session.get(LearningGroup, found.group_id)
            assert group is not None
            authors = self.session.exec(
                select(ProductAuthor.member_id).where(ProductAuthor.product_id == product_id)
            ).all()
            for who in recipients(self.session, authors, self.default_zone):
                if who.wants(PRODUCT):
                    wanted.update(
                        (PRODUCT, product_id, who.member_id, m)
                        for m in timing.before_deadline(
                            found.due_date,
                            who.zone,
                            offsets(group)["products"],
                            self.now,
                            who.quiet,
                        )
                    )
        self._sync((PRODUCT,), product_id, None, wanted, found.group_id if found else 0)

    def announcement(self, announcement_id: int, group_id: int, send_at: datetime) -> None:
        """Everyone active in the group, at `send_at` (moved out of their quiet hours)."""
        people = recipients(self.session, active_members(self.session, group_id), self.default_zone)
        rows = {
            (
                ANNOUNCEMENT,
                announcement_id,
                who.member_id,
                max(timing.outside_quiet_hours(send_at, who.zone, who.quiet), self.now),
            )
            for who in people
        }
        self._insert(rows, group_id)

    def group(self, group_id: int, only: int | None = None) -> None:
        """Everything still to come in a group (its offsets changed, a member joined or
        left, a member changed their settings)."""
        today = self.now.date() - timedelta(days=1)
        for sid in self.session.exec(
            select(LearningSession.id).where(
                LearningSession.group_id == group_id,
                LearningSession.status == SessionStatus.SCHEDULED,
                col(LearningSession.sort_date) >= today,
            )
        ).all():
            self.session_(sid or 0, only)
        for cid in self.session.exec(
            select(InterestCall.id).where(
                InterestCall.group_id == group_id, InterestCall.status == CallStatus.OPEN
            )
        ).all():
            self.call(cid or 0, only)
        if only is None:
            for pid in self.session.exec(
                select(Product.id).where(Product.group_id == group_id)
            ).all():
                self.product(pid or 0)
        else:
            for pid in self.session.exec(
                select(Product.id)
                .join(ProductAuthor, col(ProductAuthor.product_id) == Product.id)
                .where(Product.group_id == group_id, ProductAuthor.member_id == only)
            ).all():
                self.product(pid or 0)
        if only is not None and not active_members(self.session, group_id, only):
            # Announcements are planned per member when written: one who left gets none.
            self.session.execute(
                sa.delete(Reminder).where(
                    col(Reminder.group_id) == group_id,
                    col(Reminder.member_id) == only,
                    col(Reminder.kind) == ANNOUNCEMENT,
                    col(Reminder.status) == ReminderStatus.PENDING,
                )
            )

    # -- bringing the outbox in line -----------------------------------------------------

    def _sync(
        self,
        kinds: tuple[str, ...],
        subject_id: int,
        only: int | None,
        wanted: set[Key],
        group_id: int,
    ) -> None:
        query = sa.select(
            col(Reminder.id),
            col(Reminder.kind),
            col(Reminder.subject_id),
            col(Reminder.member_id),
            col(Reminder.due_at),
            col(Reminder.status),
        ).where(
            col(Reminder.kind).in_(kinds),
            col(Reminder.subject_id) == subject_id,
            col(Reminder.due_at) > self.now,
        )
        if only is not None:
            query = query.where(col(Reminder.member_id) == only)
        have: dict[Key, tuple[int, str]] = {
            (kind, subject, member, due): (rid or 0, status)
            for rid, kind, subject, member, due, status in self.session.execute(query).all()
        }
        stale = [
            rid
            for key, (rid, status) in have.items()
            if key not in wanted and status == ReminderStatus.PENDING
        ]
        if stale:
            self.session.execute(delete(Reminder).where(col(Reminder.id).in_(stale)))
        self._insert(wanted - have.keys(), group_id)

    def _insert(self, rows: Iterable[Key], group_id: int) -> None:
        values = [
            {
                "group_id": group_id,
                "kind": kind,
                "subject_id": subject,
                "member_id": member,
                "due_at": due,
                "status": ReminderStatus.PENDING,
            }
            for kind, subject, member, due in sorted(rows)
        ]
        if values:
            self.session.execute(insert(Reminder), values)
