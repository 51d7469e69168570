"""The unit of work: one database transaction per event, atomic on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlmodel import Session

log = logging.getLogger(__name__)

# The longest a PostgreSQL transaction may take before its connections are cut. Above the
# connect timeout (a new connection gives up on its own first), below the ten seconds a
# person waits before an answer feels lost.
PATIENCE_SECONDS = 8.0


class EventSession(Session):
    """One event's session: it keeps every row it loads until the transaction ends.

    SQLAlchemy's identity map holds rows weakly, so a group or session a handler loaded and
    let go is read again by the next code that asks (the reminder planner after the
    handler, a view after a change). An event is short and its rows few: holding them is
    cheaper than reading them twice."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[object] = []

    def hold(self, instance: object) -> None:
        self._held.append(instance)

    def done(self) -> None:
        """The event's transaction is over: nothing of it stays for the next."""
        self.expunge_all()
        self._held.clear()
        self.info.clear()


@event.listens_for(EventSession, "loaded_as_persistent")
def _hold(session: Session, instance: object) -> None:
    if isinstance(session, EventSession):
        session.hold(instance)


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
    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        patience: float | None = PATIENCE_SECONDS,
        checkpoint_aside: bool = False,
    ) -> None:
        self.url = normalize_url(url)
        # How long a transaction may wait on PostgreSQL before it is taken for a hung
        # server; None for bulk work known to take longer (benchmarks' set-up).
        self.patience = patience
        self.is_sqlite = make_url(self.url).get_backend_name() == "sqlite"
        # Statement parameters are people's words: errors and logs do not repeat them.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs.update(
                pool_size=10,
                max_overflow=10,
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
        # The watch of the transaction running on each thread (PostgreSQL only: a file
        # does not hang the way a network does).
        self._watching = threading.local()
        self._watchdog = _Watchdog()
        # SQLite has one writer at a time; queueing in-process hands the lock over in order
        # instead of leaving it to SQLite's sleeping busy handler (measured faster).
        self._lock: threading.Lock | None = threading.Lock() if self.is_sqlite else None
        # SQLite copies its write-ahead log back into the database file (a checkpoint, with
        # an fsync) when the log grows past 1,000 pages, inside whichever commit crosses
        # the mark: that event waits milliseconds. A process serving people checkpoints on
        # a thread of its own instead (bench/engine_join.py: a claim's p99 4.8 -> 1.5 ms).
        path = make_url(self.url).database if self.is_sqlite else None
        self._checkpoints = (
            Checkpoints(path, self._lock) if checkpoint_aside and path and self._lock else None
        )
        if self.is_sqlite:
            _make_sqlite_transactions_immediate(self.engine, aside=self._checkpoints is not None)
        else:
            self._watch_connections()
        # On SQLite, where events take turns under that lock, they share one connection and
        # one session, emptied after each: taking a connection from the pool and making a
        # session cost more than a third of an event's transaction (bench/engine_join.py;
        # 578k instructions for a transaction of one statement, 26k through the driver).
        self._shared: EventSession | None = None

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
        if self._lock is not None:
            with self._lock:
                session = self._shared_session()
                try:
                    with session.begin():
                        yield session
                finally:
                    session.done()
            return
        with (
            self._watch(),
            EventSession(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session
            self._check_patience()  # raising here rolls back: no commit after the deadline

    def _shared_session(self) -> EventSession:
        shared = self._shared
        if shared is not None:
            bind = shared.get_bind()
            if isinstance(bind, sa.Connection) and not bind.closed:  # a lost one reconnects
                return shared
            shared.close()
        # Bound to the connection itself: the session begins and commits its transactions
        # and never gives it back to the pool.
        self._shared = EventSession(bind=self.engine.connect(), expire_on_commit=False)
        return self._shared

    @contextmanager
    def connection(self) -> Iterator[sa.Connection]:
        """A Core connection in a transaction, bounded as transaction() is."""
        with self._watch(), self.engine.begin() as connection:
            yield connection
            self._check_patience()

    def ping(self) -> bool:
        """Whether the database answers (the health endpoint asks)."""
        try:
            with self._watch(), self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            return False
        return True

    @contextmanager
    def _watch(self) -> Iterator[None]:
        """Bound the work inside by the store's patience on PostgreSQL.

        A server that stops answering mid-conversation (a stalled route, a frozen host) is
        not noticed by TCP keepalives while anything between acknowledges them, and a query
        then waits forever. Past the deadline the connections this thread checked out are
        shut, so the blocked call fails at once and the pool replaces them."""
        if (
            self.is_sqlite
            or self.patience is None
            or getattr(self._watching, "watch", None) is not None
        ):
            yield
            return
        watch = self._watchdog.watch(self.patience)
        self._watching.watch = watch
        try:
            yield
        finally:
            self._watching.watch = None
            self._watchdog.release(watch)

    def _check_patience(self) -> None:
        watch: _Watch | None = getattr(self._watching, "watch", None)
        if watch is not None and watch.expired:
            raise _gave_up(watch)

    def _watch_connections(self) -> None:
        """Connections join the watch of the thread that checks them out, and are tested
        with a ping once they are under it (the pool's own pre-ping runs before any event,
        where a hung server would hold it unwatched)."""

        @event.listens_for(self.engine, "checkout")
        def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
            watch: _Watch | None = getattr(self._watching, "watch", None)
            if watch is not None:
                watch.add(dbapi_connection)
            if record.info.pop("fresh", False):
                return
            try:
                self.engine.dialect.do_ping(dbapi_connection)
            except Exception as error:
                if watch is not None and watch.expired:
                    raise _gave_up(watch) from error
                # The pool discards it and tries another (a restarted server, say).
                raise sa.exc.DisconnectionError() from error

        @event.listens_for(self.engine, "connect")
        def _on_connect(_dbapi_connection: Any, record: Any) -> None:
            record.info["fresh"] = True

        @event.listens_for(self.engine, "checkin")
        def _on_checkin(dbapi_connection: Any, _record: Any) -> None:
            watch: _Watch | None = getattr(self._watching, "watch", None)
            if watch is not None:
                watch.discard(dbapi_connection)

    def dispose(self) -> None:
        if self._shared is not None:
            bind = self._shared.get_bind()
            self._shared.close()
            if isinstance(bind, sa.Connection):
                bind.close()
            self._shared = None
        self._watchdog.close()
        if self._checkpoints is not None:
            self._checkpoints.close()
        self.engine.dispose()


class _Watch:
    """The connections one transaction uses, shut if it outlives its deadline."""

    def __init__(self, patience: float) -> None:
        self.patience = patience
        self.deadline = time.monotonic() + patience
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        self.expired = False

    def add(self, connection: Any) -> None:
        with self._lock:
            if self.expired:
                _shut(connection)
            else:
                self._connections.append(connection)

    def discard(self, connection: Any) -> None:
        # Back in the pool, the connection may serve another thread: never shut it then.
        with self._lock:
            if connection in self._connections:
                self._connections.remove(connection)

    def stop(self) -> None:
        with self._lock:
            self._connections.clear()

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._connections:
                log.warning("database did not answer within %s s: cutting", self.patience)
            for connection in self._connections:
                _shut(connection)


class _Watchdog:
    """One thread per store that expires the watches past their deadline: a timer thread
    per transaction would cost more than the transaction itself."""

    TICK = 0.25  # how late past its deadline a watch may expire

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watches: set[_Watch] = set()
        self._thread: threading.Thread | None = None
        self._closed = threading.Event()

    def watch(self, patience: float) -> _Watch:
        watch = _Watch(patience)
        with self._lock:
            self._watches.add(watch)
            if self._thread is None:  # started on first use: SQLite stores never need it
                self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                self._thread.start()
        return watch

    def release(self, watch: _Watch) -> None:
        with self._lock:
            self._watches.discard(watch)
        watch.stop()

    def close(self) -> None:
        self._closed.set()

    def _run(self) -> None:
        while not self._closed.wait(self.TICK):
            now = time.monotonic()
            with self._lock:
                due = [w for w in self._watches if w.deadline <= now]
                self._watches.difference_update(due)
            for watch in due:
                watch.expire()


def _shut(connection: Any) -> None:
    """Shut a psycopg connection's socket under it: its blocked call returns with an error."""
    try:
        fd = connection.pgconn.socket
        with socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM) as duplicate:
            duplicate.shutdown(socket.SHUT_RDWR)
    except Exception:  # already closed: nothing to cut
        log.debug("connection already closed", exc_info=True)


def _gave_up(watch: _Watch) -> sa.exc.OperationalError:
    return sa.exc.OperationalError(
        "transaction", None, TimeoutError(f"no answer within {watch.patience} s")
    )


class Checkpoints:
    """Checkpoints of a SQLite database's write-ahead log, a few times a second, on a thread
    and a connection of their own.

    Each is PASSIVE: it copies what it can while writers go on, never waiting for them. A
    log is written afresh from its start only once all of it has been copied, which under a
    crowd that never pauses does not happen (frames come in while it copies): the log grew
    by about 30 MB a second under bench/engine_join.py's mix. So, given the writers' lock,
    once the log passes RESTART the frames written during the copy are copied holding it,
    between two events: the next commit starts the log afresh, and the file is cut back to
    `journal_size_limit`. Rarely: that copy holds every event for its fsyncs, milliseconds,
    which made p99 at 8 in flight a millisecond worse when done at every checkpoint."""

    INTERVAL = 0.2  # seconds between checkpoints
    RESTART = 256 * 1024 * 1024  # bytes of log after which it is made to start afresh

    def __init__(self, path: str, writers: threading.Lock | None = None) -> None:
        self._path = path
        self._writers = writers
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        try:
            while not self._stop.wait(self.INTERVAL):
                try:
                    self._checkpoint(connection)
                except sqlite3.Error:  # the file went away, or is not in WAL mode yet
                    log.debug("checkpoint skipped", exc_info=True)
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        _, frames, _ = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if self._writers is not None and frames * self._frame_size(connection) > self.RESTART:
            with self._writers:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    @staticmethod
    def _frame_size(connection: sqlite3.Connection) -> int:
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
        return int(page_size) + 24  # each frame's header

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


LOG_LIMIT = 64 * 1024 * 1024  # bytes


def _make_sqlite_transactions_immediate(engine: sa.Engine, *, aside: bool) -> None:
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
        # The log file, cut back to this once it starts afresh (after a burst, say).
        cursor.execute(f"PRAGMA journal_size_limit={LOG_LIMIT}")
        if aside:  # checkpoints run on their own thread (Checkpoints), not in a commit
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # On the driver itself: every event begins so (SQLAlchemy's own path costs more
        # than the statement), its errors raised as SQLAlchemy's.
        driver = connection.connection.driver_connection
        assert driver is not None
        try:
            driver.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raised: sa.exc.StatementError = sa.exc.DBAPIError.instance(
                "BEGIN IMMEDIATE", None, error, sqlite3.Error, dialect=connection.dialect
            )
            raise raised from error
