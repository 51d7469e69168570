"""Plain SQL on the event's own connection, for what crowds do many times a minute (board
reads, claims, answers, votes, joins, the reminder planner).

Through the ORM a statement costs twice or more what it costs in Core: an ORM-enabled select
of two columns 40 µs, the same select on the table's columns 19 µs, a whole row as a tracked
object 50-90 µs; the driver itself runs it in 5 µs (bench/engine_join.py profiles, on the
2-core reference machine). So the statements here are SQLAlchemy Core, built once at import
with bound parameters, compiled once per database by SQLAlchemy and then run as prepared
statements on the driver's cursor, with SQLAlchemy's own type processing on the way in and
out (aware datetimes, dates, booleans). The ORM stays for the schema and for rare, complex
writes. Driver errors are raised as SQLAlchemy's, so the engine's error funnel and the
pool's handling of lost connections see them as they see any other."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from weakref import WeakKeyDictionary

import sqlalchemy as sa
from sqlalchemy.orm import InstanceState
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlmodel import Session, SQLModel

from bot.store.db import EventSession

Row = tuple[Any, ...]
Processor = Callable[[Any], Any] | None


def table(model: type[SQLModel]) -> sa.Table:
    found: sa.Table = model.__table__  # type: ignore[attr-defined]
    return found


def columns(model: type[SQLModel]) -> ReadOnlyColumnCollection[str, sa.Column[Any]]:
    """A table's columns, to build Core statements with (not the ORM's attributes)."""
    return table(model).c


class Rows:
    """What a statement gave: its rows as tuples, or the count of rows it changed."""

    def __init__(self, rows: list[Row], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def all(self) -> list[Row]:
        return self._rows

    def first(self) -> Row | None:
        return self._rows[0] if self._rows else None

    def one(self) -> Row:
        if len(self._rows) != 1:
            raise sa.exc.NoResultFound if not self._rows else sa.exc.MultipleResultsFound
        return self._rows[0]

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalars(self) -> list[Any]:
        return [row[0] for row in self._rows]


def run(db: Session, statement: sa.Executable, **params: Any) -> Rows:
    """Run a statement in the event's transaction. The ORM's pending changes are flushed
    first: the statement must see them, and Core does not flush."""
    connection, driver = _connection(db)
    prepared = _prepare(statement, connection.dialect, params)
    if prepared is None:
        result = connection.execute(statement, params)
        rows = [tuple(row) for row in result] if result.returns_rows else []
        return Rows(rows, result.rowcount)
    return prepared.execute(connection, driver, prepared.bind(params))


M = TypeVar("M", bound=SQLModel)


def selecting(model: type[SQLModel]) -> sa.Select[Any]:
    """A select of every column of a table: what `fetch` turns into the ORM's object."""
    return sa.select(*columns(model))


def load(db: Session, model: type[M], key: int) -> M | None:
    """The row with this primary key as the ORM's object: the session's own if it holds it
    already, else read by a prepared statement (Session.get costs twice as much)."""
    found = db.identity_map.get((_keys(model).mapper.class_, (key,), None))
    if found is not None:
        return cast(M, found)
    return fetch(db, model, _by_key(model), key=key)


def fetch(db: Session, model: type[M], statement: sa.Select[Any], **params: Any) -> M | None:
    """The first row a `selecting(model)` statement finds, as the ORM's object, tracked by
    the session like any it loads (changes to it are flushed, the session's copy wins)."""
    row = run(db, statement, **params).first()
    return None if row is None else _attached(db, _keys(model), row)


def fetch_all(db: Session, model: type[M], statement: sa.Select[Any], **params: Any) -> list[M]:
    """Every row a `selecting(model)` statement finds, as the ORM's objects (as `fetch`)."""
    keys = _keys(model)
    return [_attached(db, keys, row) for row in run(db, statement, **params)]


def _attached(db: Session, keys: _Keys, row: Row) -> Any:
    # The identity map's key, as the ORM makes it: (class, primary key, no shard token).
    key = (keys.mapper.class_, tuple(row[i] for i in keys.primary), None)
    found = db.identity_map.get(key)
    if found is not None:
        return found
    made = keys.mapper.class_manager.new_instance()
    # Made persistent in the session as the ORM's own loading makes a row it read
    # (sqlalchemy.orm.loading): the values straight into the instance's state, the key set,
    # the state entered in the identity map, all values committed at once. The public way
    # (set_committed_value per column, make_transient_to_detached, Session.add) costs three
    # times as much, more than the statement; tests/unit/test_store_core.py holds this to
    # what Session.get gives.
    state: InstanceState[Any] = sa.inspect(made)
    state.dict.update(zip(keys.names, row, strict=True))
    state.key = key
    state.identity_token = None
    state.session_id = db.hash_key
    db.identity_map._add_unpresent(state, key)
    state._commit_all(state.dict, db.identity_map)
    if isinstance(db, EventSession):  # it keeps what an event loads, as if loaded
        db.hold(made)
    return made


@dataclass(frozen=True)
class _Keys:
    mapper: sa.orm.Mapper[Any]
    names: tuple[str, ...]  # each column's attribute, in `selecting` order
    primary: tuple[int, ...]  # where the primary key's columns are in a row


@functools.cache
def _keys(model: type[SQLModel]) -> _Keys:
    # Objects are made here without the ORM's query path, which configures the mappers
    # first: a process whose first read is `fetch` must configure them itself.
    sa.orm.configure_mappers()
    mapper = sa.inspect(model)
    cols = list(columns(model))
    names = tuple(mapper.get_property_by_column(column).key for column in cols)
    primary = tuple(cols.index(column) for column in mapper.primary_key)
    return _Keys(mapper, names, primary)


