"""Instructions an event of the engine bench's mix costs, counted by valgrind's callgrind.

    .venv/bin/python bench/instructions.py [--events 200]

Seconds on a shared machine move by 15% between runs; the instructions a process executes
do not (the same total to 0.1% run after run). The series of bench/engine_join.py is set up
once, then two runs of the engine over a copy of it are counted, one handling no event and
one handling the mix, and their difference is divided by the events. Things that depend on
the clock are kept out: no checkpoint thread (its work follows the wall clock, which runs a
hundred times slower under valgrind), and the identity's "last seen" is not rewritten.
Needs valgrind (Debian's package); takes about two minutes for 200 events.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import engine_join
from bench.databases import Database

WARM = 50  # events before counting starts, in both runs: statements compiled, caches filled


def prepare(path: str) -> None:
    database = Database("sqlite")
    try:
        asyncio.run(engine_join.setup(database.url))
        source, copy = sqlite3.connect(database.path), sqlite3.connect(path)
        source.backup(copy)  # the write-ahead log's content included
        copy.close()
        source.close()
    finally:
        database.drop()


def handle(path: str, events: int) -> None:
    """The counted process: the engine over a copy of the series, `events` of the mix."""
    import bot.identities

    bot.identities.SEEN_PRECISION = timedelta(days=3650)
    work = tempfile.mkdtemp()
    try:
        shutil.copy(path, f"{work}/series.db")
        # Not as served: no checkpoint thread, whose work follows the wall clock.
        side = engine_join.EngineSide(f"sqlite:///{work}/series.db", serving=False)
        asyncio.run(side.run(0, WARM, 8))
        asyncio.run(side.run(WARM, events, 8))
        side.close()
    finally:
        shutil.rmtree(work)


def count(path: str, events: int) -> int:
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--handle",
            path,
            "--events",
            str(events),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(done.stderr[-2000:])
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--handle", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.handle:
        handle(options.handle, options.events)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed: apt-get install valgrind")
    with tempfile.TemporaryDirectory() as work:
        path = f"{work}/series.db"
        prepare(path)
        idle, busy = count(path, 0), count(path, options.events)
    print(f"engine, SQLite: {(busy - idle) / options.events:,.0f} instructions an event")
    print(f"  ({options.events} events of bench/engine_join.py's mix, 8 in flight, callgrind)")


if __name__ == "__main__":
    main()
