"""Reminders through the real Telegram path: PTB, Delivery's limits, the fake Bot API."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace

from sqlmodel import Session, select

from adapters.limits import TELEGRAM, Rate
from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.delivery import OVERALL_PER_SECOND, Delivery
from bot.clock import FixedClock
from bot.engine import Engine
from bot.settings import Settings
from bot.store.db import Store
from bot.store.models import Identity
from scheduler.dispatcher import Dispatcher
from tests.conftest import truncate
from tests.fakes.telegram_api import TOKEN, FakeBotApi, message
from tests.scheduler.crowd import announce, crowd
from tests.telegram.test_telegram import ALICE, BOB, MARIE, say
from tests.unit.test_pace import busiest_second

FORBIDDEN = (
    403,
    {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
)


async def test_reminders_reach_members_in_their_language_and_skip_the_blocked(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    await say(api, message(ALICE, "/newgroup Purchasing positions=10 languages=en,fr"))
    for person in (BOB, MARIE):
        await say(api, message(person, "/join 1"))
    await say(api, message(ALICE, '/call #1 deadline="15 March" "hosting a webinar"'))
    await say(api, message(ALICE, "yes"))
    await say(api, message(ALICE, "/announce #1 Room <b>B</b> & notes"))
    api.failures[("sendMessage", str(BOB.id))] = [FORBIDDEN]
    dispatcher = Dispatcher(telegram.engine, telegram.send_message, name="t")
    before = len(api.sent())
    counts = await dispatcher.run_due()
    assert counts == {"sent": 2, "unreachable": 1}
    sent = {m["chat_id"]: m for m in api.sent()[before:]}
    assert set(sent) == {ALICE.id, MARIE.id}
    assert sent[MARIE.id]["text"].startswith("Annonce de Alice à « Purchasing » :")
    assert "Room &lt;b&gt;B&lt;/b&gt; &amp; notes" in sent[MARIE.id]["text"]
    assert sent[MARIE.id]["parse_mode"] == "HTML"
    with Session(telegram.engine.store.engine) as session:
        bob = session.exec(select(Identity).where(Identity.external_id == str(BOB.id))).one()
        assert bob.unreachable_since is not None
    # The call's reminder on 8 March: Marie gets it with a button per option; Bob, marked
    # unreachable, is skipped without asking Telegram again.
    clock = telegram.engine.clock
    clock.advance(clock.now().replace(month=3, day=8) - clock.now())  # type: ignore[attr-defined]
    calls_to_bob = len([c for c in api.calls if c.params.get("chat_id") == BOB.id])
    before = len(api.sent())
    counts = await dispatcher.run_due()
    assert counts == {"sent": 1, "unreachable": 1}
    [reminder] = api.sent()[before:]
    assert reminder["chat_id"] == MARIE.id
    assert "répondez avant le 15 mars 2027" in reminder["text"]
    buttons = reminder["reply_markup"]["inline_keyboard"]
    assert buttons[0][0]["text"] == "1. hosting a webinar"
    assert len([c for c in api.calls if c.params.get("chat_id") == BOB.id]) == calls_to_bob


async def test_a_burst_is_spread_within_the_rate_limit_and_none_is_lost(
    api: FakeBotApi, telegram: TelegramAdapter
) -> None:
    """400 reminders due at once, a limit of 100 a second: never faster than the limit,
    from the first second on; each chat gets one."""
    limit = 100
    telegram.delivery = Delivery(limits=replace(TELEGRAM, overall=Rate(limit, 1)))
    engine = telegram.engine
    group = crowd(engine.store, 400, engine.clock.now())
    announce(engine.store, group, engine.clock.now(), engine.clock.now())
    counts = await Dispatcher(engine, telegram.send_message, name="t").run_due()
    assert counts == {"sent": 400}
    sent = [c for c in api.calls if c.method == "sendMessage"]
    chats = [c.params["chat_id"] for c in sent]
    assert len(chats) == len(set(chats)) == 400
    start = sent[0].at
    # The 300 after the first burst take three seconds (less what refilled while the burst
    # went out: the fake sees each call a little after the limiter let it go).
    assert sent[-1].at - start >= 2.5
    ahead = max(index / limit - (call.at - start) for index, call in enumerate(sent[limit:]))
    assert ahead < 0.4


async def test_three_processes_keep_telegrams_overall_limit_together(
    api: FakeBotApi, postgres_url: str, clock: FixedClock
) -> None:
    """Three processes behind one webhook, each with its own database connections, its own
    PTB Application and Delivery, send 600 reminders due at once: at the fake Bot API no
    one-second window holds more than Telegram's 30, and each member gets theirs once."""
    truncate(postgres_url)
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=postgres_url,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{api.port}/bot",
        TELEGRAM_WEBHOOK_URL="https://bot.example.org/telegram",
        _env_file=None,
    )
    adapters = [
        TelegramAdapter(Engine(Store(postgres_url), settings, clock), settings) for _ in range(3)
    ]
    try:
        for adapter in adapters:
            await adapter.start()
        store = adapters[0].engine.store
        announce(store, crowd(store, 600, clock.now()), clock.now(), clock.now())
        dispatchers = [
            Dispatcher(a.engine, a.send_message, name=f"p{i}", batch=50, in_flight=20)
            for i, a in enumerate(adapters)
        ]
        counts = await asyncio.gather(*(d.run_due() for d in dispatchers))
    finally:
        for adapter in adapters:
            await adapter.stop()
            adapter.engine.close()
            adapter.engine.store.dispose()
    assert sum(counts, Counter()) == {"sent": 600}
    assert all(c["sent"] > 0 for c in counts), counts  # all three sent
    sent = [c for c in api.calls if c.method == "sendMessage"]
    chats = Counter(c.params["chat_id"] for c in sent)
    assert len(chats) == 600
    assert set(chats.values()) == {1}
    busiest = busiest_second([c.at for c in sent])
    print(f"busiest second at the fake: {busiest} of {OVERALL_PER_SECOND} allowed (600 messages)")
    assert busiest <= OVERALL_PER_SECOND
