"""A terminal REPL over the engine: lines in, effects printed, people and chats simulated.

Lines starting with '/' are commands, other lines are free text (answers to questions),
lines starting with ':' drive the console itself (who you are, which chat), and lines
starting with '#' are comments in a scripted transcript.
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol, TextIO
from zoneinfo import ZoneInfo

from adapters.console.render import escape, render_effect
from bot.clock import MovableClock
from bot.effects import Audience, Effect, Send
from bot.engine import Engine
from bot.events import Actor, Chat, Command, Event, FreeText
from bot.i18n import render, supported
from bot.parsing import known_timezone
from bot.store.statuses import SendOutcome
from bot.text import Text, Verbatim, lines, t

PLATFORM = "console"


@dataclass
class Person:
    name: str
    language: str | None
    timezone: str | None

    @property
    def key(self) -> str:
        return self.name.casefold()


class DueReminders(Protocol):
    async def run_due(self) -> Counter[str]: ...


# Makes the console's reminder dispatcher, given where to deliver (bot/app.py wires it).
Reminders = Callable[[Callable[[Send], Awaitable[str]]], DueReminders]


@dataclass
class Console:
    engine: Engine
    out: TextIO
    language: str | None = None
    people: dict[str, Person] = field(default_factory=dict)
    room: str | None = None
    echo: bool = False
    reminders: DueReminders | None = None
    # Where files sent to people in the console (calendars, exports) are written.
    folder: Path = field(default_factory=Path.cwd)

    def __post_init__(self) -> None:
        self.me = self.person("Alice")

    # -- the simulated world ------------------------------------------------------------

    def person(self, name: str) -> Person:
        key = name.casefold()
        if key not in self.people:
            self.people[key] = Person(name, self.language, None)
        return self.people[key]

    @property
    def chat(self) -> Chat:
        if self.room is None:
            return Chat(PLATFORM, f"dm-{self.me.key}", private=True)
        # In the console everyone administers the rooms they simulate.
        return Chat(PLATFORM, f"room-{self.room}", private=False, actor_is_admin=True)

    def audience(self) -> Audience:
        return Audience(
            supported(self.me.language) or self.engine.settings.default_language,
            self.me.timezone or self.engine.settings.default_timezone,
        )

    def say(self, msg: Text) -> None:
        text = render(msg, self.audience(), escape)
        for line in text.split("\n"):
            self.out.write(f"  {line}\n")

    # -- input ----------------------------------------------------------------------------

    def to_event(self, line: str) -> Event:
        actor = Actor(PLATFORM, self.me.key, self.me.name, self.me.language, self.me.timezone)
        if line.startswith("/"):
            head, _, rest = line[1:].partition(" ")
            name = head.split("@", 1)[0]
            return Command(actor, self.chat, name, rest.strip())
        return FreeText(actor, self.chat, line)

    async def feed(self, line: str) -> bool:
        """Handle one input line; False when the console should stop."""
        line = line.rstrip("\n")
        if self.echo:
            self.out.write(escape(f"{self.prompt()}{line}") + "\n")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return True
        if stripped.startswith(":"):
            going_on = self.meta(stripped[1:])
        else:
            effects = await self.engine.handle(self.to_event(stripped))
            for effect in effects:
                for out_line in render_effect(effect, self.names()):
                    self.out.write(out_line + "\n")
                self._save(effect)
            going_on = True
        # Whatever fell due meanwhile (the clock moved with :time, an announcement was sent).
        if going_on and self.reminders is not None:
            await self.reminders.run_due()
        self.out.flush()
        return going_on

    def names(self) -> dict[str, str]:
        return {key: person.name for key, person in self.people.items()}

    async def deliver(self, send: Send) -> str:
        """A reminder for someone in this console; members of other platforms are not here."""
        if send.to.platform != PLATFORM:
            return SendOutcome.UNREACHABLE
        for out_line in render_effect(send, self.names(), reminder=True):
            self.out.write(out_line + "\n")
        self._save(send)
        return SendOutcome.SENT

    def _save(self, effect: Effect) -> None:
        """A file sent to someone here is written to the folder, never over another."""
        if not isinstance(effect, Send) or effect.attachment is None:
            return
        name = Path(effect.attachment.filename).name  # no path of ours in a file name
        path = self.folder / name
        stem, suffix, n = path.stem, path.suffix, 1
        while path.exists():
            path = self.folder / f"{stem}-{n}{suffix}"
            n += 1
        path.write_bytes(effect.attachment.content)
        self.out.write(
            "    " + render(t("📎 saved as {path}", path=str(path)), effect.audience, escape) + "\n"
        )

    def prompt(self) -> str:
        where = f"@{self.room}" if self.room else ""
        return f"{self.me.name}{where}> "

    def meta(self, command: str) -> bool:
        verb, _, rest = command.strip().partition(" ")
        rest = rest.strip()
        verb = verb.lower()
        if verb in ("quit", "exit", "q"):
            return False
        action: Callable[[str], None] | None = {
            "as": self._as,
            "room": self._room,
            "private": self._private,
            "lang": self._lang,
            "tz": self._tz,
            "who": self._who,
            "time": self._time,
            "help": self._help,
        }.get(verb)
        if action is None:
            self.say(t("Unknown console command :{verb}. Type :help.", verb=verb[:20]))
        else:
            action(rest)
        self.out.flush()
        return True

    def _as(self, name: str) -> None:
        if not name:
            self.say(t("Say who: :as Bob"))
            return
        self.me = self.person(" ".join(name.split())[:40])
        self.say(t("You are now {name}.", name=self.me.name))

    def _room(self, name: str) -> None:
        if not name:
            self.say(t("Say which room: :room lounge"))
            return
        self.room = name.split()[0].casefold()[:30]
        self.say(t("You are now in the shared room {room}.", room=self.room))

    def _private(self, _: str) -> None:
        self.room = None
        self.say(t("You are now in your private chat with Convener."))

    def _lang(self, code: str) -> None:
        if supported(code) is None:
            self.say(t("Choose en or fr, for example :lang fr"))
            return
        self.me.language = supported(code)
        self.say(t("{name} now uses the language {code}.", name=self.me.name, code=Verbatim(code)))

    def _tz(self, zone: str) -> None:
        found = known_timezone(zone)
        if found is None:
            self.say(t("Unknown time zone. Use a name like Europe/Paris."))
            return
        self.me.timezone = found
        self.say(
            t("{name} is now in the time zone {zone}.", name=self.me.name, zone=Verbatim(found))
        )

    def _time(self, value: str) -> None:
        clock = self.engine.clock
        if not isinstance(clock, MovableClock):
            self.say(t("This console's clock cannot be moved."))
            return
        if value.strip().lower() in ("now", "maintenant"):
            clock.pin(None)
        else:
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                self.say(t("Give a date and time like :time 2027-03-16 09:00, or :time now."))
                return
            zone = ZoneInfo(self.me.timezone or self.engine.settings.default_timezone)
            clock.pin(moment if moment.tzinfo else moment.replace(tzinfo=zone))
        self.say(t("The console's clock now says {when}.", when=clock.now()))

    def _who(self, _: str) -> None:
        names = ", ".join(p.name for p in self.people.values())
        self.say(t("People here: {names}. You are {name}.", names=names, name=self.me.name))

    def _help(self, _: str) -> None:
        self.say(
            lines(
                t("Console commands:"),
                t(":as NAME — become another person (created on first use)"),
                t(":room NAME — go to a shared room (a group chat)"),
                t(":private — back to your private chat"),
                t(":lang en|fr — the language your chat app would report"),
                t(":tz ZONE — the time zone your chat app would report"),
                t(":time 2027-03-16 09:00 — pretend it is that moment (:time now to go back)"),
                t(":who — who is here; :quit — leave"),
                t("Everything else goes to Convener: /help lists its commands."),
            )
        )

    def banner(self) -> None:
        self.say(
            t(
                "Convener console. You are {name}, in a private chat. Type /help for Convener's"
                " commands, :help for the console's.",
                name=self.me.name,
            )
        )


async def run(
    engine: Engine,
    *,
    language: str | None,
    person: str | None,
    stream: TextIO | None = None,
    out: TextIO | None = None,
    reminders: Reminders | None = None,
) -> None:
    source = stream or sys.stdin
    console = Console(engine, out or sys.stdout, language=language)
    if reminders is not None:
        console.reminders = reminders(console.deliver)
    if person:
        console.me = console.person(person)
    interactive = source.isatty()
    console.echo = not interactive
    console.banner()
    while True:
        if interactive:
            try:
                line = await asyncio.to_thread(input, console.prompt())
            except EOFError:
                break
        else:
            line = await asyncio.to_thread(source.readline)
            if line == "":
                break
        if not await console.feed(line):
            break
