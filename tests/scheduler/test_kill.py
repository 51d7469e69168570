"""A real `convener run` killed with SIGKILL in the middle of a 600-reminder burst, then
started again: every reminder arrives, within a minute of the restart, and only what was in
flight at the kill can arrive twice. The process talks to a fake Bot API served here."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store.db import Store
from tests.conftest import truncate
from tests.fakes.telegram_api import TOKEN, FakeBotApi
from tests.scheduler.crowd import announce, crowd

ROOT = Path(__file__).resolve().parents[2]
BURST = 600


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(database_url: str, api_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api_url,
        "CONVENER_REMINDER_POLL_SECONDS": "0.5",
        "CONVENER_HTTP_PORT": str(_free_port()),
        "CONVENER_LOG_LEVEL": "ERROR",
    }
    code = "import sys; from bot.cli import main; sys.exit(main(['run']))"
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)


def _delivered(api: FakeBotApi) -> Counter[str]:
    """Messages per chat: the bot sends nothing but the reminders here."""
    return Counter(str(m["chat_id"]) for m in api.sent())


async def _until(check: Callable[[], bool], patience: float, api: FakeBotApi) -> None:
    end = time.monotonic() + patience
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting; {len(_delivered(api))} chats reached")
        await asyncio.sleep(0.1)


@pytest.mark.postgres
async def test_killed_with_sigkill_then_restarted(postgres_url: str) -> None:
    """On PostgreSQL, the topology of several processes (SQLite serves one)."""
    database_url = postgres_url
    truncate(database_url)
    store = Store(database_url)
    now = datetime.now(UTC)
    group = crowd(store, BURST, now)
    assert announce(store, group, now, now) == BURST
    store.dispose()
    api = FakeBotApi()
    api_url = await api.start()
    first = _start(database_url, api_url)
    second: subprocess.Popen[bytes] | None = None
    try:
        await _until(lambda: len(_delivered(api)) >= 150, 60, api)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        at_kill = sum(_delivered(api).values())
        restarted = time.monotonic()
        second = _start(database_url, api_url)
        await _until(lambda: len(_delivered(api)) == BURST, 60, api)
        took = time.monotonic() - restarted
        got = _delivered(api)
        duplicates = sum(n - 1 for n in got.values())
        print(f"killed after {at_kill} sent; all {BURST} in {took:.1f} s after the restart;"
              f" {duplicates} duplicates")  # fmt: skip
        assert took < 60
        assert duplicates <= 100  # at most what was in flight (Dispatcher.in_flight)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        await api.stop()
