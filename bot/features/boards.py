"""A session's role board: who holds what, a claim button per open role, and every posted
copy kept up to date, each in the language it was posted in."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from bot.args import Args
from bot.context import Ctx, Reader
from bot.effects import Action, Address, Audience, Edit, Send
from bot.errors import BadInput
from bot.events import Button, MessageRef
from bot.features.access import target_group
from bot.features.role_names import COUNTRY_ROLES, role_label
from bot.features.sessions import (
    find_session,
    member_of,
    upcoming,
    when_text,
)
from bot.store.models import (
    BoardMessage,
    ChatLink,
    LearningGroup,
    LearningSession,
    Member,
    Question,
    RoleSlot,
)
from bot.store.statuses import SessionStatus
from bot.text import Country, ListOf, Msg, Text, Verbatim, lines, t

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
    ctx: Reader, group: LearningGroup | None, session: LearningSession
) -> tuple[list[Text | Verbatim], list[Action]]:
    """The board's lines, and a claim button per open role (when the group is given)."""
    rows = ctx.db.exec(_SLOTS, params={"session": session.id}).all()
    by_role: dict[str, list[Member | None]] = {}
    for slot, member in rows:
        by_role.setdefault(slot.role, []).append(member)
    items: list[Text | Verbatim] = [
        t("Session {number} — {title}", number=session.number, title=session.title),
        when_text(session),
    ]
    cancelled = session.status == SessionStatus.CANCELLED
    if cancelled:
        items.append(t("This session is cancelled."))
    if session.description:
        items.append(Verbatim(session.description))
    if session.link:
        items.append(t("Meeting link: {link}", link=session.link))
    for role, holders in by_role.items():
        names = tuple(_holder(role, m) for m in holders)
        items.append(t("{role}: {holders}", role=role_label(role), holders=ListOf(names)))
    guiding = guiding_question(ctx.db, session.id)
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
        posted = ctx.db.get(BoardMessage, (ref.platform, ref.chat_id, ref.message_id))
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
    links = ctx.db.exec(select(ChatLink).where(ChatLink.group_id == group.id)).all()
    linked = {(link.platform, link.chat_id) for link in links}
    if not linked:
        return linked
    pressed = ctx.event.message if isinstance(ctx.event, Button) else None
    fallback = ctx.group_audience(group)
    items, buttons = board_with_buttons(ctx, group, session)
    posted = ctx.db.exec(select(BoardMessage).where(BoardMessage.session_id == session.id)).all()
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
