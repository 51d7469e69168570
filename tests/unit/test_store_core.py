"""Statements run on the driver's cursor behave as through SQLAlchemy: the same values in
and out (aware datetimes, dates, booleans), the same errors, the same counts."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlalchemy.orm import object_session
from sqlalchemy.orm.util import identity_key

from bot.store.core import _prepare, columns, fetch, fetch_all, load, run, selecting, table
from bot.store.db import Store
from bot.store.models import LearningGroup, LearningSession, Member, Membership

MEMBER, SESSION, PLACE = columns(Member), columns(LearningSession), columns(Membership)
_ADD_MEMBER = sa.insert(table(Member))
_MEMBER = sa.select(MEMBER.id, MEMBER.display_name, MEMBER.created_at).where(
    MEMBER.id == bindparam("id")
)
_NAMED = sa.select(MEMBER.display_name).where(MEMBER.id.in_(bindparam("ids", expanding=True)))
_RENAME = (
    sa.update(table(Member))
    .where(MEMBER.id == bindparam("who"))
    .values(display_name=bindparam("name"))
)
# One parameter in two places: bound in both (the driver's "?" come in order).
_TWICE = sa.select(MEMBER.display_name).where(
    sa.or_(MEMBER.display_name == bindparam("name"), MEMBER.country == bindparam("name"))
)
_SEATED = sa.select(PLACE.member_id, PLACE.takes_seat).where(
    PLACE.group_id == bindparam("group"), PLACE.takes_seat.is_(True)
)
_DAYS = sa.select(SESSION.number, SESSION.sort_date).where(SESSION.sort_date >= bindparam("day"))


def test_values_go_in_and_come_out_as_through_sqlalchemy(database_url: str) -> None:
    store = Store(database_url)
    # An instant written in Bogota is kept, and read back, as the same instant in UTC.
    written = datetime(2027, 2, 12, 9, 30, 15, 250, tzinfo=timezone(timedelta(hours=-5)))
    with store.transaction() as db:
        run(db, _ADD_MEMBER, display_name="Zoé « Z » Kä", created_at=written)
        run(db, _ADD_MEMBER, display_name="Ana", created_at=written)
        member_id, name, created = run(db, _MEMBER, id=1).one()
        assert (member_id, name) == (1, "Zoé « Z » Kä")
        assert created == written
        assert created.tzinfo == UTC
        assert sorted(run(db, _NAMED, ids=[1, 2]).scalars()) == ["Ana", "Zoé « Z » Kä"]
        assert run(db, _RENAME, who=2, name="Ana María").rowcount == 1
        assert run(db, _RENAME, who=99, name="Nobody").rowcount == 0
        assert run(db, _MEMBER, id=99).first() is None
        group = LearningGroup(
            title="G",
            title_key="g",
            languages="fr",
            positions=3,
            invite_code="X",
            created_by=1,
            created_at=written,
        )
        db.add(group)  # pending in the ORM: the next statement must see it (flushed first)
        for member, seat in ((1, True), (2, False)):
            db.add(
                Membership(
                    group_id=1,
                    member_id=member,
                    status="active",
                    takes_seat=seat,
                    since=written,
                )
            )
        assert run(db, _SEATED, group=1).all() == [(1, True)]
        db.add(
            LearningSession(
                group_id=1,
                number=1,
                title="S",
                sort_date=date(2027, 3, 1),
                created_by=1,
                created_at=written,
            )
        )
        assert run(db, _DAYS, day=date(2027, 2, 28)).all() == [(1, date(2027, 3, 1))]
        assert run(db, _DAYS, day=date(2027, 3, 2)).all() == []


def test_a_refused_statement_raises_sqlalchemys_error_and_rolls_back(database_url: str) -> None:
    store = Store(database_url)
    now = datetime(2027, 1, 11, tzinfo=UTC)
    with store.transaction() as db:
        run(db, _ADD_MEMBER, id=1, display_name="Ana", created_at=now)
    with pytest.raises(sa.exc.IntegrityError), store.transaction() as db:  # noqa: PT012
        run(db, _ADD_MEMBER, id=2, display_name="Bob", created_at=now)
        run(db, _RENAME, who=1, name="Ana María")
        run(db, _RENAME, who=1, name=None)  # a name is required
    with store.transaction() as db:
        # Bob and the new name went with the refusal.
        assert run(db, _NAMED, ids=[1, 2]).scalars() == ["Ana"]
        # The refused statement ran on the driver's cursor, not through SQLAlchemy.
        assert _prepare(_RENAME, db.get_bind().dialect, {"who": 1, "name": None}) is not None


def test_rows_read_by_prepared_statement_are_the_sessions_own_objects(database_url: str) -> None:
    store = Store(database_url)
    now = datetime(2027, 1, 11, tzinfo=UTC)
    with store.transaction() as db:
        run(db, _ADD_MEMBER, display_name="Ana", created_at=now)
    with store.transaction() as db:
        ana = load(db, Member, 1)
        assert ana is not None
        assert ana.created_at == now  # typed as the ORM would have it
        assert ana.reminders_off == ""
        assert not db.dirty  # loaded, not changed
        # In the session as the ORM's own loading leaves a row: persistent, no history.
        state = sa.inspect(ana)
        assert state.persistent
        assert object_session(ana) is db
        assert ana in db
        assert state.key == identity_key(Member, 1)
        assert not state.modified
        assert load(db, Member, 1) is ana  # the session's copy, not a second one
        assert db.get(Member, 1) is ana
        by_name = selecting(Member).where(MEMBER.display_name == bindparam("name"))
        assert fetch(db, Member, by_name, name="Ana") is ana
        assert fetch(db, Member, by_name, name="Bob") is None
        assert load(db, Member, 2) is None
        everyone = selecting(Member).where(MEMBER.id > bindparam("after")).order_by(MEMBER.id)
        assert fetch_all(db, Member, everyone, after=0) == [ana]  # the same object again
        assert fetch_all(db, Member, everyone, after=1) == []
        ana.display_name = "Ana María"  # tracked: flushed with the transaction
    with store.transaction() as db:
        assert run(db, _NAMED, ids=[1]).scalars() == ["Ana María"]
        assert run(db, _TWICE, name="Ana María").scalars() == ["Ana María"]
        assert _prepare(_TWICE, db.get_bind().dialect, {"name": ""}) is not None
    # Every column as Session.get gives it; a loaded row can be deleted like any other.
    with store.transaction() as db:
        loaded = load(db, Member, 1)
    with store.transaction() as db:
        got = db.get(Member, 1)
        assert got is not None
        assert loaded is not None
        assert got.model_dump() == loaded.model_dump()
    with store.transaction() as db:
        doomed = load(db, Member, 1)
        db.delete(doomed)
    with store.transaction() as db:
        assert load(db, Member, 1) is None
        run(db, _ADD_MEMBER, display_name="Bob", created_at=now)
        run(db, _ADD_MEMBER, display_name="Carla", created_at=now)
    with store.transaction() as db:
        # Several rows, each as Session.get gives it and the same object it gives.
        both = fetch_all(db, Member, everyone, after=0)
        assert [m.display_name for m in both] == ["Bob", "Carla"]
        assert [db.get(Member, m.id) for m in both] == both
        assert all(sa.inspect(m).persistent and not sa.inspect(m).modified for m in both)


# A process whose first read is `load` has run no ORM query yet (nothing has configured
# the mappers): what it loads must still read and change like any object.
_FIRST_READ = """
import sys
from bot.store.core import load
from bot.store.db import Store
from bot.store.models import Member
store = Store(sys.argv[1])
with store.transaction() as db:
    ana = load(db, Member, 1)
    assert ana is not None
    print(ana.display_name)
    ana.display_name = "Ana María"
