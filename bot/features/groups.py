"""Creating, editing, listing and showing groups."""

from __future__ import annotations

import secrets

from sqlalchemy import func
from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.conversation import Data, Flow, Step, start
from bot.errors import BadInput, Conflict
from bot.features import group_fields
from bot.features.access import (
    ACTIVE,
    FACILITATOR,
    PENDING,
    WAITLISTED,
    fold_title,
    membership,
    refresh_menus,
    require_facilitator,
    target_group,
    visible,
)
from bot.features.seats import fill_free_seats, free_seats, waitlist_position
from bot.store.models import GroupWorkspace, LearningGroup, Member, Membership
from bot.text import Language, ListOf, Msg, Text, Verbatim, lines, t, tn

# Unambiguous letters and digits: codes are read aloud and typed on phones.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_invite_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


# -- /newgroup --------------------------------------------------------------------------


def _step(key: str) -> Step:
    field = group_fields.BY_KEY[key]
    closed = field.choices
    return Step(
        key,
        field.question,
        lambda ctx, text, data: field.parse(ctx, text),
        optional=not field.required,
        choices=None if closed is None else (lambda ctx, data: closed(ctx)),
    )


def _create(ctx: Ctx, data: Data) -> None:
    group = create_group(ctx, data)
    ctx.reply(
        lines(
            t(
                "Group #{number} “{group}” is created, with {positions} positions."
                " You are its facilitator.",
                number=group.id or 0,
                group=group.title,
                positions=group.positions,
            ),
            _join_hint(group),
            t(
                "Add details (description, dates, time commitment...) with {command}.",
                command=Verbatim(f"/editgroup #{group.id} field=value"),
            ),
        )
    )


def create_group(ctx: Ctx, data: Data, parent: LearningGroup | None = None) -> LearningGroup:
    """A group (or a parent's work stream) with the creator as its facilitator."""
    values = {k: v for k, v in data.items() if v is not None}
    values.setdefault("policy", "open")
    _check_title_free(ctx, values["title"])
    group = LearningGroup(
        parent_id=parent.id if parent else None,
        workspace=parent.workspace if parent else ctx.workspace,
        title=values["title"],
        title_key=fold_title(values["title"]),
        languages=values["languages"],
        positions=values["positions"],
        invite_code=new_invite_code(),
        created_by=ctx.member_id,
        created_at=ctx.now,
    )
    group_fields.apply(group, values)
    ctx.session.add(group)
    ctx.session.flush()
    assert group.id is not None
    ctx.session.add(
        Membership(
            group_id=group.id,
            member_id=ctx.member_id,
            status=ACTIVE,
            role=FACILITATOR,
            takes_seat=False,
            since=ctx.now,
        )
    )
    ctx.session.flush()
    refresh_menus(ctx, ctx.member_id)
    return group


def _join_hint(group: LearningGroup) -> Msg:
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


NEW_GROUP = Flow(
    "newgroup",
    tuple(_step(key) for key in group_fields.ASKED),
    _create,
    cancelled=t("Group creation cancelled; nothing was saved."),
)


def cmd_newgroup(ctx: Ctx, parsed: Args) -> None:
    if parsed.group is not None:
        raise BadInput(t("A new group has no number yet; leave out “#”."))
    options = dict(parsed.options)
    if parsed.words:
        if "title" in options:
            raise BadInput(t("Give the title once: either as words or as title=..."))
        options["title"] = parsed.text
    data, readings = group_fields.read_options(ctx, options)
    if "title" in data:
        _check_title_free(ctx, data["title"])
    # Nothing given: walk through every question. Something given: ask only what is missing.
    data["_ask_optional"] = not options
    start(ctx, NEW_GROUP, data)
    created = (
        ctx.session.exec(
            select(LearningGroup).where(LearningGroup.title_key == fold_title(data["title"]))
        ).first()
        if readings and "title" in data
        else None
    )
    if created is not None and created.id is not None:
        # Created at once: its dates are said back like /editgroup's.
        said, buttons = group_fields.said_dates(readings, options, created.id)
        ctx.reply(lines(*said), buttons)


def _check_title_free(ctx: Ctx, title: str, *, except_id: int | None = None) -> None:
    clash = ctx.session.exec(
        select(LearningGroup).where(LearningGroup.title_key == fold_title(title))
    ).first()
    if clash is not None and clash.id != except_id:
        raise Conflict(
            t(
                "There is already a group called “{group}” (#{number}). Choose another title.",
                group=clash.title,
                number=clash.id or 0,
            )
        )


# -- /editgroup -------------------------------------------------------------------------


