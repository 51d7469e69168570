"""Fixtures: a migrated database per test (SQLite always; PostgreSQL when a URL is given)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.clock import FixedClock
from bot.engine import Engine
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Store, normalize_url
from tests.world import World

PG_URL_VAR = "CONVENER_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database on the test server, migrated once; dropped at the end."""
    base = os.environ.get(PG_URL_VAR)
    if not base:
        pytest.skip(f"{PG_URL_VAR} is not set (CI sets it: see .ci/run)")
    admin_url = make_url(normalize_url(base))
    name = f"convener_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # fails loudly when the server is down: no silent skip
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def truncate(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        tables = [
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            conn.exec_driver_sql(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'convener.db'}"
        migrate.upgrade(url)
        return url
    url: str = request.getfixturevalue("postgres_url")
    truncate(url)
    return url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2027, 1, 11, 9, 0, tzinfo=UTC))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(DATABASE_URL=database_url, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def engine(settings: Settings, clock: FixedClock) -> Iterator[Engine]:
    store = Store(settings.database_url)
    yield Engine(store, settings, clock)
    store.dispose()


@pytest.fixture
def world(engine: Engine) -> World:
    return World(engine)


def pytest_report_header() -> str:
    from tests.seeds import HYPOTHESIS_SEED

    return f"hypothesis seed: {HYPOTHESIS_SEED} (replay with HYPOTHESIS_SEED={HYPOTHESIS_SEED})"
