"""Calls for interest: options to answer before a deadline, then answers turned into roles
and work-stream memberships."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlmodel import col, select

from bot import conversation, dates, parsing
from bot.args import Args, split
from bot.context import Ctx
from bot.conversation import Data, Flow, Reask, Step, choice
from bot.effects import Action
from bot.errors import BadInput, Conflict, NotFound
from bot.features.access import (
    ACTIVE,
    find_member_in_group,
    is_facilitator,
    lock_group,
    require_facilitator,
    target_group,
    visible,
)
from bot.features.answers import NO, YES, yes_or_no
from bot.features.history import record
from bot.features.readback import ambiguity
from bot.features.role_names import role_key, role_label
from bot.features.roles import give
from bot.features.seats import seat_or_queue
from bot.features.sessions import member_of
from bot.features.streams import stream_label, streams_of
from bot.parsing import number_ref
from bot.reminders.plan import Planner
from bot.store.models import (
    CallAnswer,
    CallOption,
    InterestCall,
    LearningGroup,
    LearningSession,
    Member,
    Membership,
    RoleSlot,
)
from bot.text import Deadline, ListOf, Msg, Text, Verbatim, Weekday, ZoneName, fit, lines, t
from bot.words import fold, keywords

# The seed series asks for three roles in each of its sessions and a few work streams.
MAX_OPTIONS = 40
# Answer buttons shown at once: a Telegram keyboard stays readable, Slack's limit is 25.
PAGE = 8
OPEN, CLOSED = "open", "closed"
NONE_WORDS = keywords("answer", "none|nothing|-")
# Words around a role and a session number in an option ("chair of session 2").
FILLER = keywords("option filler", "of|for|the|in|session|sessions|as|a|an|to|role")
_PUNCTUATION = re.compile(r"[,;:()\[\]–—/]")


@dataclass(frozen=True)
class Target:
    """What an option stands for: a role in a session, or a work stream, or nothing."""

    role: str | None = None
    session: LearningSession | None = None
    stream: LearningGroup | None = None


def _target(ctx: Ctx, group: LearningGroup, text: str) -> Target:
    """A role and one session number, in any order and with any of the filler words:
    "chair 2", "chair of session 2", "focal country, session 1", "pays focal, séance 1"."""
    words = [
        w
        for w in _PUNCTUATION.sub(" ", fold(text).replace("'", " ")).split()
        if not FILLER.matches(w)
    ]
    numbers = [i for i, w in enumerate(words) if number_ref(w) is not None]
    if len(numbers) == 1 and len(words) >= 2:
        session = ctx.session.exec(
            select(LearningSession).where(
                LearningSession.group_id == group.id,
                LearningSession.number == number_ref(words[numbers[0]]),
                LearningSession.status == "scheduled",
            )
        ).first()
        role = role_key(" ".join(w for i, w in enumerate(words) if i != numbers[0]))
        if (
            session is not None
            and ctx.session.exec(
                select(RoleSlot.id).where(RoleSlot.session_id == session.id, RoleSlot.role == role)
            ).first()
        ):
            return Target(role=role, session=session)
    folded = fold(text)
    for stream in streams_of(ctx, group):
        if fold(stream.title) in folded:
            return Target(stream=stream)
    return Target()


def _target_text(target: Target) -> Msg | None:
    if target.role is not None and target.session is not None:
        return t(
            "{role} in session {number}", role=role_label(target.role), number=target.session.number
        )
    if target.stream is not None:
        return stream_label(target.stream)
    return None


def _option_line(number: int, text: str, target: Target) -> Msg:
    meaning = _target_text(target)
    if meaning is None:
        return t("{number}. {option}", number=number, option=text)
    return t("{number}. {option} → {meaning}", number=number, option=text, meaning=meaning)


# -- opening a call ------------------------------------------------------------------------


def _options(ctx: Ctx, text: str, data: Data) -> list[str]:
    items = [" ".join(part.split()) for part in text.replace(";", "\n").split("\n")]
    return _check_options([item for item in items if item])


def _check_options(items: list[str]) -> list[str]:
    if not items:
        raise BadInput(t("Give at least one option."))
    if len(items) > MAX_OPTIONS:
        raise BadInput(t("A call can have at most {max} options.", max=MAX_OPTIONS))
    return [parsing.clean_text(item, field=t("option"), max_len=200) for item in items]


def _deadline(ctx: Ctx, text: str, data: Data) -> str:
    reading = dates.read_day(text, ctx.writer)
    data.pop("deadline_other", None)
    if reading.other is not None:
        # Said back in the preview, with a button for the other reading.
        data["deadline_other"] = reading.other.day.isoformat()
        data["deadline_written"] = text.strip()[:40]
        data["deadline_order"] = reading.order
    return reading.day.isoformat()


def _confirm(ctx: Ctx, text: str, data: Data) -> bool:
    other = data.get("deadline_other")
    if other is not None and text.strip() == other:
        data["deadline"], data["deadline_other"] = other, data["deadline"]
        data["deadline_order"] = "MDY" if data.get("deadline_order") == "DMY" else "DMY"
        raise Reask(
            t("The deadline is now {day}.", day=Weekday(date.fromisoformat(data["deadline"])))
        )
    return yes_or_no(text)


def _confirm_choices(ctx: Ctx, data: Data) -> list[Action]:
    locale = ctx.audience.locale
    buttons = [choice(t("Yes, open it"), YES.spelled(locale)), choice(t("No"), NO.spelled(locale))]
    other = data.get("deadline_other")
    if other is not None:
        label = t("I meant {other}", other=Weekday(date.fromisoformat(other)))
        buttons.append(choice(label, other))
    return buttons


def _group_of(ctx: Ctx, data: Data) -> LearningGroup:
    group = ctx.session.get(LearningGroup, data["group"])
    if group is None:
        raise NotFound(t("That group no longer exists."))
    return group


def _preview(ctx: Ctx, data: Data) -> Text:
    group = _group_of(ctx, data)
    day = date.fromisoformat(data["deadline"])
    return lines(
        t("Call for interest in “{group}”:", group=group.title),
        t("“{title}”", title=data["title"]) if data.get("title") else None,
        *(
            _option_line(i, text, _target(ctx, group, text))
            for i, text in enumerate(data["options"], 1)
        ),
        t(
            "Deadline: {day}, end of the day ({zone}).",
            day=Weekday(day),
            zone=ZoneName(data["zone"]),
        ),
        _reading_note(data),
        t("Open this call now? Answer yes or no."),
    )


def _reading_note(data: Data) -> Msg | None:
    other = data.get("deadline_other")
    if other is None:
        return None
    reading = dates.Reading(
        date.fromisoformat(data["deadline"]),
        order=data.get("deadline_order"),
        other=dates.Reading(date.fromisoformat(other)),
    )
    return ambiguity(reading, data.get("deadline_written", ""))


def closes_at(day: date, zone: str) -> datetime:
    """The first instant after the deadline day, where the facilitator lives."""
    local = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def _open(ctx: Ctx, data: Data) -> None:
    if not data["confirm"]:
        ctx.reply(t("The call was not opened; nothing was saved."))
        return
    group = _group_of(ctx, data)
    require_facilitator(ctx, group)
    day = date.fromisoformat(data["deadline"])
    if closes_at(day, data["zone"]) <= ctx.now:
        raise BadInput(t("The deadline {day} is already past; give today or a later day.", day=day))
    assert group.id is not None
    call = InterestCall(
        group_id=group.id,
        title=data.get("title") or "",
        deadline=day,
        timezone=data["zone"],
        closes_at=closes_at(day, data["zone"]),
        created_by=ctx.member_id,
        created_at=ctx.now,
    )
    ctx.session.add(call)
    ctx.session.flush()
    assert call.id is not None
    for number, text in enumerate(data["options"], 1):
        target = _target(ctx, group, text)
        ctx.session.add(
            CallOption(
                call_id=call.id,
                number=number,
                text=text,
                role=target.role,
                session_id=target.session.id if target.session else None,
                stream_id=target.stream.id if target.stream else None,
            )
        )
    ctx.session.flush()
    record(ctx, group, "call.opened", call=call.id, deadline=day.isoformat())
    ctx.reply(
        lines(
            t(
                "Call {call} is open until {day}. Members answer with {command}.",
                call=call.id,
                day=day,
                command=Verbatim(f"/answer {call.id} <options>"),
            ),
            t("See who answered with {command}.", command=Verbatim(f"/answers {call.id}")),
        )
    )


OPEN_CALL = Flow(
    "call",
    (
        Step(
            "options",
            t("What are the options? One per line (or separated by ;)."),
            _options,
        ),
        Step(
            "deadline",
            t("By when should members answer? For example: 15 March, in two weeks, end of April."),
            _deadline,
        ),
        Step(
            "confirm",
            t("Open this call now? Answer yes or no."),
            _confirm,
            describe=_preview,
            choices=_confirm_choices,
        ),
    ),
    _open,
    cancelled=t("The call was not opened; nothing was saved."),
)


def cmd_call(ctx: Ctx, parsed: Args) -> None:
    """/call #1 deadline="15 March" title="..." "option one" "option two" ..."""
    group = target_group(ctx, parsed.group, usage='/call #1 deadline="15 March" "chair 2"')
    require_facilitator(ctx, group)
    data: Data = {"group": group.id, "zone": ctx.audience.timezone}
    if "title" in parsed.options:
        data["title"] = parsing.clean_text(parsed.options["title"], field=t("title"), max_len=200)
    if parsed.words:
        data["options"] = _check_options(parsed.words)
    if "deadline" in parsed.options:
        data["deadline"] = _deadline(ctx, parsed.options["deadline"], data)
    conversation.start(ctx, OPEN_CALL, data)


