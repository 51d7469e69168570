"""Composition root: the one place in bot/ that wires adapters and the scheduler to the engine."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from adapters.console import repl
from bot.clock import Clock, MovableClock
from bot.engine import Engine
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Store

log = logging.getLogger(__name__)


def build_engine(settings: Settings, clock: Clock | None = None) -> Engine:
    """Open the database, bring its schema up to date, and make the engine."""
    migrate.upgrade(settings.database_url)
    return Engine(Store(settings.database_url), settings, clock)


async def run_console(
    settings: Settings,
    *,
    language: str | None,
    person: str | None,
    stream: TextIO | None = None,
    out: TextIO | None = None,
) -> None:
    engine = build_engine(settings, MovableClock())
    try:
        await repl.run(engine, language=language, person=person, stream=stream, out=out)
    finally:
        engine.store.dispose()


def configured_platforms(settings: Settings) -> list[str]:
    """The platform adapters the environment configures (Telegram and Slack come next)."""
    return []


def configure_logging(settings: Settings, *, quiet: bool = False) -> None:
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.WARNING if quiet else settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