def cmd_editgroup(ctx: Ctx, parsed: Args) -> None:
    ref = parsed.group or (parsed.words[0] if len(parsed.words) == 1 else None)
    if len(parsed.words) > 1 or not parsed.options:
        raise BadInput(
            lines(
                t("Say what to change as field=value, for example:"),
                Verbatim('/editgroup #1 positions=25 commitment="4 hours per week"'),
                t("Fields: {fields}.", fields=Verbatim(", ".join(group_fields.BY_KEY))),
            )
        )
    group = target_group(ctx, ref, usage="/editgroup #1 positions=25", lock=True)
    require_facilitator(ctx, group)
    values, readings = group_fields.read_options(ctx, parsed.options)
    if "title" in values:
        _check_title_free(ctx, values["title"], except_id=group.id)
    if "positions" in values:
        taken = group.positions - free_seats(ctx, group)
        if values["positions"] < taken:
            raise Conflict(
                tn(
                    "{n} member already holds a position, so there cannot be fewer than {n}.",
                    "{n} members already hold positions, so there cannot be fewer than {n}.",
                    taken,
                )
            )
    group_fields.apply(group, values)
    ctx.session.add(group)
    fill_free_seats(ctx, group)
    changed = [group_fields.BY_KEY[key].label for key in parsed.options]
    assert group.id is not None
    said, buttons = group_fields.said_dates(readings, parsed.options, group.id)
    ctx.reply(
        lines(t("Updated: {fields}.", fields=ListOf(tuple(changed))), *said, card(ctx, group)),
        buttons,
    )


# -- /groups and /group ---------------------------------------------------------------------


def _status_counts(ctx: Ctx, group_id: int | None = None) -> dict[int, tuple[int, int]]:
    """Per group (or for the one named): seats taken and people waiting."""
    query = (
        select(Membership.group_id, Membership.status, func.count())
        .where(col(Membership.takes_seat).is_(True))
        .group_by(col(Membership.group_id), col(Membership.status))
    )
    if group_id is not None:
        query = query.where(Membership.group_id == group_id)
    rows = ctx.session.exec(query).all()
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


def cmd_groups(ctx: Ctx, args: Args) -> None:
    if args.raw.strip():
        raise BadInput(
            t("/groups takes no arguments; to see one group, send /group and its number.")
        )
    groups = [
        g
        for g in ctx.session.exec(select(LearningGroup).order_by(col(LearningGroup.id))).all()
        if visible(ctx, g)
    ]
    if not groups:
        ctx.reply(t("There are no groups yet. Create one with /newgroup."))
        return
    counts = _status_counts(ctx)
    mine = {
        m.group_id: m
        for m in ctx.session.exec(
            select(Membership).where(Membership.member_id == ctx.member_id)
        ).all()
    }
    items: list[Text] = [t("Groups:")]
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
    items.append(t("Send /group and a number to see a group's card, /join and a number to join."))
    ctx.reply(lines(*items))


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


def card(ctx: Ctx, group: LearningGroup) -> Text:
    assert group.id is not None
    taken, waiting = _status_counts(ctx, group.id).get(group.id, (0, 0))
    facilitators = ctx.session.exec(
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


def _stream_lines(ctx: Ctx, group: LearningGroup) -> list[Msg]:
    """A work stream names its parent and chair; a group lists its work streams."""
    if group.parent_id is not None:
        parent = ctx.session.get(LearningGroup, group.parent_id)
        chair = ctx.session.get(Member, group.chair_id) if group.chair_id else None
        return [
            t(
                "Work stream of #{number} “{group}”",
                number=group.parent_id,
                group=parent.title if parent else "",
            ),
            t("Chair: {name}", name=chair.display_name) if chair else t("Chair: tbd"),
        ]
    streams = ctx.session.exec(
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


def _your_status(ctx: Ctx, group: LearningGroup, row: Membership | None) -> Msg:
    if row is None:
        return (
            _join_hint(group)
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


def cmd_share(ctx: Ctx, parsed: Args) -> None:
    """/share #1 T0OTHER: let another Slack workspace see and join the group."""
    group = target_group(ctx, parsed.group, usage="/share #1 T0123ABCD")
    require_facilitator(ctx, group)
    if len(parsed.words) != 1 or not parsed.words[0].isalnum():
        raise BadInput(
            t(
                "Give the other Slack workspace's id (it starts with T), for example: {example}",
                example=Verbatim(f"/share #{group.id} T0123ABCD"),
            )
        )
    workspace = f"slack:{parsed.words[0].upper()}"
    assert group.id is not None
    shared = ctx.session.get(GroupWorkspace, (group.id, workspace))
    if workspace == group.workspace or shared is not None:
        raise Conflict(t("“{group}” is already shared with that workspace.", group=group.title))
    ctx.session.add(GroupWorkspace(group_id=group.id, workspace=workspace))
    ctx.reply(
        t(
            "“{group}” is now shared with the Slack workspace {workspace}: its people can see"
            " and join it.",
            group=group.title,
            workspace=Verbatim(parsed.words[0].upper()),
        )
    )


def cmd_group(ctx: Ctx, parsed: Args) -> None:
    ref = parsed.group or (parsed.text or None)
    group = target_group(ctx, ref, usage="/group 1")
    ctx.reply(card(ctx, group))
