"""Reminders as people see them: /reminders (what is planned for a group, and its offsets),
/announce (a one-off message to the group, now or later) and /remind (a member's own
settings: kinds on or off, quiet hours)."""

from __future__ import annotations

import json
import re

from sqlalchemy import distinct, func
from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput
from bot.features.access import require_facilitator, target_group
from bot.features.changes import ReminderTimesChanged, changed, settings_changed
from bot.reminders import kinds, recipients
from bot.store.models import (
    Announcement,
    InterestCall,
    LearningGroup,
    LearningSession,
    Product,
    Reminder,
)
from bot.store.statuses import ReminderStatus
from bot.text import Msg, Text, Verbatim, lines, t, tn
from bot.words import Words, fold, keywords, lookup

LISTED = 25
NEXT_FOR_MEMBER = 5

# Offsets facilitators set: (lowest, highest) days, and how many values at most.
OFFSET_RANGE = {
    "calls": (0, 60, 5),
    "sessions": (1, 60, 5),
    "roles": (1, 90, 3),
    "discussant": (1, 60, 3),
    "chair": (1, 90, 3),
    "products": (0, 60, 5),
}

# The words for each kind of reminder and for the settings, in every language (catalogs).
_CATEGORY_WORDS: dict[str, Words] = {
    "calls": keywords("reminder kind", "calls|call"),
    "sessions": keywords("reminder kind", "sessions|session"),
    "duties": keywords("reminder kind", "duties|duty"),
    "roles": keywords("reminder kind", "roles|role"),
    "products": keywords("reminder kind", "products|product"),
}
ALL = keywords("reminder kind", "all")
QUIET = keywords("reminder setting", "quiet|silence")
ON = keywords("reminder setting", "on|yes")
OFF = keywords("reminder setting", "off|no")
NO_QUIET = keywords("reminder setting", "none|off|no")
DEFAULT = keywords("reminder setting", "default")

_CATEGORY_LABELS: dict[str, Msg] = {
    "calls": t("calls for interest (before the deadline, until you answer)"),
    "sessions": t("sessions (before they start; one hour before for role holders)"),
    "duties": t("duties (the discussant's guiding question, the chair's preparation)"),
    "roles": t("open roles (one nudge before a session that still needs people)"),
    "products": t("products (before they are due, to their authors)"),
}


# -- /reminders ----------------------------------------------------------------------------


