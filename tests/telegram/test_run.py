"""`convener run`'s wiring: Telegram by webhook behind the shared HTTP server, and health."""

from __future__ import annotations

import asyncio
import html
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from bot import app
from bot.settings import Settings
from tests.fakes.slack_api import SIGNING_SECRET, FakeSlackApi, signed
from tests.fakes.telegram_api import TOKEN, FakeBotApi, User, message, press


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
            assert await response.json() == {
                "status": "up",
                "database": "up",
                "telegram": "up",
                "scheduler": "up",
            }
        async with http.post(f"{base}/telegram/hook", json=update) as response:
            assert response.status == 403
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
        async with http.post(f"{base}/telegram/hook", json=update, headers=wrong) as response:
            assert response.status == 403
        assert not api.sent()
        right = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        async with http.post(f"{base}/telegram/hook", json=update, headers=right) as response:
            assert response.status == 200
        # Answered once handled: Telegram then sends the chat's next update, in order.
        assert "What you can do:" in api.sent()[0]["text"]
    stop.set()
    await running


async def test_run_without_a_platform_explains(tmp_path: Path) -> None:
    settings = Settings(DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", _env_file=None)  # type: ignore[call-arg]
    assert app.configured_platforms(settings) == []


async def test_slack_http_mode_on_the_shared_server(tmp_path: Path) -> None:
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
        assert health == {"status": "up", "database": "up", "slack": "up", "scheduler": "up"}
        body, content_type = slack_api.slash("U0ANA", "help")
        headers = {"Content-Type": content_type, **signed(body)}
        async with http.post(f"{base}/slack/events", data=body, headers=headers) as response:
            assert response.status == 200
    await slack_api.wait_for(lambda: bool(slack_api.told()))
    assert "What you can do:" in slack_api.told()[0]["text"]
    stop.set()
    await running
    await slack_api.stop()


async def test_one_process_serves_both_platforms_and_routes_between_them(
    api: FakeBotApi, tmp_path: Path
) -> None:
    async with _both_platforms(api, tmp_path) as (slack_api, port):
        await _routes_between(api, slack_api, port)


async def _routes_between(api: FakeBotApi, slack_api: FakeSlackApi, port: int) -> None:

    async def on_slack(text: str, count: int) -> None:
        await _slash(slack_api, port, "U0ALICE", text, "Alice")
        await slack_api.wait_for(lambda: len(slack_api.shown()) >= count)

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
    assert not [m for m in slack_api.shown() if m.get("channel") == "8"]


async def test_one_group_on_both_platforms_shares_its_board(
    api: FakeBotApi, tmp_path: Path
) -> None:
    async with _both_platforms(api, tmp_path) as (slack_api, port):
        await _shares_board(api, slack_api, port)


async def _shares_board(api: FakeBotApi, slack_api: FakeSlackApi, port: int) -> None:
    group_chat = -100777

    def slack_messages() -> int:
        return len(slack_api.shown()) + len(slack_api.told())

    async def on_slack(user: str, text: str, name: str = "") -> None:
        before = slack_messages()
        await _slash(slack_api, port, user, text, name or user)
        await slack_api.wait_for(lambda: slack_messages() > before)

    async def on_telegram(update: dict, method: str = "sendMessage") -> None:  # type: ignore[type-arg]
        before = len(api.sent(method))
        api.push(update)
        await api.wait_for(lambda: len(api.sent(method)) > before)

    alice_tg, bob = User(20, "Alice"), User(21, "Bob")
    await on_slack("U0ALICE", "newgroup Purchasing positions=9 languages=en", "Alice")
    await on_slack("U0ALICE", 'schedule #1 Governance when="end of April"')
    slack_api.creators["C0CHAN"] = "U0ALICE"  # who created a channel may link it
    await on_slack("U0ALICE", "linkchat 1")
    await on_slack("U0ALICE", "linkaccount")
    code = slack_api.told()[-1]["text"].split("/linkaccount ")[1].strip()
    await on_telegram(message(alice_tg, f"/linkaccount {code}"))
    api.admins.add(str(alice_tg.id))
    await on_telegram(message(alice_tg, "/linkchat 1", chat_id=group_chat))
    await on_telegram(message(bob, "/join 1"))
    # The board is posted in both linked chats.
    await on_telegram(message(bob, "/session 1", chat_id=group_chat))
    telegram_board = api.sent()[-1]
    await on_slack("U0CAROL", "join 1", "Carol")
    await on_slack("U0CAROL", "session 1")
    board_params, board_answer = slack_api.posted[-1]
    assert "Session 1 — Governance" in board_params["text"]
    # A claim on Slack edits the Telegram board and is announced in the Telegram group.
    edits_before = len(api.sent("editMessageText"))
    await on_slack("U0CAROL", "claim chair 1")
    await api.wait_for(lambda: len(api.sent("editMessageText")) > edits_before)
    edit = api.sent("editMessageText")[-1]
    assert edit["chat_id"] == group_chat
    assert str(edit["message_id"]) == str(1000 + api.sent().index(telegram_board))
    assert "chair: Carol" in edit["text"]
    await api.wait_for(
        lambda: any("Carol took chair in session 1" in m["text"] for m in api.sent())
    )
    # And the other way round: a claim in Telegram updates Slack's board and channel.
    await on_telegram(message(bob, "/claim focal 1", chat_id=group_chat))
    await slack_api.wait_for(lambda: bool(slack_api.sent("chat.update")))

    # Every board posted in the channel is brought up to date, the first one included.
    def first_board_updates() -> list[dict]:  # type: ignore[type-arg]
        return [u for u in slack_api.sent("chat.update") if u["ts"] == board_answer["ts"]]

    await slack_api.wait_for(
        lambda: any("focal country: Bob" in u["text"] for u in first_board_updates())
    )
    assert first_board_updates()[-1]["channel"] == "C0CHAN"
    await slack_api.wait_for(
        lambda: any("Bob took focal country in session 1" in m["text"] for m in slack_api.sent())
    )


@asynccontextmanager
async def _both_platforms(
    api: FakeBotApi, tmp_path: Path
) -> AsyncIterator[tuple[FakeSlackApi, int]]:
    """`convener run` with Telegram and Slack (HTTP mode), against both fakes."""
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
    yield slack_api, port
    stop.set()
    await running
    await slack_api.stop()


async def _slash(api: FakeSlackApi, port: int, user: str, text: str, name: str) -> None:
    """A signed /convener command posted to the running server."""
    body, content_type = api.slash(user, text, name=name)
    headers = {"Content-Type": content_type, **signed(body)}
    async with aiohttp.ClientSession() as http:
        url = f"http://127.0.0.1:{port}/slack/events"
        async with http.post(url, data=body, headers=headers) as response:
            assert response.status == 200


async def test_slack_encoded_text_is_stored_as_typed(api: FakeBotApi, tmp_path: Path) -> None:
    """Slack sends `&amp;`, `&lt;`, `&gt;` and `<!here>` for what the person typed: stored
    and shown on Telegram as typed, and escaped again on Slack."""
    async with _both_platforms(api, tmp_path) as (slack_api, port):
        typed = 'Title: <b>PBF & "RBF"</b> @here'
        encoded = 'Title: &lt;b&gt;PBF &amp; "RBF"&lt;/b&gt; <!here>'
        await _slash(
            slack_api, port, "U0ALICE", f"newgroup {encoded} positions=5 languages=en", "Alice"
        )
        await slack_api.wait_for(lambda: len(slack_api.shown()) >= 1)
        assert '&lt;b&gt;PBF &amp; "RBF"&lt;/b&gt; @here' in slack_api.shown()[0]["text"]
        assert "&amp;amp;" not in slack_api.shown()[0]["text"]
        bob = User(8, "Bob")
        api.push(message(bob, "/group 1"))
        await api.wait_for(lambda: len(api.sent()) >= 1)
        shown = api.sent()[0]["text"]
        # Telegram's HTML mode: the reader sees exactly what was typed.
        assert html.unescape(shown).startswith(f"#1 {typed}")
        assert "&lt;b&gt;" in shown  # escaped, so not bold


async def test_a_button_posted_before_a_restart_works_after_it(
    api: FakeBotApi, tmp_path: Path
) -> None:
    """Long button lines travel as tokens kept in the database: `convener run` stopped and
    started again (a deploy) still knows what an old button means."""
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{api.port}/bot",
        CONVENER_HTTP_PORT=_free_port(),
        _env_file=None,
    )
    alice = User(30, "Alice")

    async def say(text: str) -> dict:  # type: ignore[type-arg]
        before = len(api.sent())
        api.push(message(alice, text))
        await api.wait_for(lambda: len(api.sent()) > before)
        return api.sent()[-1]

    stop = asyncio.Event()
    running = asyncio.create_task(app.run_platforms(settings, stop))
    await say("/newgroup Purchasing positions=5 languages=en")
    await say('/schedule #1 Governance when="end of April"')
    await say('/schedule #1 Budgets when="end of May"')
    title = "Results-based financing in practice: what purchasers learnt"
    which = await say(f'/editsession #1 title="{title}"')
    keyboard = [b for row in which["reply_markup"]["inline_keyboard"] for b in row]
    second = next(b for b in keyboard if "Budgets" in b["text"])
    assert second["callback_data"].startswith("t:")  # too long to travel as it is
    stop.set()
    await running

    stop = asyncio.Event()
    running = asyncio.create_task(app.run_platforms(settings, stop))
    before = len(api.sent())
    api.push(press(alice, second["callback_data"], message_id=1000 + api.sent().index(which)))
    await api.wait_for(lambda: len(api.sent()) > before)
    answer = api.sent()[-1]["text"]
    assert "expired" not in answer
    assert f"Session 2 — {title}" in answer
    stop.set()
    await running
