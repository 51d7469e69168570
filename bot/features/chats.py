"""Linking a chat (a Telegram group, a Slack channel, a console room) to one group."""

from __future__ import annotations

from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput, Conflict, NotAllowed
from bot.features.access import find_group, require_facilitator
from bot.store.models import ChatLink, LearningGroup
from bot.text import Verbatim, t
from bot.views.members import facilitator_ids


def cmd_linkchat(ctx: Ctx, parsed: Args) -> None:
    chat = ctx.event.chat
    if chat.private:
        raise BadInput(
            t("Link a shared chat, not a private one: send this command in the group chat itself.")
        )
    if chat.actor_is_admin is False:
        raise NotAllowed(t("Only an admin of this chat can link it to a group."))
    ref = parsed.group or (parsed.text or None)
    if ref is None:
        raise BadInput(t("Which group should this chat act for? For example: /linkchat 3"))
    group = find_group(ctx, ref)
    require_facilitator(ctx, group)
    existing = ctx.db.get(ChatLink, (chat.platform, chat.chat_id))
    if existing is not None:
        current = ctx.db.get(LearningGroup, existing.group_id)
        if existing.group_id == group.id:
            raise Conflict(t("This chat is already linked to “{group}”.", group=group.title))
        raise Conflict(
            t(
                "This chat is linked to “{group}”. Send /unlinkchat first, then link it again.",
                group=current.title if current else "?",
            )
        )
    assert group.id is not None
    ctx.db.add(
        ChatLink(
            platform=chat.platform,
            chat_id=chat.chat_id,
            group_id=group.id,
            linked_by=ctx.member_id,
            linked_at=ctx.now,
        )
    )
    ctx.db.flush()
    ctx.reply(
        t(
            "This chat now acts for “{group}”: commands here need no group number,"
            " for example {command}.",
            group=group.title,
            command=Verbatim("/members"),
        )
    )


def cmd_unlinkchat(ctx: Ctx, args: Args) -> None:
    if args.raw.strip():
        raise BadInput(t("/unlinkchat takes no arguments."))
    chat = ctx.event.chat
    link = ctx.db.get(ChatLink, (chat.platform, chat.chat_id))
    if link is None:
        raise Conflict(t("This chat is not linked to any group."))
    group = ctx.db.get(LearningGroup, link.group_id)
    assert group is not None
    require_facilitator(ctx, group)
    ctx.db.delete(link)
    ctx.reply(t("This chat no longer acts for “{group}”.", group=group.title))


def presence(ctx: Ctx, present: bool) -> None:
    """Convener was added to a shared chat: say how it is linked. Removed: the chat is no
    longer linked (nothing more can be posted there) and the group's facilitators are told."""
    chat = ctx.event.chat
    if present:
        ctx.reply(
            t(
                "Hello! I am Convener. An admin of this chat can link it to a learning group"
                " with {command} and the group's number; its boards, news and calls then"
                " appear here.",
                command=Verbatim("/linkchat"),
            )
        )
        return
    link = ctx.db.get(ChatLink, (chat.platform, chat.chat_id))
    if link is None:
        return
    group = ctx.db.get(LearningGroup, link.group_id)
    assert group is not None
    ctx.db.delete(link)
    for facilitator in facilitator_ids(ctx, group):
        ctx.tell(
            facilitator,
            t(
                "Convener was removed from a chat linked to “{group}”, so that chat no longer"
                " acts for it. To link another, add Convener there and send {command}.",
                group=group.title,
                command=Verbatim("/linkchat"),
            ),
            group=group,
            privately=True,
        )