def cmd_reminders(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/reminders #1")
    require_facilitator(ctx, group)
    if parsed.options:
        chosen = recipients.offsets(group)
        for key, value in parsed.options.items():
            chosen[key] = tuple(_days(key, value))
        group.reminder_offsets = json.dumps(chosen)
        ctx.db.add(group)
        changed(ctx, ReminderTimesChanged(group))
        ctx.reply(
            lines(
                t("Reminder times for “{group}” are updated.", group=group.title),
                *_offset_lines(group),
            )
        )
        return
    ctx.reply(lines(*_planned(ctx, group), *_offset_lines(group)))


def _days(key: str, value: str) -> list[int]:
    low, high, most = OFFSET_RANGE[key]
    parts = [p for p in re.split(r"[,;\s]+", value.strip()) if p]
    if not parts or len(parts) > most or not all(re.fullmatch("[0-9]{1,3}", p) for p in parts):
        raise BadInput(_offset_help(key, low, high, most))
    days = sorted({int(p) for p in parts}, reverse=True)
    if days[0] > high or days[-1] < low:
        raise BadInput(_offset_help(key, low, high, most))
    return days


def _offset_help(key: str, low: int, high: int, most: int) -> Msg:
    return t(
        "{option} takes up to {most} numbers of days before, from {low} to {high}, separated"
        " by commas; for example {example}.",
        option=Verbatim(key + "="),
        most=most,
        low=low,
        high=high,
        example=Verbatim(f"{key}=" + ",".join(str(d) for d in kinds.DEFAULT_OFFSETS[key])),
    )


def _offset_lines(group: LearningGroup) -> list[Text | Verbatim]:
    chosen = recipients.offsets(group)
    return [
        t("Days before, for each kind of reminder:"),
        Verbatim(" ".join(f"{k}={','.join(map(str, v))}" for k, v in chosen.items())),
        t(
            "Change them with {example}.",
            example=Verbatim(f"/reminders #{group.id} calls=7,2,0 sessions=7,1"),
        ),
    ]


def _planned(ctx: Ctx, group: LearningGroup) -> list[Text | Verbatim]:
    rows = ctx.db.exec(
        select(
            Reminder.kind,
            Reminder.subject_id,
            func.min(Reminder.due_at),
            func.count(distinct(col(Reminder.member_id))),
        )
        .where(Reminder.group_id == group.id, Reminder.status == ReminderStatus.PENDING)
        .group_by(col(Reminder.kind), col(Reminder.subject_id))
        .order_by(func.min(Reminder.due_at))
        .limit(LISTED)
    ).all()
    if not rows:
        return [t("Nothing is planned for “{group}” yet.", group=group.title)]
    items: list[Text | Verbatim] = [t("Planned for “{group}”:", group=group.title)]
    for kind, subject_id, first, count in rows:
        items.append(
            tn(
                "{when}: {what}, to {n} person",
                "{when}: {what}, to {n} people",
                count,
                when=first,
                what=_describe(ctx, kind, subject_id),
            )
        )
    return items


def _describe(ctx: Ctx, kind: str, subject_id: int) -> Msg:
    if kind in kinds.CALL_KINDS:
        call = ctx.db.get(InterestCall, subject_id)
        if kind == kinds.CALL_RESULTS:
            return t("the results of call {call} to facilitators", call=subject_id)
        if call is None or not call.title:
            return t("reminder to answer call {call}", call=subject_id)
        return t("reminder to answer call {call} “{title}”", call=subject_id, title=call.title)
    if kind == kinds.PRODUCT:
        product = ctx.db.get(Product, subject_id)
        return t("product “{title}” is due", title=product.title if product else "?")
    if kind == kinds.ANNOUNCEMENT:
        found_text = ctx.db.get(Announcement, subject_id)
        words = found_text.text if found_text else ""
        short = words if len(words) <= 40 else words[:39].rstrip() + "…"
        return t("announcement {number}: “{text}”", number=subject_id, text=short)
    found = ctx.db.get(LearningSession, subject_id)
    number = found.number if found else 0
    labels = {
        kinds.SESSION: t("session {number} is coming", number=number),
        kinds.SESSION_HOUR: t("session {number} starts in one hour (role holders)", number=number),
        kinds.DISCUSSANT: t("session {number}: the guiding question is due", number=number),
        kinds.CHAIR: t("session {number}: the chair prepares it", number=number),
        kinds.OPEN_ROLES: t("session {number} has open roles", number=number),
    }
    return labels[kind]


# -- /announce -----------------------------------------------------------------------------


_QUIET = re.compile(r"^(\d{1,2})(?:[:h](\d{2})?)?\s*-\s*(\d{1,2})(?:[:h](\d{2})?)?$")


def cmd_remind(ctx: Ctx, args: Args) -> None:
    words = [fold(w) for w in args.raw.split()]
    if not words:
        ctx.reply(_settings(ctx), private=True)
        return
    member = ctx.member
    head, rest = words[0], words[1:]
    if QUIET.matches(head):
        member.quiet_hours = _quiet(" ".join(rest))
    elif ON.matches(head) or OFF.matches(head):
        turning_off = OFF.matches(head)
        if not rest:
            raise BadInput(_remind_help())
        chosen = set(kinds.CATEGORIES) if len(rest) == 1 and ALL.matches(rest[0]) else set()
        for word in rest if not chosen else []:
            category = lookup(_CATEGORY_WORDS, word.strip(","))
            if category is None:
                raise BadInput(
                    lines(t("“{word}” is not a kind of reminder.", word=word[:30]), _remind_help())
                )
            chosen.add(category)
        off = {k for k in member.reminders_off.split(",") if k}
        off = off | chosen if turning_off else off - chosen
        member.reminders_off = ",".join(k for k in kinds.CATEGORIES if k in off)
    else:
        raise BadInput(_remind_help())
    ctx.db.add(member)
    settings_changed(ctx)
    ctx.reply(lines(t("Your reminder settings are updated."), _settings(ctx)), private=True)


def _quiet(value: str) -> str:
    if NO_QUIET.matches(value):
        return ""
    if DEFAULT.matches(value):
        return "21:00-08:00"
    match = _QUIET.match(value)
    if match is None:
        raise BadInput(_remind_help())
    start_h, start_m, end_h, end_m = match.groups()
    hours = (int(start_h), int(start_m or 0), int(end_h), int(end_m or 0))
    if hours[0] > 23 or hours[2] > 23 or hours[1] > 59 or hours[3] > 59:
        raise BadInput(_remind_help())
    return f"{hours[0]:02d}:{hours[1]:02d}-{hours[2]:02d}:{hours[3]:02d}"


def _settings(ctx: Ctx) -> Text:
    off = {k for k in ctx.member.reminders_off.split(",") if k}
    quiet = recipients.parse_quiet(ctx.member.quiet_hours)
    items: list[Text | Verbatim] = [t("Your reminders:")]
    for category in kinds.CATEGORIES:
        label = _CATEGORY_LABELS[category]
        items.append(
            t("off — {kind}", kind=label) if category in off else t("on — {kind}", kind=label)
        )
    items.append(
        t("Quiet hours: none; reminders may come at any hour.")
        if quiet is None
        else t(
            "Quiet hours: {start} to {end}, your time; reminders wait until then (except one"
            " hour before a session you have a role in).",
            start=Verbatim(quiet[0].strftime("%H:%M")),
            end=Verbatim(quiet[1].strftime("%H:%M")),
        )
    )
    items.append(t("Announcements and call results always come."))
    items.extend(_coming(ctx))
    items.append(_remind_help())
    return lines(*items)


def _coming(ctx: Ctx) -> list[Text | Verbatim]:
    rows = ctx.db.exec(
        select(Reminder, LearningGroup)
        .join(LearningGroup, col(LearningGroup.id) == Reminder.group_id)
        .where(Reminder.member_id == ctx.member_id, Reminder.status == ReminderStatus.PENDING)
        .order_by(col(Reminder.due_at))
        .limit(NEXT_FOR_MEMBER)
    ).all()
    if not rows:
        return [t("No reminder is planned for you.")]
    return [
        t("Your next reminders:"),
        *(
            t(
                "{when}: {what} (“{group}”)",
                when=row.due_at,
                what=_describe(ctx, row.kind, row.subject_id),
                group=group.title,
            )
            for row, group in rows
        ),
    ]


def _remind_help() -> Msg:
    return t(
        "Change them like this: {off}, {on}, {quiet} or {none}. Kinds: calls, sessions, duties,"
        " roles, products.",
        off=Verbatim("/remind off calls"),
        on=Verbatim("/remind on all"),
        quiet=Verbatim("/remind quiet 22:00-07:00"),
        none=Verbatim("/remind quiet off"),
    )
