"""Who belongs to a group and in what place: memberships, facilitators, seats, the waitlist."""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import bindparam, func
from sqlmodel import select

from bot.context import Reader
from bot.store.core import columns, fetch, fetch_all, run, selecting, table
from bot.store.models import LearningGroup, Membership
from bot.store.statuses import MemberRole, MembershipStatus

ACTIVE = MembershipStatus.ACTIVE


PENDING = MembershipStatus.PENDING


WAITLISTED = MembershipStatus.WAITLISTED


FACILITATOR = MemberRole.FACILITATOR


def my_groups(ctx: Reader, *statuses: str) -> list[LearningGroup]:
    """The groups the reader has a place in (any place, or one of `statuses`), by number.
    Most commands that name no group ask: read as a prepared statement."""
    return fetch_all(ctx.db, LearningGroup, _my_groups(statuses), member=ctx.member_id)


# Built once: nearly every command asks (building a statement costs more than running it).
_MEMBERSHIP = selecting(Membership).where(
    columns(Membership).group_id == bindparam("group"),
    columns(Membership).member_id == bindparam("member"),
)


_GROUP = columns(LearningGroup)


@functools.cache
def _my_groups(statuses: tuple[str, ...]) -> sa.Select[Any]:
    # Each status written out, not a list bound at run time: the statement is prepared once.
    query = (
        selecting(LearningGroup)
        .join_from(table(LearningGroup), table(Membership), _COLUMNS.group_id == _GROUP.id)
        .where(_COLUMNS.member_id == bindparam("member"))
        .order_by(_GROUP.id)
    )
    if statuses:
        query = query.where(sa.or_(*(_COLUMNS.status == str(status) for status in statuses)))
    return query


def membership(ctx: Reader, group: LearningGroup, member_id: int) -> Membership | None:
    return fetch(ctx.db, Membership, _MEMBERSHIP, group=group.id, member=member_id)


class Place(NamedTuple):
    """A member's place in a group, as permission checks read it."""

    status: str
    role: str


_COLUMNS = columns(Membership)
_PLACE = sa.select(_COLUMNS.status, _COLUMNS.role).where(
    _COLUMNS.group_id == bindparam("group"), _COLUMNS.member_id == bindparam("member")
)


def place(ctx: Reader, group: LearningGroup, member_id: int) -> Place | None:
    """The member's status and role in the group (nearly every command checks them: two
    columns, not the whole row)."""
    found = run(ctx.db, _PLACE, group=group.id, member=member_id).first()
    return Place(*found) if found is not None else None


def facilitator_ids(ctx: Reader, group: LearningGroup) -> list[int]:
    """The group's own active facilitators (a work stream's chair aside)."""
    return list(
        ctx.db.exec(
            select(Membership.member_id).where(
                Membership.group_id == group.id,
                Membership.role == FACILITATOR,
                Membership.status == ACTIVE,
            )
        ).all()
    )


def is_facilitator(ctx: Reader, group: LearningGroup, member_id: int | None = None) -> bool:
    """A facilitator of the group; for a work stream also its chair and the facilitators
    of the group it belongs to."""
    who = ctx.member_id if member_id is None else member_id
    mine = place(ctx, group, who)
    if mine is not None and mine.role == FACILITATOR and mine.status == ACTIVE:
        return True
    if group.parent_id is None:
        return False
    if group.chair_id == who:
        return True
    parent = ctx.db.get(LearningGroup, group.parent_id)
    return parent is not None and is_facilitator(ctx, parent, who)


def is_facilitator_anywhere(ctx: Reader) -> bool:
    return (
        ctx.db.exec(
            select(Membership.id).where(
                Membership.member_id == ctx.member_id, Membership.role == FACILITATOR
            )
        ).first()
        is not None
    )


_SEATED = (
    sa.select(func.count())
    .select_from(table(Membership))
    .where(
        _COLUMNS.group_id == bindparam("group"),
        _COLUMNS.status == ACTIVE.value,
        _COLUMNS.takes_seat.is_(True),
    )
)


def seats_taken(ctx: Reader, group: LearningGroup) -> int:
    taken: int = run(ctx.db, _SEATED, group=group.id).scalar_one()
    return taken


_WAITLIST = (
    selecting(Membership)
    .where(_COLUMNS.group_id == bindparam("group"), _COLUMNS.status == WAITLISTED.value)
    .order_by(_COLUMNS.queue_no)
)


def waitlist(ctx: Reader, group: LearningGroup) -> list[Membership]:
    return fetch_all(ctx.db, Membership, _WAITLIST, group=group.id)


def waitlist_position(ctx: Reader, group: LearningGroup, row: Membership) -> int:
    return 1 + sum(
        1 for other in waitlist(ctx, group) if (other.queue_no or 0) < (row.queue_no or 0)
    )


def active_count(ctx: Reader, group: LearningGroup) -> int:
    """How many members are active in the group: who an announcement reaches."""
    return ctx.db.exec(
        select(func.count())
        .select_from(Membership)
        .where(Membership.group_id == group.id, Membership.status == ACTIVE)
    ).one()
