"""Answering a call for interest: the open calls, a button per option, answers that can
change until the deadline."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import col, select

from bot import parsing
from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput, Conflict
from bot.features.access import (
    target_group,
)
from bot.features.calls import load_call, settle
from bot.features.changes import CallAnswered, changed
from bot.features.sessions import member_of
from bot.parsing import number_ref
from bot.store.core import columns, run, run_many, table
from bot.store.models import (
    CallAnswer,
    InterestCall,
)
from bot.text import Verbatim, lines, t
from bot.views.calls import (
    OPEN,
    answer_buttons,
    call_card,
    choices,
    chosen_by,
    closed_on,
    deadline,
    is_open,
)
from bot.words import keywords

NONE_WORDS = keywords("answer", "none|nothing|-")


def cmd_calls(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/calls 1")
    member_of(ctx, group)
    calls = ctx.db.exec(
        select(InterestCall)
        .where(InterestCall.group_id == group.id, InterestCall.status == OPEN)
        .order_by(col(InterestCall.closes_at))
    ).all()
    shown = 0
    for call in calls:
        settle(ctx, call)
        if is_open(ctx, call):
            ctx.reply(lines(*call_card(ctx, call)), answer_buttons(ctx, call))
            shown += 1
    if not shown:
        ctx.reply(t("“{group}” has no open call for interest.", group=group.title))


# -- answering -----------------------------------------------------------------------------


def _chosen(words: list[str], current: set[int], count: int, call_id: int) -> set[int]:
    """Option numbers replace the answer; +N adds to it and -N takes back (the buttons)."""
    if len(words) == 1 and NONE_WORDS.matches(words[0]):
        return set()
    changes = all(w[:1] in ("+", "-") for w in words)
    chosen = set(current) if changes else set()
    for word in words:
        number = number_ref(word.lstrip("+-").rstrip(","))
        if number is None or not 1 <= number <= count:
            raise BadInput(
                t(
                    "“{word}” is not an option of call {call}; give option numbers from 1 to"
                    " {count}, for example {example}.",
                    word=word[:20],
                    call=call_id,
                    count=count,
                    example=Verbatim(f"/answer {call_id} 1 {min(2, count)}"),
                )
            )
        if word.startswith("-"):
            chosen.discard(number)
        else:
            chosen.add(number)
    return chosen


_COLUMNS = columns(CallAnswer)
_WITHDRAW = sa.delete(table(CallAnswer)).where(
    _COLUMNS.call_id == bindparam("call"), _COLUMNS.member_id == bindparam("member")
)
_ANSWER = sa.insert(table(CallAnswer))


def cmd_answer(ctx: Ctx, parsed: Args) -> None:
    """/answer 3 1 2 (options 1 and 2), /answer 3 +2 (add option 2), /answer 3 none."""
    words = parsed.words
    if not words:
        raise BadInput(
            t(
                "Give the call's number, then your options, for example: {example}",
                example=Verbatim("/answer 1 2 3"),
            )
        )
    call, group = load_call(ctx, words[0], facilitator=False)
    if len(words) == 1:
        # The call's card with the buttons of one page: how the page buttons move on.
        page = parsing.whole_number(
            parsed.options.get("page", "1"), field=t("page"), low=1, high=99, example=2
        )
        ctx.reply(lines(*call_card(ctx, call)), answer_buttons(ctx, call, page))
        return
    if not is_open(ctx, call):
        raise Conflict(
            t(
                "Call {call} closed on {day}; answers are no longer taken.",
                call=call.id or 0,
                day=closed_on(call),
            )
        )
    assert call.id is not None
    options = choices(ctx, call)
    chosen = _chosen(words[1:], chosen_by(ctx, call, ctx.member_id), len(options), call.id)
    run(ctx.db, _WITHDRAW, call=call.id, member=ctx.member_id)
    answers = [
        {"option_id": o.id, "member_id": ctx.member_id, "call_id": call.id, "answered_at": ctx.now}
        for o in options
        if o.number in chosen
    ]
    run_many(ctx.db, _ANSWER, answers)
    changed(ctx, CallAnswered(group, call))
    if not chosen:
        ctx.reply(t("You withdrew your answer to call {call}.", call=call.id))
        return
    ctx.reply(
        lines(
            t("Thank you! Your answer to call {call}:", call=call.id),
            *(Verbatim(f"{o.number}. {o.text}") for o in options if o.number in chosen),
            t("You can change it until {day}.", day=deadline(call)),
        )
    )


# -- the facilitator's side ----------------------------------------------------------------
