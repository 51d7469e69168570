"""The real python-telegram-bot Application against a fake Bot API on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.delivery import Delivery
from bot.clock import FixedClock
from bot.engine import Engine
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Store
from tests.fakes.telegram_api import TOKEN, FakeBotApi


@dataclass
class Sleeps:
    """Delivery's waits, recorded instead of slept: tests never wait for real."""

    seconds: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def telegram(
    api: FakeBotApi, tmp_path: Path, clock: FixedClock, sleeps: Sleeps
) -> AsyncIterator[TelegramAdapter]:
    url = f"sqlite:///{tmp_path / 'telegram.db'}"
    migrate.upgrade(url)
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=url,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{api.port}/bot",
        _env_file=None,
    )
    store = Store(url)
    adapter = TelegramAdapter(
        Engine(store, settings, clock), settings, delivery=Delivery(sleep=sleeps)
    )
    await adapter.start()
    yield adapter
    await adapter.stop()
    store.dispose()
