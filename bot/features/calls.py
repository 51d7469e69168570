"""Calls for interest: options to answer before a deadline, then answers turned into roles
and work-stream memberships. This module holds what every part shares: finding a call,
whether it is open, its card; opening (call_opening), answering (call_answers) and the
results (call_results) build on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.context import Ctx, Reader
from bot.errors import NotFound
from bot.features.access import (
    require_facilitator,
    visible,
)
from bot.features.role_names import role_label
from bot.features.sessions import member_of
from bot.features.streams import stream_label
from bot.parsing import number_ref
from bot.store.models import (
    CallAnswer,
    CallOption,
    InterestCall,
    LearningGroup,
    LearningSession,
)
from bot.store.statuses import CallStatus
from bot.text import Deadline, Msg, Text, Verbatim, t

OPEN, CLOSED = CallStatus.OPEN, CallStatus.CLOSED


@dataclass(frozen=True)
class Target:
    """What an option stands for: a role in a session, or a work stream, or nothing."""

    role: str | None = None
    session: LearningSession | None = None
    stream: LearningGroup | None = None


def target_text(target: Target) -> Msg | None:
    if target.role is not None and target.session is not None:
        return t(
            "{role} in session {number}", role=role_label(target.role), number=target.session.number
        )
    if target.stream is not None:
        return stream_label(target.stream)
    return None


def option_line(number: int, text: str, target: Target) -> Msg:
    meaning = target_text(target)
    if meaning is None:
        return t("{number}. {option}", number=number, option=text)
    return t("{number}. {option} → {meaning}", number=number, option=text, meaning=meaning)


# -- opening a call ------------------------------------------------------------------------


def find_call(ctx: Ctx, ref: str) -> tuple[InterestCall, LearningGroup]:
    number = number_ref(ref)
    call = ctx.db.get(InterestCall, number) if number is not None else None
    group = ctx.db.get(LearningGroup, call.group_id) if call is not None else None
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


def is_open(ctx: Reader, call: InterestCall) -> bool:
    return call.status == OPEN and ctx.now < call.closes_at


def deadline(call: InterestCall) -> Deadline:
    """The deadline as each reader should read it: the day, and when it closes for them."""
    return Deadline(call.deadline, call.timezone, call.closes_at)


def closed_on(call: InterestCall) -> date:
    """The day a call closed where its facilitator lives: the deadline, unless closed early."""
    if call.closed_at is None or call.closed_at >= call.closes_at:
        return call.deadline
    return call.closed_at.astimezone(ZoneInfo(call.timezone)).date()


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


def options_of(ctx: Reader, call: InterestCall) -> list[CallOption]:
    return list(
        ctx.db.exec(
            select(CallOption).where(CallOption.call_id == call.id).order_by(col(CallOption.number))
        ).all()
    )


def chosen_by(ctx: Reader, call: InterestCall, member_id: int) -> set[int]:
    return set(
        ctx.db.exec(
            select(CallOption.number)
            .join(CallAnswer, col(CallAnswer.option_id) == CallOption.id)
            .where(CallAnswer.call_id == call.id, CallAnswer.member_id == member_id)
        ).all()
    )


def answered(ctx: Reader, call: InterestCall, member_id: int) -> bool:
    return bool(chosen_by(ctx, call, member_id))


def stored_target(ctx: Reader, option: CallOption) -> Target:
    return Target(
        role=option.role,
        session=ctx.db.get(LearningSession, option.session_id) if option.session_id else None,
        stream=ctx.db.get(LearningGroup, option.stream_id) if option.stream_id else None,
    )


def call_card(ctx: Reader, call: InterestCall) -> list[Text | Verbatim]:
    mine = chosen_by(ctx, call, ctx.member_id)
    items: list[Text | Verbatim] = [
        t("Call {call}: {title}", call=call.id or 0, title=call.title)
        if call.title
        else t("Call {call}", call=call.id or 0),
        t("Answer by {day}.", day=deadline(call))
        if is_open(ctx, call)
        else t("Closed on {day}.", day=closed_on(call)),
    ]
    for option in options_of(ctx, call):
        line = option_line(option.number, option.text, stored_target(ctx, option))
        items.append(t("{option} ✓ your answer", option=line) if option.number in mine else line)
    return items
