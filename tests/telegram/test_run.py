"""`convener run`'s wiring: Telegram by webhook behind the shared HTTP server, and health."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp

from bot import app
from bot.settings import Settings
from tests.fakes.telegram_api import TOKEN, FakeBotApi, User, message


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_webhook_needs_the_secret_and_health_answers(api: FakeBotApi, tmp_path: Path) -> None:
    port = _free_port()
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{api.port}/bot",
        TELEGRAM_WEBHOOK_URL="https://bot.example.org/telegram/hook",
        TELEGRAM_WEBHOOK_SECRET="s3cret",
        CONVENER_HTTP_PORT=port,
        _env_file=None,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(app.run_platforms(settings, stop))
    await api.wait_for(lambda: bool(api.sent("setWebhook")))
    assert api.sent("setWebhook")[0]["secret_token"] == "s3cret"
    assert api.sent("setWebhook")[0]["url"] == "https://bot.example.org/telegram/hook"
    base = f"http://127.0.0.1:{port}"
    update = {"update_id": 1, **message(User(7, "Ana"), "/help")}
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/health") as response:
            assert response.status == 200
            assert await response.json() == {"status": "up", "database": "up", "telegram": "up"}
        async with http.post(f"{base}/telegram/hook", json=update) as response:
            assert response.status == 403
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
        async with http.post(f"{base}/telegram/hook", json=update, headers=wrong) as response:
            assert response.status == 403
        assert not api.sent()
        right = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        async with http.post(f"{base}/telegram/hook", json=update, headers=right) as response:
            assert response.status == 200
    await api.wait_for(lambda: bool(api.sent()))
    assert "What you can do:" in api.sent()[0]["text"]
    stop.set()
    await running


async def test_run_without_a_platform_explains(tmp_path: Path) -> None:
    settings = Settings(DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", _env_file=None)  # type: ignore[call-arg]
    assert app.configured_platforms(settings) == []


async def test_slack_http_mode_on_the_shared_server(tmp_path: Path) -> None:
    from tests.fakes.slack_api import SIGNING_SECRET, FakeSlackApi, signed, slash

    slack_api = FakeSlackApi()
    await slack_api.start()
    port = _free_port()
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=f"http://127.0.0.1:{slack_api.port}/api/",
        CONVENER_HTTP_PORT=port,
        _env_file=None,
    )
    assert app.configured_platforms(settings) == ["slack"]
    stop = asyncio.Event()
    running = asyncio.create_task(app.run_platforms(settings, stop))
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        for _ in range(200):  # until the server listens
            try:
                async with http.get(f"{base}/health") as response:
                    health = await response.json()
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.02)
        assert health == {"status": "up", "database": "up", "slack": "up"}
        body, content_type = slash("U0ANA", "help")
        headers = {"Content-Type": content_type, **signed(body)}
        async with http.post(f"{base}/slack/events", data=body, headers=headers) as response:
            assert response.status == 200
    await slack_api.wait_for(lambda: bool(slack_api.sent("chat.postEphemeral")))
    assert "What you can do:" in slack_api.sent("chat.postEphemeral")[0]["text"]
    stop.set()
    await running
    await slack_api.stop()


async def test_one_process_serves_both_platforms_and_routes_between_them(
    api: FakeBotApi, tmp_path: Path
) -> None:
    from tests.fakes.slack_api import SIGNING_SECRET, FakeSlackApi, signed, slash

    slack_api = FakeSlackApi()
    await slack_api.start()
    port = _free_port()
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{api.port}/bot",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=f"http://127.0.0.1:{slack_api.port}/api/",
        CONVENER_HTTP_PORT=port,
        _env_file=None,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(app.run_platforms(settings, stop))
    await api.wait_for(lambda: bool(api.sent("setMyCommands")))

    async def on_slack(text: str, count: int) -> None:
        body, content_type = slash("U0ALICE", text, name="Alice")
        headers = {"Content-Type": content_type, **signed(body)}
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/slack/events"
            async with http.post(url, data=body, headers=headers) as response:
                assert response.status == 200
        await slack_api.wait_for(lambda: len(slack_api.sent()) >= count)

    await on_slack("newgroup Purchasing positions=5 languages=en", 1)
    await on_slack('schedule #1 Governance when="end of April"', 2)
    bob = User(8, "Bob")
    api.push(message(bob, "/join 1"))
    await api.wait_for(lambda: len(api.sent()) >= 1)
    await on_slack("assign chair 1 Bob", 3)
    await api.wait_for(lambda: len(api.sent()) >= 2)
    told = api.sent()[-1]
    assert told["chat_id"] == bob.id
    assert "You are now chair for session 1 of “Purchasing”" in told["text"]
    assert not [m for m in slack_api.sent() if m.get("channel") == "8"]
    stop.set()
    await running
    await slack_api.stop()
