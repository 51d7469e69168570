"""Who a reminder goes to, and when their day starts: each recipient's zone, quiet hours and
the kinds they opted out of; a group's members and facilitators."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from bot.reminders import timing
from bot.reminders.kinds import CATEGORY, DEFAULT_OFFSETS
from bot.store.core import columns, run, table
from bot.store.models import (
    Identity,
    LearningGroup,
    Member,
    Membership,
)
from bot.store.statuses import MemberRole, MembershipStatus


@dataclass(frozen=True)
class Recipient:
    member_id: int
    zone: str
    quiet: timing.Quiet
    off: frozenset[str]

    def wants(self, kind: str) -> bool:
        return CATEGORY.get(kind) not in self.off

    def morning(self, day: date) -> datetime:
        return timing.outside_quiet_hours(timing.morning_of(day, self.zone), self.zone, self.quiet)


def offsets(group: LearningGroup) -> dict[str, tuple[int, ...]]:
    chosen = json.loads(group.reminder_offsets) if group.reminder_offsets else {}
    return {key: tuple(chosen.get(key, value)) for key, value in DEFAULT_OFFSETS.items()}


def parse_quiet(value: str | None) -> timing.Quiet:
    if value is None:
        return timing.DEFAULT_QUIET
    if not value:
        return None
    start, _, end = value.partition("-")
    return time.fromisoformat(start), time.fromisoformat(end)


_MEMBER = columns(Member)
_IDENTITY = columns(Identity)
_MEMBERSHIP = columns(Membership)
_PROFILES = sa.select(
    _MEMBER.id, _MEMBER.timezone, _MEMBER.quiet_hours, _MEMBER.reminders_off
).where(_MEMBER.id.in_(sa.bindparam("ids", expanding=True)))
_HINTS = (
    sa.select(_IDENTITY.member_id, _IDENTITY.timezone_hint)
    .where(
        _IDENTITY.member_id.in_(sa.bindparam("ids", expanding=True)),
        _IDENTITY.timezone_hint.is_not(None),
    )
    .order_by(_IDENTITY.last_seen_at)
)
_ACTIVE = sa.select(_MEMBERSHIP.member_id).where(
    _MEMBERSHIP.group_id == sa.bindparam("group"),
    _MEMBERSHIP.status == MembershipStatus.ACTIVE.value,
)
_ACTIVE_ONE = _ACTIVE.where(_MEMBERSHIP.member_id == sa.bindparam("member"))
_FACILITATORS = _ACTIVE.where(_MEMBERSHIP.role == MemberRole.FACILITATOR.value)


def recipients(session: Session, member_ids: Iterable[int], default_zone: str) -> list[Recipient]:
    """Each member's zone (profile, else the platform's hint, else the default), quiet hours
    and the reminder kinds they turned off."""
    ids = sorted(set(member_ids))
    if not ids:
        return []
    hints: dict[int, str] = {}
    for member_id, hint in run(session, _HINTS, ids=ids):
        hints[member_id] = hint or default_zone  # the latest seen wins
    return [
        _recipient(member_id, zone or hints.get(member_id) or default_zone, quiet, off)
        for member_id, zone, quiet, off in run(session, _PROFILES, ids=ids)
    ]


def _recipient(member_id: int, zone: str, quiet: str | None, off: str) -> Recipient:
    return Recipient(
        member_id=member_id,
        zone=zone,
        quiet=parse_quiet(quiet),
        off=frozenset(k for k in off.split(",") if k),
    )


class Standing(NamedTuple):
    """One member as a replan for them alone needs them: their settings, whether they are
    an active member of the group, whether they get its calls' results."""

    recipient: Recipient
    active: bool
    leads: bool


_LATEST_HINT = (
    sa.select(_IDENTITY.timezone_hint)
    .where(_IDENTITY.member_id == _MEMBER.id, _IDENTITY.timezone_hint.is_not(None))
    .order_by(_IDENTITY.last_seen_at.desc())
    .limit(1)
    .scalar_subquery()
)
_STANDING = (
    sa.select(
        _MEMBER.timezone,
        _MEMBER.quiet_hours,
        _MEMBER.reminders_off,
        _LATEST_HINT,
        _MEMBERSHIP.status,
        _MEMBERSHIP.role,
    )
    .select_from(table(Member))
    .outerjoin(
        table(Membership),
        sa.and_(_MEMBERSHIP.member_id == _MEMBER.id, _MEMBERSHIP.group_id == sa.bindparam("group")),
    )
    .where(_MEMBER.id == sa.bindparam("member"))
)


def standing(
    session: Session, group: LearningGroup, member_id: int, default_zone: str
) -> Standing | None:
    """What `recipients`, `active_members` and `facilitators` would say of one member, in
    one statement (every claim, answer and join replans its member alone)."""
    found = run(session, _STANDING, group=group.id, member=member_id).first()
    if found is None:
        return None
    zone, quiet, off, hint, status, role = found
    active = status == MembershipStatus.ACTIVE
    leads = active and role == MemberRole.FACILITATOR
    if not leads and group.parent_id is not None:  # a work stream: its chair, the parent's
        leads = member_id in facilitators(session, group)
    recipient = _recipient(member_id, zone or hint or default_zone, quiet, off)
    return Standing(recipient, active, leads)


def active_members(session: Session, group_id: int, only: int | None = None) -> list[int]:
    """The group's active members; with `only`, that member if active (a replan for one
    member need not read the whole group)."""
    if only is not None:
        return list(run(session, _ACTIVE_ONE, group=group_id, member=only).scalars())
    return list(run(session, _ACTIVE, group=group_id).scalars())


def facilitators(session: Session, group: LearningGroup) -> list[int]:
    """Who gets a call's results: the group's facilitators; for a work stream also its chair
    and the facilitators of its parent."""
    ids = set(run(session, _FACILITATORS, group=group.id).scalars())
    if group.parent_id is not None:
        if group.chair_id is not None:
            ids.add(group.chair_id)
        parent = session.get(LearningGroup, group.parent_id)
        if parent is not None:
            ids.update(facilitators(session, parent))
    return sorted(ids)
