"""Who a reminder goes to, and when their day starts: each recipient's zone, quiet hours and
the kinds they opted out of; a group's members and facilitators."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, col, select

from bot.reminders import timing
from bot.reminders.kinds import CATEGORY, DEFAULT_OFFSETS
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


def recipients(session: Session, member_ids: Iterable[int], default_zone: str) -> list[Recipient]:
    """Each member's zone (profile, else the platform's hint, else the default), quiet hours
    and the reminder kinds they turned off."""
    ids = sorted(set(member_ids))
    if not ids:
        return []
    members = session.exec(select(Member).where(col(Member.id).in_(ids))).all()
    hints: dict[int, str] = {}
    for member_id, hint in session.exec(
        select(Identity.member_id, Identity.timezone_hint)
        .where(col(Identity.member_id).in_(ids), col(Identity.timezone_hint).is_not(None))
        .order_by(col(Identity.last_seen_at))
    ).all():
        hints[member_id] = hint or default_zone  # the latest seen wins
    return [
        Recipient(
            member_id=m.id or 0,
            zone=m.timezone or hints.get(m.id or 0) or default_zone,
            quiet=parse_quiet(m.quiet_hours),
            off=frozenset(k for k in m.reminders_off.split(",") if k),
        )
        for m in members
    ]


def active_members(session: Session, group_id: int, only: int | None = None) -> list[int]:
    """The group's active members; with `only`, that member if active (a replan for one
    member need not read the whole group)."""
    query = select(Membership.member_id).where(
        Membership.group_id == group_id, Membership.status == MembershipStatus.ACTIVE
    )
    if only is not None:
        query = query.where(Membership.member_id == only)
    return list(session.exec(query).all())


def facilitators(session: Session, group: LearningGroup) -> list[int]:
    """Who gets a call's results: the group's facilitators; for a work stream also its chair
    and the facilitators of its parent."""
    ids = set(
        session.exec(
            select(Membership.member_id).where(
                Membership.group_id == group.id,
                Membership.role == MemberRole.FACILITATOR,
                Membership.status == MembershipStatus.ACTIVE,
            )
        ).all()
    )
    if group.parent_id is not None:
        if group.chair_id is not None:
            ids.add(group.chair_id)
        parent = session.get(LearningGroup, group.parent_id)
        if parent is not None:
            ids.update(facilitators(session, parent))
    return sorted(ids)
