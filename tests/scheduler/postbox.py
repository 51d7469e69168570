"""A fake platform for reminders, and a way to live through weeks without sleeping: the
clock jumps from one due reminder to the next and the real dispatcher runs at each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from bot.clock import FixedClock
from bot.effects import Send
from bot.engine import Engine
from bot.i18n import render
from bot.store.models import Reminder
from scheduler import outbox
from scheduler.dispatcher import Dispatcher
from tests.world import plain


@dataclass(frozen=True)
class Delivered:
    at: datetime
    send: Send

    @property
    def to(self) -> str:
        return self.send.to.id

    @property
    def text(self) -> str:
        return render(self.send.text, self.send.audience, plain)


@dataclass
class Postbox:
    engine: Engine
    clock: FixedClock
    got: list[Delivered] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # users who blocked the bot

    def __post_init__(self) -> None:
        self.dispatcher = Dispatcher(self.engine, self.deliver, name="test")

    async def deliver(self, send: Send) -> str:
        if send.to.id in self.refuse:
            return "unreachable"
        self.got.append(Delivered(self.clock.now(), send))
        return "sent"

    async def until(self, moment: datetime) -> list[Delivered]:
        """Move time to `moment`, running the dispatcher whenever a reminder falls due."""
        start = len(self.got)
        for _ in range(10_000):
            due = outbox.next_due(self.engine.store)
            if due is None or due > moment:
                break
            self.to(due)
            await self.dispatcher.run_due()
        else:
            raise AssertionError("reminders keep falling due")
        self.to(moment)
        return self.got[start:]

    def to(self, moment: datetime) -> None:
        if moment > self.clock.now():
            self.clock.advance(moment - self.clock.now())

    def planned(self, kind: str | None = None) -> list[Reminder]:
        with Session(self.engine.store.engine) as session:
            query = select(Reminder).where(Reminder.status == "pending")
            if kind is not None:
                query = query.where(Reminder.kind == kind)
            return list(session.exec(query.order_by(col(Reminder.due_at))).all())


def to_whom(delivered: list[Delivered]) -> list[tuple[str, datetime]]:
    return [(d.to, d.at) for d in delivered]
