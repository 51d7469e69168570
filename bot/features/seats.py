"""Seats and the waitlist. Always called with the group's row locked (see access.lock_group)."""

from __future__ import annotations

import sqlalchemy as sa

from bot.context import Ctx
from bot.features.changes import PlaceChanged, changed
from bot.store.core import run, table
from bot.store.models import LearningGroup, Membership
from bot.text import Verbatim, t
from bot.views.members import ACTIVE, WAITLISTED, seats_taken, waitlist


def free_seats(ctx: Ctx, group: LearningGroup) -> int:
    return max(group.positions - seats_taken(ctx, group), 0)


_PLACE = sa.insert(table(Membership))


def seat_or_queue(ctx: Ctx, group: LearningGroup, row: Membership) -> None:
    """Give the member a seat if one is free, else the next place on the waitlist. A new
    row (a newcomer) is inserted as it is, in one prepared statement; one already stored
    (a request approved) is updated."""
    row.since = ctx.now
    seated = not row.takes_seat or free_seats(ctx, group) > 0
    if seated:
        row.status = ACTIVE
        row.queue_no = None
    else:
        group.queue_counter += 1
        row.status = WAITLISTED
        row.queue_no = group.queue_counter
        ctx.db.add(group)
    if row.id is None:
        values = {name: getattr(row, name) for name in _NEW_PLACE}
        run(ctx.db, _PLACE, **values)
    else:
        ctx.db.add(row)
        ctx.db.flush()
    if seated:
        changed(ctx, PlaceChanged(group, row.member_id))


# Every column but the key: given all, the INSERT is prepared once.
_NEW_PLACE = ("group_id", "member_id", "status", "role", "takes_seat", "queue_no", "since")


def fill_free_seats(ctx: Ctx, group: LearningGroup) -> None:
    """Promote the first in line while seats are free, and tell each one."""
    ctx.db.flush()
    waiting = waitlist(ctx, group)  # most often no one: then the seats need no count
    free = free_seats(ctx, group) if waiting else 0
    for row in waiting[:free]:
        row.status = ACTIVE
        row.queue_no = None
        row.since = ctx.now
        ctx.db.add(row)
        changed(ctx, PlaceChanged(group, row.member_id))
        ctx.tell(
            row.member_id,
            t(
                "Good news: a position opened in “{group}” and it is yours."
                " You are now a member. Send {command} to see the group.",
                group=group.title,
                command=Verbatim(f"/group {group.id}"),
            ),
            group=group,
        )
    ctx.db.flush()
