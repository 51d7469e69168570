"""A new platform plugs into the port without touching the engine: two in-memory adapters
(tests/fakes/memory_adapter.py, under 150 lines) on one router serve one group across
"platforms", exchange news, share a board and get reminders."""

from __future__ import annotations

from datetime import timedelta

from adapters.port import Router
from bot.clock import FixedClock
from bot.engine import Engine
from scheduler.dispatcher import Dispatcher
from tests.fakes.memory_adapter import MemoryAdapter


async def test_an_adapter_of_a_new_platform_plugs_into_the_port(
    engine: Engine, clock: FixedClock
) -> None:
    alpha, beta = MemoryAdapter(engine, "alpha"), MemoryAdapter(engine, "beta")
    router = Router()
    router.plug("alpha", alpha)
    router.plug("beta", beta)
    await alpha.say("ana", "/newgroup Purchasing positions=5 languages=en")
    await alpha.say("ana", '/schedule #1 Governance when="end of April"')
    await beta.say("bo", "/join 1")
    assert "Welcome to “Purchasing”" in beta.inbox["bo"][-1].text
    # A facilitator on one platform gives a role to a member on the other: told there.
    await alpha.say("ana", "/assign chair 1 Bo")
    assert "You are now chair for session 1 of “Purchasing”" in beta.inbox["bo"][-1].text
    # A board in a shared chat is edited when a role changes from the other platform.
    await alpha.say("ana", "/linkchat 1", chat="room")
    await alpha.say("ana", "/session 1", chat="room")
    board = alpha.inbox["room"][-1]
    assert "chair: Bo" in board.text
    await beta.say("bo", "/release chair 1")
    [(ref, edited)] = alpha.edits
    assert (ref.platform, ref.chat_id, ref.message_id) == ("alpha", "room", board.message_id)
    assert "chair: tbd" in edited
    # Pressing a button on this platform's board claims the role.
    await alpha.press("ana", board, "Claim: focal country", chat="room")
    assert alpha.edits[-1][0].message_id == board.message_id
    assert "focal country: Ana" in alpha.edits[-1][1]
    # Reminders reach each member on their platform through the router.
    await alpha.say("ana", "/announce #1 Papers due Friday")
    beta.blocked.add("bo")
    clock.advance(timedelta(minutes=1))
    outcome = await Dispatcher(engine, router.deliver, name="t").run_due()
    assert outcome["sent"] >= 1
    assert outcome["unreachable"] == 1
    assert any("Papers due Friday" in m.text for m in alpha.inbox["ana"])
