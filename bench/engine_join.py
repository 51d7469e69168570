"""The engine over the commands crowds send, against the database's own floor.

    .venv/bin/python bench/engine_join.py [--events 3000] [--concurrency 8]
        [--databases sqlite,postgres] [--postgres postgresql://postgres@127.0.0.1:5432/test]

A series is set up (200 members, 50 sessions, an open call, a question per member), then
the same mix goes through the whole engine (8 events in flight) and through hand-written
SQL on the same schema with the database's own driver (sqlite3, psycopg), one transaction
per event: reading a session's board, claiming and releasing a role, answering a call,
upvoting a question, joining and leaving a group, each after finding who acts. Prints
events per second for both and their ratio, latency at p50 and p99, and the cost of each
command kind.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg

from bench.databases import POSTGRES, Database
from bot.app import build_engine
from bot.engine import Engine
from bot.events import Actor, Chat, Command, FreeText
from bot.settings import Settings
from bot.store.db import Store

MEMBERS = 200
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


async def engine_run(
    url: str, start: int, events: int, concurrency: int
) -> tuple[float, dict[str, list[float]]]:
    settings = Settings(DATABASE_URL=url, _env_file=None)  # type: ignore[call-arg]
    engine = build_engine(settings, serving=True)  # as `convener run` makes it
    latencies: dict[str, list[float]] = defaultdict(list)

    async def one(i: int, arrived: float) -> None:
        kind, m, name, args = command(i)
        who, chat = actor(m)
        effects = await engine.handle(Command(who, chat, name, args))
        # From its arrival, with the others of its batch: the time spent waiting behind
        # them counts (on SQLite the engine handles events one at a time, on the loop).
        latencies[kind].append(time.perf_counter() - arrived)
        if any(getattr(e, "refusal", False) for e in effects):
            raise RuntimeError(f"refused: /{name} {args}")

    began = time.perf_counter()
    end = start + events
    for batch in range(start, end, concurrency):
        arrived = time.perf_counter()
        await asyncio.gather(
            *(one(i, arrived) for i in range(batch, min(batch + concurrency, end)))
        )
    elapsed = time.perf_counter() - began
    engine.store.dispose()
    return events / elapsed, latencies


# -- the floor: the same work in hand-written SQL, one transaction per event ---------------

IDENTIFY = (
    "SELECT identity.id, member.id FROM identity JOIN member ON member.id = identity.member_id"
    " WHERE identity.platform = 'bench' AND identity.workspace = '' AND identity.external_id = ?"
)
SESSION = "SELECT id FROM learning_session WHERE group_id = 1 AND number = ?"


def raw_event(db: Any, i: int, now: datetime) -> None:
    kind, m, name, args = command(i)
    (_, me) = db.execute(IDENTIFY, (f"m{m}",)).fetchone()
    if kind == "session":
        (session,) = db.execute(SESSION, (int(args.split()[1]),)).fetchone()
        db.execute(
            "SELECT role_slot.role, member.display_name, member.country FROM role_slot"
            " LEFT JOIN member ON member.id = role_slot.member_id WHERE role_slot.session_id = ?"
            " ORDER BY role_slot.id",
            (session,),
        ).fetchall()
        db.execute(
            "SELECT question.text, member.display_name FROM question JOIN member"
            " ON member.id = question.author_id WHERE question.session_id = ?"
            " AND question.guiding",
            (session,),
        ).fetchall()
    elif kind == "claim":
        (session,) = db.execute(SESSION, (int(args.split()[2]),)).fetchone()
        if name == "claim":
            db.execute(
                "SELECT id FROM role_slot WHERE session_id = ? AND member_id = ?", (session, me)
            ).fetchall()
            db.execute(
                "UPDATE role_slot SET member_id = ?, since = ? WHERE id = (SELECT id FROM"
                " role_slot WHERE session_id = ? AND role = 'coblogger' AND member_id IS NULL"
                " ORDER BY slot LIMIT 1)",
                (me, now, session),
            )
        else:
            db.execute(
                "UPDATE role_slot SET member_id = NULL, since = NULL WHERE session_id = ?"
                " AND role = 'coblogger' AND member_id = ?",
                (session, me),
            )
        db.execute(
            "INSERT INTO history_entry (group_id, member_id, kind, params, at)"
            " VALUES (1, ?, 'role.claimed', '{}', ?)",
            (me, now),
        )
    elif kind == "answer":
        db.execute("SELECT status, closes_at FROM interest_call WHERE id = 1").fetchone()
        (option,) = db.execute(
            "SELECT id FROM call_option WHERE call_id = 1 AND number = ?", (int(args.split()[1]),)
        ).fetchone()
        db.execute("DELETE FROM call_answer WHERE call_id = 1 AND member_id = ?", (me,))
        db.execute(
            "INSERT INTO call_answer (option_id, member_id, call_id, answered_at)"
            " VALUES (?, ?, 1, ?)",
            (option, me, now),
        )
    elif kind == "upvote":
        question = int(args)
        db.execute("SELECT author_id, status FROM question WHERE id = ?", (question,)).fetchone()
        db.execute(
            "INSERT INTO question_vote (question_id, member_id, voted_at) VALUES (?, ?, ?)",
            (question, me, now),
        )
        db.execute("UPDATE question SET votes = votes + 1 WHERE id = ?", (question,))
    elif name == "join":
        db.execute("SELECT positions FROM learning_group WHERE id = 2").fetchone()
        db.execute(
            "SELECT id FROM membership WHERE group_id = 2 AND member_id = ?", (me,)
        ).fetchone()
        db.execute(
            "SELECT count(*) FROM membership WHERE group_id = 2 AND status = 'active'"
        ).fetchone()
        db.execute(
            "INSERT INTO membership (group_id, member_id, status, role, takes_seat, since)"
            " VALUES (2, ?, 'active', 'member', ?, ?)",
            (me, True, now),
        )
    else:
        db.execute("DELETE FROM membership WHERE group_id = 2 AND member_id = ?", (me,))


class Postgres:
    """psycopg with the sqlite3 calls the floor uses ("?" placeholders)."""

    def __init__(self, dsn: str) -> None:
        self.connection = psycopg.connect(dsn)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.connection.execute(sql.replace("?", "%s"), params, prepare=True)


def raw_run(database: Database, start: int, events: int) -> float:
    now = datetime.now(UTC)
    if database.kind == "sqlite":
        db: Any = sqlite3.connect(database.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        begin: Callable[[], object] = lambda: db.execute("BEGIN IMMEDIATE")  # noqa: E731
        commit: Callable[[], object] = lambda: db.execute("COMMIT")  # noqa: E731
        now_param: Any = now.isoformat(" ")
    else:
        pg = Postgres(database.libpq)
        db, begin, commit, now_param = pg, (lambda: None), pg.connection.commit, now
    began = time.perf_counter()
    for i in range(start, start + events):
        begin()
        raw_event(db, i, now_param)
        commit()
    elapsed = time.perf_counter() - began
    (db.connection if database.kind != "sqlite" else db).close()
    return events / elapsed


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0.0


async def run(kind: str, postgres: str, events: int, concurrency: int) -> None:
    # The engine and the floor each get a database of their own, set up alike, and run
    # the same events (claims alternate with releases, joins with leaves: state returns).
    engine_db, floor_db = Database(kind, postgres), Database(kind, postgres)
    try:
        await setup(engine_db.url)
        await setup(floor_db.url)
        floor = raw_run(floor_db, 0, events)
        rate, latencies = await engine_run(engine_db.url, 0, events, concurrency)
        # The cost of each kind, alone: one event at a time, nothing queued before it.
        _, costs = await engine_run(engine_db.url, events, events, 1)
    finally:
        engine_db.drop()
        floor_db.drop()
    every = [x for kind_latencies in latencies.values() for x in kind_latencies]
    name = "SQLite" if kind == "sqlite" else "PostgreSQL"
    driver = "sqlite3" if kind == "sqlite" else "psycopg"
    print(f"{name}: {events} events of the mix, {concurrency} in flight")
    print(f"  raw {driver:<8} floor : {floor:8.0f} events/s")
    print(
        f"  engine             : {rate:8.0f} events/s   p50 {quantile(every, 50):.1f} ms"
        f"  p99 {quantile(every, 99):.1f} ms"
    )
    print(f"  ratio engine/floor : {rate / floor:8.3f}")
    print("  each kind alone (one event at a time):")
    for kind_name in KINDS:
        values = costs[kind_name]
        print(
            f"    {kind_name:<8} {statistics.mean(values) * 1000:6.2f} ms mean"
            f"  p50 {quantile(values, 50):5.2f}  p99 {quantile(values, 99):5.2f} ms"
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
