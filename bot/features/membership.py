"""Joining, leaving, approving, removing, co-facilitators, and the member list."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.effects import Action
from bot.errors import BadInput, Conflict, NotAllowed
from bot.features.access import (
    find_member_in_group,
    group_buttons,
    refresh_menus,
    require_facilitator,
    target_group,
    visible,
)
from bot.features.changes import PlaceChanged, changed
from bot.features.departure import Departing, depart
from bot.features.seats import fill_free_seats, seat_or_queue
from bot.features.sessions import member_of
from bot.store.core import columns, run, table
from bot.store.models import LearningGroup, Member, Membership
from bot.store.statuses import MembershipStatus
from bot.text import Country, Msg, Text, Verbatim, lines, t
from bot.views.members import (
    ACTIVE,
    FACILITATOR,
    PENDING,
    WAITLISTED,
    facilitator_ids,
    membership,
    my_groups,
    place,
    waitlist_position,
)
from bot.words import fold


def cmd_join(ctx: Ctx, parsed: Args) -> None:
    words = list(parsed.words)
    ref = parsed.group or (words.pop(0) if words else None)
    linked = ctx.chat_group()
    if ref is None and linked is not None:
        ref = str(linked.id)
    if ref is None:
        raise BadInput(
            t("Which group do you want to join? For example: /join 3. Send /groups to see them."),
            group_buttons(ctx, _joinable(ctx)),
        )
    if len(words) > 1:
        raise BadInput(
            t("Too many words. Write /join, the group's number and, if needed, its invite code.")
        )
    group = target_group(ctx, ref, usage="/join 3", lock=True)
    join(ctx, group, words[0] if words else None)


def _joinable(ctx: Ctx) -> list[LearningGroup]:
    """Groups (not work streams) this member could ask to join."""
    mine = {g.id for g in my_groups(ctx)}
    groups = ctx.db.exec(
        select(LearningGroup)
        .where(col(LearningGroup.parent_id).is_(None))
        .order_by(col(LearningGroup.id))
        .limit(100)
    ).all()
    return [g for g in groups if g.id not in mine and visible(ctx, g)]


def join(ctx: Ctx, group: LearningGroup, code: str | None) -> None:
    if place(ctx, group, ctx.member_id) is not None:
        existing = membership(ctx, group, ctx.member_id)
        assert existing is not None
        raise Conflict(_already(ctx, group, existing))
    if group.parent_id is not None:
        # Only members of a group opt into its work streams.
        parent = ctx.db.get(LearningGroup, group.parent_id)
        assert parent is not None
        member_of(ctx, parent)
    if group.policy == "invite":
        if not code:
            raise NotAllowed(
                t(
                    "“{group}” is joined with an invite code. Ask a facilitator for it, then"
                    " send {command}.",
                    group=group.title,
                    command=Verbatim(f"/join {group.id} CODE"),
                )
            )
        if fold(code) != fold(group.invite_code):
            raise NotAllowed(
                t(
                    "That invite code is not right for “{group}”. Check it with a facilitator.",
                    group=group.title,
                )
            )
    assert group.id is not None
    row = Membership(group_id=group.id, member_id=ctx.member_id, status=PENDING, since=ctx.now)
    if group.policy == "approval":
        ctx.db.add(row)
        ctx.db.flush()
        ctx.reply(
            t(
                "Your request to join “{group}” is sent. A facilitator will answer it;"
                " I will tell you.",
                group=group.title,
            )
        )
        _ask_facilitators(ctx, group)
        return
    seat_or_queue(ctx, group, row)
    ctx.reply(_welcome(ctx, group, row))


def _welcome(ctx: Ctx, group: LearningGroup, row: Membership) -> Msg:
    if row.status == ACTIVE:
        return t(
            "Welcome to “{group}”! You are now a member. Send {command} to see the group.",
            group=group.title,
            command=Verbatim(f"/group {group.id}"),
        )
    return t(
        "“{group}” is full, so you are on its waitlist, number {position}."
        " I will tell you as soon as a position opens.",
        group=group.title,
        position=waitlist_position(ctx, group, row),
    )


def _already(ctx: Ctx, group: LearningGroup, row: Membership) -> Msg:
    if row.status == ACTIVE:
        return t("You are already a member of “{group}”.", group=group.title)
    if row.status == PENDING:
        return t(
            "You already asked to join “{group}”; a facilitator has not answered yet.",
            group=group.title,
        )
    return t(
        "You are already on the waitlist of “{group}”, number {position}.",
        group=group.title,
        position=waitlist_position(ctx, group, row),
    )


def _ask_facilitators(ctx: Ctx, group: LearningGroup) -> None:
    who = ctx.member
    for facilitator_id in facilitator_ids(ctx, group):
        ctx.tell(
            facilitator_id,
            t(
                "{name} asks to join “{group}”.",
                name=who.display_name,
                group=group.title,
            ),
            buttons=(
                Action(t("Approve"), "approve", f"#{group.id} {who.id}"),
                Action(t("Decline"), "decline", f"#{group.id} {who.id}"),
            ),
            group=group,
        )


_PLACE = columns(Membership)
_LEAVE = sa.delete(table(Membership)).where(
    _PLACE.group_id == bindparam("group"), _PLACE.member_id == bindparam("member")
)


def cmd_leave(ctx: Ctx, parsed: Args) -> None:
    ref = parsed.group or (parsed.text or None)
    group = target_group(ctx, ref, usage="/leave 3", lock=True)
    mine = place(ctx, group, ctx.member_id)
    if mine is None:
        raise Conflict(
            t("You are not in “{group}”, so there is nothing to leave.", group=group.title)
        )
    if mine.role == FACILITATOR and len(facilitator_ids(ctx, group)) == 1:
        raise Conflict(
            t(
                "You are the only facilitator of “{group}”. Make someone co-facilitator first"
                " with /cofacilitator, then leave.",
                group=group.title,
            )
        )
    run(ctx.db, _LEAVE, group=group.id, member=ctx.member_id)
    departing = Departing(ctx.member_id, ctx.profile.display_name)
    depart(ctx, group, departing, facilitated=mine.role == FACILITATOR)
    messages = {
        ACTIVE: t("You left “{group}”.", group=group.title),
        PENDING: t("You withdrew your request to join “{group}”.", group=group.title),
        WAITLISTED: t("You left the waitlist of “{group}”.", group=group.title),
    }
    ctx.reply(messages[MembershipStatus(mine.status)])
    fill_free_seats(ctx, group)


def _member_command(
    ctx: Ctx, parsed: Args, command: str
) -> tuple[LearningGroup, Member, Membership]:
    if not parsed.words:
        raise BadInput(
            t(
                "Whom? Add a name or a number from /members, for example: {example}.",
                example=Verbatim(f"/{command} #1 Carla"),
            )
        )
    group = target_group(ctx, parsed.group, usage=f"/{command} #1 Carla", lock=True)
    require_facilitator(ctx, group)
    member, row = find_member_in_group(ctx, group, parsed.text)
    return group, member, row


def _decide(ctx: Ctx, args: Args, *, approve: bool) -> None:
    command = "approve" if approve else "decline"
    group, member, row = _member_command(ctx, args, command)
    if row.status != PENDING:
        raise Conflict(
            t(
                "{name} has no pending request to join “{group}”.",
                name=member.display_name,
                group=group.title,
            )
        )
    assert member.id is not None
    if not approve:
        ctx.db.delete(row)
        ctx.reply(t("You declined {name}'s request.", name=member.display_name))
        ctx.tell(
            member.id,
            t("Your request to join “{group}” was declined.", group=group.title),
            group=group,
        )
        return
    seat_or_queue(ctx, group, row)
    if row.status == ACTIVE:
        ctx.reply(
            t("{name} is now a member of “{group}”.", name=member.display_name, group=group.title)
        )
    else:
        ctx.reply(
            t(
                "“{group}” is full, so {name} is on the waitlist.",
                group=group.title,
                name=member.display_name,
            )
        )
    ctx.tell(
        member.id,
        lines(t("A facilitator approved your request."), _welcome(ctx, group, row)),
        group=group,
    )


def cmd_approve(ctx: Ctx, args: Args) -> None:
    _decide(ctx, args, approve=True)


def cmd_decline(ctx: Ctx, args: Args) -> None:
    _decide(ctx, args, approve=False)


def cmd_remove(ctx: Ctx, args: Args) -> None:
    group, member, row = _member_command(ctx, args, "remove")
    assert member.id is not None
    if member.id == ctx.member_id:
        raise Conflict(t("To leave a group yourself, send /leave."))
    if member.id == group.created_by and row.role == FACILITATOR:
        raise NotAllowed(t("The group's founder cannot be removed."))
    ctx.db.delete(row)
    ctx.db.flush()
    departing = Departing(member.id, member.display_name)
    depart(ctx, group, departing, facilitated=row.role == FACILITATOR)
    ctx.reply(t("{name} is no longer in “{group}”.", name=member.display_name, group=group.title))
    ctx.tell(
        member.id, t("A facilitator removed you from “{group}”.", group=group.title), group=group
    )
    fill_free_seats(ctx, group)


def cmd_cofacilitator(ctx: Ctx, args: Args) -> None:
    group, member, row = _member_command(ctx, args, "cofacilitator")
    assert member.id is not None
    if row.role == FACILITATOR:
        raise Conflict(
            t("{name} already facilitates “{group}”.", name=member.display_name, group=group.title)
        )
    if row.status != ACTIVE:
        raise Conflict(
            t(
                "{name} is not a member of “{group}” yet; only members can co-facilitate.",
                name=member.display_name,
                group=group.title,
            )
        )
    row.role = FACILITATOR
    row.takes_seat = False  # facilitators hold no member position: theirs goes to the next
    ctx.db.add(row)
    fill_free_seats(ctx, group)
    changed(ctx, PlaceChanged(group, member.id))  # they now get call results
    ctx.reply(
        t("{name} now co-facilitates “{group}”.", name=member.display_name, group=group.title)
    )
    ctx.tell(member.id, t("You now co-facilitate “{group}”.", group=group.title), group=group)
    refresh_menus(ctx, member.id)


def cmd_members(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/members 1")
    mine = membership(ctx, group, ctx.member_id)
    if mine is None or mine.status != ACTIVE:
        raise NotAllowed(t("Only members of “{group}” can see who is in it.", group=group.title))
    rows = ctx.db.exec(
        select(Member, Membership)
        .join(Membership, col(Membership.member_id) == Member.id)
        .where(Membership.group_id == group.id)
        .order_by(col(Membership.status), col(Membership.queue_no), col(Member.display_name))
    ).all()
    items: list[Text] = [t("Members of “{group}”:", group=group.title)]
    waiting: list[Text] = []
    pending: list[Text] = []
    for member, row in rows:
        line = _member_line(member, row)
        if row.status == ACTIVE:
            items.append(line)
        elif row.status == WAITLISTED:
            waiting.append(line)
        else:
            pending.append(line)
    if waiting:
        items += [t("Waitlist, in order:"), *waiting]
    if pending and mine.role == FACILITATOR:
        items += [t("Waiting for approval (/approve or /decline):"), *pending]
    ctx.reply(lines(*items))


def _member_line(member: Member, row: Membership) -> Msg:
    role = t(" — facilitator") if row.role == FACILITATOR else Verbatim("")
    if member.country:
        return t(
            "{number}. {name} ({country}){role}",
            number=member.id or 0,
            name=member.display_name,
            country=Country(member.country),
            role=role,
        )
    return t("{number}. {name}{role}", number=member.id or 0, name=member.display_name, role=role)


def cmd_requests(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/requests 1")
    require_facilitator(ctx, group)
    rows = ctx.db.exec(
        select(Member)
        .join(Membership, col(Membership.member_id) == Member.id)
        .where(Membership.group_id == group.id, Membership.status == PENDING)
        .order_by(col(Membership.since))
    ).all()
    if not rows:
        ctx.reply(t("No one is waiting for approval in “{group}”.", group=group.title))
        return
    ctx.reply(t("Requests to join “{group}”:", group=group.title))
    for member in rows:
        ctx.reply(
            t("{number}. {name}", number=member.id or 0, name=member.display_name),
            buttons=(
                Action(t("Approve"), "approve", f"#{group.id} {member.id}"),
                Action(t("Decline"), "decline", f"#{group.id} {member.id}"),
            ),
        )
