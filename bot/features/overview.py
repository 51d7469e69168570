"""One member's overview: their groups, upcoming sessions with their roles, and the open
calls for interest with their deadlines; for a group they facilitate, also what needs them
(calls with how many answered, sessions with open roles, products due). /home everywhere;
Slack's App Home shows it."""

from __future__ import annotations

from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.store.models import (
    CallAnswer,
    InterestCall,
    RoleSlot,
)
from bot.store.statuses import CallStatus
from bot.text import ListOf, Text, Verbatim, lines, t
from bot.views.calls import deadline
from bot.views.home import needs_you
from bot.views.members import ACTIVE, is_facilitator, my_groups
from bot.views.roles import role_label
from bot.views.sessions import upcoming, when_text


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
