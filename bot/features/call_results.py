"""A call's results: who answered what and who has not, closing it early, and turning
answers into roles or work-stream places."""

from __future__ import annotations

from sqlmodel import select

from bot.args import Args, split
from bot.context import Ctx
from bot.errors import BadInput, Conflict, NotFound
from bot.features.access import find_member_in_group, lock_group
from bot.features.calls import load_call
from bot.features.changes import CallAwarded, CallClosed, changed
from bot.features.roles import give
from bot.features.seats import seat_or_queue
from bot.parsing import number_ref
from bot.store.models import (
    CallOption,
    InterestCall,
    LearningGroup,
    Member,
    Membership,
)
from bot.store.statuses import MembershipStatus
from bot.text import Text, Verbatim, lines, t
from bot.views.calls import (
    CLOSED,
    Target,
    answerers,
    answers_text,
    is_open,
    options_of,
    stored_target,
    target_text,
)
from bot.views.members import ACTIVE


def cmd_answers(ctx: Ctx, args: Args) -> None:
    words = args.words
    if len(words) != 1:
        raise BadInput(t("Which call? For example: {example}", example=Verbatim("/answers 1")))
    call, group = load_call(ctx, words[0], facilitator=True)
    ctx.reply(answers_text(ctx, call, group))


def cmd_closecall(ctx: Ctx, args: Args) -> None:
    words = args.words
    if len(words) != 1:
        raise BadInput(t("Which call? For example: {example}", example=Verbatim("/closecall 1")))
    call, group = load_call(ctx, words[0], facilitator=True)
    if not is_open(ctx, call):
        raise Conflict(t("Call {call} is already closed.", call=call.id or 0))
    call.status = CLOSED
    call.closed_at = ctx.now
    ctx.db.add(call)
    changed(ctx, CallClosed(group, call))
    ctx.reply(
        t(
            "Call {call} is closed. See the answers with {command}.",
            call=call.id or 0,
            command=Verbatim(f"/answers {call.id}"),
        )
    )


def _picks(words: list[str], call_id: int) -> list[tuple[int, list[str]]]:
    picks: list[tuple[int, list[str]]] = []
    for word in words:
        number, sep, names = word.partition("=")
        if not sep or number_ref(number) is None or not names.strip(" ,"):
            raise BadInput(
                t(
                    "Write option=name, for example {example}; “{word}” is not.",
                    example=Verbatim(f'/award {call_id} 1=Bob 2="Ana Lima",Carol'),
                    word=word[:40],
                )
            )
        picks.append((int(number), [n.strip() for n in names.split(",") if n.strip()]))
    return picks


def cmd_award(ctx: Ctx, args: Args) -> None:
    """/award 1 1=Bob 3=Carol,Dan: chosen answers become roles or work-stream places."""
    tokens = split(args.raw)
    if len(tokens) < 2:
        raise BadInput(
            t(
                "Give the call's number, then option=name pairs, for example: {example}",
                example=Verbatim("/award 1 1=Bob 3=Carol,Dan"),
            )
        )
    call, group = load_call(ctx, tokens[0], facilitator=True)
    assert call.id is not None
    if is_open(ctx, call):
        raise Conflict(
            t(
                "Call {call} is open until {day}; close it first with {command}.",
                call=call.id,
                day=call.deadline,
                command=Verbatim(f"/closecall {call.id}"),
            )
        )
    options = {o.number: o for o in options_of(ctx, call)}
    done: list[Text | Verbatim] = []
    for number, names in _picks(tokens[1:], call.id):
        option = options.get(number)
        if option is None:
            raise NotFound(t("Call {call} has no option {number}.", call=call.id, number=number))
        target = stored_target(ctx, option)
        if target.session is None and target.stream is None:
            raise BadInput(
                t(
                    "Option {number} (“{option}”) is neither a session role nor a work stream;"
                    " nothing to give.",
                    number=number,
                    option=option.text,
                )
            )
        answered = {m.id for m in answerers(ctx, option)}
        for name in names:
            member, _ = find_member_in_group(ctx, group, name)
            if member.id not in answered:
                raise Conflict(
                    t(
                        "{name} did not answer option {number} of call {call}.",
                        name=member.display_name,
                        number=number,
                        call=call.id,
                    )
                )
            _give(ctx, group, call, option, target, member)
            meaning = target_text(target)
            assert meaning is not None
            done.append(t("{name}: {what}", name=member.display_name, what=meaning))
    ctx.reply(lines(t("Done:"), *done))


def _give(
    ctx: Ctx,
    group: LearningGroup,
    call: InterestCall,
    option: CallOption,
    target: Target,
    member: Member,
) -> None:
    assert member.id is not None
    if target.role is not None and target.session is not None:
        give(ctx, group, target.session, target.role, member)
    elif target.stream is not None:
        stream = lock_group(ctx, target.stream)
        assert stream.id is not None
        existing = ctx.db.exec(
            select(Membership).where(
                Membership.group_id == stream.id, Membership.member_id == member.id
            )
        ).first()
        if existing is None or existing.status != ACTIVE:
            row = existing or Membership(
                group_id=stream.id,
                member_id=member.id,
                status=MembershipStatus.PENDING,
                since=ctx.now,
            )
            seat_or_queue(ctx, stream, row)
            ctx.tell(
                member.id,
                t(
                    "You are now in the work stream “{stream}” of “{group}”.",
                    stream=stream.title,
                    group=group.title,
                )
                if row.status == ACTIVE
                else t(
                    "The work stream “{stream}” is full; you are on its waitlist.",
                    stream=stream.title,
                ),
                group=stream,
            )
    changed(ctx, CallAwarded(group, call, option.text, member.display_name))
