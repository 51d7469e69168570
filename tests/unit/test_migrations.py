"""The migrations build exactly the tables the models describe, and come back down."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import bot.store.models  # noqa: F401
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
