"""The migrations build exactly the tables the models describe, and come back down."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import bot.store.models
import bot.store.service_tables  # noqa: F401
from bot.store import migrate


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        assert diff == []
        assert migrate.current_revision(engine) == migrate.head_revision(database_url)
    finally:
        engine.dispose()


def test_downgrade_and_upgrade_again(database_url: str) -> None:
    if "postgresql" in database_url:
        return  # the shared test database stays at head; SQLite covers the round trip
    migrate.upgrade(database_url, "head")
    from alembic import command

    command.downgrade(migrate.alembic_config(database_url), "base")
    engine = sa.create_engine(database_url)
    try:
        assert "member" not in sa.inspect(engine).get_table_names()
        migrate.upgrade(database_url)
        assert "member" in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_processes_starting_together_migrate_once(postgres_url: str) -> None:
    """Three processes upgrading a new database at the same moment: the advisory lock lets
    one migrate while the others wait, and none fails."""

    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"convener_migrate_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    try:
        code = f"from bot.store import migrate; migrate.upgrade({url!r})"
        starts = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(3)]
        assert [p.wait(timeout=120) for p in starts] == [0, 0, 0]
        fresh = sa.create_engine(url)
        assert migrate.current_revision(fresh) == migrate.head_revision(url)
        fresh.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
