"""Calls for interest: options to answer before a deadline, then answers turned into roles
and work-stream memberships. This module holds what every part shares: finding a call,
whether it is open, its card; opening (call_opening), answering (call_answers) and the
results (call_results) build on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from bot.context import Ctx
from bot.errors import NotFound
from bot.features.access import (
    require_facilitator,
    visible,
)
from bot.features.sessions import member_of
from bot.parsing import number_ref
from bot.store.core import load
from bot.store.models import (
    InterestCall,
    LearningGroup,
)
from bot.text import t
from bot.views.calls import CLOSED, OPEN

# -- opening a call ------------------------------------------------------------------------


def find_call(ctx: Ctx, ref: str) -> tuple[InterestCall, LearningGroup]:
    number = number_ref(ref)
    call = load(ctx.db, InterestCall, number) if number is not None else None
    group = load(ctx.db, LearningGroup, call.group_id) if call is not None else None
    # A call of a group this reader cannot see is one that does not exist, for them.
    if call is None or group is None or not visible(ctx, group):
        raise NotFound(
            t("There is no call “{ref}”. Send /calls to see the open calls.", ref=ref.strip()[:20])
        )
    return call, group


def load_call(ctx: Ctx, ref: str, *, facilitator: bool) -> tuple[InterestCall, LearningGroup]:
    """The call named, checked for who may see it, and closed if its deadline has passed."""
    call, group = find_call(ctx, ref)
    if facilitator:
        require_facilitator(ctx, group)
    else:
        member_of(ctx, group)
    settle(ctx, call)
    return call, group


def settle(ctx: Ctx, call: InterestCall) -> None:
    """A call past its deadline is closed, whoever looks first (the scheduler or a reader)."""
    if call.status == OPEN and ctx.now >= call.closes_at:
        call.status = CLOSED
        call.closed_at = call.closes_at
        ctx.db.add(call)


def close_past_deadline(db: Session, now: datetime) -> None:
    """Every call whose deadline passed is closed, in one statement: the scheduler does it
    before it writes reminders (which only read), a command by `settle` for its call."""
    db.execute(
        update(InterestCall)
        .where(col(InterestCall.status) == OPEN, col(InterestCall.closes_at) <= now)
        .values(status=CLOSED, closed_at=InterestCall.closes_at)
    )
