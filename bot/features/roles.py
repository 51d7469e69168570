"""Claiming, releasing, assigning and unassigning role slots on a session's board."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.features.access import find_member_in_group, target_group
from bot.features.boards import present_board
from bot.features.changes import RoleAssigned, RoleClaimed, RoleReleased, RoleUnassigned, changed
from bot.features.sessions import find_session, lock_session, member_of
from bot.features.streams import claim_chair, release_chair, stream_chair_target
from bot.parsing import number_ref
from bot.store.core import columns, run, table
from bot.store.models import LearningGroup, LearningSession, Member, RoleSlot
from bot.store.statuses import MembershipStatus
from bot.text import ListOf, Verbatim, lines, t
from bot.views.members import is_facilitator, membership
from bot.views.roles import Slot, holds, role_key, role_label, slots_of
from bot.views.sessions import board


def _target(
    ctx: Ctx, parsed: Args, command: str, *, with_member: bool = False
) -> tuple[LearningGroup, LearningSession, str, list[str], list[Slot]]:
    """The group, session and role a role command names, the words after them, and the
    session's board, read under the session's lock."""
    words = parsed.words
    need = 3 if with_member else 2
    if len(words) < need:
        example = f"/{command} chair 2 Carla" if with_member else f"/{command} chair 2"
        raise BadInput(
            t(
                "Name the role and the session number, for example: {example}.",
                example=Verbatim(example),
            )
        )
    # The session number is the first number after the role ("focal country 2").
    index = next((i for i, w in enumerate(words) if i > 0 and number_ref(w) is not None), None)
    if index is None:
        raise BadInput(
            t(
                "Add the session number, for example: {example}.",
                example=Verbatim(f"/{command} chair 2"),
            )
        )
    group = target_group(ctx, parsed.group, usage=f"/{command} #1 chair 2")
    session = find_session(ctx, group, words[index])
    # Every change to a board is made under it: two claims of one member in one session
    # go one at a time, and the board read here stays true until the event commits.
    lock_session(ctx, session)
    role = role_key(" ".join(words[:index]))
    slots = slots_of(ctx, session)
    if not any(s.role == role for s in slots):
        known = dict.fromkeys(s.role for s in slots)
        raise NotFound(
            t(
                "Session {number} has no role “{role}”. Its roles: {roles}.",
                number=session.number,
                role=" ".join(words[:index])[:40],
                roles=ListOf(tuple(role_label(r) for r in known)),
            )
        )
    return group, session, role, words[index + 1 :], slots


_SLOT = columns(RoleSlot)
# A claim is a conditional UPDATE from NULL: of two claims of one seat, one wins.
_TAKE = (
    sa.update(table(RoleSlot))
    .where(_SLOT.id == bindparam("seat"), _SLOT.member_id.is_(None))
    .values(member_id=bindparam("holder"), assigned_by=bindparam("by"), since=bindparam("at"))
)
_VACATE = (
    sa.update(table(RoleSlot))
    .where(_SLOT.id == bindparam("seat"))
    .values(member_id=None, assigned_by=None, since=None)
)


def _take(ctx: Ctx, session: LearningSession, role: str, member_id: int, slots: list[Slot]) -> None:
    """Give the member the first free slot of the role; the database decides races."""
    for slot in slots:
        if slot.role != role or slot.member_id is not None:
            continue
        taken = run(ctx.db, _TAKE, seat=slot.id, holder=member_id, by=ctx.member_id, at=ctx.now)
        if taken.rowcount == 1:
            return
    raise Conflict(
        t(
            "{role} in session {number} is already taken by {names}.",
            role=role_label(role),
            number=session.number,
            names=_holders(ctx, session, role),
        )
    )


def _open(slots: list[Slot]) -> int:
    return sum(1 for slot in slots if slot.member_id is None)


def vacate(ctx: Ctx, slot: Slot) -> None:
    """The slot is free again."""
    run(ctx.db, _VACATE, seat=slot.id)


def _holders(ctx: Ctx, session: LearningSession, role: str) -> ListOf:
    names = ctx.db.exec(
        select(Member.display_name)
        .join(RoleSlot, col(RoleSlot.member_id) == Member.id)
        .where(RoleSlot.session_id == session.id, RoleSlot.role == role)
    ).all()
    return ListOf(tuple(names))


def cmd_claim(ctx: Ctx, args: Args) -> None:
    stream = stream_chair_target(ctx, args)
    if stream is not None:
        claim_chair(ctx, stream)
        return
    group, session, role, extra, slots = _target(ctx, args, "claim")
    if extra:
        raise BadInput(t("To give a role to someone else, use /assign."))
    member_of(ctx, group)
    held = [s for s in slots if s.member_id == ctx.member_id]
    if held:
        raise Conflict(
            t(
                "You already hold {role} in session {number}; release it first with {command}.",
                role=role_label(held[0].role),
                number=session.number,
                command=Verbatim(f"/release {held[0].role} {session.number}"),
            )
        )
    _take(ctx, session, role, ctx.member_id, slots)
    claimed = RoleClaimed(
        group, session, role, holder=ctx.member_id, taken=True, open_before=_open(slots)
    )
    changed(ctx, claimed)
    present_board(
        ctx,
        group,
        session,
        t("You are {role} for session {number}.", role=role_label(role), number=session.number),
    )


def cmd_release(ctx: Ctx, args: Args) -> None:
    stream = stream_chair_target(ctx, args)
    if stream is not None:
        release_chair(ctx, stream)
        return
    group, session, role, _, slots = _target(ctx, args, "release")
    mine = [s for s in slots if s.role == role and s.member_id == ctx.member_id]
    if not mine:
        raise Conflict(
            t(
                "You do not hold {role} in session {number}.",
                role=role_label(role),
                number=session.number,
            )
        )
    vacate(ctx, mine[0])
    released = RoleReleased(
        group, session, role, holder=ctx.member_id, taken=False, open_before=_open(slots)
    )
    changed(ctx, released)
    present_board(
        ctx,
        group,
        session,
        t(
            "You released {role} for session {number}.",
            role=role_label(role),
            number=session.number,
        ),
    )


def _may_assign(ctx: Ctx, group: LearningGroup, session: LearningSession) -> None:
    if is_facilitator(ctx, group):
        return
    if any(s.role == "chair" for s in holds(ctx, session, ctx.member_id)):
        return
    raise NotAllowed(t("Only a facilitator or the session's chair can assign roles."))


def cmd_assign(ctx: Ctx, args: Args) -> None:
    group, session, role, rest, slots = _target(ctx, args, "assign", with_member=True)
    _may_assign(ctx, group, session)
    if not rest:
        raise BadInput(
            t(
                "Whom? Add a name, for example: {example}.",
                example=Verbatim(f"/assign {role} {session.number} Carla"),
            )
        )
    member, _ = find_member_in_group(ctx, group, " ".join(rest))
    give(ctx, group, session, role, member, slots)
    ctx.reply(
        lines(
            t(
                "{name} is {role} for session {number}.",
                name=member.display_name,
                role=role_label(role),
                number=session.number,
            ),
            *board(ctx, session),
        )
    )


def give(
    ctx: Ctx,
    group: LearningGroup,
    session: LearningSession,
    role: str,
    member: Member,
    slots: list[Slot] | None = None,
) -> None:
    """A facilitator's or chair's assignment, also reached from a call's answers; `slots`
    is the board when the caller read it under the session's lock."""
    assert member.id is not None
    row = membership(ctx, group, member.id)
    if row is None or row.status != MembershipStatus.ACTIVE:
        raise Conflict(
            t(
                "{name} is not a member of “{group}” yet.",
                name=member.display_name,
                group=group.title,
            )
        )
    if slots is None:
        lock_session(ctx, session)
        slots = slots_of(ctx, session)
    if any(s.role == role and s.member_id == member.id for s in slots):
        raise Conflict(
            t(
                "{name} already holds {role} in session {number}.",
                name=member.display_name,
                role=role_label(role),
                number=session.number,
            )
        )
    if any(s.member_id == member.id for s in slots) and not is_facilitator(ctx, group):
        raise Conflict(
            t(
                "{name} already holds a role in session {number}; only a facilitator"
                " can give them a second one.",
                name=member.display_name,
                number=session.number,
            )
        )
    _take(ctx, session, role, member.id, slots)
    assigned = RoleAssigned(
        group,
        session,
        role,
        member.display_name,
        holder=member.id,
        taken=True,
        open_before=_open(slots),
    )
    changed(ctx, assigned)
    ctx.tell(
        member.id,
        t(
            "You are now {role} for session {number} of “{group}”: {title}.",
            role=role_label(role),
            number=session.number,
            group=group.title,
            title=session.title,
        ),
        group=group,
    )


def cmd_unassign(ctx: Ctx, args: Args) -> None:
    group, session, role, rest, slots = _target(ctx, args, "unassign", with_member=True)
    _may_assign(ctx, group, session)
    member, _ = find_member_in_group(ctx, group, " ".join(rest))
    held = [s for s in slots if s.role == role and s.member_id == member.id]
    if not held:
        raise Conflict(
            t(
                "{name} does not hold {role} in session {number}.",
                name=member.display_name,
                role=role_label(role),
                number=session.number,
            )
        )
    vacate(ctx, held[0])
    assert member.id is not None
    unassigned = RoleUnassigned(
        group,
        session,
        role,
        member.display_name,
        holder=member.id,
        taken=False,
        open_before=_open(slots),
    )
    changed(ctx, unassigned)
    ctx.reply(
        lines(
            t(
                "{name} no longer holds {role} in session {number}.",
                name=member.display_name,
                role=role_label(role),
                number=session.number,
            ),
            *board(ctx, session),
        )
    )
    ctx.tell(
        member.id,
        t(
            "You no longer hold {role} in session {number} of “{group}”.",
            role=role_label(role),
            number=session.number,
            group=group.title,
        ),
        group=group,
    )
