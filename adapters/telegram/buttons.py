"""callback_data within Telegram's 64 bytes, whatever the command line a button carries.

Short command lines travel as they are ("c:claim chair 2 #1"). Longer ones are kept here
under a short token ("t:Xy3...") in a bounded, least-recently-used table; a press on a
token that is gone (a restart, a very old board) asks the member to show the board again.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict

LIMIT = 64
_DIRECT, _TOKEN = "c:", "t:"


class Buttons:
    def __init__(self, capacity: int = 50_000) -> None:
        self._capacity = capacity
        self._tokens: OrderedDict[str, str] = OrderedDict()
        self._by_line: dict[str, str] = {}

    def encode(self, command: str, args: str) -> str:
        line = f"{command} {args}".strip()
        direct = _DIRECT + line
        if len(direct.encode("utf-8")) <= LIMIT:
            return direct
        token = self._by_line.get(line)
        if token is None:
            token = secrets.token_urlsafe(12)
            self._tokens[token] = line
            self._by_line[line] = token
            while len(self._tokens) > self._capacity:
                _, old = self._tokens.popitem(last=False)
                self._by_line.pop(old, None)
        else:
            self._tokens.move_to_end(token)
        return _TOKEN + token

    def decode(self, data: str) -> tuple[str, str] | None:
        """The (command, args) a button carries, or None when it is unknown or expired."""
        if data.startswith(_DIRECT):
            line = data[len(_DIRECT) :]
        elif data.startswith(_TOKEN):
            found = self._tokens.get(data[len(_TOKEN) :])
            if found is None:
                return None
            line = found
        else:
            return None
        command, _, args = line.partition(" ")
        return (command, args) if command else None
