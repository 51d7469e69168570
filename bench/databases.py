"""A fresh database for one benchmark run: a SQLite file, or a new PostgreSQL database on
the test server, migrated, dropped at the end."""

from __future__ import annotations

import tempfile
import uuid

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.store import migrate
from bot.store.db import normalize_url

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


class Database:
    def __init__(self, kind: str, postgres: str = POSTGRES) -> None:
        self.kind = kind
        if kind == "sqlite":
            self._dir = tempfile.TemporaryDirectory()
            self.path = f"{self._dir.name}/bench.db"
            self.url = f"sqlite:///{self.path}"
        else:
            self._admin = make_url(normalize_url(postgres))
            self._name = f"convener_bench_{uuid.uuid4().hex[:8]}"
            with sa.create_engine(self._admin, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{self._name}"')
            self.url = self._admin.set(database=self._name).render_as_string(hide_password=False)
        migrate.upgrade(self.url)

    @property
    def libpq(self) -> str:
        """The PostgreSQL database's address for psycopg itself."""
        return make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)

    def drop(self) -> None:
        if self.kind == "sqlite":
            self._dir.cleanup()
            return
        with sa.create_engine(self._admin, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)')
