"""Sessions of a group's series, and their role boards."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from bot import dates, parsing
from bot.args import Args
from bot.context import Ctx
from bot.effects import Action, Address, Audience, Edit, Send
from bot.errors import BadInput, NotAllowed, NotFound
from bot.events import Button, MessageRef
from bot.features import role_slots
from bot.features.access import ACTIVE, membership, require_facilitator, target_group
from bot.features.history import record
from bot.features.readback import ambiguity, month_part, other_button, said
from bot.features.role_names import COUNTRY_ROLES, role_label
from bot.parsing import number_ref
from bot.store.models import (
    BoardMessage,
    ChatLink,
    LearningGroup,
    LearningSession,
    Member,
    Product,
    Question,
    RoleSlot,
)
from bot.text import Country, ListOf, Msg, Text, Verbatim, fit, lines, t


def member_of(ctx: Ctx, group: LearningGroup) -> None:
    row = membership(ctx, group, ctx.member_id)
    if row is None or row.status != ACTIVE:
        raise NotAllowed(
            t(
                "You are not a member of “{group}”. Join it first with {command}.",
                group=group.title,
                command=Verbatim(f"/join {group.id}"),
            )
        )


_SESSION = select(LearningSession).where(
    LearningSession.group_id == bindparam("group"), LearningSession.number == bindparam("number")
)


def find_session(ctx: Ctx, group: LearningGroup, ref: str) -> LearningSession:
    number = number_ref(ref)
    found = None
    if number is not None:
        found = ctx.session.exec(_SESSION, params={"group": group.id, "number": number}).first()
    if found is None or found.status != "scheduled":
        raise NotFound(
            t(
                "“{group}” has no session {ref}. Send /sessions to see its sessions.",
                group=group.title,
                ref=ref[:20],
            )
        )
    return found


def lock_session(ctx: Ctx, session: LearningSession) -> None:
    """Take the session's row lock until the event commits: rules about one member in one
    session (one role each) are checked and kept under it. On PostgreSQL a row lock; on
    SQLite the immediate transaction already holds the database's write lock."""
    ctx.session.exec(
        select(LearningSession.id).where(LearningSession.id == session.id).with_for_update()
    ).one()


def session_choice(session: LearningSession) -> Msg:
    """A session on a button that picks it."""
    return t("Session {number}: {title}", number=session.number, title=fit(session.title, 40))


