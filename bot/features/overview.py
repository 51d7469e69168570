"""One member's overview: their groups, upcoming sessions with their roles, and the open
calls for interest with their deadlines; for a group they facilitate, also what needs them
(calls with how many answered, sessions with open roles, products due). /home everywhere;
Slack's App Home shows it."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.features.access import ACTIVE, is_facilitator, my_groups
from bot.features.call_results import asked_members
from bot.features.calls import deadline
from bot.features.products import STATUSES
from bot.features.role_names import role_label
from bot.features.sessions import upcoming, when_text
from bot.store.models import (
    CallAnswer,
    InterestCall,
    LearningGroup,
    Product,
    RoleSlot,
)
from bot.store.statuses import CallStatus, ProductStatus
from bot.text import ListOf, Text, Verbatim, lines, t

# Products due within this many days are shown to the facilitators (overdue ones too).
DUE_SOON = timedelta(days=14)


def cmd_home(ctx: Ctx, args: Args) -> None:
    groups = my_groups(ctx, ACTIVE)
    if not groups:
        ctx.reply(
            lines(
                t("You are not in any group yet."),
                t("Send /groups to see the groups, or /help to see everything you can do."),
            ),
            private=True,
        )
        return
    items: list[Text | Verbatim] = []
    for group in groups:
        items.append(t("#{number} {group}", number=group.id or 0, group=group.title))
        for session in upcoming(ctx, group)[:5]:
            mine = ctx.db.exec(
                select(RoleSlot.role).where(
                    RoleSlot.session_id == session.id, RoleSlot.member_id == ctx.member_id
                )
            ).all()
            line = t(
                "Session {number}: {title} — {when}",
                number=session.number,
                title=session.title,
                when=when_text(session),
            )
            if mine:
                line = t(
                    "{session} — you: {roles}",
                    session=line,
                    roles=ListOf(tuple(role_label(r) for r in mine)),
                )
            items.append(line)
        calls = ctx.db.exec(
            select(InterestCall)
            .where(
                InterestCall.group_id == group.id,
                InterestCall.status == CallStatus.OPEN,
                col(InterestCall.closes_at) > ctx.now,
            )
            .order_by(col(InterestCall.closes_at))
        ).all()
        for call in calls:
            answered = ctx.db.exec(
                select(CallAnswer.option_id).where(
                    CallAnswer.call_id == call.id, CallAnswer.member_id == ctx.member_id
                )
            ).first()
            items.append(
                t(
                    "Call {call}: answered — you can change it until {day}",
                    call=call.id or 0,
                    day=deadline(call),
                )
                if answered is not None
                else t(
                    "Call {call}: answer by {day} with /calls",
                    call=call.id or 0,
                    day=deadline(call),
                )
            )
        if is_facilitator(ctx, group):
            items += needs_you(ctx, group, list(calls))
    ctx.reply(lines(*items), private=True)


def needs_you(ctx: Ctx, group: LearningGroup, calls: list[InterestCall]) -> list[Text]:
    """What a facilitator of the group should look at: open calls and how many of the
    members asked have answered, upcoming sessions with roles nobody holds, products due
    within DUE_SOON or late."""
    items: list[Text] = []
    asked = {m.id for m in asked_members(ctx, group)}
    for call in calls:
        answered = set(
            ctx.db.exec(select(CallAnswer.member_id).where(CallAnswer.call_id == call.id)).all()
        )
        items.append(
            t(
                "Call {call}: {answered} of {asked} members answered",
                call=call.id or 0,
                answered=len(answered & asked),
                asked=len(asked),
            )
        )
    for session in upcoming(ctx, group)[:10]:
        open_roles = ctx.db.exec(
            select(RoleSlot.role).where(
                RoleSlot.session_id == session.id, col(RoleSlot.member_id).is_(None)
            )
        ).all()
        if open_roles:
            items.append(
                t(
                    "Session {number}: nobody holds {roles} yet",
                    number=session.number,
                    roles=ListOf(tuple(role_label(r) for r in dict.fromkeys(open_roles))),
                )
            )
    products = ctx.db.exec(
        select(Product)
        .where(
            Product.group_id == group.id,
            Product.status != ProductStatus.PUBLISHED,
            col(Product.due_date).is_not(None),
            col(Product.due_date) <= (ctx.now + DUE_SOON).date(),
        )
        .order_by(col(Product.due_date))
    ).all()
    for product in products:
        assert product.due_date is not None
        title, day, status = product.title, product.due_date, STATUSES[product.status]
        items.append(
            t("“{title}” was due {day} ({status})", title=title, day=day, status=status)
            if day < ctx.now.date()
            else t("“{title}” is due {day} ({status})", title=title, day=day, status=status)
        )
    if items:
        items.insert(0, t("Needs you as facilitator:"))
    return items
