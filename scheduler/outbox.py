"""The outbox's SQL: claim due rows, compose them, mark each one done.

Claiming takes rows with `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, so several
dispatchers (one per `convener run` process) never take the same row; SQLite has one writer
at a time (BEGIN IMMEDIATE), which gives the same guarantee. A claim is a lease: rows whose
claimer died before sending become claimable again when the lease ends.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import and_, bindparam, delete, exists, or_, update
from sqlmodel import col, select

from bot.effects import Send
from bot.features.calls import close_past_deadline
from bot.reminders.texts import UNREACHABLE, compose, prefetch
from bot.settings import Settings
from bot.store.core import columns, run_many, table
from bot.store.db import Store
from bot.store.models import BoardMessage, Identity, LearningSession, Reminder
from bot.store.service_tables import SeenRequest
from bot.store.statuses import ReminderStatus, SessionStatus

log = logging.getLogger(__name__)

PENDING, CLAIMED, SENT, SKIPPED, DROPPED = (
    ReminderStatus.PENDING,
    ReminderStatus.CLAIMED,
    ReminderStatus.SENT,
    ReminderStatus.SKIPPED,
    ReminderStatus.DROPPED,
)


@dataclass(frozen=True)
class Claimed:
    ids: list[int]
    late: int  # rows dropped because they fell due longer ago than the grace period


def claim(
    store: Store,
    now: datetime,
    me: str,
    *,
    limit: int,
    lease: timedelta,
    grace: timedelta,
    platforms: frozenset[str] | None = None,
) -> Claimed:
    """Due rows for this dispatcher. With `platforms` (those its process serves), only rows
    of members reachable on one of them: another process serves the others, and a row
    nobody here can deliver waits for it instead of being given up."""
    query = select(Reminder.id, Reminder.due_at).where(
        or_(
            col(Reminder.status) == PENDING,
            and_(col(Reminder.status) == CLAIMED, col(Reminder.claimed_until) < now),
        ),
        col(Reminder.due_at) <= now,
    )
    if platforms is not None:
        query = query.where(
            exists().where(
                col(Identity.member_id) == col(Reminder.member_id),
                col(Identity.platform).in_(platforms),
                col(Identity.unreachable_since).is_(None),
            )
        )
    with store.transaction() as session:
        rows = session.exec(
            query.order_by(col(Reminder.due_at), col(Reminder.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        late = [rid for rid, due in rows if due < now - grace]
        fresh = [rid for rid, due in rows if due >= now - grace]
        if late:
            session.execute(
                update(Reminder)
                .where(col(Reminder.id).in_(late))
                .values(status=DROPPED, outcome="late", done_at=now, claimed_by=me)
            )
            log.warning(
                "dropped %d reminders that fell due more than %s ago (the bot was down)",
                len(late),
                grace,
            )
        if fresh:
            session.execute(
                update(Reminder)
                .where(col(Reminder.id).in_(fresh))
                .values(status=CLAIMED, claimed_by=me, claimed_until=now + lease)
            )
    return Claimed([rid or 0 for rid in fresh], len(late))


def compose_claimed(
    store: Store,
    ids: list[int],
    now: datetime,
    settings: Settings,
    platforms: frozenset[str] | None = None,
) -> tuple[list[tuple[int, Send]], dict[str, int]]:
    """The message of each claimed row, written from the current state. Rows no longer
    wanted or with no reachable recipient are settled here and counted by outcome."""
    ready: list[tuple[int, Send]] = []
    settled: dict[str, int] = {}
    with store.transaction() as session:
        # The state reminders speak of is brought up to date first: composing only reads.
        close_past_deadline(session, now)
        rows = session.exec(select(Reminder).where(col(Reminder.id).in_(ids))).all()
        loaded = prefetch(session, list(rows), platforms)
        for row in sorted(rows, key=lambda r: (r.due_at, r.id or 0)):
            made = compose(session, row, now, settings, loaded)
            if isinstance(made, Send):
                ready.append((row.id or 0, made))
                continue
            row.status = SKIPPED if made == UNREACHABLE else DROPPED
            row.outcome = made
            row.done_at = now
            session.add(row)
            settled[made] = settled.get(made, 0) + 1
    return ready, settled


RETRY = "retry"  # not a status: the platform could not take it now; try after a while


def finish(
    store: Store, me: str, now: datetime, marks: list[tuple[int, str, str | None]], retry: datetime
) -> None:
    """Mark rows done right after their sends (status, outcome), in one transaction for all
    the sends that completed meanwhile: a crash in between repeats only those in flight.
    RETRY rows stay claimed until `retry` (the platform was down, it did not refuse)."""
    done = [
        {"row": rid, "me": me, "mark": status, "why": outcome, "at": now}
        for rid, status, outcome in marks
        if status != RETRY
    ]
    later = [{"row": rid, "me": me, "until": retry} for rid, status, _ in marks if status == RETRY]
    # A mark follows every send, at the platform's pace: one prepared statement per row.
    with store.transaction() as session:
        run_many(session, _DONE, done)
        run_many(session, _LATER, later)


_REMINDER = columns(Reminder)
_MINE = and_(_REMINDER.id == bindparam("row"), _REMINDER.claimed_by == bindparam("me"))
_DONE = (
    sa.update(table(Reminder))
    .where(_MINE)
    .values(status=bindparam("mark"), outcome=bindparam("why"), done_at=bindparam("at"))
)
_LATER = sa.update(table(Reminder)).where(_MINE).values(claimed_until=bindparam("until"))


def renew(store: Store, me: str, ids: list[int], until: datetime) -> None:
    """The heartbeat of a live dispatcher: its claims on rows still being sent last until
    `until`. A dead one stops renewing, and its rows are taken back within one lease."""
    with store.transaction() as session:
        session.execute(
            update(Reminder)
            .where(
                col(Reminder.id).in_(ids),
                col(Reminder.status) == CLAIMED,
                col(Reminder.claimed_by) == me,
            )
            .values(claimed_until=until)
        )


def release(store: Store, me: str) -> int:
    """Give back this dispatcher's claims (it is stopping): pending again, for anyone."""
    with store.transaction() as session:
        result = session.execute(
            update(Reminder)
            .where(col(Reminder.status) == CLAIMED, col(Reminder.claimed_by) == me)
            .values(status=PENDING, claimed_by=None, claimed_until=None)
        )
    return result.rowcount or 0  # type: ignore[attr-defined]


