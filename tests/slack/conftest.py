"""The real slack-bolt AsyncApp behind our HTTP server, a fake Slack Web API on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

import aiohttp
import pytest

from adapters.limits import SLACK, Rate
from adapters.slack.adapter import SlackAdapter
from adapters.slack.delivery import PatientWaits, SlackDelivery
from adapters.web import WebServer
from bot.clock import FixedClock
from bot.engine import Engine
from bot.settings import Settings
from bot.store import migrate
from bot.store.db import Store
from tests.conftest import truncate
from tests.fakes.slack_api import SIGNING_SECRET, FakeSlackApi, signed


@dataclass
class SlackClient:
    """Posts to /slack/events as Slack does: signed, unless told otherwise."""

    http: aiohttp.ClientSession
    url: str
    adapter: SlackAdapter
    last_body: str = ""

    async def post(
        self,
        request: tuple[str, str],
        *,
        sign: bool = True,
        age: int = 0,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> int:
        body, content_type = request
        sent = {
            "Content-Type": content_type,
            **(signed(body, secret=secret, age=age) if sign else {}),
            **(headers or {}),
        }
        async with self.http.post(self.url, data=body.encode(), headers=sent) as response:
            self.last_body = await response.text()
            return response.status

    @property
    def last_json(self) -> dict:  # type: ignore[type-arg]
        return json.loads(self.last_body) if self.last_body else {}


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def slack_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """SQLite, unless a test asks for PostgreSQL too (parametrize indirectly)."""
    if getattr(request, "param", "sqlite") == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        truncate(url)
        return url
    url = f"sqlite:///{tmp_path / 'slack.db'}"
    migrate.upgrade(url)
    return url


BOTH_DATABASES = pytest.mark.parametrize(
    "slack_database",
    ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
    indirect=True,
)


@pytest.fixture
async def slack(
    slack_api: FakeSlackApi, slack_database: str, clock: FixedClock
) -> AsyncIterator[SlackClient]:
    url = slack_database
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=url,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=f"http://127.0.0.1:{slack_api.port}/api/",
        _env_file=None,
    )
    store = Store(url)
    adapter = SlackAdapter(
        Engine(store, settings, clock),
        settings,
        delivery=SlackDelivery(replace(SLACK, chat=Rate(1000, 1))),
        waits=PatientWaits(scale=0),  # waits recorded, not slept
    )
    server = WebServer("127.0.0.1", 0)
    server.add_slack(adapter.handle_http)
    await server.start()
    async with aiohttp.ClientSession() as http:
        yield SlackClient(http, f"http://127.0.0.1:{server.port}/slack/events", adapter)
    await server.stop()
    store.dispose()
