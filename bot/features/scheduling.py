"""Scheduling a session, moving or changing it, cancelling it; its role holders are told."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select

from bot import dates, parsing
from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput
from bot.features import role_slots
from bot.features.access import require_facilitator, target_group
from bot.features.boards import edit_boards
from bot.features.changes import (
    ProductMoved,
    SessionCancelled,
    SessionChanged,
    SessionScheduled,
    changed,
)
from bot.features.sessions import find_session
from bot.store.models import (
    LearningGroup,
    LearningSession,
    Product,
    RoleSlot,
)
from bot.store.statuses import SessionStatus
from bot.text import Msg, Verbatim, lines, t
from bot.views.readback import ambiguity, other_button, said
from bot.views.sessions import board, board_with_buttons, when_text


def cmd_schedule(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group, usage="/schedule #1 Title when=...", lock=True)
    require_facilitator(ctx, group)
    if not parsed.words:
        raise BadInput(
            lines(
                t("Give the session's subtopic and its date, for example:"),
                Verbatim('/schedule #1 Results-based financing when="12 February 2027 14:00 CET"'),
                Verbatim('/schedule #1 Purchasing governance when="end of April"'),
            )
        )
    title = parsing.clean_text(parsed.text, field=t("title"), max_len=200)
    last = ctx.db.exec(
        select(func.max(LearningSession.number)).where(LearningSession.group_id == group.id)
    ).one()
    assert group.id is not None
    session = LearningSession(
        group_id=group.id,
        number=(last or 0) + 1,
        title=title,
        sort_date=ctx.now.date(),
        created_by=ctx.member_id,
        created_at=ctx.now,
    )
    reading = _apply_options(ctx, session, parsed.options)
    ctx.db.add(session)
    ctx.db.flush()
    role_slots.create(ctx, session, role_slots.template(group))
    changed(ctx, SessionScheduled(group, session))
    assert reading is not None
    items, buttons = board_with_buttons(ctx, group, session)
    # The board shown here is remembered like any other, so later claims edit it in place.
    ctx.reply(
        lines(
            t(
                "Session {number} is scheduled for {when}.",
                number=session.number,
                when=said(reading),
            ),
            ambiguity(reading, parsed.options["when"]),
            *items,
        ),
        [
            *other_button(reading, "editsession", f"#{group.id} {session.number} when={{iso}}"),
            *buttons,
        ],
        board=session.id,
    )


def _apply_options(
    ctx: Ctx, session: LearningSession, options: dict[str, str]
) -> dates.Reading | None:
    """Checks every option before changing anything, so a bad one leaves the session as it was.
    Returns how the date was read, to say it back."""
    values: dict[str, object] = {}
    reading = None
    if "title" in options:
        values["title"] = parsing.clean_text(options["title"], field=t("title"), max_len=200)
    if "when" in options:
        writer = ctx.writer
        reading = dates.read_when(options["when"], writer)
        values.update(
            starts_at=reading.at,
            timezone=writer.zone if reading.at else None,
            approx_text=None if reading.at is not None else reading.part,
            sort_date=reading.day,
        )
    if "link" in options:
        link = options["link"].strip()
        if link and not link.startswith(("https://", "http://")):
            raise BadInput(t("A meeting link starts with https://"))
        values["link"] = parsing.clean_text(link, field=t("link"), max_len=500) if link else None
    if "description" in options:
        text = options["description"].strip()
        values["description"] = (
            parsing.clean_text(text, field=t("description"), max_len=1000) if text else None
        )
    for key, value in values.items():
        setattr(session, key, value)
    return reading


def follow_session(ctx: Ctx, group: LearningGroup, session: LearningSession) -> None:
    """Due dates written relative to the session ("2 weeks after the session") move with it."""
    products = ctx.db.exec(
        select(Product).where(
            Product.session_id == session.id, col(Product.due_offset_days).is_not(None)
        )
    ).all()
    for product in products:
        assert product.due_offset_days is not None
        product.due_date = due_after(session, product.due_offset_days)
        ctx.db.add(product)
        changed(ctx, ProductMoved(group, product))


def due_after(session: LearningSession, days: int) -> date:
    """The day `days` after (before, when negative) the session's day in its own zone (its
    sort date when only the month is known)."""
    day = session.sort_date
    if session.starts_at is not None and session.timezone:
        day = session.starts_at.astimezone(ZoneInfo(session.timezone)).date()
    return day + timedelta(days=days)


def _tell_holders(ctx: Ctx, group: LearningGroup, session: LearningSession, text: Msg) -> None:
    holders = ctx.db.exec(
        select(RoleSlot.member_id)
        .where(RoleSlot.session_id == session.id, col(RoleSlot.member_id).is_not(None))
        .distinct()
    ).all()
    for member_id in holders:
        if member_id is not None and member_id != ctx.member_id:
            ctx.tell(member_id, text, group=group)


def cmd_editsession(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group, usage="/editsession #1 2 when=...", lock=True)
    require_facilitator(ctx, group)
    if len(parsed.words) != 1 or not parsed.options:
        raise BadInput(
            lines(
                t("Give the session number and what changes, for example:"),
                Verbatim('/editsession #1 2 when="19 February 2027 14:00"'),
                Verbatim("/editsession #1 2 link=https://meet.example.org/abc"),
            )
        )
    session = find_session(ctx, group, parsed.words[0])
    before = when_text(session)
    reading = _apply_options(ctx, session, parsed.options)
    ctx.db.add(session)
    ctx.db.flush()
    if reading is not None:
        follow_session(ctx, group, session)
    fields = ", ".join(sorted(parsed.options))
    changed(ctx, SessionChanged(group, session, fields))
    ctx.reply(
        lines(
            t("Session {number} is updated.", number=session.number),
            t("It takes place {when}.", when=said(reading)) if reading else None,
            ambiguity(reading, parsed.options["when"]) if reading else None,
            *board(ctx, session),
        ),
        other_button(reading, "editsession", f"#{group.id} {session.number} when={{iso}}")
        if reading
        else (),
    )
    edit_boards(ctx, group, session)
    if "when" in parsed.options:
        _tell_holders(
            ctx,
            group,
            session,
            t(
                "Session {number} of “{group}” ({title}) moved from {before} to {after}.",
                number=session.number,
                group=group.title,
                title=session.title,
                before=before,
                after=when_text(session),
            ),
        )


def cmd_cancelsession(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group, usage="/cancelsession #1 2", lock=True)
    require_facilitator(ctx, group)
    if len(parsed.words) != 1:
        raise BadInput(
            t("Which session? For example: {example}", example=Verbatim("/cancelsession 2"))
        )
    session = find_session(ctx, group, parsed.words[0])
    session.status = SessionStatus.CANCELLED
    ctx.db.add(session)
    ctx.db.flush()
    changed(ctx, SessionCancelled(group, session))
    ctx.reply(
        t(
            "Session {number} ({title}) is cancelled.",
            number=session.number,
            title=session.title,
        )
    )
    _tell_holders(
        ctx,
        group,
        session,
        t(
            "Session {number} of “{group}” ({title}, {when}) is cancelled; your role in it lapses.",
            number=session.number,
            group=group.title,
            title=session.title,
            when=when_text(session),
        ),
    )
