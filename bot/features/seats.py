"""Seats and the waitlist. Always called with the group's row locked (see access.lock_group)."""

from __future__ import annotations

from bot.context import Ctx
from bot.features.changes import PlaceChanged, changed
from bot.store.models import LearningGroup, Membership
from bot.text import Verbatim, t
from bot.views.members import ACTIVE, WAITLISTED, seats_taken, waitlist


def free_seats(ctx: Ctx, group: LearningGroup) -> int:
    return max(group.positions - seats_taken(ctx, group), 0)


def seat_or_queue(ctx: Ctx, group: LearningGroup, row: Membership) -> None:
    """Give the member a seat if one is free, else the next place on the waitlist."""
    row.since = ctx.now
    if not row.takes_seat or free_seats(ctx, group) > 0:
        row.status = ACTIVE
        row.queue_no = None
        changed(ctx, PlaceChanged(group, row.member_id))
    else:
        group.queue_counter += 1
        row.status = WAITLISTED
        row.queue_no = group.queue_counter
        ctx.db.add(group)
    ctx.db.add(row)
    ctx.db.flush()


def fill_free_seats(ctx: Ctx, group: LearningGroup) -> None:
    """Promote the first in line while seats are free, and tell each one."""
    ctx.db.flush()
    free = free_seats(ctx, group)
    for row in waitlist(ctx, group)[:free] if free else []:
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
