"""Resident memory of a serving process, idle and after 10,000 events, and what it imports.

    .venv/bin/python bench/memory.py [--events 10000]

Each figure comes from a fresh process serving one platform on SQLite: Telegram's adapter on
the engine `convener run` builds, against the fake Bot API (in a process of its own,
tests/fakes/telegram_api.py; its rate limits lifted, as in telegram_throughput.py), and
Slack as `convener run` serves it (bot.app.run_platforms, HTTP mode). Prints VmRSS once
started with nothing handled, then (Telegram) after the events: members joining, asking
questions by prompt, reading a board by command and by button; and which platform stacks
each process loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STACKS = {
    "Telegram (python-telegram-bot)": "telegram",
    "Slack (slack-bolt)": "slack_bolt",
    "console (prompt_toolkit)": "adapters.console",
}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def child(platform: str, events: int) -> dict[str, object]:
    from bot.app import run_platforms
    from bot.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        common = {
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'memory.db'}",
            "CONVENER_HTTP_PORT": free_port(),
            "CONVENER_LOG_LEVEL": "WARNING",
            "_env_file": None,
        }
        if platform == "slack":
            settings = Settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", **common)
            stop = asyncio.Event()
            serving = asyncio.create_task(run_platforms(settings, stop))
            await asyncio.sleep(1.0)
            gc.collect()
            report: dict[str, object] = {"idle": rss_mb()}
            stop.set()
            await serving
            return report | loaded()
        from adapters.limits import Limits, Rate
        from adapters.telegram.adapter import TelegramAdapter
        from adapters.telegram.buttons import Buttons
        from adapters.telegram.delivery import Delivery
        from bench.telegram_throughput import RemoteApi, mix
        from bot.app import build_engine
        from tests.fakes.telegram_api import TOKEN, User, message

        async with RemoteApi() as api:
            settings = Settings(
                TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{api.port}/bot",
                **common,
            )
            engine = build_engine(settings, serving=True)
            # Telegram's limits lifted (the fake has none), as in telegram_throughput.py:
            # 10,000 replies at 30 a second would take minutes and measure nothing more.
            unlimited = Delivery(limits=Limits(Rate(1e9, 1), Rate(1e9, 1), Rate(1e9, 1)))
            bot = TelegramAdapter(engine, settings, delivery=unlimited)
            await bot.start()
            try:
                alice = User(1, "Alice")
                setup = [
                    message(alice, "/newgroup Bench positions=10000 languages=en"),
                    message(alice, '/schedule #1 Bench when="end of April"'),
                ]
                await api.timed(setup, 2)
                gc.collect()
                report = {"idle": rss_mb()}
                # Joins, the prompts of /ask, then a third each of board reads, presses and
                # answers to the prompts: about `events` updates in all.
                count = max(3, (events - 2) * 3 // 7)
                users = [User(10_000 + i, f"U{i}") for i in range(count)]
                await api.timed([message(u, "/join 1") for u in users], len(users))
                askers = [u for i, u in enumerate(users) if i % 3 == 2]
                await api.timed([message(u, "/ask 1") for u in askers], len(askers))
                updates, expected = mix(users, Buttons.encode("session", "1 #1"))
                await api.timed(updates, expected)
                gc.collect()
                report |= {
                    "events": 2 + len(users) + len(askers) + len(updates),
                    "after": rss_mb(),
                }
            finally:
                await bot.stop()
                engine.store.dispose()
            return report | loaded()


def loaded() -> dict[str, object]:
    return {"stacks": [name for name, module in STACKS.items() if module in sys.modules]}


def run_child(platform: str, events: int) -> dict[str, object]:
    found = subprocess.run(
        [sys.executable, __file__, "--child", platform, "--events", str(events)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    report: dict[str, object] = json.loads(found.stdout.strip().splitlines()[-1])
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--child", choices=("telegram", "slack"))
    options = parser.parse_args()
    if options.child:
        print(json.dumps(asyncio.run(child(options.child, options.events))))
        return
    telegram = run_child("telegram", options.events)
    slack = run_child("slack", options.events)
    print(
        f"Telegram only: idle {telegram['idle']:.0f} MB, after {telegram['events']:,} events"
        f" {telegram['after']:.0f} MB; loaded: {', '.join(telegram['stacks'])}"  # type: ignore[arg-type]
    )
    print(
        f"Slack only   : idle {slack['idle']:.0f} MB; loaded: {', '.join(slack['stacks'])}"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
