"""A session's role board: who holds what, a claim button per open role, and every posted
copy kept up to date, each in the language it was posted in."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import select

from bot.args import Args
from bot.context import Ctx
from bot.effects import Address, Audience, Edit, Send
from bot.errors import BadInput
from bot.events import Button, MessageRef
from bot.features.access import target_group
from bot.features.calendars import add_buttons
from bot.features.sessions import find_session, member_of
from bot.store.core import columns, run
from bot.store.models import (
    BoardMessage,
    ChatLink,
    LearningGroup,
    LearningSession,
)
from bot.text import Msg, lines, t
from bot.views.sessions import board_with_buttons, upcoming


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


_LINK = columns(ChatLink)
_LINKED = sa.select(_LINK.platform, _LINK.chat_id).where(_LINK.group_id == bindparam("group"))


def edit_boards(ctx: Ctx, group: LearningGroup, session: LearningSession) -> set[tuple[str, str]]:
    """Edit every posted copy of the session's board in the chats still linked to the
    group, each in the language and time zone it was posted in (a board pressed is edited
    by the press itself). The linked chats, as (platform, chat id)."""
    linked = {(platform, chat) for platform, chat in run(ctx.db, _LINKED, group=group.id)}
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
    # The session's own card also offers to add it to a calendar.
    ctx.reply(lines(*items), [*buttons, *add_buttons(ctx, group, session)], board=session.id)