def next_due(store: Store) -> datetime | None:
    with store.transaction() as session:
        return session.exec(
            select(Reminder.due_at)
            .where(col(Reminder.status) == PENDING)
            .order_by(col(Reminder.due_at))
            .limit(1)
        ).first()


def housekeep(store: Store, now: datetime, keep: timedelta) -> tuple[int, int]:
    """Forget what no one needs any more: reminders done long ago, and the board messages
    of sessions that are over or cancelled (nothing will edit them again)."""
    with store.transaction() as session:
        done = session.execute(
            delete(Reminder).where(
                col(Reminder.status).in_((SENT, SKIPPED, DROPPED)),
                col(Reminder.done_at) < now - keep,
            )
        )
        over = select(LearningSession.id).where(
            or_(
                col(LearningSession.status) == SessionStatus.CANCELLED,
                col(LearningSession.starts_at) < now - timedelta(days=1),
                col(LearningSession.sort_date) < (now - timedelta(days=31)).date(),
            )
        )
        boards = session.execute(delete(BoardMessage).where(col(BoardMessage.session_id).in_(over)))
        # Platforms retry within minutes and Slack signatures expire after five: a day is ample.
        session.execute(
            delete(SeenRequest).where(col(SeenRequest.seen_at) < now - timedelta(days=1))
        )
    return done.rowcount or 0, boards.rowcount or 0  # type: ignore[attr-defined]
