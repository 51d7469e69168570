"""Seeing groups: the list with free positions and each one's state for the reader, and a
group's card (its details, work streams and the reader's own status)."""

from __future__ import annotations

from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput
from bot.features.access import target_group, visible
from bot.store.models import LearningGroup
from bot.text import Text, lines, t
from bot.views.groups import card, group_lines


def cmd_groups(ctx: Ctx, args: Args) -> None:
    if args.raw.strip():
        raise BadInput(
            t("/groups takes no arguments; to see one group, send /group and its number.")
        )
    groups = [
        g
        for g in ctx.db.exec(select(LearningGroup).order_by(col(LearningGroup.id))).all()
        if visible(ctx, g)
    ]
    if not groups:
        ctx.reply(t("There are no groups yet. Create one with /newgroup."))
        return
    items: list[Text] = [t("Groups:"), *group_lines(ctx, groups)]
    items.append(t("Send /group and a number to see a group's card, /join and a number to join."))
    ctx.reply(lines(*items))


def cmd_group(ctx: Ctx, parsed: Args) -> None:
    ref = parsed.group or (parsed.text or None)
    group = target_group(ctx, ref, usage="/group 1")
    ctx.reply(card(ctx, group))