# -- finding and showing calls -------------------------------------------------------------


def _find(ctx: Ctx, ref: str) -> tuple[InterestCall, LearningGroup]:
    number = number_ref(ref)
    call = ctx.session.get(InterestCall, number) if number is not None else None
    group = ctx.session.get(LearningGroup, call.group_id) if call is not None else None
    # A call of a group this reader cannot see is one that does not exist, for them.
    if call is None or group is None or not visible(ctx, group):
        raise NotFound(
            t("There is no call “{ref}”. Send /calls to see the open calls.", ref=ref.strip()[:20])
        )
    return call, group


def _load(ctx: Ctx, ref: str, *, facilitator: bool) -> tuple[InterestCall, LearningGroup]:
    """The call named, checked for who may see it, and closed if its deadline has passed."""
    call, group = _find(ctx, ref)
    if facilitator:
        require_facilitator(ctx, group)
    else:
        member_of(ctx, group)
    settle(ctx, call)
    return call, group


def is_open(ctx: Ctx, call: InterestCall) -> bool:
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
        ctx.session.add(call)


def _options_of(ctx: Ctx, call: InterestCall) -> list[CallOption]:
    return list(
        ctx.session.exec(
            select(CallOption).where(CallOption.call_id == call.id).order_by(col(CallOption.number))
        ).all()
    )


