"""Creating, editing, listing and showing groups."""

from __future__ import annotations

import secrets

from sqlmodel import select

from bot.args import Args
from bot.context import Ctx
from bot.conversation import Data, Flow, Step, start
from bot.errors import BadInput, Conflict
from bot.features import group_fields
from bot.features.access import fold_title, refresh_menus, require_facilitator, target_group
from bot.features.seats import fill_free_seats, free_seats
from bot.store.models import GroupWorkspace, LearningGroup, Membership
from bot.text import ListOf, Verbatim, lines, t, tn
from bot.views.groups import card, join_hint
from bot.views.members import ACTIVE, FACILITATOR

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
            join_hint(group),
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
    ctx.db.add(group)
    ctx.db.flush()
    assert group.id is not None
    ctx.db.add(
        Membership(
            group_id=group.id,
            member_id=ctx.member_id,
            status=ACTIVE,
            role=FACILITATOR,
            takes_seat=False,
            since=ctx.now,
        )
    )
    ctx.db.flush()
    refresh_menus(ctx, ctx.member_id)
    return group


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
        ctx.db.exec(
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
    clash = ctx.db.exec(
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
    ctx.db.add(group)
    fill_free_seats(ctx, group)
    changed = [group_fields.BY_KEY[key].label for key in parsed.options]
    assert group.id is not None
    said, buttons = group_fields.said_dates(readings, parsed.options, group.id)
    ctx.reply(
        lines(t("Updated: {fields}.", fields=ListOf(tuple(changed))), *said, card(ctx, group)),
        buttons,
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
    shared = ctx.db.get(GroupWorkspace, (group.id, workspace))
    if workspace == group.workspace or shared is not None:
        raise Conflict(t("“{group}” is already shared with that workspace.", group=group.title))
    ctx.db.add(GroupWorkspace(group_id=group.id, workspace=workspace))
    ctx.reply(
        t(
            "“{group}” is now shared with the Slack workspace {workspace}: its people can see"
            " and join it.",
            group=group.title,
            workspace=Verbatim(parsed.words[0].upper()),
        )
    )