@functools.cache
def _by_key(model: type[SQLModel]) -> sa.Select[Any]:
    (primary,) = sa.inspect(model).primary_key
    return selecting(model).where(primary == sa.bindparam("key"))


def run_many(db: Session, statement: sa.Executable, rows: Sequence[dict[str, Any]]) -> None:
    """Run a statement once per set of parameters (rows to insert, all with the same keys)."""
    if not rows:
        return
    connection, driver = _connection(db)
    prepared = _prepare(statement, connection.dialect, rows[0])
    if prepared is None:
        connection.execute(statement, list(rows))
    else:
        prepared.execute(connection, driver, [prepared.bind(one) for one in rows])


def _connection(db: Session) -> tuple[sa.Connection, Any]:
    """The event's connection and the driver's own under it, asked of the session once per
    transaction (asking costs a third of a run)."""
    db.flush()
    found: tuple[sa.Connection, Any] | None = db.info.get(_CONNECTION)
    if found is None or found[0].closed:
        connection = db.connection()
        found = db.info[_CONNECTION] = (connection, connection.connection.driver_connection)
    return found


@dataclass(frozen=True)
class _Prepared:
    sql: str
    positional: bool
    # Each parameter in the statement's order (a name may come twice): its name, its value
    # when the statement carries it, its processor.
    params: tuple[tuple[str, Any, Processor], ...]
    # Where a result column needs SQLAlchemy's processing (dates, aware datetimes, JSON),
    # and how; the others come as the driver gives them.
    results: tuple[tuple[int, Callable[[Any], Any]], ...]

    def execute(self, connection: sa.Connection, driver: Any, bound: Any) -> Rows:
        """Run on the driver's connection with parameters made by `bind`: one set, or a
        list of them (rows to insert)."""
        try:
            cursor = driver.cursor()
            try:
                if isinstance(bound, list):
                    cursor.executemany(self.sql, bound)
                else:
                    cursor.execute(self.sql, bound)
                found = cursor.fetchall() if cursor.description is not None else []
                count = cursor.rowcount
            finally:
                cursor.close()
        except connection.dialect.loaded_dbapi.Error as error:
            raise _wrapped(connection, self.sql, error) from error
        if self.results and found:
            found = [self._processed(row) for row in found]
        return Rows(found, count)

    def _processed(self, row: Row) -> Row:
        values = list(row)
        for index, process in self.results:
            values[index] = process(values[index])
        return tuple(values)

    def bind(self, given: dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        values: list[Any] = []
        for name, default, process in self.params:
            value = given[name] if default is _REQUIRED else default
            values.append(process(value) if process is not None else value)
        if self.positional:
            return tuple(values)
        return {name: value for (name, _, _), value in zip(self.params, values, strict=True)}


_REQUIRED = object()
_CONNECTION = "core.connection"
_Key = tuple[str, tuple[str, ...]]


class _Compiled(dict[_Key, "_Prepared | None"]):
    """A statement's prepared forms, by database and (INSERT, UPDATE) the columns given."""

    def __init__(self, statement: sa.Executable) -> None:
        super().__init__()
        # An INSERT or UPDATE given its values at run time sets the columns it is given.
        self.sets_given = isinstance(statement, sa.Insert | sa.Update)


_CACHE: WeakKeyDictionary[sa.Executable, _Compiled] = WeakKeyDictionary()


def _prepare(
    statement: sa.Executable, dialect: sa.Dialect, params: dict[str, Any]
) -> _Prepared | None:
    compiled = _CACHE.get(statement)
    if compiled is None:
        compiled = _CACHE[statement] = _Compiled(statement)
    key = (dialect.name, tuple(sorted(params)) if compiled.sets_given else ())
    if key not in compiled:
        compiled[key] = _compile(statement, dialect, key[1])
    return compiled[key]


def _compile(
    statement: sa.Executable, dialect: sa.Dialect, given: tuple[str, ...]
) -> _Prepared | None:
    compiled: Any = statement.compile(  # type: ignore[attr-defined]
        dialect=dialect, column_keys=list(given) or None
    )
    binds = compiled.binds
    # SQLAlchemy's own path for what is settled only at run time: lists bound to "IN",
    # names it escapes, and columns whose defaults Python computes (insert_prefetch).
    if (
        any(bind.expanding for bind in binds.values())
        or compiled.escaped_bind_names
        or compiled.insert_prefetch
        or compiled.update_prefetch
    ):
        return None
    names = compiled.positiontup if compiled.positional else list(binds)
    processors = compiled._bind_processors
    params = tuple(
        (
            name,
            _REQUIRED if binds[name].required else binds[name].effective_value,
            processors.get(name),
        )
        for name in names
    )
    out = (
        column.type._cached_result_processor(dialect, None) for column in compiled._result_columns
    )
    results = tuple((index, process) for index, process in enumerate(out) if process is not None)
    return _Prepared(compiled.string, compiled.positional, params, results)


def _wrapped(connection: sa.Connection, sql: str, error: Any) -> sa.exc.StatementError:
    """The driver's error as SQLAlchemy raises it (IntegrityError, OperationalError...); a
    connection the server dropped is invalidated, so the pool replaces it."""
    dialect = connection.dialect
    dropped = dialect.is_disconnect(error, connection.connection.dbapi_connection, None)
    if dropped:
        connection.invalidate(error)
    wrapped: sa.exc.StatementError = sa.exc.DBAPIError.instance(
        sql,
        None,
        error,
        dialect.loaded_dbapi.Error,
        hide_parameters=True,
        connection_invalidated=dropped,
        dialect=dialect,
        ismulti=False,
    )
    return wrapped
