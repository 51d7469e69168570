"""Telegram updates to engine events: the small converter at the edge."""

from __future__ import annotations

from telegram import ChatMember, Update

from bot.events import Actor, Button, Chat, Command, Event, FreeText, MessageRef, Presence

PLATFORM = "telegram"


def to_event(
    update: Update,
    bot_username: str,
    pressed: tuple[str, str] | None = None,
    bot_id: int | None = None,
) -> Event | None:
    """The event an update stands for; None for what is not for us (other bots' commands,
    service messages, edits). `pressed` is what a pressed button carries, when known."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    actor = Actor(PLATFORM, str(user.id), user.full_name, user.language_code, None)
    where = Chat(PLATFORM, str(chat.id), private=chat.type == "private")
    change = update.my_chat_member
    if change is not None:
        if where.private:
            return None  # a person blocking or unblocking us: delivery notices that
        gone = change.new_chat_member.status in (ChatMember.LEFT, ChatMember.BANNED)
        was_gone = change.old_chat_member.status in (ChatMember.LEFT, ChatMember.BANNED)
        if gone == was_gone:
            return None  # our rights changed, not our presence
        return Presence(actor, where, present=not gone)
    query = update.callback_query
    if query is not None:
        message = query.message
        ref = MessageRef(PLATFORM, str(chat.id), str(message.message_id)) if message else None
        command, args = pressed or ("", "")
        return Button(actor, where, command, args, ref)
    message = update.message
    if message is None or message.text is None:
        return None
    text = message.text
    if text.startswith("/"):
        head, _, rest = text[1:].partition(" ")
        name, _, addressee = head.partition("@")
        if addressee and addressee.lower() != bot_username.lower():
            return None  # "/help@OtherBot" in a group is not for us
        return Command(actor, where, name.lower(), rest.strip())
    if not where.private:
        # In a group only a reply to our question is an answer; the rest is people talking.
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != bot_id:
            return None
    return FreeText(actor, where, text)
