"""Planning reminders: the outbox rows (bot.store.models.Reminder) a session, call, product
or announcement calls for, in each recipient's own time.

Rows are derived, never edited by hand: whenever a subject changes, `replan` computes the
rows it calls for now and brings the outbox in line (deletes the pending rows no longer
wanted, adds the missing ones). Only rows still to come are touched: a row already due
belongs to the dispatcher, which checks again at sending time that it is still wanted.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import Session

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
from bot.reminders.recipients import (
    Recipient,
    active_members,
    facilitators,
    offsets,
    recipients,
    standing,
)
from bot.store.core import columns, load, run, run_many, table
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
# A group's active members, those who get its calls' results, settings already read.
People = tuple[set[int], set[int], dict[int, Recipient]]

_SLOT = columns(RoleSlot)
_ANSWER = columns(CallAnswer)
_SESSION = columns(LearningSession)
_CALL = columns(InterestCall)
_PRODUCT = columns(Product)
_AUTHOR = columns(ProductAuthor)
_REMINDER = columns(Reminder)
_SLOTS = sa.select(_SLOT.role, _SLOT.member_id).where(_SLOT.session_id == bindparam("session"))
_ANSWERED = sa.select(_ANSWER.member_id).where(_ANSWER.call_id == bindparam("call"))
_ANSWERED_ONE = _ANSWERED.where(_ANSWER.member_id == bindparam("member"))
_AUTHORS = sa.select(_AUTHOR.member_id).where(_AUTHOR.product_id == bindparam("product"))
_SESSIONS_TO_COME = sa.select(_SESSION.id).where(
    _SESSION.group_id == bindparam("group"),
    _SESSION.status == SessionStatus.SCHEDULED.value,
    _SESSION.sort_date >= bindparam("today"),
)
_OPEN_CALLS = sa.select(_CALL.id).where(
    _CALL.group_id == bindparam("group"), _CALL.status == CallStatus.OPEN.value
)
_PRODUCTS = sa.select(_PRODUCT.id).where(_PRODUCT.group_id == bindparam("group"))
_PRODUCTS_OF = (
    sa.select(_PRODUCT.id)
    .join(table(ProductAuthor), _AUTHOR.product_id == _PRODUCT.id)
    .where(_PRODUCT.group_id == bindparam("group"), _AUTHOR.member_id == bindparam("member"))
)
_ANNOUNCEMENTS_OF = sa.delete(table(Reminder)).where(
    _REMINDER.group_id == bindparam("group"),
    _REMINDER.member_id == bindparam("member"),
    _REMINDER.kind == ANNOUNCEMENT,
    _REMINDER.status == ReminderStatus.PENDING.value,
)


@functools.cache
def _planned(kinds: tuple[str, ...], one_member: bool) -> sa.Select[Any]:
    """The rows still to come of a subject's kinds (its kinds written out, not a list bound
    at run time: the statement is then prepared once)."""
    query = sa.select(
        _REMINDER.id,
        _REMINDER.kind,
        _REMINDER.subject_id,
        _REMINDER.member_id,
        _REMINDER.due_at,
        _REMINDER.status,
    ).where(
        sa.or_(*(_REMINDER.kind == kind for kind in kinds)),
        _REMINDER.subject_id == bindparam("subject"),
        _REMINDER.due_at > bindparam("now"),
    )
    return query.where(_REMINDER.member_id == bindparam("member")) if one_member else query


_DROP = sa.delete(table(Reminder)).where(_REMINDER.id == bindparam("id"))
_ADD = sa.insert(table(Reminder))


class Planner:
    """Plans for one transaction; `now` and the default zone come from the engine."""

    def __init__(self, session: Session, now: datetime, default_zone: str) -> None:
        self.session = session
        self.now = now
        self.default_zone = default_zone
        # Who is in each group, read once per run: a group's replan visits all its sessions
        # and calls, and nothing changes memberships while the planner runs.
        self._people_of: dict[tuple[int, int | None], People] = {}

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

    def _people(self, group: LearningGroup, only: int | None) -> People:
        """The group's active members and those who get its calls' results, or only
        `only` among them, with that member's settings read in the same statement."""
        key = (group.id or 0, only)
        if key not in self._people_of:
            self._people_of[key] = self._read_people(group, only)
        return self._people_of[key]

    def _read_people(self, group: LearningGroup, only: int | None) -> People:
        if only is None:
            members = set(active_members(self.session, group.id or 0))
            return members, set(facilitators(self.session, group)), {}
        found = standing(self.session, group, only, self.default_zone)
        if found is None:
            return set(), set(), {}
        members = {only} if found.active else set()
        return members, {only} if found.leads else set(), {only: found.recipient}

    def _who(
        self, member_ids: Iterable[int], only: int | None, known: dict[int, Recipient]
    ) -> list[Recipient]:
        if only is not None:
            return [known[only]] if only in member_ids and only in known else []
        return recipients(self.session, member_ids, self.default_zone)

    # -- subjects ------------------------------------------------------------------------

    def session_(self, session_id: int, only: int | None = None) -> None:
        found = load(self.session, LearningSession, session_id)
        wanted: set[Key] = set()
        if found is not None and found.status == SessionStatus.SCHEDULED:
            group = load(self.session, LearningGroup, found.group_id)
            assert group is not None
            wanted = self._session_rows(found, group, only)
        self._sync(SESSION_KINDS, session_id, only, wanted, found.group_id if found else 0)

    def _session_rows(
        self, found: LearningSession, group: LearningGroup, only: int | None
    ) -> set[Key]:
        sid = found.id or 0
        days = offsets(group)
        slots = run(self.session, _SLOTS, session=sid).all()
        holders = {member for _, member in slots if member is not None}
        by_role: dict[str, set[int]] = {}
        for role, member in slots:
            if member is not None:
                by_role.setdefault(role, set()).add(member)
        has_open = any(member is None for _, member in slots)
        # The guiding question matters only to a discussant planned for here.
        discussants = by_role.get("discussant", set())
        if only is not None:
            discussants = discussants & {only}
        guided = bool(discussants) and guiding_question(self.session, sid) is not None
        members, leads, known = self._people(group, only)
        # Who may take an open role: members without one in this session, facilitators aside.
        claimers = members - holders - leads
        # Members get the group's reminders; role holders (members or not) their duties.
        everyone = self._who(members | holders, only, known)
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
            if who.member_id in discussants and not guided:
                add(
                    DISCUSSANT,
                    who,
                    [who.morning(day - timedelta(days=d)) for d in days["discussant"]],
                )
            if who.member_id in by_role.get("chair", set()):
                add(CHAIR, who, [who.morning(day - timedelta(days=d)) for d in days["chair"]])
        return wanted

    def call(self, call_id: int, only: int | None = None) -> None:
        found = load(self.session, InterestCall, call_id)
        wanted: set[Key] = set()
        if found is not None and found.status == CallStatus.OPEN and found.closes_at > self.now:
            group = self.session.get(LearningGroup, found.group_id)
            assert group is not None
            answered = set(
                run(self.session, _ANSWERED, call=call_id).scalars()
                if only is None
                else run(self.session, _ANSWERED_ONE, call=call_id, member=only).scalars()
            )
            # Facilitators opened it: they get the results, not reminders to answer.
            everyone, leads, known = self._people(group, only)
            members = everyone - answered - leads
            for who in self._who(members, only, known):
                if who.wants(CALL):
                    for moment in timing.before_deadline(
                        found.deadline, who.zone, offsets(group)["calls"], self.now, who.quiet
                    ):
                        if moment < found.closes_at:
                            wanted.add((CALL, call_id, who.member_id, moment))
            for who in self._who(leads, only, known):
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
            authors = run(self.session, _AUTHORS, product=product_id).scalars()
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
        for sid in run(self.session, _SESSIONS_TO_COME, group=group_id, today=today).scalars():
            self.session_(sid, only)
        for cid in run(self.session, _OPEN_CALLS, group=group_id).scalars():
            self.call(cid, only)
        products = (
            run(self.session, _PRODUCTS, group=group_id)
            if only is None
            else run(self.session, _PRODUCTS_OF, group=group_id, member=only)
        )
        for pid in products.scalars():
            self.product(pid)
        if only is not None and not active_members(self.session, group_id, only):
            # Announcements are planned per member when written: one who left gets none.
            run(self.session, _ANNOUNCEMENTS_OF, group=group_id, member=only)

    # -- bringing the outbox in line -----------------------------------------------------

    def _sync(
        self,
        kinds: tuple[str, ...],
        subject_id: int,
        only: int | None,
        wanted: set[Key],
        group_id: int,
    ) -> None:
        planned = (
            run(self.session, _planned(kinds, False), subject=subject_id, now=self.now)
            if only is None
            else run(
                self.session, _planned(kinds, True), subject=subject_id, now=self.now, member=only
            )
        )
        have: dict[Key, tuple[int, str]] = {
            (kind, subject, member, due): (rid, status)
            for rid, kind, subject, member, due, status in planned.all()
        }
        stale = [
            rid
            for key, (rid, status) in have.items()
            if key not in wanted and status == ReminderStatus.PENDING
        ]
        for rid in stale:  # a few rows at most: one prepared statement each
            run(self.session, _DROP, id=rid)
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
        run_many(self.session, _ADD, values)
