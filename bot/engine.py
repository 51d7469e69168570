"""Engine.handle(event) -> effects, in one transaction, with one error funnel.

A handler that refuses (ConvenerError) has all its writes rolled back and the person gets
the refusal in their language; any other failure rolls everything back, is
logged with its context, and the person gets an apology. Nothing reaches the adapter.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, select

from bot import conversation
from bot.clock import Clock, SystemClock
from bot.commands import FLOWS, find, unknown_command
from bot.context import Ctx
from bot.effects import Audience, Effect, Reply
from bot.errors import ConvenerError
from bot.events import (
    BoardPosted,
    Button,
    Command,
    Event,
    Notice,
    Presence,
    Unreachable,
)
from bot.features import chats
from bot.features.changes import settings_changed
from bot.i18n import supported
from bot.identities import identify
from bot.parsing import known_timezone
from bot.reminders.plan import Planner
from bot.settings import Settings
from bot.store.db import Store
from bot.store.models import BoardMessage, Identity, LearningGroup
from bot.store.service_tables import SeenRequest
from bot.takeout import calendar
from bot.text import Lines, lines, t

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_TEXT = 4000
# Commands that leave a pending question open: the member may need them to answer it.
KEEP_QUESTION = frozenset({"cancel", "help"})
# What a calendar feed token can look like (secrets.token_urlsafe); anything else is a 404.
FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class Engine:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        clock: Clock | None = None,
        *,
        inline: bool = False,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock or SystemClock()
        # inline: handle events on the event loop's own thread. With SQLite's one writer this
        # is the fastest (bench/telegram_throughput.py: handing each event to a worker thread
        # and back cost a fifth of the throughput); a slow disk then stalls the loop too.
        self.inline = inline
        # Otherwise one worker for SQLite (more would only queue on its lock and fight the
        # event loop for the GIL), a few for PostgreSQL.
        self._workers = ThreadPoolExecutor(
            max_workers=1 if store.is_sqlite else 8, thread_name_prefix="engine"
        )

    async def handle(self, event: Event | Notice, once: str | None = None) -> list[Effect]:
        """The event's effects. `once` names the platform's request (a Telegram update):
        one already handled, by this process or another, gives none; the name is recorded
        in the event's own transaction, so deduplicating costs no round trip of its own."""
        return await self.run(self.handle_sync, event, once)

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """Database work, on the loop itself (inline) or in the engine's worker pool: the
        ORM is synchronous, and measured cheaper in a thread than async."""
        if self.inline:
            return work(*args)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._workers, work, *args)

    def look(self, event: Event, read: Callable[[Ctx], T]) -> T:
        """What `read` finds for the event's member, through the path commands take (the
        member identified, their language and zone), changing nothing."""
        with self.store.transaction() as session:
            return read(self._context(session, clean_event(event)))

    async def read(self, event: Event, read: Callable[[Ctx], T]) -> T:
        return await self.run(self.look, event, read)

    async def calendar_feed(self, token: str) -> bytes | None:
        """The calendar of the group whose feed token this is; None for any other."""
        return await self.run(self._calendar_feed, token)

    def _calendar_feed(self, token: str) -> bytes | None:
        if not FEED_TOKEN.fullmatch(token):
            return None
        with self.store.transaction() as session:
            group = session.exec(
                select(LearningGroup).where(LearningGroup.calendar_token == token)
            ).first()
            if group is None:
                return None
            sessions = calendar.timed(session, group)
            zone = self.settings.default_timezone
            return calendar.calendar(session, group, sessions, self.clock.now(), zone)

    def close(self) -> None:
        """Wait for database work in flight, then let the workers go."""
        self._workers.shutdown(wait=True)

    def _notice(self, notice: Notice) -> None:
        """What a platform says of its deliveries, kept: a board's message, to edit it
        later; a member it can no longer write to (news then goes elsewhere, if anywhere)."""
        with self.store.transaction() as session:
            if isinstance(notice, BoardPosted):
                ref = notice.message
                session.merge(
                    BoardMessage(
                        platform=ref.platform,
                        chat_id=ref.chat_id,
                        message_id=ref.message_id,
                        session_id=notice.session_id,
                        posted_at=self.clock.now(),
                        locale=notice.locale,
                        timezone=notice.timezone,
                    )
                )
                return
            identity = session.exec(
                select(Identity).where(
                    Identity.platform == notice.platform, Identity.external_id == notice.user_id
                )
            ).first()
            if identity is not None and identity.unreachable_since is None:
                identity.unreachable_since = self.clock.now()
                session.add(identity)

    def _record_once(self, session: Session, key: str) -> bool:
        if session.get(SeenRequest, key) is not None:
            return False
        session.add(SeenRequest(key=key, seen_at=self.clock.now()))
        return True

    def _seen(self, key: str) -> bool:
        with self.store.transaction() as session:
            return session.get(SeenRequest, key) is not None

    def _first_time(self, key: str) -> bool:
        try:
            with self.store.transaction() as session:
                return self._record_once(session, key)
        except IntegrityError:  # another process recorded it at the same moment
            return False

    async def first_time(self, key: str) -> bool:
        """Whether this request (a platform's id or digest of it) is new, for every process
        on the database: a retried or replayed one is handled once."""
        return await self.run(self._first_time, key[:96])

    def handle_sync(self, event: Event | Notice, once: str | None = None) -> list[Effect]:
        if isinstance(event, BoardPosted | Unreachable):
            self._notice(event)
            return []
        event = clean_event(event)
        fallback = Audience(
            supported(event.actor.language_hint) or self.settings.default_language,
            known_timezone(event.actor.timezone_hint) or self.settings.default_timezone,
        )
        try:
            with self.store.transaction() as session:
                if once is not None and not self._record_once(session, once[:96]):
                    return []
                ctx = self._context(session, event)
                fallback = ctx.audience
                self._dispatch(ctx)
                if ctx.replans:
                    Planner(session, ctx.now, self.settings.default_timezone).run(ctx.replans)
                return ctx.effects
        except ConvenerError as refusal:
            # The transaction is rolled back whole: a refused command leaves no trace.
            return [Reply(refusal.msg, fallback, refusal.buttons, private=True, refusal=True)]
        except (OperationalError, PoolTimeout) as error:
            # A pool with no connection free in time: they all wait on a silent server.
            if isinstance(error, PoolTimeout) or not _is_conflict(error):
                # The database cannot be reached (down, refused, timed out): say so.
                log.error("database unreachable while handling %s: %s", describe(event), error)
                return [
                    Reply(
                        t(
                            "Convener cannot reach its database right now, so nothing was"
                            " saved. Please try again in a minute."
                        ),
                        fallback,
                        private=True,
                        refusal=True,
                    )
                ]
            log.warning("conflict while handling %s", describe(event), exc_info=True)
            return [_conflict(fallback)]
        except IntegrityError:
            if once is not None and self._seen(once[:96]):
                return []  # the same request, handled by another process at the same moment
            # Two people changed the same thing at the same moment; the database kept one.
            log.warning("conflict while handling %s", describe(event), exc_info=True)
            return [_conflict(fallback)]
        except Exception:
            log.exception("failed to handle %s", describe(event))
            return [
                Reply(
                    t(
                        "Sorry, something went wrong on my side. Nothing was saved;"
                        " please try again in a moment."
                    ),
                    fallback,
                    private=True,
                    refusal=True,
                )
            ]

    def _dispatch(self, ctx: Ctx) -> None:
        event = ctx.event
        if isinstance(event, Presence):
            chats.presence(ctx, event.present)
            return
        if isinstance(event, Button) and event.command == conversation.ANSWER:
            self._pressed_answer(ctx, event)
            return
        if isinstance(event, Command | Button):
            name = event.name.lower() if isinstance(event, Command) else event.command
            args = event.args
            if not name:
                raise ConvenerError(
                    t("That button has expired. Send the command again, for example /sessions.")
                )
            if len(args) > MAX_TEXT:
                raise ConvenerError(_too_long(len(args)))
            spec = find(name)
            if spec is None:
                raise ConvenerError(unknown_command(name))
            dropped = None
            if isinstance(event, Command) and spec.name not in KEEP_QUESTION:
                dropped = conversation.drop(ctx, FLOWS, restarting=spec.name)
            spec.handler(ctx, spec.read(ctx, args))
            if dropped is not None:
                ctx.reply(dropped, private=True)
            return
        if len(event.text) > MAX_TEXT:
            raise ConvenerError(_too_long(len(event.text)))
        pending = conversation.current(ctx)
        if pending is not None:
            conversation.answer(ctx, pending, FLOWS, event.text)
        elif event.chat.private:
            ctx.reply(
                t("I answer commands, such as /groups or /help. Send /help to see them all."),
                private=True,
            )
        # In a shared chat, talk that is not an answer to us is none of our business.

    def _pressed_answer(self, ctx: Ctx, event: Button) -> None:
        pending = conversation.current(ctx)
        if pending is None:
            raise ConvenerError(
                t("That question is no longer open. Send the command again to start over.")
            )
        conversation.answer(ctx, pending, FLOWS, event.args)

    def _context(self, session: Session, event: Event) -> Ctx:
        who, moved = identify(session, event.actor, event.chat, self.clock.now())
        ctx = Ctx(session, who, self.clock, self.settings, event)
        if moved and who.timezone is None:
            settings_changed(ctx)  # their mornings and quiet hours follow the new zone
        return ctx


