"""Facilitators shape role boards: the group's template and any one session's slots."""

from __future__ import annotations

import json

from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput
from bot.features import role_slots
from bot.features.access import require_facilitator, target_group
from bot.features.changes import SlotsChanged, TemplateChanged, changed
from bot.features.sessions import find_session
from bot.text import ListOf, Verbatim, lines, t
from bot.views.roles import role_label
from bot.views.sessions import board


def cmd_roletemplate(ctx: Ctx, args: Args) -> None:
    """/roletemplate #1 chair=1 focal=1 discussant=1 coblogger=2 "note taker"=1"""
    parsed, wanted = role_slots.split_counts(args.raw)
    group = target_group(ctx, parsed.group, usage="/roletemplate #1 chair=1 coblogger=2")
    require_facilitator(ctx, group)
    if parsed.words:
        raise BadInput(t("Write each role as role=count, for example chair=1 coblogger=2."))
    merged = {**role_slots.template(group), **wanted}
    kept = {role: n for role, n in merged.items() if n > 0}
    if not kept:
        raise BadInput(t("Keep at least one role in the template."))
    if len(kept) > role_slots.MAX_ROLES:
        raise BadInput(t("A session can have at most {max} roles.", max=role_slots.MAX_ROLES))
    group.role_template = json.dumps(kept)
    ctx.db.add(group)
    changed(ctx, TemplateChanged(group))
    ctx.reply(
        lines(
            t("New sessions of “{group}” get these roles:", group=group.title),
            *(t("{role} × {count}", role=role_label(r), count=n) for r, n in kept.items()),
            t(
                "Sessions already scheduled keep theirs; change one with {command}.",
                command=Verbatim("/slots"),
            ),
        )
    )


def cmd_slots(ctx: Ctx, args: Args) -> None:
    """/slots #1 2 coblogger=2 rapporteur=1: one session's roles."""
    parsed, wanted = role_slots.split_counts(args.raw)
    group = target_group(ctx, parsed.group, usage="/slots #1 2 coblogger=2")
    require_facilitator(ctx, group)
    if len(parsed.words) != 1:
        raise BadInput(
            t(
                "Give the session number, then role=count, for example: {example}",
                example=Verbatim("/slots 2 coblogger=2 rapporteur=1"),
            )
        )
    session = find_session(ctx, group, parsed.words[0])
    role_slots.resize(ctx, session, wanted)
    changed(ctx, SlotsChanged(group, session))
    resized = ListOf(
        tuple(t("{role} × {count}", role=role_label(r), count=n) for r, n in wanted.items())
    )
    ctx.reply(
        lines(
            t("Session {number} now has: {roles}.", number=session.number, roles=resized),
            *board(ctx, session),
        )
    )
