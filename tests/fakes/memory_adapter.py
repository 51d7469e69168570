"""A whole platform adapter in a few lines, kept in memory: what CONTRIBUTING.md's "Add a
platform" describes, plugged into the port (adapters/port.py) with no change to the engine.

People "write" with `say`; every message the adapter would show is kept in `inbox`, by the
chat it went to (a person's private chat is their user id), rendered as plain text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from adapters.port import Elsewhere, Forward, nowhere, platform_of
from bot.effects import Edit, Effect, Menu, Prompt, Reply, Send, board_posted
from bot.engine import Engine
from bot.events import Actor, Button, Chat, Command, Event, FreeText, MessageRef, Unreachable
from bot.i18n import render


@dataclass
class Shown:
    text: str
    buttons: list[tuple[str, str]]  # (label, command line)
    message_id: str


@dataclass
class MemoryAdapter:
    engine: Engine
    platform: str
    forward: Forward = nowhere
    inbox: defaultdict[str, list[Shown]] = field(default_factory=lambda: defaultdict(list))
    edits: list[tuple[MessageRef, str]] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)  # users who blocked the bot
    _started: bool = False
    _ids: int = 0

    # -- lifecycle (the port) -------------------------------------------------------------

    async def start(self) -> None:
        self._started = True

    async def stop(self) -> None:
        self._started = False

    def running(self) -> bool:
        return self._started

    # -- updates in: the platform's payloads as engine events -----------------------------

    async def say(self, user: str, line: str, *, chat: str | None = None) -> None:
        actor = Actor(self.platform, user, user.title(), "en", "UTC")
        where = Chat(self.platform, chat or user, private=chat is None)
        event: Event
        if line.startswith("/"):
            name, _, args = line[1:].partition(" ")
            event = Command(actor, where, name, args)
        else:
            event = FreeText(actor, where, line)
        await self._handle(event)

    async def press(self, user: str, shown: Shown, label: str, *, chat: str | None = None) -> None:
        line = dict(shown.buttons)[label]
        command, _, args = line.partition(" ")
        where = Chat(self.platform, chat or user, private=chat is None)
        ref = MessageRef(self.platform, where.chat_id, shown.message_id)
        actor = Actor(self.platform, user, user.title(), "en", "UTC")
        await self._handle(Button(actor, where, command, args, ref))

    async def _handle(self, event: Event) -> None:
        for effect in await self.engine.handle(event):
            await self._deliver(effect, event.chat)

    # -- effects out ------------------------------------------------------------------------

    async def _deliver(self, effect: Effect, chat: Chat) -> None:
        if isinstance(effect, Send | Edit | Menu) and platform_of(effect) != self.platform:
            await self.forward(effect)  # someone on another platform
        elif isinstance(effect, Reply | Prompt):
            posted = self._show(chat.chat_id, effect)
            if isinstance(effect, Reply) and effect.board is not None and not chat.private:
                # A board in a shared chat: later changes, from anywhere, edit it.
                ref = MessageRef(self.platform, chat.chat_id, posted)
                await self.engine.handle(board_posted(effect.board, ref, effect.audience))
        else:
            await self.send_from_elsewhere(effect)

    def _show(self, chat: str, effect: Reply | Prompt | Send) -> str:
        self._ids += 1
        buttons = [
            (render(a.label, effect.audience, str), f"{a.command} {a.args}".strip())
            for a in effect.buttons
        ]
        text = render(effect.text, effect.audience, str)
        self.inbox[chat].append(Shown(text, buttons, str(self._ids)))
        return str(self._ids)

    async def send_from_elsewhere(self, effect: Elsewhere) -> None:
        if isinstance(effect, Send):
            await self.send_message(effect)
        elif isinstance(effect, Edit):
            self.edits.append((effect.ref, render(effect.text, effect.audience, str)))
        # A Menu: this platform has no command menus.

    async def send_message(self, effect: Send) -> str:
        if effect.to.id in self.blocked:
            await self.engine.handle(Unreachable(self.platform, effect.to.id))
            return "unreachable"
        self._show(effect.to.id, effect)
        return "sent"
