"""The migrations build exactly the tables the models describe, and come back down."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own, with no table yet (migrations are run by the test)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    base: str = request.getfixturevalue("postgres_url")
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"convener_empty_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_slack_identities_keep_their_workspace_apart(empty_url: str) -> None:
    """Identities written as "TEAM:USER" before the workspace had a column of its own are
    split on upgrade (the same user id may then live in two workspaces) and joined again on
    downgrade; Telegram's are untouched."""
    from alembic import command

    config = migrate.alembic_config(empty_url)
    command.upgrade(config, "0013")
    engine = sa.create_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO member (id, display_name, created_at)"
                " VALUES (1, 'Ana', '2027-01-11 09:00:00+00'), (2, 'Ben', '2027-01-11 09:00:00+00')"
            )
            conn.exec_driver_sql(
                "INSERT INTO identity (member_id, platform, external_id, last_seen_at) VALUES"
                " (1, 'slack', 'T1:U0ANA', '2027-01-11 09:00:00+00'),"
                " (2, 'telegram', '42', '2027-01-11 09:00:00+00')"
            )
        command.upgrade(config, "head")
        with engine.begin() as conn:
            rows = conn.exec_driver_sql(
                "SELECT platform, workspace, external_id FROM identity ORDER BY member_id"
            ).all()
            assert [tuple(r) for r in rows] == [("slack", "T1", "U0ANA"), ("telegram", "", "42")]
            # The same user id in another workspace is another person.
            conn.exec_driver_sql(
                "INSERT INTO identity (member_id, platform, workspace, external_id, last_seen_at)"
                " VALUES (2, 'slack', 'T2', 'U0ANA', '2027-01-11 09:00:00+00')"
            )
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO identity (member_id, platform, workspace, external_id, last_seen_at)"
                " VALUES (2, 'slack', 'T1', 'U0ANA', '2027-01-11 09:00:00+00')"
            )
        with engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM identity WHERE workspace = 'T2'")
        command.downgrade(config, "0013")
        with engine.begin() as conn:
            keys = conn.exec_driver_sql("SELECT external_id FROM identity ORDER BY member_id")
            assert [r[0] for r in keys] == ["T1:U0ANA", "42"]
    finally:
        engine.dispose()