def when_text(session: LearningSession) -> Msg:
    if session.starts_at is not None:
        return t("{when}", when=session.starts_at)
    return month_part(session.approx_text, session.sort_date)


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
    last = ctx.session.exec(
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
    ctx.session.add(session)
    ctx.session.flush()
    role_slots.create(ctx, session, role_slots.template(group))
    record(ctx, group, "session.scheduled", number=session.number, title=title)
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


def follow_session(ctx: Ctx, session: LearningSession) -> None:
    """Due dates written relative to the session ("2 weeks after the session") move with it."""
    products = ctx.session.exec(
        select(Product).where(
            Product.session_id == session.id, col(Product.due_offset_days).is_not(None)
        )
    ).all()
    for product in products:
        assert product.due_offset_days is not None
        product.due_date = due_after(session, product.due_offset_days)
        ctx.session.add(product)
        ctx.replan("product", product.id)


def due_after(session: LearningSession, days: int) -> date:
    """The day `days` after (before, when negative) the session's day in its own zone (its
    sort date when only the month is known)."""
    day = session.sort_date
    if session.starts_at is not None and session.timezone:
        day = session.starts_at.astimezone(ZoneInfo(session.timezone)).date()
    return day + timedelta(days=days)


def _tell_holders(ctx: Ctx, group: LearningGroup, session: LearningSession, text: Msg) -> None:
    holders = ctx.session.exec(
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
    ctx.session.add(session)
    ctx.session.flush()
    if reading is not None:
        follow_session(ctx, session)
    fields = ", ".join(sorted(parsed.options))
    record(ctx, group, "session.changed", number=session.number, fields=fields)
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
    session.status = "cancelled"
    ctx.session.add(session)
    ctx.session.flush()
    record(ctx, group, "session.cancelled", number=session.number, title=session.title)
    edit_boards(ctx, group, session)
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


# Built once: every board shown runs these (building a statement costs more than running it).
_SLOTS = (
    select(RoleSlot, Member)
    .join(Member, col(Member.id) == RoleSlot.member_id, isouter=True)
    .where(RoleSlot.session_id == bindparam("session"))
    .order_by(col(RoleSlot.id))
)
_GUIDING = (
    select(Question, Member)
    .join(Member, col(Member.id) == Question.author_id)
    .where(Question.session_id == bindparam("session"), col(Question.guiding).is_(True))
)


def guiding_question(db: Session, session_id: int | None) -> tuple[Question, Member] | None:
    """The session's guiding question and its author, once one is chosen."""
    return db.exec(_GUIDING, params={"session": session_id}).first()


def board(ctx: Ctx, session: LearningSession) -> list[Text | Verbatim]:
    return board_with_buttons(ctx, None, session)[0]


def board_with_buttons(
    ctx: Ctx, group: LearningGroup | None, session: LearningSession
) -> tuple[list[Text | Verbatim], list[Action]]:
    """The board's lines, and a claim button per open role (when the group is given)."""
    rows = ctx.session.exec(_SLOTS, params={"session": session.id}).all()
    by_role: dict[str, list[Member | None]] = {}
    for slot, member in rows:
        by_role.setdefault(slot.role, []).append(member)
    items: list[Text | Verbatim] = [
        t("Session {number} — {title}", number=session.number, title=session.title),
        when_text(session),
    ]
    cancelled = session.status == "cancelled"
    if cancelled:
        items.append(t("This session is cancelled."))
    if session.description:
        items.append(Verbatim(session.description))
    if session.link:
        items.append(t("Meeting link: {link}", link=session.link))
    for role, holders in by_role.items():
        names = tuple(_holder(role, m) for m in holders)
        items.append(t("{role}: {holders}", role=role_label(role), holders=ListOf(names)))
    guiding = guiding_question(ctx.session, session.id)
    if guiding is not None:
        question, author = guiding
        items.append(
            t(
                "Guiding question: {text} ({name})",
                text=question.text,
                name=author.display_name,
            )
        )
    buttons = [
        Action(
            t("Claim: {role}", role=role_label(role)),
            "claim",
            f"{role} {session.number} #{group.id}",
        )
        for role, holders in by_role.items()
        if group is not None and None in holders and not cancelled
    ]
    return items, buttons


def _holder(role: str, member: Member | None) -> Msg:
    if member is None:
        return t("tbd")
    if role in COUNTRY_ROLES and member.country:
        return t("{country} ({name})", country=Country(member.country), name=member.display_name)
    return t("{name}", name=member.display_name)


def present_board(ctx: Ctx, group: LearningGroup, session: LearningSession, headline: Msg) -> None:
    """After a change: a pressed board is edited in place (everyone in that chat sees the new
    board, no new message) and the presser alone is told; a typed command gets the board."""
    event = ctx.event
    if isinstance(event, Button) and event.message is not None:
        ref = event.message
        posted = ctx.session.get(BoardMessage, (ref.platform, ref.chat_id, ref.message_id))
        reader = ctx.audience if event.chat.private else ctx.group_audience(group)
        items, buttons = board_with_buttons(ctx, group, session)
        ctx.effects.append(Edit(ref, lines(*items), _posted_in(posted, reader), tuple(buttons)))
        ctx.reply(headline, private=True)
        return
    items, buttons = board_with_buttons(ctx, group, session)
    ctx.reply(lines(headline, *items), buttons, board=session.id)


def sync_boards(ctx: Ctx, group: LearningGroup, session: LearningSession, news: Msg) -> None:
    """A role changed: every posted board of the session is edited in place, and the other
    chats linked to the group (Telegram groups, Slack channels) are told what changed."""
    linked = edit_boards(ctx, group, session)
    here = (ctx.event.chat.platform, ctx.event.chat.chat_id)
    audience = ctx.group_audience(group)
    for platform, chat_id in sorted(linked - {here}):
        ctx.effects.append(Send(Address(platform, "chat", chat_id), news, audience))


def edit_boards(ctx: Ctx, group: LearningGroup, session: LearningSession) -> set[tuple[str, str]]:
    """Edit every posted copy of the session's board in the chats still linked to the
    group, each in the language and time zone it was posted in (a board pressed is edited
    by the press itself). The linked chats, as (platform, chat id)."""
    links = ctx.session.exec(select(ChatLink).where(ChatLink.group_id == group.id)).all()
    linked = {(link.platform, link.chat_id) for link in links}
    if not linked:
        return linked
    pressed = ctx.event.message if isinstance(ctx.event, Button) else None
    fallback = ctx.group_audience(group)
    items, buttons = board_with_buttons(ctx, group, session)
    posted = ctx.session.exec(
        select(BoardMessage).where(BoardMessage.session_id == session.id)
    ).all()
    for board_message in posted:
        ref = MessageRef(board_message.platform, board_message.chat_id, board_message.message_id)
        if (ref.platform, ref.chat_id) in linked and ref != pressed:
            audience = _posted_in(board_message, fallback)
            ctx.effects.append(Edit(ref, lines(*items), audience, tuple(buttons)))
    return linked


def _posted_in(posted: BoardMessage | None, fallback: Audience) -> Audience:
    if posted is None or posted.locale is None or posted.timezone is None:
        return fallback
    return Audience(posted.locale, posted.timezone)


def upcoming(ctx: Ctx, group: LearningGroup) -> list[LearningSession]:
    return list(
        ctx.session.exec(
            select(LearningSession)
            .where(
                LearningSession.group_id == group.id,
                LearningSession.status == "scheduled",
                LearningSession.sort_date >= ctx.now.date(),
            )
            .order_by(col(LearningSession.sort_date), col(LearningSession.number))
        ).all()
    )


def cmd_sessions(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/sessions 1")
    member_of(ctx, group)
    sessions = upcoming(ctx, group)
    if not sessions:
        ctx.reply(t("“{group}” has no upcoming session.", group=group.title))
        return
    for session in sessions:
        items, buttons = board_with_buttons(ctx, group, session)
        ctx.reply(lines(*items), buttons, board=session.id)


def cmd_session(ctx: Ctx, parsed: Args) -> None:
    if len(parsed.words) != 1:
        raise BadInput(t("Which session? For example: /session 2"))
    group = target_group(ctx, parsed.group, usage="/session #1 2")
    member_of(ctx, group)
    session = find_session(ctx, group, parsed.words[0])
    items, buttons = board_with_buttons(ctx, group, session)
    ctx.reply(lines(*items), buttons, board=session.id)