def _mine(ctx: Ctx, call: InterestCall, member_id: int) -> set[int]:
    return set(
        ctx.session.exec(
            select(CallOption.number)
            .join(CallAnswer, col(CallAnswer.option_id) == CallOption.id)
            .where(CallAnswer.call_id == call.id, CallAnswer.member_id == member_id)
        ).all()
    )


def answered(ctx: Ctx, call: InterestCall, member_id: int) -> bool:
    return bool(_mine(ctx, call, member_id))


def _stored_target(ctx: Ctx, option: CallOption) -> Target:
    return Target(
        role=option.role,
        session=ctx.session.get(LearningSession, option.session_id) if option.session_id else None,
        stream=ctx.session.get(LearningGroup, option.stream_id) if option.stream_id else None,
    )


def call_card(ctx: Ctx, call: InterestCall) -> list[Text | Verbatim]:
    mine = _mine(ctx, call, ctx.member_id)
    items: list[Text | Verbatim] = [
        t("Call {call}: {title}", call=call.id or 0, title=call.title)
        if call.title
        else t("Call {call}", call=call.id or 0),
        t("Answer by {day}.", day=deadline(call))
        if is_open(ctx, call)
        else t("Closed on {day}.", day=closed_on(call)),
    ]
    for option in _options_of(ctx, call):
        line = _option_line(option.number, option.text, _stored_target(ctx, option))
        items.append(t("{option} ✓ your answer", option=line) if option.number in mine else line)
    return items


def answer_buttons(ctx: Ctx, call: InterestCall, page: int = 1) -> list[Action]:
    """One button per option of one page (pressing a chosen one takes it back), and buttons
    to the pages before and after."""
    if not is_open(ctx, call):
        return []
    mine = _mine(ctx, call, ctx.member_id)
    options = _options_of(ctx, call)
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


