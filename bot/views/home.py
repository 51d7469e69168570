"""A facilitator's home: what in their groups needs them."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.context import Reader
from bot.store.models import CallAnswer, InterestCall, LearningGroup, Product, RoleSlot
from bot.store.statuses import ProductStatus
from bot.text import ListOf, Text, t
from bot.views.calls import asked_members
from bot.views.products import STATUSES
from bot.views.roles import role_label
from bot.views.sessions import upcoming


def needs_you(ctx: Reader, group: LearningGroup, calls: list[InterestCall]) -> list[Text]:
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


# Products due within this many days are shown to the facilitators (overdue ones too).
DUE_SOON = timedelta(days=14)
