"""Opening a call for interest: its options read as roles or work streams where they name
one, its deadline in the facilitator's words, a preview to confirm."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot import conversation, dates, parsing
from bot.args import Args
from bot.context import Ctx
from bot.conversation import Data, Flow, Reask, Step, choice
from bot.effects import Action
from bot.errors import BadInput, NotFound
from bot.features.access import (
    require_facilitator,
    target_group,
)
from bot.features.answers import NO, YES, yes_or_no
from bot.features.changes import CallOpened, changed
from bot.features.streams import streams_of
from bot.parsing import number_ref
from bot.store.models import (
    CallOption,
    InterestCall,
    LearningGroup,
    LearningSession,
    RoleSlot,
)
from bot.store.statuses import SessionStatus
from bot.text import Msg, Text, Verbatim, Weekday, ZoneName, lines, t
from bot.views.calls import Target, option_line
from bot.views.readback import ambiguity
from bot.views.roles import role_key
from bot.words import fold, keywords

# The seed series asks for three roles in each of its sessions and a few work streams.
MAX_OPTIONS = 40
# Words around a role and a session number in an option ("chair of session 2").
FILLER = keywords("option filler", "of|for|the|in|session|sessions|as|a|an|to|role")
_PUNCTUATION = re.compile(r"[,;:()\[\]–—/]")


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
        session = ctx.db.exec(
            select(LearningSession).where(
                LearningSession.group_id == group.id,
                LearningSession.number == number_ref(words[numbers[0]]),
                LearningSession.status == SessionStatus.SCHEDULED,
            )
        ).first()
        role = role_key(" ".join(w for i, w in enumerate(words) if i != numbers[0]))
        if (
            session is not None
            and ctx.db.exec(
                select(RoleSlot.id).where(RoleSlot.session_id == session.id, RoleSlot.role == role)
            ).first()
        ):
            return Target(role=role, session=session)
    folded = fold(text)
    for stream in streams_of(ctx, group):
        if fold(stream.title) in folded:
            return Target(stream=stream)
    return Target()


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
    group = ctx.db.get(LearningGroup, data["group"])
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
            option_line(i, text, _target(ctx, group, text))
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
    ctx.db.add(call)
    ctx.db.flush()
    assert call.id is not None
    for number, text in enumerate(data["options"], 1):
        target = _target(ctx, group, text)
        ctx.db.add(
            CallOption(
                call_id=call.id,
                number=number,
                text=text,
                role=target.role,
                session_id=target.session.id if target.session else None,
                stream_id=target.stream.id if target.stream else None,
            )
        )
    ctx.db.flush()
    changed(ctx, CallOpened(group, call, day))
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