def cmd_calls(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/calls 1")
    member_of(ctx, group)
    calls = ctx.session.exec(
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
    call, group = _load(ctx, words[0], facilitator=False)
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
    options = _options_of(ctx, call)
    chosen = _chosen(words[1:], _mine(ctx, call, ctx.member_id), len(options), call.id)
    ctx.session.execute(
        delete(CallAnswer).where(
            col(CallAnswer.call_id) == call.id, col(CallAnswer.member_id) == ctx.member_id
        )
    )
    for option in options:
        if option.number in chosen:
            assert option.id is not None
            ctx.session.add(
                CallAnswer(
                    option_id=option.id,
                    member_id=ctx.member_id,
                    call_id=call.id,
                    answered_at=ctx.now,
                )
            )
    ctx.session.flush()
    record(ctx, group, "call.answered", call=call.id)
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


def _answerers(ctx: Ctx, option: CallOption) -> list[Member]:
    return list(
        ctx.session.exec(
            select(Member)
            .join(CallAnswer, col(CallAnswer.member_id) == Member.id)
            .where(CallAnswer.option_id == option.id)
            .order_by(col(CallAnswer.answered_at), col(Member.id))
        ).all()
    )


def cmd_answers(ctx: Ctx, args: Args) -> None:
    words = args.words
    if len(words) != 1:
        raise BadInput(t("Which call? For example: {example}", example=Verbatim("/answers 1")))
    call, group = _load(ctx, words[0], facilitator=True)
    ctx.reply(answers_text(ctx, call, group))


def answers_text(ctx: Ctx, call: InterestCall, group: LearningGroup) -> Text:
    """Who answered each option, and who has not: for /answers and the results reminder."""
    items = call_card(ctx, call)[:2]
    answered: set[int] = set()
    for option in _options_of(ctx, call):
        people = _answerers(ctx, option)
        answered.update(m.id for m in people if m.id is not None)
        names = ListOf(tuple(m.display_name for m in people)) if people else t("nobody yet")
        items.append(
            t("{number}. {option}: {names}", number=option.number, option=option.text, names=names)
        )
    # Who was asked: active members; facilitators opened the call, they are not counted.
    asked = [
        m
        for m, row in ctx.session.exec(
            select(Member, Membership)
            .join(Membership, col(Membership.member_id) == Member.id)
            .where(Membership.group_id == group.id, Membership.status == ACTIVE)
            .order_by(col(Member.display_name))
        ).all()
        if not is_facilitator(ctx, group, m.id)
    ]
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


def cmd_closecall(ctx: Ctx, args: Args) -> None:
    words = args.words
    if len(words) != 1:
        raise BadInput(t("Which call? For example: {example}", example=Verbatim("/closecall 1")))
    call, group = _load(ctx, words[0], facilitator=True)
    if not is_open(ctx, call):
        raise Conflict(t("Call {call} is already closed.", call=call.id or 0))
    call.status = CLOSED
    call.closed_at = ctx.now
    ctx.session.add(call)
    record(ctx, group, "call.closed", call=call.id or 0)
    Planner(ctx.session, ctx.now, ctx.settings.default_timezone).results_now(call)
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
    call, group = _load(ctx, tokens[0], facilitator=True)
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
    options = {o.number: o for o in _options_of(ctx, call)}
    done: list[Text | Verbatim] = []
    for number, names in _picks(tokens[1:], call.id):
        option = options.get(number)
        if option is None:
            raise NotFound(t("Call {call} has no option {number}.", call=call.id, number=number))
        target = _stored_target(ctx, option)
        if target.session is None and target.stream is None:
            raise BadInput(
                t(
                    "Option {number} (“{option}”) is neither a session role nor a work stream;"
                    " nothing to give.",
                    number=number,
                    option=option.text,
                )
            )
        answerers = {m.id for m in _answerers(ctx, option)}
        for name in names:
            member, _ = find_member_in_group(ctx, group, name)
            if member.id not in answerers:
                raise Conflict(
                    t(
                        "{name} did not answer option {number} of call {call}.",
                        name=member.display_name,
                        number=number,
                        call=call.id,
                    )
                )
            _give(ctx, group, call, option, target, member)
            meaning = _target_text(target)
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
        existing = ctx.session.exec(
            select(Membership).where(
                Membership.group_id == stream.id, Membership.member_id == member.id
            )
        ).first()
        if existing is None or existing.status != ACTIVE:
            row = existing or Membership(
                group_id=stream.id, member_id=member.id, status="pending", since=ctx.now
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
    record(
        ctx, group, "call.awarded", call=call.id or 0, option=option.text, name=member.display_name
    )
