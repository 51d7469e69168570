"""Join/leave throughput of the whole engine against raw sqlite3 doing the same seat logic.

    .venv/bin/python bench/engine_join.py [--events 2000] [--database-url URL]

A --database-url must name an empty database made for the benchmark (it creates the schema).

Prints events per second for both and their ratio. The baseline is the floor of what any
stack can do per transaction on this machine; the ratio shows what our layers cost.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bot.engine import Engine
from bot.events import Actor, Chat, Command
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Store


def baseline(path: Path, events: int) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE g (id INTEGER PRIMARY KEY, positions INT, queue INT)")
    db.execute("CREATE TABLE m (g INT, member INT, status TEXT, UNIQUE (g, member))")
    db.execute("INSERT INTO g VALUES (1, 50, 0)")
    start = time.perf_counter()
    for i in range(events):
        member = i % 100
        db.execute("BEGIN IMMEDIATE")
        positions, _ = db.execute("SELECT positions, queue FROM g WHERE id = 1").fetchone()
        row = db.execute("SELECT status FROM m WHERE g = 1 AND member = ?", (member,)).fetchone()
        if row:
            db.execute("DELETE FROM m WHERE g = 1 AND member = ?", (member,))
        else:
            (taken,) = db.execute("SELECT count(*) FROM m WHERE g = 1 AND status = 'a'").fetchone()
            status = "a" if taken < positions else "w"
            db.execute("INSERT INTO m VALUES (1, ?, ?)", (member, status))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return events / elapsed


async def engine_rate(url: str, events: int, concurrency: int) -> tuple[float, list[float]]:
    migrate.upgrade(url)
    settings = Settings(DATABASE_URL=url, _env_file=None)  # type: ignore[call-arg]
    engine = Engine(Store(url), settings)
    founder = Actor("bench", "founder", "Founder")
    await engine.handle(
        Command(
            founder,
            Chat("bench", "dm-founder", True),
            "newgroup",
            "Bench positions=50 languages=en",
        )
    )
    latencies: list[float] = []

    async def one(i: int) -> None:
        member = i % 100
        actor = Actor("bench", f"m{member}", f"Member {member}")
        chat = Chat("bench", f"dm-m{member}", True)
        # Alternate join and leave per member, as the baseline does.
        name = "join" if (i // 100) % 2 == 0 else "leave"
        began = time.perf_counter()
        await engine.handle(Command(actor, chat, name, "1"))
        latencies.append(time.perf_counter() - began)

    start = time.perf_counter()
    for batch in range(0, events, concurrency):
        await asyncio.gather(*(one(i) for i in range(batch, min(batch + concurrency, events))))
    elapsed = time.perf_counter() - start
    engine.store.dispose()
    return events / elapsed, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(Path(tmp) / "raw.db", options.events)
        url = options.database_url or f"sqlite:///{Path(tmp) / 'engine.db'}"
        rate, latencies = asyncio.run(engine_rate(url, options.events, options.concurrency))
    quantiles = statistics.quantiles(latencies, n=100)
    print(
        f"events: {options.events}, concurrency: {options.concurrency}, database: "
        f"{'SQLite (temporary)' if not options.database_url else options.database_url}"
    )
    print(f"raw sqlite3 baseline : {base:9.0f} transactions/s")
    print(
        f"engine (join/leave)  : {rate:9.0f} events/s   "
        f"p50 {quantiles[49] * 1000:.1f} ms  p99 {quantiles[98] * 1000:.1f} ms"
    )
    print(f"ratio engine/baseline: {rate / base:9.3f}")


if __name__ == "__main__":
    main()
