"""The unit of work: one database transaction per event, atomic on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlmodel import Session


def normalize_url(url: str) -> str:
    """Accept the usual postgres:// and postgresql:// forms; we drive them with psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


class Held:
    """A lock held by this process until closed (or until the process dies)."""

    def __init__(self, connection: sa.Connection | None, key: int = 0) -> None:
        self._connection = connection
        self._key = key

    def close(self) -> None:
        if self._connection is not None:
            # The connection goes back to the pool, its session alive: unlock explicitly.
            self._connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
            self._connection.commit()
            self._connection.close()
            self._connection = None


class Store:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalize_url(url)
        self.is_sqlite = make_url(self.url).get_backend_name() == "sqlite"
        # Statement parameters are people's words: errors and logs do not repeat them.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs.update(
                pool_size=10,
                max_overflow=10,
                pool_pre_ping=True,
                pool_timeout=5,
                # A server that does not answer is given up within seconds, not minutes:
                # the person is told the database is unreachable.
                connect_args={
                    "connect_timeout": 5,
                    "keepalives": 1,
                    "keepalives_idle": 5,
                    "keepalives_interval": 2,
                    "keepalives_count": 2,
                },
            )
        self.engine = sa.create_engine(self.url, **kwargs)
        if self.is_sqlite:
            _make_sqlite_transactions_immediate(self.engine)
        # SQLite has one writer at a time; queueing in-process hands the lock over in order
        # instead of leaving it to SQLite's sleeping busy handler (measured faster).
        self._lock: threading.Lock | None = threading.Lock() if self.is_sqlite else None

    def hold_lock(self, name: str) -> Held | None:
        """A lock only one process may hold, for as long as it runs (None if another holds
        it). PostgreSQL: an advisory lock on a connection of its own. SQLite serves one
        process, which always holds it."""
        if self.is_sqlite:
            return Held(None)
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        connection = self.engine.connect()
        taken = connection.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
        if not taken.scalar_one():
            connection.close()
            return None
        connection.commit()  # the lock is the session's, not the transaction's
        return Held(connection, key)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with (
            self._lock if self._lock is not None else nullcontext(),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def ping(self) -> bool:
        """Whether the database answers (the health endpoint asks)."""
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()


def _make_sqlite_transactions_immediate(engine: sa.Engine) -> None:
    """pysqlite's own transaction handling runs a command's reads outside the transaction.

    SQLAlchemy's documented recipe: take over BEGIN and make it IMMEDIATE, so that "check the
    seat is free, then take it" holds the write lock from the first read, across processes too.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
