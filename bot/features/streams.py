"""Work streams: subgroups of a group, run by the same group machinery, with a volunteer
chair claimed like a role."""

from __future__ import annotations

from sqlalchemy import bindparam, func, update
from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput, Conflict, NotAllowed
from bot.features import group_fields
from bot.features.access import find_group, require_facilitator, target_group
from bot.features.changes import StreamChairReleased, StreamChairTaken, StreamCreated, changed
from bot.features.groups import create_group
from bot.features.sessions import member_of
from bot.store.core import columns, fetch_all, selecting
from bot.store.models import LearningGroup, Member, Membership
from bot.text import Text, Verbatim, lines, t, tn
from bot.views.members import ACTIVE
from bot.views.roles import role_key


def cmd_stream(ctx: Ctx, parsed: Args) -> None:
    """/stream #1 Citizen participation [positions=10 description=...]"""
    parent = target_group(ctx, parsed.group, usage="/stream #1 Citizen participation")
    require_facilitator(ctx, parent)
    if parent.parent_id is not None:
        raise BadInput(t("A work stream cannot have work streams of its own."))
    if not parsed.words:
        raise BadInput(
            t(
                "Give the work stream's title, for example: {example}",
                example=Verbatim("/stream #1 Citizen participation"),
            )
        )
    options = {**parsed.options, "title": parsed.text}
    data, _ = group_fields.read_options(ctx, options)
    data.setdefault("languages", parent.languages)
    data.setdefault("positions", parent.positions)
    stream = create_group(ctx, data, parent)
    changed(ctx, StreamCreated(parent, stream.title, stream.id or 0))
    ctx.reply(
        lines(
            t(
                "Work stream #{number} “{stream}” of “{group}” is created.",
                number=stream.id or 0,
                stream=stream.title,
                group=parent.title,
            ),
            t(
                "Members of “{group}” opt in with {join}; a volunteer chairs it with {claim}.",
                group=parent.title,
                join=Verbatim(f"/join {stream.id}"),
                claim=Verbatim(f"/claim chair #{stream.id}"),
            ),
        )
    )


_GROUP = columns(LearningGroup)
_STREAMS = (
    selecting(LearningGroup).where(_GROUP.parent_id == bindparam("group")).order_by(_GROUP.id)
)


def streams_of(ctx: Ctx, group: LearningGroup) -> list[LearningGroup]:
    # Asked by every departure, where a group seldom has streams: no ORM query for none.
    return fetch_all(ctx.db, LearningGroup, _STREAMS, group=group.id)


def cmd_streams(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/streams 1")
    streams = streams_of(ctx, group)
    if not streams:
        ctx.reply(t("“{group}” has no work streams yet.", group=group.title))
        return
    items: list[Text | Verbatim] = [t("Work streams of “{group}”:", group=group.title)]
    for stream in streams:
        count = ctx.db.exec(
            select(func.count())
            .select_from(Membership)
            .where(Membership.group_id == stream.id, Membership.status == ACTIVE)
        ).one()
        chair = ctx.db.get(Member, stream.chair_id) if stream.chair_id else None
        items.append(
            t(
                "#{number} {stream} — chair: {chair} — {members}",
                number=stream.id or 0,
                stream=stream.title,
                chair=chair.display_name if chair else t("tbd"),
                members=tn("{n} member", "{n} members", count),
            )
        )
    items.append(t("Join one with /join and its number."))
    ctx.reply(lines(*items))


def stream_chair_target(ctx: Ctx, parsed: Args) -> LearningGroup | None:
    """`chair #5` where #5 is a work stream; None for everything else."""
    if parsed.group is None or not parsed.words or role_key(parsed.text) != "chair":
        return None
    group = find_group(ctx, parsed.group)
    return group if group.parent_id is not None else None


def claim_chair(ctx: Ctx, stream: LearningGroup) -> None:
    member_of(ctx, stream)
    taken = ctx.db.execute(
        update(LearningGroup)
        .where(col(LearningGroup.id) == stream.id, col(LearningGroup.chair_id).is_(None))
        .values(chair_id=ctx.member_id)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        ctx.db.refresh(stream)
        holder = ctx.db.get(Member, stream.chair_id) if stream.chair_id else None
        raise Conflict(
            t(
                "The work stream “{stream}” already has a chair: {name}.",
                stream=stream.title,
                name=holder.display_name if holder else "",
            )
        )
    ctx.db.expire_all()
    changed(ctx, StreamChairTaken(_parent(ctx, stream), stream.title))
    ctx.reply(
        t(
            "You chair the work stream “{stream}”. You can now schedule its sessions and open"
            " its calls, like a facilitator.",
            stream=stream.title,
        )
    )


def release_chair(ctx: Ctx, stream: LearningGroup) -> None:
    if stream.chair_id != ctx.member_id:
        raise NotAllowed(t("You do not chair the work stream “{stream}”.", stream=stream.title))
    stream.chair_id = None
    ctx.db.add(stream)
    changed(ctx, StreamChairReleased(_parent(ctx, stream), stream.title))
    ctx.reply(t("You no longer chair the work stream “{stream}”.", stream=stream.title))


def _parent(ctx: Ctx, stream: LearningGroup) -> LearningGroup:
    assert stream.parent_id is not None
    parent = ctx.db.get(LearningGroup, stream.parent_id)
    assert parent is not None
    return parent
