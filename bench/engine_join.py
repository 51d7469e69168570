"""The engine over the commands crowds send, against the database's own floor.

    .venv/bin/python bench/engine_join.py [--events 3000] [--concurrency 8]
        [--databases sqlite,postgres] [--postgres postgresql://postgres@127.0.0.1:5432/test]

A series is set up (200 members, 50 sessions, an open call, a question per member), then
the same mix goes through the whole engine (8 events in flight) and through hand-written
SQL on the same schema with the database's own driver (sqlite3, psycopg), one transaction
per event: reading a session's board, claiming and releasing a role, answering a call,
upvoting a question, joining and leaving a group, each after finding who acts. For events
per second the two take turns, 200 events each, so that a machine whose speed drifts during
the run weighs on both alike; latency is then measured in a steady pass of each. Prints
events per second for both and their ratio, latency at p50 and p99 for both (from a batch's
arrival: the floor's p99 is the least any bot reaches on this machine at that concurrency),
and the cost and statements of each command kind.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg
import sqlalchemy as sa

from bench.databases import POSTGRES, Database
from bot.app import build_engine
from bot.engine import Engine
from bot.events import Actor, Chat, Command, FreeText
from bot.settings import Settings
from bot.store.db import Checkpoints, Store

MEMBERS = 200
# Events per kind counted for statements (claims and releases, joins and leaves alike).
COUNTED = 100
SESSIONS = 50
KINDS = ("session", "claim", "answer", "upvote", "join")


def actor(m: int) -> tuple[Actor, Chat]:
    return Actor("bench", f"m{m}", f"Member {m}"), Chat("bench", f"dm-m{m}", True)


def command(i: int) -> tuple[str, int, str, str]:
    """Event i of the mix: (kind, member, command, arguments). Each member's claims fall in
    a session of their own (four co-bloggers each), their votes on others' questions, so
    nothing is refused: every event does its work."""
    kind = KINDS[i % len(KINDS)]
    m = (i // len(KINDS)) % MEMBERS
    turn = i // (len(KINDS) * MEMBERS)
    session = m // 4 % SESSIONS + 1
    if kind == "session":
        return kind, m, "session", f"#1 {session}"
    if kind == "claim":
        return kind, m, "claim" if turn % 2 == 0 else "release", f"coblogger #1 {session}"
    if kind == "answer":
        return kind, m, "answer", f"1 {turn % 4 + 1}"
    if kind == "upvote":
        return kind, m, "upvote", str((m + turn + 1) % MEMBERS + 1)
    return kind, m, "join" if turn % 2 == 0 else "leave", "2"


async def setup(url: str) -> None:
    engine = Engine(Store(url, patience=None), Settings(DATABASE_URL=url, _env_file=None))  # type: ignore[call-arg]

    async def say(m: int | None, line: str) -> None:
        who, chat = actor(m) if m is not None else actor(-1)
        name, _, args = line.partition(" ")
        event = Command(who, chat, name[1:], args) if name[0] == "/" else FreeText(who, chat, line)
        for effect in await engine.handle(event):
            if getattr(effect, "refusal", False):
                raise RuntimeError(f"set-up refused: {line}")

    await say(None, "/newgroup Bench positions=500 languages=en")
    await say(None, "/newgroup Other positions=500 languages=en")
    await say(None, "/roletemplate #1 chair=1 coblogger=4")
    for s in range(1, SESSIONS + 1):
        await say(None, f'/schedule #1 Topic {s} when="12 February 2030 14:00"')
    await say(None, '/call #1 deadline="1 January 2030" one two three four')
    await say(None, "yes")
    for m in range(MEMBERS):
        await say(m, "/join 1")
        await say(m, f"/ask 1 How do we do thing {m}?")
    engine.store.dispose()


class EngineSide:
    """The engine as `convener run` makes it, over the series; its passes add up."""

    def __init__(
        self, url: str, counts: dict[str, list[int]] | None = None, *, serving: bool = True
    ) -> None:
        settings = Settings(DATABASE_URL=url, _env_file=None)  # type: ignore[call-arg]
        self.engine = build_engine(settings, serving=serving)
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.elapsed = 0.0
        self.counts = counts
        self._kind = ""
        if counts is not None:
            # One event at a time: each statement is the current kind's. Counted by the
            # driver (the engine runs most statements on its cursor, past SQLAlchemy's events).

            def _count(sql: str) -> None:
                if sql.split(None, 1)[0] in STATEMENTS:
                    counts[self._kind][-1] += 1

            @sa.event.listens_for(self.engine.store.engine, "connect")
            def _trace(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.set_trace_callback(_count)

    async def run(self, start: int, events: int, concurrency: int) -> None:
        async def one(i: int, arrived: float) -> None:
            kind, m, name, args = command(i)
            who, chat = actor(m)
            if self.counts is not None:
                self._kind = kind
                self.counts[kind].append(0)
            effects = await self.engine.handle(Command(who, chat, name, args))
            # From its arrival, with the others of its batch: the time spent waiting behind
            # them counts (on SQLite the engine handles events one at a time, on the loop).
            self.latencies[kind].append(time.perf_counter() - arrived)
            if any(getattr(e, "refusal", False) for e in effects):
                raise RuntimeError(f"refused: /{name} {args}")

        began = time.perf_counter()
        end = start + events
        for batch in range(start, end, concurrency):
            arrived = time.perf_counter()
            await asyncio.gather(
                *(one(i, arrived) for i in range(batch, min(batch + concurrency, end)))
            )
        self.elapsed += time.perf_counter() - began

    def close(self) -> None:
        self.engine.store.dispose()


# -- the floor: the same work in hand-written SQL, one transaction per event ---------------
#
# What a bot written by hand against the same schema must do for the same replies and the
# same rows: find who acts and whether a question of theirs is pending (in one statement);
# read what the command checks (the group, the member's place, the session, the seats, the
# call, the vote) and what the reply shows (the board, its guiding question); write the change, its
# line of history, the calendar's sequence, and the actor's reminders (read those planned,
# drop the stale, add the new). Joins where a hand would join; nothing read twice.

IDENTIFY = (
    "SELECT member.id, member.display_name, member.country, member.language,"
    " member.timezone, member.date_order, identity.id, identity.language_hint,"
    " identity.timezone_hint, identity.last_seen_at, (SELECT conversation.id FROM conversation"
    " WHERE conversation.member_id = member.id AND conversation.platform = identity.platform"
    " AND conversation.chat_id = ?) FROM identity"
    " JOIN member ON member.id = identity.member_id"
    " WHERE identity.platform = 'bench' AND identity.workspace = '' AND identity.external_id = ?"
)
GROUP = "SELECT title, languages, workspace, positions, policy FROM learning_group WHERE id = ?"
PLACE = "SELECT status, role FROM membership WHERE group_id = ? AND member_id = ?"
SESSION = (
    "SELECT id, title, starts_at, status, description, link FROM learning_session"
    " WHERE group_id = 1 AND number = ?"
)
BOARD = (
    "SELECT role_slot.role, member.display_name, member.country FROM role_slot"
    " LEFT JOIN member ON member.id = role_slot.member_id WHERE role_slot.session_id = ?"
    " ORDER BY role_slot.id"
)
GUIDING = (
    "SELECT question.id, question.text, member.display_name FROM question JOIN member"
    " ON member.id = question.author_id WHERE question.session_id = ? AND question.guiding"
)
HISTORY = "INSERT INTO history_entry (group_id, member_id, kind, params, at) VALUES (?, ?, ?, ?, ?)"
PLANNED = (
    "SELECT id, kind, due_at, status FROM reminder WHERE member_id = ? AND subject_id = ?"
    " AND kind IN ('session', 'session.hour', 'roles.open') AND due_at > ?"
)


def raw_event(db: Any, i: int, now: Any, due: Any) -> None:
    kind, m, name, args = command(i)
    me = db.execute(IDENTIFY, (f"dm-m{m}", f"m{m}")).fetchone()[0]
    if kind == "session":
        db.execute(GROUP, (1,)).fetchone()
        db.execute(PLACE, (1, me)).fetchone()
        (session, *_) = db.execute(SESSION, (int(args.split()[1]),)).fetchone()
        db.execute(BOARD, (session,)).fetchall()
        db.execute(GUIDING, (session,)).fetchall()
    elif kind == "claim":
        _raw_claim(db, name, me, int(args.split()[2]), now, due)
    elif kind == "answer":
        _raw_answer(db, me, int(args.split()[1]), now)
    elif kind == "upvote":
        _raw_upvote(db, me, int(args), now)
    elif name == "join":
        db.execute(GROUP, (2,)).fetchone()
        db.execute(PLACE, (2, me)).fetchone()
        db.execute(
            "SELECT count(*) FROM membership WHERE group_id = 2 AND status = 'active'"
            " AND takes_seat"
        ).fetchone()
        db.execute(
            "INSERT INTO membership (group_id, member_id, status, role, takes_seat, since)"
            " VALUES (2, ?, 'active', 'member', ?, ?)",
            (me, True, now),
        )
        # The newcomer's reminders: what is to come in the group.
        db.execute(
            "SELECT id FROM learning_session WHERE group_id = 2 AND status = 'scheduled'"
        ).fetchall()
        db.execute("SELECT id FROM interest_call WHERE group_id = 2 AND status = 'open'").fetchall()
    else:
        db.execute(GROUP, (2,)).fetchone()
        db.execute(
            "SELECT id, status, role FROM membership WHERE group_id = 2 AND member_id = ?", (me,)
        ).fetchone()
        db.execute("DELETE FROM membership WHERE group_id = 2 AND member_id = ?", (me,))
        # What leaving gives back: seats in sessions to come, authorships, stream places.
        db.execute(
            "SELECT role_slot.id FROM role_slot JOIN learning_session ON learning_session.id"
            " = role_slot.session_id WHERE learning_session.group_id = 2"
            " AND role_slot.member_id = ?",
            (me,),
        ).fetchall()
        db.execute(
            "SELECT product.id FROM product JOIN product_author ON product_author.product_id"
            " = product.id WHERE product.group_id = 2 AND product_author.member_id = ?",
            (me,),
        ).fetchall()
        db.execute("SELECT id FROM learning_group WHERE parent_id = 2").fetchall()
        db.execute(
            "SELECT id FROM membership WHERE group_id = 2 AND status = 'waitlisted'"
            " ORDER BY queue_no"
        ).fetchall()
        db.execute("DELETE FROM reminder WHERE group_id = 2 AND member_id = ?", (me,))


def _raw_claim(db: Any, name: str, me: int, number: int, now: Any, due: Any) -> None:
    db.execute(GROUP, (1,)).fetchone()
    (session, *_) = db.execute(SESSION, (number,)).fetchone()
    seats = db.execute(
        "SELECT id, role, member_id FROM role_slot WHERE session_id = ? ORDER BY role, slot",
        (session,),
    ).fetchall()
    if name == "claim":
        db.execute(PLACE, (1, me)).fetchone()
        free = next(s for s, role, holder in seats if role == "coblogger" and holder is None)
        db.execute(
            "UPDATE role_slot SET member_id = ?, assigned_by = ?, since = ? WHERE id = ?"
            " AND member_id IS NULL",
            (me, me, now, free),
        )
    else:
        mine = next(s for s, role, holder in seats if role == "coblogger" and holder == me)
        db.execute(
            "UPDATE role_slot SET member_id = NULL, assigned_by = NULL, since = NULL WHERE id = ?",
            (mine,),
        )
    db.execute(HISTORY, (1, me, {"claim": "role.claimed"}.get(name, "role.released"), "{}", now))
    db.execute("SELECT platform, chat_id FROM chat_link WHERE group_id = 1").fetchall()
    db.execute("UPDATE learning_session SET sequence = sequence + 1 WHERE id = ?", (session,))
    db.execute(BOARD, (session,)).fetchall()
    db.execute(GUIDING, (session,)).fetchall()
    # The holder's reminders: the last call before the session while they hold a role.
    planned = db.execute(PLANNED, (me, session, now)).fetchall()
    if name == "claim":
        db.execute(
            "INSERT INTO reminder (group_id, kind, subject_id, member_id, due_at, status)"
            " VALUES (1, 'session.hour', ?, ?, ?, 'pending')",
            (session, me, due),
        )
    else:
        stale = [r[0] for r in planned if r[1] == "session.hour"]
        if stale:
            marks = ", ".join("?" * len(stale))
            db.execute(f"DELETE FROM reminder WHERE id IN ({marks})", stale)  # noqa: S608


def _raw_answer(db: Any, me: int, option: int, now: Any) -> None:
    db.execute("SELECT group_id, status, closes_at FROM interest_call WHERE id = 1").fetchone()
    db.execute(GROUP, (1,)).fetchone()
    db.execute(PLACE, (1, me)).fetchone()
    options = db.execute(
        "SELECT id, number, text FROM call_option WHERE call_id = 1 ORDER BY number"
    ).fetchall()
    db.execute(
        "SELECT call_option.number FROM call_option JOIN call_answer ON call_answer.option_id"
        " = call_option.id WHERE call_answer.call_id = 1 AND call_answer.member_id = ?",
        (me,),
    ).fetchall()
    db.execute("DELETE FROM call_answer WHERE call_id = 1 AND member_id = ?", (me,))
    db.execute(
        "INSERT INTO call_answer (option_id, member_id, call_id, answered_at) VALUES (?, ?, 1, ?)",
        (options[option - 1][0], me, now),
    )
    db.execute(HISTORY, (1, me, "call.answered", "{}", now))
    # An answer ends the reminders to answer.
    db.execute(
        "DELETE FROM reminder WHERE member_id = ? AND subject_id = 1 AND kind = 'call'"
        " AND status = 'pending'",
        (me,),
    )


def _raw_upvote(db: Any, me: int, question: int, now: Any) -> None:
    (_, _, group) = db.execute(
        "SELECT question.author_id, question.status, learning_session.group_id FROM question"
        " JOIN learning_session ON learning_session.id = question.session_id"
        " WHERE question.id = ?",
        (question,),
    ).fetchone()
    db.execute(GROUP, (group,)).fetchone()
    db.execute(PLACE, (group, me)).fetchone()
    db.execute(
        "SELECT voted_at FROM question_vote WHERE question_id = ? AND member_id = ?",
        (question, me),
    ).fetchone()
    db.execute(
        "INSERT INTO question_vote (question_id, member_id, voted_at) VALUES (?, ?, ?)",
        (question, me, now),
    )
    db.execute("UPDATE question SET votes = votes + 1 WHERE id = ?", (question,))
    db.execute(HISTORY, (group, me, "question.upvoted", "{}", now))


class Postgres:
    """psycopg with the sqlite3 calls the floor uses ("?" placeholders)."""

    def __init__(self, dsn: str) -> None:
        self.connection = psycopg.connect(dsn)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.connection.execute(sql.replace("?", "%s"), params, prepare=True)


class Counting:
    """A connection that counts the statements each kind of event runs."""

    def __init__(self, db: Any, counts: dict[str, list[int]]) -> None:
        self.db, self.counts, self.kind = db, counts, ""

    def execute(self, sql: str, params: Any = ()) -> Any:
        if sql.split(None, 1)[0] in STATEMENTS:
            self.counts[self.kind][-1] += 1
        return self.db.execute(sql, params)


STATEMENTS = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE"})


class FloorSide:
    """The hand-written SQL on its own connection; its passes add up. Its latency is
    measured as the engine's: events arrive in batches and wait for those before them."""

    def __init__(self, database: Database, counts: dict[str, list[int]] | None = None) -> None:
        self.kind = database.kind
        self.now = datetime.now(UTC)
        self.latencies: list[float] = []
        self.elapsed = 0.0
        self.checkpoints: Checkpoints | None = None
        if database.kind == "sqlite":
            db: Any = sqlite3.connect(database.path, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            # Checkpoints aside, as the engine serving people has them.
            db.execute("PRAGMA wal_autocheckpoint=0")
            # Events take the writers' lock as the engine's do, so the checkpoints may finish
            # between two.
            writers = threading.Lock()
            self.checkpoints = Checkpoints(database.path, writers)

            def begin() -> None:
                writers.acquire()
                db.execute("BEGIN IMMEDIATE")

            def commit() -> None:
                db.execute("COMMIT")
                writers.release()

            self.begin: Callable[[], object] = begin
            self.commit: Callable[[], object] = commit
            self.now_param: Any = self.now.replace(tzinfo=None).isoformat(" ", "microseconds")
            self.due: Any = "2030-02-12 12:00:00.000000"
            self._close: Callable[[], object] = db.close
        else:
            pg = Postgres(database.libpq)
            db, self.begin, self.commit = pg, (lambda: None), pg.connection.commit
            self.now_param = self.now
            self.due = datetime(2030, 2, 12, 12, tzinfo=UTC)
            self._close = pg.connection.close
        self.db = db
        self.counting = Counting(db, counts) if counts is not None else None

    def run(self, start: int, events: int, concurrency: int) -> None:
        db = self.counting or self.db
        began = time.perf_counter()
        arrived = began
        for i in range(start, start + events):
            if (i - start) % concurrency == 0:
                arrived = time.perf_counter()
            self.begin()
            if self.counting is not None:
                self.counting.kind = command(i)[0]
                self.counting.counts[self.counting.kind].append(0)
            raw_event(db, i, self.now_param, self.due)
            self.commit()
            self.latencies.append(time.perf_counter() - arrived)
        self.elapsed += time.perf_counter() - began

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.close()
        self._close()


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0.0


# Engine and floor take turns, a chunk of events each: a machine that slows down or speeds
# up during the run (another tenant, a frequency change) weighs on both alike.
CHUNK = 200


async def run(kind: str, postgres: str, events: int, concurrency: int) -> None:
    # The engine and the floor each get a database of their own, set up alike, and run
    # the same events (claims alternate with releases, joins with leaves: state returns).
    engine_db, floor_db = Database(kind, postgres), Database(kind, postgres)
    try:
        await setup(engine_db.url)
        await setup(floor_db.url)
        engine, floor = EngineSide(engine_db.url), FloorSide(floor_db)
        try:
            for start in range(0, events, CHUNK):
                chunk = min(CHUNK, events - start)
                floor.run(start, chunk, concurrency)
                await engine.run(start, chunk, concurrency)
            rate, floor_rate = events / engine.elapsed, events / floor.elapsed
            # Latency under a steady crowd, each side a pass of its own: in turns, the first
            # batch after the other side's 200 events runs on cold caches (a pause does the
            # same: measured with sleep and with busy Python in the floor's place), and
            # those batches alone, one in 25, set the p99.
            engine.latencies, floor.latencies = defaultdict(list), []
            floor.run(events, events, concurrency)
            await engine.run(events, events, concurrency)
            latencies, engine.latencies = engine.latencies, defaultdict(list)
            # The cost of each kind, alone: one event at a time, nothing queued before it.
            await engine.run(2 * events, events, 1)
            costs = engine.latencies
            floor_latencies, floor.latencies = floor.latencies, []
            floor.run(2 * events, events, 1)  # the floor's series kept in step with it
        finally:
            engine.close()
            floor.close()
        # Then the statements each kind runs, both ways (a pass of its own: counting costs).
        engine_counts: dict[str, list[int]] = defaultdict(list)
        floor_counts: dict[str, list[int]] = defaultdict(list)
        if kind == "sqlite":  # the same statements run on PostgreSQL
            counting = EngineSide(engine_db.url, engine_counts)
            await counting.run(3 * events, COUNTED, 1)
            counting.close()
            counted_floor = FloorSide(floor_db, floor_counts)
            counted_floor.run(3 * events, COUNTED, 1)  # the same events as the engine's
            counted_floor.close()
    finally:
        engine_db.drop()
        floor_db.drop()
    every = [x for kind_latencies in latencies.values() for x in kind_latencies]
    name = "SQLite" if kind == "sqlite" else "PostgreSQL"
    driver = "sqlite3" if kind == "sqlite" else "psycopg"
    print(f"{name}: {events} events of the mix, {concurrency} in flight")
    print(
        f"  raw {driver:<8} floor : {floor_rate:8.0f} events/s   p50"
        f" {quantile(floor_latencies, 50):.1f} ms  p99 {quantile(floor_latencies, 99):.1f} ms"
    )
    print(
        f"  engine             : {rate:8.0f} events/s   p50 {quantile(every, 50):.1f} ms"
        f"  p99 {quantile(every, 99):.1f} ms"
    )
    print(f"  ratio engine/floor : {rate / floor_rate:8.3f}")
    counted = ", and statements per event (engine / floor)" if engine_counts else ""
    print(f"  each kind alone (one event at a time){counted}:")
    for kind_name in KINDS:
        values = costs[kind_name]
        mine, floors = engine_counts.get(kind_name), floor_counts.get(kind_name)
        statements = (
            f"   {statistics.mean(mine):4.1f} / {statistics.mean(floors):4.1f}"
            if mine and floors
            else ""
        )
        print(
            f"    {kind_name:<8} {statistics.mean(values) * 1000:6.2f} ms mean"
            f"  p50 {quantile(values, 50):5.2f}  p99 {quantile(values, 99):5.2f} ms{statements}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres", default=POSTGRES)
    options = parser.parse_args()
    for kind in options.databases.split(","):
        asyncio.run(run(kind, options.postgres, options.events, options.concurrency))


if __name__ == "__main__":
    main()
