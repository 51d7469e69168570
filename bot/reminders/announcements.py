"""A facilitator's announcements: a message to the whole group now or at a given time,
withdrawn or moved while it has not gone out."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col

from bot import dates
from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput, Conflict
from bot.features.access import require_facilitator, target_group, visible
from bot.features.changes import AnnouncementPlanned, changed
from bot.parsing import number_ref
from bot.reminders import kinds
from bot.store.models import (
    Announcement,
    LearningGroup,
    Reminder,
)
from bot.store.statuses import ReminderStatus
from bot.text import Verbatim, lines, t, tn
from bot.views.members import active_count
from bot.views.readback import ambiguity, other_button

MAX_ANNOUNCEMENT = 2000


def cmd_announce(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group, usage="/announce #1 text")
    require_facilitator(ctx, group)
    text = " ".join(parsed.text.split())
    if not text:
        raise BadInput(
            t(
                "What should I tell the group? For example: {example}",
                example=Verbatim(
                    f'/announce #{group.id} at="15 March 2027 09:00" The report is out'
                ),
            )
        )
    if len(text) > MAX_ANNOUNCEMENT:
        raise BadInput(
            t(
                "An announcement is at most {max} characters; this one has {length}.",
                max=MAX_ANNOUNCEMENT,
                length=len(text),
            )
        )
    send_at = ctx.now
    reading = None
    if "at" in parsed.options:
        reading = dates.read_when(parsed.options["at"], ctx.writer, months=False)
        assert reading.at is not None
        send_at = reading.at
    assert group.id is not None
    row = Announcement(
        group_id=group.id, author_id=ctx.member_id, text=text, send_at=send_at, created_at=ctx.now
    )
    ctx.db.add(row)
    ctx.db.flush()
    assert row.id is not None
    changed(ctx, AnnouncementPlanned(group, row))
    count = active_count(ctx, group)
    if send_at == ctx.now:
        ctx.reply(
            tn(
                "Your announcement goes to {n} member of “{group}” now (in the morning for"
                " those in their quiet hours).",
                "Your announcement goes to {n} members of “{group}” now (in the morning for"
                " those in their quiet hours).",
                count,
                group=group.title,
            )
        )
    else:
        ctx.reply(
            lines(
                tn(
                    "Your announcement goes to {n} member of “{group}” on {when}.",
                    "Your announcement goes to {n} members of “{group}” on {when}.",
                    count,
                    group=group.title,
                    when=send_at,
                ),
                ambiguity(reading, parsed.options["at"]) if reading else None,
                t(
                    "Until then you can withdraw it with {command}.",
                    command=Verbatim(f"/unannounce {row.id}"),
                ),
            ),
            other_button(reading, "moveannouncement", f"{row.id} at={{iso}}") if reading else (),
        )


def _announcement(ctx: Ctx, words: list[str], example: str) -> tuple[Announcement, int]:
    """The announcement named, its pending reminders withdrawn (refused once it went out)."""
    number = number_ref(words[0]) if len(words) == 1 else None
    found = ctx.db.get(Announcement, number) if number is not None else None
    group = ctx.db.get(LearningGroup, found.group_id) if found is not None else None
    if found is None or group is None or not visible(ctx, group):
        raise BadInput(
            t(
                "Which announcement? Its number is in {reminders}; for example {example}.",
                reminders=Verbatim("/reminders"),
                example=Verbatim(example),
            )
        )
    require_facilitator(ctx, group)
    withdrawn = ctx.db.execute(
        delete(Reminder).where(
            col(Reminder.kind) == kinds.ANNOUNCEMENT,
            col(Reminder.subject_id) == found.id,
            col(Reminder.status) == ReminderStatus.PENDING,
        )
    ).rowcount  # type: ignore[attr-defined]
    if not withdrawn:
        raise Conflict(
            t(
                "Announcement {number} has already gone out; it cannot be changed.",
                number=found.id or 0,
            )
        )
    return found, withdrawn


def cmd_unannounce(ctx: Ctx, args: Args) -> None:
    found, withdrawn = _announcement(ctx, args.words, "/unannounce 2")
    ctx.reply(
        tn(
            "Announcement {number} is withdrawn: {n} person will not get it.",
            "Announcement {number} is withdrawn: {n} people will not get it.",
            withdrawn,
            number=found.id or 0,
        )
    )


def cmd_moveannouncement(ctx: Ctx, parsed: Args) -> None:
    if "at" not in parsed.options:
        raise BadInput(
            t(
                "Give the announcement's number and its new time, for example {example}.",
                example=Verbatim('/moveannouncement 2 at="15 March 2027 09:00"'),
            )
        )
    found, _ = _announcement(ctx, parsed.words, '/moveannouncement 2 at="15 March 2027 09:00"')
    reading = dates.read_when(parsed.options["at"], ctx.writer, months=False)
    assert reading.at is not None
    assert found.id is not None
    found.send_at = reading.at
    ctx.db.add(found)
    group = ctx.db.get(LearningGroup, found.group_id)
    assert group is not None
    changed(ctx, AnnouncementPlanned(group, found))
    count = active_count(ctx, group)
    ctx.reply(
        lines(
            tn(
                "Announcement {number} now goes to {n} member on {when}.",
                "Announcement {number} now goes to {n} members on {when}.",
                count,
                number=found.id,
                when=reading.at,
            ),
            ambiguity(reading, parsed.options["at"]),
        ),
        other_button(reading, "moveannouncement", f"{found.id} at={{iso}}"),
    )


# -- /remind -------------------------------------------------------------------------------
