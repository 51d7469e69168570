"""Updates per second of the full Telegram bot against a bare python-telegram-bot echo bot.

    .venv/bin/python bench/telegram_throughput.py [--updates 5000]

Both run against the same fake Bot API on 127.0.0.1 (tests/fakes/telegram_api.py, in its own
process, as Telegram is on another machine), which queues all the updates at once and
answers every call at once. The mix: a third commands
(/session 1: reads the board), a third button presses (a board's "session" button), a third
answers to a pending /ask prompt (each writes a question). The full bot goes through its
rate-limited delivery path with the limits lifted (the fake has none), so the figure is the
bot's own cost. The echo bot is PTB's defaults: an httpx transport, one update at a time,
echoing each message and answering each press.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from adapters.limits import Limits, Rate
from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.delivery import Delivery
from bot.engine import Engine
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Store
from tests.fakes.telegram_api import TOKEN, User, message, press

Json = dict[str, object]
PATIENCE = 600.0


class RemoteApi:
    """The fake Bot API in its own process, as the real one is on another machine: its work
    does not compete with the bot's for this process's GIL."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.telegram_api"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())
        self.base = f"http://127.0.0.1:{self.port}"
        self.http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> RemoteApi:
        self.http = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self.http is not None
        await self.http.close()
        self.process.terminate()
        self.process.wait()

    async def replies(self) -> int:
        assert self.http is not None
        async with self.http.get(f"{self.base}/_control/counts") as response:
            counts = await response.json()
        return sum(
            counts.get(m, 0) for m in ("sendMessage", "editMessageText", "answerCallbackQuery")
        )

    async def timed(self, updates: list[Json], expected: int) -> float:
        assert self.http is not None
        before = await self.replies()
        start = time.perf_counter()
        for first in range(0, len(updates), 500):  # under aiohttp's 1 MB request limit
            batch = updates[first : first + 500]
            async with self.http.post(f"{self.base}/_control/push", json=batch) as response:
                assert response.status == 200
        while await self.replies() < before + expected:
            if time.perf_counter() - start > PATIENCE:
                raise TimeoutError(
                    f"expected {expected} replies, got {await self.replies() - before}"
                )
            await asyncio.sleep(0.02)
        return time.perf_counter() - start


def mix(users: list[User], board_data: str) -> tuple[list[Json], int]:
    updates: list[Json] = []
    expected = 0
    for i, user in enumerate(users):
        kind = i % 3
        if kind == 0:
            updates.append(message(user, "/session 1"))
            expected += 1
        elif kind == 1:
            updates.append(press(user, board_data, message_id=1))
            expected += 2  # the board (a reply) and the answered press
        else:
            updates.append(message(user, "How do you pay for results?"))
            expected += 1
    return updates, expected


async def full_bot(count: int) -> float:
    async with RemoteApi() as api:
        return await _full_bot(api, count)


async def _full_bot(api: RemoteApi, count: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate.upgrade(url)
        settings = Settings(  # type: ignore[call-arg]
            DATABASE_URL=url,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{api.port}/bot",
            CONVENER_LOG_LEVEL="WARNING",
            _env_file=None,
        )
        store = Store(url, checkpoint_aside=True)  # as `convener run` makes it
        unlimited = Delivery(limits=Limits(Rate(1e9, 1), Rate(1e9, 1), Rate(1e9, 1)))
        engine = Engine(store, settings, inline=store.is_sqlite)  # as `convener run` makes it
        bot = TelegramAdapter(engine, settings, delivery=unlimited)
        await bot.start()
        try:
            users = [User(10_000 + i, f"U{i}") for i in range(count)]
            alice = User(1, "Alice")
            setup = [
                message(alice, "/newgroup Bench positions=10000 languages=en"),
                message(alice, '/schedule #1 Bench when="end of April"'),
            ]
            await api.timed(setup, 2)
            board = bot.buttons.encode("session", "1 #1")
            await api.timed([message(u, "/join 1") for u in users], len(users))
            askers = [u for i, u in enumerate(users) if i % 3 == 2]
            await api.timed([message(u, "/ask 1") for u in askers], len(askers))
            updates, expected = mix(users, board)
            return await api.timed(updates, expected)
        finally:
            await bot.stop()
            store.dispose()


async def echo_bot(count: int) -> float:
    async with RemoteApi() as api:
        return await _echo_bot(api, count)


async def _echo_bot(api: RemoteApi, count: int) -> float:

    async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        assert update.message.text is not None
        await update.message.reply_text(update.message.text)

    async def answer(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        assert update.callback_query.message is not None
        await update.callback_query.message.reply_text("board")  # type: ignore[union-attr]
        await update.callback_query.answer()

    app = Application.builder().token(TOKEN).base_url(f"http://127.0.0.1:{api.port}/bot").build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(answer))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=10)
    try:
        users = [User(10_000 + i, f"U{i}") for i in range(count)]
        updates, expected = mix(users, "c:session 1 #1")
        return await api.timed(updates, expected)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=5000)
    options = parser.parse_args()
    report: Callable[[str, float], None] = lambda name, seconds: print(  # noqa: E731
        f"{name:>10}: {options.updates / seconds:8.0f} updates/s ({seconds:.2f} s)"
    )
    echo_seconds = asyncio.run(echo_bot(options.updates))
    report("echo bot", echo_seconds)
    full_seconds = asyncio.run(full_bot(options.updates))
    report("full bot", full_seconds)
    print(
        f"     ratio: {echo_seconds / full_seconds:.2f} (full bot / echo bot, updates per second)"
    )


if __name__ == "__main__":
    main()
