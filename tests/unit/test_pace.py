"""The overall sending pace: no one-second window over the limit, from the first second
(no burst after a start), and for three processes sharing one PostgreSQL database."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.engine import Engine
from bot.settings import Settings
from bot.store.db import Store
from bot.store.pace import LocalPace, SharedPace, pace_for


def busiest_second(stamps: list[float]) -> int:
    stamps = sorted(stamps)
    busiest, start = 0, 0
    for end, at in enumerate(stamps):
        while at - stamps[start] >= 1.0:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


async def _send(pace: LocalPace | SharedPace, count: int, stamps: list[float]) -> None:
    for _ in range(count):
        await pace.wait()
        stamps.append(time.monotonic())


async def test_one_process_starts_at_the_pace_not_with_a_burst() -> None:
    pace = LocalPace(per_second=100)
    stamps: list[float] = []
    await asyncio.gather(*(_send(pace, 30, stamps) for _ in range(5)))  # 150 at once
    assert len(stamps) == 150
    assert busiest_second(stamps) <= 100
    assert stamps[-1] - stamps[0] >= 1.4  # spread out, not let out at once


@pytest.mark.postgres
async def test_three_processes_share_one_pace(postgres_url: str) -> None:
    settings = Settings(DATABASE_URL=postgres_url, _env_file=None)  # type: ignore[call-arg]
    engines = [Engine(Store(postgres_url), settings) for _ in range(3)]
    try:
        paces = [pace_for(e.store, "test-pace", 50, e.run) for e in engines]
        assert all(isinstance(p, SharedPace) for p in paces)
        stamps: list[float] = []
        await asyncio.gather(*(_send(p, 25, stamps) for p in paces for _ in range(4)))
        assert len(stamps) == 300
        print(f"busiest second: {busiest_second(stamps)} of 50 allowed (300 messages)")
        assert busiest_second(stamps) <= 50
    finally:
        for engine in engines:
            engine.close()
            engine.store.dispose()
