"""A call for interest as people read it: its card, its answer buttons, its results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import col, select

from bot.context import Reader
from bot.effects import Action
from bot.store.core import columns, run, table
from bot.store.models import (
    CallAnswer,
    CallOption,
    InterestCall,
    LearningGroup,
    LearningSession,
    Member,
    Membership,
)
from bot.store.statuses import CallStatus
from bot.text import Deadline, ListOf, Msg, Text, Verbatim, fit, lines, t
from bot.views.groups import stream_label
from bot.views.members import ACTIVE, is_facilitator
from bot.views.roles import role_label

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


# Built once: every answer reads them.
_OPTIONS = (
    select(CallOption)
    .where(CallOption.call_id == bindparam("call"))
    .order_by(col(CallOption.number))
)
_OPTION, _ANSWER = columns(CallOption), columns(CallAnswer)
_CHOSEN = (
    sa.select(_OPTION.number)
    .join_from(table(CallOption), table(CallAnswer), _ANSWER.option_id == _OPTION.id)
    .where(_ANSWER.call_id == bindparam("call"), _ANSWER.member_id == bindparam("member"))
)


class Choice(NamedTuple):
    """An option as an answer reads it."""

    id: int
    number: int
    text: str


_CHOICES = (
    sa.select(_OPTION.id, _OPTION.number, _OPTION.text)
    .where(_OPTION.call_id == bindparam("call"))
    .order_by(_OPTION.number)
)


def choices(ctx: Reader, call: InterestCall) -> list[Choice]:
    """The call's options as columns (every answer reads them; rows would cost more)."""
    return [Choice(*row) for row in run(ctx.db, _CHOICES, call=call.id)]


def options_of(ctx: Reader, call: InterestCall) -> list[CallOption]:
    return list(ctx.db.exec(_OPTIONS, params={"call": call.id}).all())


def chosen_by(ctx: Reader, call: InterestCall, member_id: int) -> set[int]:
    return set(run(ctx.db, _CHOSEN, call=call.id, member=member_id).scalars())


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


# Answer buttons shown at once: a Telegram keyboard stays readable, Slack's limit is 25.
PAGE = 8


def answer_buttons(ctx: Reader, call: InterestCall, page: int = 1) -> list[Action]:
    """One button per option of one page (pressing a chosen one takes it back), and buttons
    to the pages before and after."""
    if not is_open(ctx, call):
        return []
    mine = chosen_by(ctx, call, ctx.member_id)
    options = options_of(ctx, call)
    pages = max(1, -(-len(options) // PAGE))
    page = min(max(page, 1), pages)
    shown = options[(page - 1) * PAGE : page * PAGE]
    buttons = [
        Action(
            t("✓ {number}. {option}", number=o.number, option=fit(o.text, 40))
            if o.number in mine
            else t("{number}. {option}", number=o.number, option=fit(o.text, 40)),
            "answer",
            f"{call.id} {'-' if o.number in mine else '+'}{o.number}",
        )
        for o in shown
    ]
    for other in (page - 1, page + 1):
        if 1 <= other <= pages:
            first, last = (other - 1) * PAGE + 1, min(other * PAGE, len(options))
            label = (
                t("‹ Options {first}–{last}", first=first, last=last)
                if other < page
                else t("Options {first}–{last} ›", first=first, last=last)
            )
            buttons.append(Action(label, "answer", f"{call.id} page={other}"))
    return buttons


def answerers(ctx: Reader, option: CallOption) -> list[Member]:
    return list(
        ctx.db.exec(
            select(Member)
            .join(CallAnswer, col(CallAnswer.member_id) == Member.id)
            .where(CallAnswer.option_id == option.id)
            .order_by(col(CallAnswer.answered_at), col(Member.id))
        ).all()
    )


def asked_members(ctx: Reader, group: LearningGroup) -> list[Member]:
    """Who a group's calls ask, by name: its active members; facilitators open the calls,
    they are not counted."""
    return [
        m
        for m, row in ctx.db.exec(
            select(Member, Membership)
            .join(Membership, col(Membership.member_id) == Member.id)
            .where(Membership.group_id == group.id, Membership.status == ACTIVE)
            .order_by(col(Member.display_name))
        ).all()
        if not is_facilitator(ctx, group, m.id)
    ]


def answers_text(ctx: Reader, call: InterestCall, group: LearningGroup) -> Text:
    """Who answered each option, and who has not: for /answers and the results reminder."""
    items = call_card(ctx, call)[:2]
    answered: set[int] = set()
    for option in options_of(ctx, call):
        people = answerers(ctx, option)
        answered.update(m.id for m in people if m.id is not None)
        names = ListOf(tuple(m.display_name for m in people)) if people else t("nobody yet")
        items.append(
            t("{number}. {option}: {names}", number=option.number, option=option.text, names=names)
        )
    asked = asked_members(ctx, group)
    silent = [m for m in asked if m.id not in answered]
    if not asked:
        items.append(t("No member besides the facilitators could answer yet."))
    elif silent:
        items.append(
            t("Not answered: {names}", names=ListOf(tuple(m.display_name for m in silent)))
        )
    else:
        items.append(t("Every member has answered."))
    if not is_open(ctx, call):
        items.append(
            t(
                "Turn answers into roles or work-stream places with {example}.",
                example=Verbatim(f"/award {call.id} 1=Name 2=Name,Name"),
            )
        )
    return lines(*items)
