"""Composition root: the one place in bot/ that wires adapters and the scheduler to the engine."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Protocol, TextIO
from urllib.parse import urlsplit

from pythonjsonlogger.json import JsonFormatter

from bot.clock import Clock, MovableClock
from bot.effects import Send
from bot.engine import Engine
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Store
from scheduler.dispatcher import Dispatcher
from scheduler.service import ReminderService

log = logging.getLogger(__name__)


def build_engine(
    settings: Settings, clock: Clock | None = None, *, serving: bool = False
) -> Engine:
    """Open the database, bring its schema up to date, and make the engine. Serving the
    platforms on SQLite, events are handled on the event loop itself (see Engine)."""
    if serving:
        migrate.upgrade_when_reachable(settings.database_url)
    else:
        migrate.upgrade(settings.database_url)
    store = Store(settings.database_url, checkpoint_aside=serving)
    if serving:
        # What start-up made (modules, tables, compiled statements, catalogs) lives as
        # long as the process: the collector need not walk it again on every full pass.
        gc.collect()
        gc.freeze()
    return Engine(store, settings, clock, inline=serving and store.is_sqlite)


async def run_console(
    settings: Settings,
    *,
    language: str | None,
    person: str | None,
    stream: TextIO | None = None,
    out: TextIO | None = None,
) -> None:
    from adapters.console import repl  # a serving process never loads the console

    engine = build_engine(settings, MovableClock())

    def reminders(deliver: Callable[[Send], Awaitable[str]]) -> Dispatcher:
        # The console's clock jumps (:time): what falls due meanwhile is shown, never dropped.
        return Dispatcher(engine, deliver, name="console", grace=timedelta(days=3650))

    try:
        await repl.run(
            engine,
            language=language,
            person=person,
            stream=stream,
            out=out,
            reminders=reminders,
        )
    finally:
        engine.store.dispose()


def configured_platforms(settings: Settings) -> list[str]:
    """The platform adapters the environment configures."""
    platforms = []
    if settings.telegram_bot_token:
        platforms.append("telegram")
    if settings.slack_bot_token:
        platforms.append("slack")
    return platforms


async def run_platforms(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Every configured adapter and the HTTP server in one event loop, until stopped."""
    from adapters.port import Adapter, Router
    from adapters.web import WebServer

    engine = build_engine(settings, serving=True)
    stop = stop or _stop_on_signals()
    server = WebServer(settings.http_host, settings.http_port)
    adapters: dict[str, Adapter] = {}
    if settings.telegram_bot_token:
        from adapters.telegram.adapter import TelegramAdapter  # PTB loads only when used

        telegram = TelegramAdapter(engine, settings)
        adapters["telegram"] = telegram
        if settings.telegram_webhook_url:
            server.add_telegram_webhook(
                urlsplit(settings.telegram_webhook_url).path or "/",
                telegram.webhook_secret,
                telegram.feed,
            )
    if settings.slack_bot_token:
        from adapters.slack.adapter import SlackAdapter

        slack = SlackAdapter(engine, settings)
        adapters["slack"] = slack
        if not settings.slack_app_token:
            server.add_slack(slack.handle_http)

    router = Router()
    for name, adapter in adapters.items():
        router.plug(name, adapter)
    reminders = _reminder_service(engine, settings, router.deliver, router.platforms)

    async def database_up() -> bool:
        return await asyncio.to_thread(engine.store.ping)

    server.add_calendar(engine.calendar_feed)
    server.checks["database"] = database_up
    for name, adapter in adapters.items():
        server.checks[name] = _running(adapter)
    server.checks["scheduler"] = _running(reminders)
    await server.start()
    started: list[Adapter] = []
    try:
        for adapter in adapters.values():
            await adapter.start()
            started.append(adapter)
        await reminders.start()
        await stop.wait()
    finally:
        await reminders.stop()
        for adapter in reversed(started):
            await adapter.stop()
        await server.stop()
        engine.store.dispose()


def _reminder_service(
    engine: Engine,
    settings: Settings,
    deliver: Callable[[Send], Awaitable[str]],
    platforms: frozenset[str],
) -> ReminderService:
    """Reminders for the members reachable on this process's platforms; other processes on
    the same database serve the others."""
    dispatcher = Dispatcher(
        engine,
        deliver,
        grace=timedelta(hours=settings.reminder_grace_hours),
        platforms=platforms,
    )
    return ReminderService(dispatcher, poll_seconds=settings.reminder_poll_seconds)


class _Running(Protocol):
    def running(self) -> bool: ...


def _running(adapter: _Running) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return adapter.running()

    return check


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


def configure_logging(settings: Settings, *, quiet: bool = False) -> None:
    """Logs say what happened by kinds and ids, never people's words or names."""
    handler = logging.StreamHandler(sys.stderr)
    layout = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter(layout, rename_fields={"levelname": "level"}))
    else:
        handler.setFormatter(logging.Formatter(layout))
    logging.basicConfig(
        level=logging.WARNING if quiet else settings.log_level.upper(), handlers=[handler]
    )
    # Bolt logs the whole body of a refused request (people's messages) at INFO and DEBUG.
    logging.getLogger("slack_bolt").setLevel(max(logging.WARNING, logging.root.level))
    # Two lines for every poll of the outbox say nothing the reminder counts do not.
    logging.getLogger("apscheduler.executors").setLevel(max(logging.WARNING, logging.root.level))
