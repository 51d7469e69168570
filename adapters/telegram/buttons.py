"""callback_data within Telegram's 64 bytes, whatever the command line a button carries.

Short command lines travel as they are ("c:claim chair 2 #1"). Longer ones are stored in the
database under a short token ("t:Xy3..."), written before the button is sent, so a press
works on any process and after any restart."""

from __future__ import annotations

from collections.abc import Iterable

from bot.effects import Action
from bot.store.buttons import ButtonLines, token_for

LIMIT = 64
_DIRECT, _TOKEN = "c:", "t:"


def _line(command: str, args: str) -> str:
    return f"{command} {args}".strip()


def _fits(line: str) -> bool:
    return len((_DIRECT + line).encode("utf-8")) <= LIMIT


class Buttons:
    def __init__(self, lines: ButtonLines) -> None:
        self.lines = lines

    async def keep(self, actions: Iterable[Action]) -> None:
        """Store the lines of these buttons that will travel as tokens."""
        await self.lines.keep(
            line for a in actions if not a.url and not _fits(line := _line(a.command, a.args))
        )

    @staticmethod
    def encode(command: str, args: str) -> str:
        line = _line(command, args)
        return _DIRECT + line if _fits(line) else _TOKEN + token_for(line)

    async def decode(self, data: str) -> tuple[str, str] | None:
        """The (command, args) a button carries, or None when it is unknown."""
        if data.startswith(_DIRECT):
            line: str | None = data[len(_DIRECT) :]
        elif data.startswith(_TOKEN):
            line = await self.lines.line(data[len(_TOKEN) :])
        else:
            return None
        if not line:
            return None
        command, _, args = line.partition(" ")
        return (command, args) if command else None
