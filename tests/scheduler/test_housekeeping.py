"""The daily clean-up forgets what nobody needs: reminders done long ago, and the board
messages of sessions that are over (nothing edits them again)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.effects import Audience, board_posted
from bot.events import MessageRef
from bot.store.models import BoardMessage, Reminder
from scheduler import outbox
from tests.scheduler.postbox import Postbox
from tests.world import World

KEEP = timedelta(days=30)


async def test_housekeeping(world: World, clock: FixedClock) -> None:
    postbox = Postbox(world.engine, clock)
    alice, bob = world.person("Alice"), world.person("Bob")
    await alice.says("/newgroup Purchasing positions=30 languages=en")
    await bob.says("/join 1")
    await alice.says('/schedule #1 Governance when="12 February 2027 14:00"')
    await alice.says('/schedule #1 Later when="12 June 2027 14:00"')
    for session_id, message_id in ((1, "7"), (2, "8")):
        ref = MessageRef("telegram", "-100", message_id)
        world.engine.handle_sync(board_posted(session_id, ref, Audience("en", "UTC")))
    await alice.says("/announce #1 Hello")
    await postbox.until(clock.now())
    store = world.engine.store
    assert outbox.housekeep(store, clock.now(), KEEP) == (0, 0)
    postbox.to(datetime(2027, 3, 1, tzinfo=UTC))
    # The two announcements sent on 11 January are forgotten; session 1's board too.
    assert outbox.housekeep(store, clock.now(), KEEP) == (2, 1)
    with Session(store.engine) as session:
        assert [b.session_id for b in session.exec(select(BoardMessage)).all()] == [2]
        left = session.exec(select(Reminder)).all()
        assert left
        assert all(r.status == "pending" for r in left)  # not sent: kept