def _conflict(audience: Audience) -> Reply:
    return Reply(
        t(
            "Someone changed the same thing at the same moment. Nothing was saved;"
            " please try again."
        ),
        audience,
        private=True,
        refusal=True,
    )


def describe(event: Event) -> str:
    """An event for the logs: its kind, command and ids, never what the person wrote."""
    actor, chat = event.actor, event.chat
    what = (
        f"/{event.name}"
        if isinstance(event, Command)
        else f"button {event.command or '-'}"
        if isinstance(event, Button)
        else ("added" if event.present else "removed")
        if isinstance(event, Presence)
        else "text"
    )
    where = "private chat" if chat.private else f"chat {chat.chat_id}"
    return f"{what} from {actor.platform} user {actor.user_id} in {where}"


def _is_conflict(error: OperationalError) -> bool:
    """Whether the database answered "not now" (a lock, a serialization failure, a deadlock:
    two changes at once) rather than not answering at all."""
    state = getattr(error.orig, "sqlstate", None)
    if state is not None:
        return str(state).startswith("40") or state == "55P03"  # serialization, lock
    return "locked" in str(error.orig).lower() or "busy" in str(error.orig).lower()


# Control characters people do not type (NUL, escapes); tabs and newlines are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """What a person typed, as text every database stores: no NUL or other control
    characters, no lone surrogate halves (an app's broken emoji), composed form (NFC)."""
    text = text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def clean_event(event: Event) -> Event:
    """Every text of an event cleaned once, ids included (a database refuses a NUL even there).
    An event with nothing to clean (nearly all) is returned as it came."""
    actor, chat = event.actor, event.chat
    user_id, name = clean_text(actor.user_id), clean_text(actor.display_name)
    if user_id != actor.user_id or name != actor.display_name:
        actor = replace(actor, user_id=user_id, display_name=name)
    chat_id = clean_text(chat.chat_id)
    if chat_id != chat.chat_id:
        chat = replace(chat, chat_id=chat_id)
    unchanged = actor is event.actor and chat is event.chat
    if isinstance(event, Presence):
        return event if unchanged else replace(event, actor=actor, chat=chat)
    if isinstance(event, Command | Button):
        args = clean_text(event.args)
        if unchanged and args == event.args:
            return event
        return replace(event, actor=actor, chat=chat, args=args)
    text = clean_text(event.text)
    if unchanged and text == event.text:
        return event
    return replace(event, actor=actor, chat=chat, text=text)


def _too_long(length: int) -> Lines:
    return lines(
        t(
            "That message is too long ({length} characters); keep it under {max}.",
            length=length,
            max=MAX_TEXT,
        )
    )