with store.transaction() as db:
    print(load(db, Member, 1).display_name)
"""


def test_the_first_read_of_a_fresh_process_may_be_a_load(database_url: str) -> None:
    store = Store(database_url)
    with store.transaction() as db:
        run(db, _ADD_MEMBER, display_name="Ana", created_at=datetime(2027, 1, 11, tzinfo=UTC))
    store.dispose()
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_READ, database_url],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Ana", "Ana María"]


def test_each_transaction_starts_afresh(database_url: str) -> None:
    """On SQLite events share one connection and session: nothing of one stays for the
    next, a failed one leaves nothing, a lost connection is replaced."""
    store = Store(database_url)
    with store.transaction() as db:
        run(db, _ADD_MEMBER, display_name="Ana", created_at=datetime(2027, 1, 11, tzinfo=UTC))
    with store.transaction() as db:
        ana = load(db, Member, 1)
        db.info["left"] = True
    with store.transaction() as db:
        assert ana not in db
        assert "left" not in db.info
        assert load(db, Member, 1) is not ana

    def rename_then_fail() -> None:
        with store.transaction() as db:
            run(db, _RENAME, who=1, name="Zed")
            raise RuntimeError

    def lose_the_connection() -> None:
        with store.transaction() as db:
            db.connection().invalidate()  # lost under the event: the event fails

    with pytest.raises(RuntimeError):
        rename_then_fail()
    with pytest.raises(sa.exc.SQLAlchemyError):
        lose_the_connection()
    with store.transaction() as db:
        assert run(db, _NAMED, ids=[1]).scalars() == ["Ana"]
    store.dispose()
