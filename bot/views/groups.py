"""A group as people read it: its card, its seats, its work streams."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from bot.context import Reader
from bot.store.models import LearningGroup, Member, Membership
from bot.text import Language, ListOf, Msg, Text, Verbatim, lines, t, tn
from bot.views.members import (
    ACTIVE,
    FACILITATOR,
    PENDING,
    WAITLISTED,
    membership,
    waitlist_position,
)


def _status_counts(ctx: Reader, group_id: int | None = None) -> dict[int, tuple[int, int]]:
    """Per group (or for the one named): seats taken and people waiting."""
    query = (
        select(Membership.group_id, Membership.status, func.count())
        .where(col(Membership.takes_seat).is_(True))
        .group_by(col(Membership.group_id), col(Membership.status))
    )
    if group_id is not None:
        query = query.where(Membership.group_id == group_id)
    rows = ctx.db.exec(query).all()
    counts: dict[int, tuple[int, int]] = {}
    for group_id, status, n in rows:
        taken, waiting = counts.get(group_id, (0, 0))
        if status == ACTIVE:
            taken += n
        elif status == WAITLISTED:
            waiting += n
        counts[group_id] = (taken, waiting)
    return counts


def _availability(group: LearningGroup, taken: int, waiting: int) -> Msg:
    free = max(group.positions - taken, 0)
    if free == 0 and not waiting:
        return t("all {positions} taken", positions=group.positions)
    if free == 0:
        return tn(
            "all {positions} taken, {n} person on the waitlist",
            "all {positions} taken, {n} people on the waitlist",
            waiting,
            positions=group.positions,
        )
    return tn(
        "{n} of {positions} available",
        "{n} of {positions} available",
        free,
        positions=group.positions,
    )


def _status_suffix(row: Membership | None) -> Msg | Verbatim:
    if row is None:
        return Verbatim("")
    if row.role == FACILITATOR:
        return t(" (you facilitate it)")
    if row.status == ACTIVE:
        return t(" (you are a member)")
    if row.status == PENDING:
        return t(" (your request is pending)")
    return t(" (you are on the waitlist)")


def card(ctx: Reader, group: LearningGroup) -> Text:
    assert group.id is not None
    taken, waiting = _status_counts(ctx, group.id).get(group.id, (0, 0))
    facilitators = ctx.db.exec(
        select(Member)
        .join(Membership, col(Membership.member_id) == Member.id)
        .where(Membership.group_id == group.id, Membership.role == FACILITATOR)
        .order_by(col(Member.display_name))
    ).all()
    policy = {
        "open": t("open to all"),
        "approval": t("on a facilitator's approval"),
        "invite": t("with an invite code"),
    }[group.policy]
    period: Msg | None = None
    if group.start_date and group.end_date:
        period = t("Project period: {start} to {end}", start=group.start_date, end=group.end_date)
    elif group.start_date:
        period = t("Project period: from {start}", start=group.start_date)
    elif group.end_date:
        period = t("Project period: until {end}", end=group.end_date)
    row = membership(ctx, group, ctx.member_id)
    return lines(
        t("#{number} {group}", number=group.id, group=group.title),
        *_stream_lines(ctx, group),
        Verbatim(group.description) if group.description else None,
        t("Fields of expertise: {expertise}", expertise=group.expertise)
        if group.expertise
        else None,
        t(
            "Working languages: {languages}",
            languages=ListOf(tuple(Language(c) for c in group.language_codes)),
        ),
        t("Location: {location}", location=group.location) if group.location else None,
        period,
        t("Time commitment: {commitment}", commitment=group.commitment)
        if group.commitment
        else None,
        t("Positions: {availability}", availability=_availability(group, taken, waiting)),
        t("Joining: {policy}", policy=policy),
        t(
            "Facilitators: {names}",
            names=ListOf(tuple(m.display_name for m in facilitators)),
        ),
        _your_status(ctx, group, row),
    )


def _stream_lines(ctx: Reader, group: LearningGroup) -> list[Msg]:
    """A work stream names its parent and chair; a group lists its work streams."""
    if group.parent_id is not None:
        parent = ctx.db.get(LearningGroup, group.parent_id)
        chair = ctx.db.get(Member, group.chair_id) if group.chair_id else None
        return [
            t(
                "Work stream of #{number} “{group}”",
                number=group.parent_id,
                group=parent.title if parent else "",
            ),
            t("Chair: {name}", name=chair.display_name) if chair else t("Chair: tbd"),
        ]
    streams = ctx.db.exec(
        select(LearningGroup)
        .where(LearningGroup.parent_id == group.id)
        .order_by(col(LearningGroup.id))
    ).all()
    if not streams:
        return []
    return [
        t(
            "Work streams: {streams}",
            streams=ListOf(
                tuple(t("#{number} {group}", number=s.id or 0, group=s.title) for s in streams)
            ),
        )
    ]


def _your_status(ctx: Reader, group: LearningGroup, row: Membership | None) -> Msg:
    if row is None:
        return (
            join_hint(group)
            if group.policy != "invite"
            else t(
                "Joining needs the invite code from a facilitator: /join {number} CODE",
                number=group.id or 0,
            )
        )
    if row.role == FACILITATOR:
        return t("You facilitate this group. Invite code: {code}", code=Verbatim(group.invite_code))
    if row.status == ACTIVE:
        return t("You are a member.")
    if row.status == PENDING:
        return t("Your request to join is waiting for a facilitator.")
    return t(
        "You are number {position} on the waitlist.",
        position=waitlist_position(ctx, group, row),
    )


def join_hint(group: LearningGroup) -> Msg:
    if group.policy == "invite":
        return t(
            "People join with {command} (invite code {code}).",
            command=Verbatim(f"/join {group.id} {group.invite_code}"),
            code=Verbatim(group.invite_code),
        )
    if group.policy == "approval":
        return t(
            "People ask to join with {command}; you approve them with /approve.",
            command=Verbatim(f"/join {group.id}"),
        )
    return t("People join with {command}.", command=Verbatim(f"/join {group.id}"))


def stream_label(stream: LearningGroup) -> Msg:
    return t("work stream “{stream}”", stream=stream.title)


def group_lines(ctx: Reader, groups: list[LearningGroup]) -> list[Msg]:
    """A line per group: free positions, working languages, the reader's own state."""
    counts = _status_counts(ctx)
    mine = {
        m.group_id: m
        for m in ctx.db.exec(select(Membership).where(Membership.member_id == ctx.member_id)).all()
    }
    items: list[Msg] = []
    for group in groups:
        assert group.id is not None
        taken, waiting = counts.get(group.id, (0, 0))
        items.append(
            t(
                "#{number} {group} — positions: {availability} · {languages}{status}",
                number=group.id,
                group=group.title,
                availability=_availability(group, taken, waiting),
                languages=ListOf(tuple(Language(c) for c in group.language_codes)),
                status=_status_suffix(mine.get(group.id)),
            )
        )
    return items
