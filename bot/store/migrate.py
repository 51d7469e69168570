"""Alembic, driven from code: `convener db upgrade` and the automatic upgrade at start."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.store.db import normalize_url

log = logging.getLogger(__name__)
Sleep = Callable[[float], None]
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolation would eat a '%' in a password.
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def upgrade_when_reachable(
    url: str, *, waits: tuple[float, ...] = (1, 2, 4, 8, 15, 30), sleep: Sleep = time.sleep
) -> None:
    """Upgrade at start, waiting for a database that is not up yet (a server booting with
    its database): each failed attempt is logged with why, then retried after a longer wait;
    after the last one the error is raised."""
    for wait in (*waits, None):
        try:
            upgrade(url)
            return
        except sa.exc.OperationalError as error:
            if wait is None:
                raise
            log.warning("the database is not reachable (%s); retrying in %s s", error.orig, wait)
            sleep(wait)


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()
