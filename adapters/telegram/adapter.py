"""The Telegram adapter: python-telegram-bot receives updates, the engine decides, and the
effects go out through the one rate-limited delivery path."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import warnings
from dataclasses import replace
from typing import Any

from telegram import (
    ForceReply,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler
from telegram.warnings import PTBUserWarning

from adapters.port import Elsewhere, Forward, nowhere, platform_of
from adapters.telegram import formatting
from adapters.telegram.buttons import Buttons
from adapters.telegram.convert import PLATFORM, to_event
from adapters.telegram.delivery import OVERALL_PER_SECOND, Delivery
from adapters.telegram.menus import Menus
from adapters.telegram.transport import AiohttpRequest
from bot.effects import (
    Attachment,
    Edit,
    Effect,
    Menu,
    Prompt,
    Reply,
    Send,
    board_posted,
)
from bot.engine import Engine
from bot.events import Button, Command, Event, MessageRef, Unreachable
from bot.i18n import plain
from bot.settings import Settings
from bot.store.buttons import ButtonLines
from bot.store.db import Held
from bot.store.pace import pace_for
from bot.store.statuses import SendOutcome

# What we ask Telegram for: messages, button presses, and being added to or removed from
# a chat.
UPDATES = ["message", "callback_query", "my_chat_member"]

# How long a webhook request waits for its update to be handled (Telegram gives up on a
# request after about a minute).
WEBHOOK_PATIENCE = 20.0

log = logging.getLogger(__name__)

# Bot.do_api_request, for endpoints that have a Bot method of their own, warns that the
# method is to be preferred: here the method's parsing of the answer is the cost avoided.
_QUIET = r"Please use 'Bot\."
warnings.filterwarnings("ignore", _QUIET, PTBUserWarning)

# Commands that need to know whether the actor administers the chat.
ADMIN_COMMANDS = ("linkchat", "unlinkchat")
TOAST_LIMIT = 190  # answerCallbackQuery shows up to 200 characters
CAPTION_LIMIT = 1000  # a document's caption holds 1,024 characters
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class TelegramAdapter:
    def __init__(
        self, engine: Engine, settings: Settings, *, delivery: Delivery | None = None
    ) -> None:
        assert settings.telegram_bot_token, "TELEGRAM_BOT_TOKEN is not set"
        self.engine = engine
        self.settings = settings
        self.buttons = Buttons(ButtonLines(engine.store, engine.clock, engine.run))
        self._poller: Held | None = None
        # Telegram's overall limit is the bot's, shared by all processes that send for it.
        self.delivery = delivery or Delivery(
            pace=pace_for(engine.store, "telegram", OVERALL_PER_SECOND, engine.run)
        )
        self.delivery.on_unreachable = self._unreachable
        self.username = ""
        self.forward: Forward = nowhere  # messages for other platforms (set by the app)
        # Telegram sends it back with every webhook request; requests without it are refused.
        self.webhook_secret = settings.telegram_webhook_secret or secrets.token_urlsafe(32)
        self._locks: dict[str, asyncio.Lock] = {}
        self._handling: set[asyncio.Future[None]] = set()
        self._http = AiohttpRequest()
        builder = (
            Application.builder()
            .token(settings.telegram_bot_token)
            .base_url(settings.telegram_api_base_url)
            .request(self._http)
            .get_updates_request(AiohttpRequest(read_timeout=30))
            .concurrent_updates(8)
            # Reminders have their own scheduler: PTB's job queue would be a second one,
            # started and idle in every process.
            .job_queue(None)
        )
        if settings.telegram_webhook_url:
            builder = builder.updater(None)
        self.app: Application = builder.build()  # type: ignore[type-arg]
        self.app.add_handler(TypeHandler(Update, self._on_update))
        self.menus = Menus(self.app.bot, settings.default_language)

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        await self.app.initialize()
        self.username = self.app.bot.username or ""
        await self.menus.register()
        await self.app.start()
        if self.settings.telegram_webhook_url:
            await self.app.bot.set_webhook(
                self.settings.telegram_webhook_url,
                secret_token=self.webhook_secret,
                allowed_updates=UPDATES,
            )
        elif self.app.updater is not None:
            # Telegram gives a bot's updates to one poller only: a second would steal them.
            self._poller = self.engine.store.hold_lock(f"telegram-polling:{self.app.bot.id}")
            if self._poller is None:
                raise RuntimeError(
                    "Another process already receives this bot's updates by long polling on"
                    " this database. Run one polling process, or set TELEGRAM_WEBHOOK_URL to"
                    " run several behind one URL."
                )
            await self.app.updater.start_polling(
                allowed_updates=UPDATES, poll_interval=0.0, timeout=10
            )

    async def stop(self) -> None:
        if self._handling:  # webhook updates being handled finish first
            await asyncio.wait(self._handling, timeout=WEBHOOK_PATIENCE)
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self._poller is not None:
            self._poller.close()
            self._poller = None
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    def running(self) -> bool:
        return bool(self.app.running)

    async def feed(self, payload: dict[str, object]) -> None:
        """An update that came by webhook, answered once handled.

        Telegram sends a chat's next update only after the previous one was answered, so
        answering late keeps each chat's order across all the processes behind one URL. A
        reply stuck in retries (the Bot API down) is not waited for past WEBHOOK_PATIENCE:
        Telegram would take the silence for a failure and send the update again."""
        update = Update.de_json(payload, self.app.bot)
        handling = asyncio.ensure_future(self.app.process_update(update))
        self._handling.add(handling)
        handling.add_done_callback(self._handling.discard)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(handling), WEBHOOK_PATIENCE)

    async def _unreachable(self, chat_id: str) -> None:
        # Private chats have the user's id; a group that removed us keeps its link for now.
        if not chat_id.startswith("-"):
            await self.engine.handle(Unreachable(PLATFORM, chat_id))

    # -- updates in ---------------------------------------------------------------------

    async def _on_update(self, update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        pressed = await self.buttons.decode(query.data or "") if query is not None else None
        event = to_event(update, self.username, pressed, self.app.bot.id)
        if event is None:
            if update.callback_query is not None:
                await self._answer_callback(update, None)
            return
        if event.chat.private:
            self.delivery.reachable_again(event.chat.chat_id)
        event = await self._with_admin_flag(event)
        # One chat's updates are handled in order: an answer must not overtake its prompt.
        lock = self._locks.setdefault(event.chat.chat_id, asyncio.Lock())
        async with lock:
            effects = await self.engine.handle(event, self._once(update))
            await self.deliver(effects, update)
        if not lock.locked() and len(self._locks) > 10_000:
            self._locks.pop(event.chat.chat_id, None)

    def _once(self, update: Update) -> str | None:
        """The name under which an update is handled once, across processes.

        By webhook, Telegram retries a delivery it believes failed and several processes
        share the URL. Long polling needs none: one process polls (it holds the lock), and
        PTB confirms each batch to Telegram before handling it, so no update comes twice."""
        if not self.settings.telegram_webhook_url:
            return None
        return f"telegram:{self.app.bot.id}:{update.update_id}"

    async def _with_admin_flag(self, event: Event) -> Event:
        if not isinstance(event, Command) or event.name not in ADMIN_COMMANDS:
            return event
        if event.chat.private:
            return event
        try:
            member = await self.app.bot.get_chat_member(
                int(event.chat.chat_id), int(event.actor.user_id)
            )
        except TelegramError:
            log.warning("could not check admin rights in %s", event.chat.chat_id, exc_info=True)
            return event
        admin = member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
        return replace(event, chat=replace(event.chat, actor_is_admin=admin))

    # -- effects out --------------------------------------------------------------------

    async def deliver(self, effects: list[Effect], update: Update) -> None:
        chat = update.effective_chat
        assert chat is not None
        chat_id = str(chat.id)
        message = update.message
        reply_to = message.message_id if message is not None and chat.type != "private" else None
        toast: str | None = None
        for effect in effects:
            if isinstance(effect, Send | Edit | Menu) and platform_of(effect) != PLATFORM:
                await self.forward(effect)
                continue
            if (
                update.callback_query is not None
                and isinstance(effect, Reply)
                and effect.private
                and toast is None
            ):
                said = plain(effect.text, effect.audience)
                if len(said) <= TOAST_LIMIT:
                    toast = said
                    continue
            await self.send_effect(effect, chat_id, reply_to)
        if update.callback_query is not None:
            await self._answer_callback(update, toast)

    async def _answer_callback(self, update: Update, text: str | None) -> None:
        query = update.callback_query
        assert query is not None
        try:
            await query.answer(text=text)
        except TelegramError:
            log.info("could not answer a button press", exc_info=True)

    async def send_effect(self, effect: Effect, chat_id: str, reply_to: int | None) -> None:
        if isinstance(effect, Menu):
            await self.menus.set_menu(effect.to.id, full=effect.facilitator)
            return
        if isinstance(effect, Send):
            await self.send_message(effect)
            return
        text = formatting.text_of(effect.text, effect.audience, self.link)
        await self.buttons.keep(effect.buttons)
        markup = formatting.keyboard(effect.buttons, effect.audience)
        if isinstance(effect, Edit):
            ref = effect.ref
            await self.delivery.call(
                ref.chat_id,
                lambda: self._api(
                    "editMessageText",
                    chat_id=int(ref.chat_id),
                    message_id=int(ref.message_id),
                    text=formatting.split(text)[0],
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    link_preview_options=_NO_PREVIEW,
                ),
            )
            return
        if isinstance(effect, Prompt) and reply_to is not None:
            # Privacy mode hides a group's ordinary messages from bots; a forced reply to
            # this member brings their answer to us.
            await self.send(chat_id, text, ForceReply(selective=True), reply_to=reply_to)
            return
        assert isinstance(effect, Reply | Prompt)
        sent = await self.send(chat_id, text, markup, reply_to=reply_to)
        # A board in a group (negative chat ids): later changes, from anywhere, edit it.
        if (
            isinstance(effect, Reply)
            and effect.board is not None
            and sent is not None
            and chat_id.startswith("-")
        ):
            ref = MessageRef(PLATFORM, chat_id, str(sent))
            await self.engine.handle(board_posted(effect.board, ref, effect.audience))

    async def send(
        self,
        chat_id: str,
        text: str,
        markup: InlineKeyboardMarkup | ForceReply | None = None,
        *,
        reply_to: int | None = None,
    ) -> int | None:
        """Send a text (split under Telegram's limit) within the rate limits; the id of
        its last message, or None if it could not be sent."""
        pieces = formatting.split(text)
        sent: int | None = None
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            first = index == 0

            async def one(piece: str = piece, last: bool = last, first: bool = first) -> int:
                replying = (
                    ReplyParameters(reply_to, allow_sending_without_reply=True)
                    if first and reply_to is not None
                    else None
                )
                result = await self._api(
                    "sendMessage",
                    chat_id=int(chat_id),
                    text=piece,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if last else None,
                    reply_parameters=replying,
                    link_preview_options=_NO_PREVIEW,
                )
                return int(result["message_id"])

            sent = await self.delivery.call(chat_id, one)
            if sent is None:
                return None
        return sent

    async def _api(self, method: str, **params: object) -> Any:
        """A Bot API call on our transport, its answer as Telegram sent it (JSON).

        PTB's Bot methods would turn each answer into objects: the Message of every
        message sent, which nothing here reads but its id, at a tenth of a millisecond
        each (bench/telegram_throughput.py). Failures raise PTB's errors all the same
        (RetryAfter, Forbidden...): the request layer is PTB's."""
        # PTB asks that its own methods be used for the endpoints it has (_QUIET below).
        given = {key: value for key, value in params.items() if value is not None}
        return await self.app.bot.do_api_request(method, api_kwargs=given)

    async def send_document(
        self,
        chat_id: str,
        attachment: Attachment,
        caption: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> int | None:
        """A file (sendDocument), its text as the caption; a text longer than a caption
        may be goes first as a message of its own. The id of the file's message, or None."""
        if len(caption) > CAPTION_LIMIT:
            if await self.send(chat_id, caption) is None:
                return None
            caption = ""

        async def one() -> int:
            sent: Message = await self.app.bot.send_document(
                int(chat_id),
                InputFile(attachment.content, filename=attachment.filename),
                caption=caption or None,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
            return sent.message_id

        return await self.delivery.call(chat_id, one)

    def link(self, payload: str) -> str:
        return f"https://t.me/{self.username}?start={payload}"

    async def send_message(self, effect: Send) -> str:
        """A message to someone or somewhere else (news, a reminder): "sent", "unreachable"
        (the member blocked us; Delivery records it) or "failed" (try later)."""
        text = formatting.text_of(effect.text, effect.audience, self.link)
        await self.buttons.keep(effect.buttons)
        markup = formatting.keyboard(effect.buttons, effect.audience)
        if effect.attachment is not None:
            sent = await self.send_document(effect.to.id, effect.attachment, text, markup)
        else:
            sent = await self.send(effect.to.id, text, markup)
        if sent is not None:
            return SendOutcome.SENT
        return (
            SendOutcome.UNREACHABLE
            if effect.to.id in self.delivery.unreachable
            else SendOutcome.FAILED
        )

    async def send_from_elsewhere(self, effect: Elsewhere) -> None:
        """A message another platform's event produced for someone here."""
        chat = effect.ref.chat_id if isinstance(effect, Edit) else effect.to.id
        await self.send_effect(effect, chat, None)


__all__ = ["PLATFORM", "Button", "TelegramAdapter"]
