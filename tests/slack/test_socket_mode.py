"""`convener run` in Socket Mode: slack_sdk's own Socket Mode client opens a connection
(apps.connections.open) to the fake's WebSocket, which carries a slash command, a button
press and a form to the bot; every request is acknowledged by its envelope id."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

from bot import app
from bot.settings import Settings
from tests.fakes.slack_api import (
    FakeSlackApi,
    button_payload,
    command_fields,
    submission_payload,
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_socket_mode_carries_a_command_a_button_and_a_form(tmp_path: Path) -> None:
    slack_api = FakeSlackApi()
    await slack_api.start()
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=f"sqlite:///{tmp_path / 'socket.db'}",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_APP_TOKEN="xapp-test",
        SLACK_API_URL=f"http://127.0.0.1:{slack_api.port}/api/",
        CONVENER_HTTP_PORT=_free_port(),
        _env_file=None,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(app.run_platforms(settings, stop))
    try:
        await slack_api.wait_for(lambda: slack_api.socket is not None)
        assert slack_api.sent("apps.connections.open")

        async def command(user: str, text: str) -> str:
            fields = command_fields(user, text, response_url=slack_api.response_url())
            envelope = await slack_api.envelope("slash_commands", fields)
            await slack_api.wait_for(lambda: envelope in slack_api.acks)
            return envelope

        # A slash command, answered through its response_url.
        await command("U0ALICE", "newgroup Purchasing positions=5 languages=en")
        await slack_api.wait_for(lambda: len(slack_api.shown()) >= 1)
        assert "Purchasing" in slack_api.shown()[0]["text"]
        await command("U0ALICE", 'schedule #1 Governance when="end of April"')
        await command("U0BOB", "join 1")
        await command("U0BOB", "session 1")
        await slack_api.wait_for(lambda: bool(slack_api.posted))
        board, posted = slack_api.posted[-1]
        claim = next(
            e["value"]
            for b in board["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
            if e["text"]["text"] == "Claim: chair"
        )

        # A button on the board: the board is edited in place.
        press = button_payload(
            "U0BOB", claim, ts=posted["ts"], response_url=slack_api.response_url()
        )
        envelope = await slack_api.envelope("interactive", press)
        await slack_api.wait_for(lambda: bool(slack_api.sent("chat.update")))
        assert envelope in slack_api.acks
        assert "chair: u0bob" in slack_api.sent("chat.update")[-1]["text"]

        # A form: opened by the command, sent back over the socket, refused inside the
        # form (the acknowledgement carries the error), then accepted.
        await command("U0BOB", "ask")
        await slack_api.wait_for(lambda: bool(slack_api.sent("views.open")))
        where = {"group": "1", "channel": "C0CHAN", "response_url": slack_api.response_url()}
        bad = submission_payload("U0BOB", "convener:ask", {"session": "9", "text": "Why?"}, where)
        envelope = await slack_api.envelope("interactive", bad)
        await slack_api.wait_for(lambda: envelope in slack_api.acks)
        assert slack_api.acks[envelope]["response_action"] == "errors"
        values = {"session": "1", "text": "How do districts own the budget?"}
        good = submission_payload("U0BOB", "convener:ask", values, where)
        envelope = await slack_api.envelope("interactive", good)
        await slack_api.wait_for(
            lambda: any("question 1 of session 1" in m["text"] for m in slack_api.shown())
        )
        assert slack_api.acks[envelope] == {}
    finally:
        stop.set()
        await running
        await slack_api.stop()
