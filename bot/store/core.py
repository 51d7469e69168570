"""Plain SQLAlchemy Core on the event's own connection, for what crowds do many times a
minute (board reads, claims, answers, votes, joins, the reminder planner).

Through the ORM a statement costs twice or more what it costs in Core: an ORM-enabled select
of two columns 40 µs, the same select on the table's columns 19 µs, a whole row as a tracked
object 50-90 µs (bench/engine_join.py profiles, on the 2-core reference machine). The ORM
stays for the schema and for rare, complex writes; statements here are built once, at
import, with bound parameters."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlmodel import Session, SQLModel


def table(model: type[SQLModel]) -> sa.Table:
    found: sa.Table = model.__table__  # type: ignore[attr-defined]
    return found


def columns(model: type[SQLModel]) -> ReadOnlyColumnCollection[str, sa.Column[Any]]:
    """A table's columns, to build Core statements with (not the ORM's attributes)."""
    return table(model).c


# Rows of any width, each unpacked as a tuple.
Rows = CursorResult[*tuple[Any, ...]]


def run(db: Session, statement: sa.Executable, **params: Any) -> Rows:
    """Run a Core statement in the event's transaction. The ORM's pending changes are
    flushed first: Core does not do it, and the statement must see them."""
    db.flush()
    return db.connection().execute(statement, params)
