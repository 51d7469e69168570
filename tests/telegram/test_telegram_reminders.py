"""Reminders through the real Telegram path: PTB, Delivery's limits, the fake Bot API."""

from __future__ import annotations

from sqlmodel import Session, select

from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.delivery import Delivery
from bot.store.models import Identity
from scheduler.dispatcher import Dispatcher
from tests.fakes.telegram_api import FakeBotApi, message
from tests.scheduler.crowd import announce, crowd
from tests.telegram.test_telegram import ALICE, BOB, MARIE, say

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
    """400 reminders due at once, a limit of 100 a second: the first 100 go at once (the
    limiter's bucket starts full), then never faster than the limit; each chat gets one."""
    limit = 100
    telegram.delivery = Delivery(per_second=limit)
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
