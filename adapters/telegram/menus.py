"""The bot's command menus and descriptions, by audience and in each language."""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from bot.command_spec import FACILITATORS
from bot.commands import COMMANDS
from bot.effects import Audience
from bot.i18n import plain
from bot.settings import SUPPORTED_LOCALES
from bot.text import t

log = logging.getLogger(__name__)

DESCRIPTION = t(
    "Convener keeps a learning group's rhythm: join a group, claim a role in a session,"
    " ask the session's question, answer calls for interest before their deadline, and get"
    " reminders in your language and time zone. Send /start to begin."
)
SHORT_DESCRIPTION = t("Learning groups: join, claim session roles, answer calls, get reminders.")
# Commands that make no sense in a group chat's menu.
PRIVATE_ONLY = ("start", "profile", "newgroup", "cancel")


class Menus:
    def __init__(self, bot: Bot, default_language: str) -> None:
        self.bot = bot
        self.default_language = default_language

    async def register(self) -> None:
        """Command menus by audience, in each language: members see theirs in private chats
        and groups; a group's administrators also the facilitators' (they link the chat and
        run sessions there); a facilitator's own private chat gets the full menu when they
        become one (set_menu). Then the bot's descriptions, shown before /start."""
        for language in (None, *SUPPORTED_LOCALES):
            audience = self._menu_audience(language)
            for scope, commands in (
                (BotCommandScopeAllPrivateChats(), self._menu(audience, private=True)),
                (BotCommandScopeAllGroupChats(), self._menu(audience, private=False)),
                (
                    BotCommandScopeAllChatAdministrators(),
                    self._menu(audience, private=False, full=True),
                ),
            ):
                await self.bot.set_my_commands(commands, scope=scope, language_code=language)
            await self.bot.set_my_description(plain(DESCRIPTION, audience), language_code=language)
            await self.bot.set_my_short_description(
                plain(SHORT_DESCRIPTION, audience), language_code=language
            )

    async def set_menu(self, user_id: str, *, full: bool) -> None:
        """A person's own menu in their private chat: the full one while they facilitate
        something, else the members' one (their own scope removed)."""
        scope = BotCommandScopeChat(int(user_id))
        try:
            for language in (None, *SUPPORTED_LOCALES):
                if full:
                    await self.bot.set_my_commands(
                        self._menu(self._menu_audience(language), private=True, full=True),
                        scope=scope,
                        language_code=language,
                    )
                else:
                    await self.bot.delete_my_commands(scope=scope, language_code=language)
        except TelegramError:
            log.warning("could not set the command menu of %s", user_id, exc_info=True)

    def _menu_audience(self, language: str | None) -> Audience:
        # language_code None is the menu for every language without its own.
        return Audience(language or self.default_language, "UTC")

    def _menu(self, audience: Audience, *, private: bool, full: bool = False) -> list[BotCommand]:
        return [
            BotCommand(name, plain(spec.summary, audience)[:256])
            for name, spec in COMMANDS.items()
            if private or name not in PRIVATE_ONLY
            if full or spec.audience != FACILITATORS
        ]
