"""People talking to a real Engine through its public contract: events in, effects out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.effects import Effect, Menu, Prompt, Reply, Send
from bot.engine import Engine
from bot.events import Actor, Button, Chat, Command, Event, FreeText, MessageRef
from bot.i18n import render


def plain(text: str) -> str:
    return text


def show(effects: Sequence[Effect]) -> str:
    """Every effect's text in its own recipient's language, one block each."""
    return "\n".join(render(e.text, e.audience, plain) for e in effects if not isinstance(e, Menu))


@dataclass
class Person:
    world: World
    name: str
    user_id: str
    language: str | None = None
    timezone: str | None = None
    platform: str = "console"
    workspace: str | None = None  # a Slack team id

    @property
    def actor(self) -> Actor:
        return Actor(
            self.platform,
            self.user_id,
            self.name,
            self.language,
            self.timezone,
            workspace=self.workspace,
        )

    def chat(self, room: str | None, admin: bool | None = True) -> Chat:
        if room is None:
            return Chat(self.platform, f"dm-{self.user_id}", private=True)
        return Chat(self.platform, f"room-{room}", private=False, actor_is_admin=admin)

    def event(self, line: str, room: str | None = None, admin: bool | None = True) -> Event:
        chat = self.chat(room, admin)
        if line.startswith("/"):
            name, _, rest = line[1:].partition(" ")
            return Command(self.actor, chat, name, rest.strip())
        return FreeText(self.actor, chat, line)

    async def says(
        self, line: str, room: str | None = None, admin: bool | None = True
    ) -> list[Effect]:
        return await self.world.engine.handle(self.event(line, room, admin))

    async def text(self, line: str, room: str | None = None) -> str:
        return show(await self.says(line, room))

    async def presses(self, command: str, args: str = "") -> list[Effect]:
        return await self.world.engine.handle(
            Button(
                self.actor,
                self.chat(None),
                command,
                args,
                MessageRef(self.platform, f"dm-{self.user_id}", "1"),
            )
        )


class World:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.count = 0

    def person(self, name: str, language: str | None = None, **kw: str) -> Person:
        self.count += 1
        return Person(self, name, f"u{self.count}-{name.lower()}", language, **kw)


def replies(effects: list[Effect]) -> list[Reply]:
    return [e for e in effects if isinstance(e, Reply)]


def prompts(effects: list[Effect]) -> list[Prompt]:
    return [e for e in effects if isinstance(e, Prompt)]


def sends(effects: list[Effect]) -> list[Send]:
    return [e for e in effects if isinstance(e, Send)]
