"""Button command lines too long to travel in the button itself, kept in the database.

The token is the line's digest, so the same line always gets the same token and writing it
twice (two processes, a board edited again) is harmless. The database is the truth: a
button posted before a restart, or by another process, still means what it meant. A small
cache of this process spares the round trip for lines it already wrote or read."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bot.clock import Clock
from bot.recent import Recent
from bot.store.db import Store
from bot.store.service_tables import ButtonLine

TOKEN_LENGTH = 16  # base64url characters: 96 bits of the digest
_TABLE: sa.Table = ButtonLine.__table__  # type: ignore[attr-defined]


def token_for(line: str) -> str:
    digest = hashlib.sha256(line.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:TOKEN_LENGTH]


class ButtonLines:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        run: Callable[..., Awaitable[Any]],
        cache: int = 50_000,
    ) -> None:
        self.store = store
        self.clock = clock
        self.run = run
        self._cache: Recent[str] = Recent(cache)
        insert = sqlite.insert if store.is_sqlite else postgresql.insert
        self._insert = insert(_TABLE).on_conflict_do_nothing(index_elements=["token"])

    async def keep(self, lines: Iterable[str]) -> None:
        """Write the lines not yet known to be stored, before the buttons carrying them go
        out (a press may come at once, to another process)."""
        new = {token_for(line): line for line in lines}
        new = {token: line for token, line in new.items() if token not in self._cache}
        if new:
            await self.run(self._write, new)
            for token, line in new.items():
                self._cache.put(token, line)

    async def line(self, token: str) -> str | None:
        """The line a token stands for, or None for a token nobody wrote."""
        found = self._cache.get(token)
        if found is None and len(token) == TOKEN_LENGTH:
            found = await self.run(self._read, token)
            if found is not None:
                self._cache.put(token, found)
        return found

    def _write(self, new: dict[str, str]) -> None:
        now = self.clock.now()
        with self.store.connection() as connection:
            connection.execute(
                self._insert,
                [{"token": token, "line": line, "created_at": now} for token, line in new.items()],
            )

    def _read(self, token: str) -> str | None:
        with self.store.connection() as connection:
            found: str | None = connection.execute(
                sa.select(_TABLE.c.line).where(_TABLE.c.token == token)
            ).scalar_one_or_none()
            return found
