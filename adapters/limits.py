"""Platforms' sending limits as data, and the keyed limiter both deliveries use: one rate
for a private chat or channel, one for a group where the platform counts groups apart, one
overall (Telegram's overall pace may be shared by every process: bot/store/pace.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiolimiter import AsyncLimiter

from bot.recent import Recent


@dataclass(frozen=True)
class Rate:
    count: float
    seconds: float

    def limiter(self) -> AsyncLimiter:
        return AsyncLimiter(self.count, self.seconds)


@dataclass(frozen=True)
class Limits:
    chat: Rate  # a private chat, a channel
    overall: Rate
    group: Rate | None = None  # a group chat, where the platform limits groups apart


TELEGRAM = Limits(chat=Rate(1, 1), overall=Rate(30, 1), group=Rate(20, 60))
SLACK = Limits(chat=Rate(1, 1), overall=Rate(50, 1))
CAPACITY = 100_000  # chats remembered, the least recently written forgotten first


class KeyedLimiter:
    """A limiter per chat, made on first use from the platform's limits."""

    def __init__(self, limits: Limits, is_group: Callable[[str], bool] = lambda _: False) -> None:
        self.limits = limits
        self._is_group = is_group
        self._chats: Recent[AsyncLimiter] = Recent(CAPACITY)

    def __call__(self, chat_id: str) -> AsyncLimiter:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            group = self.limits.group if self._is_group(chat_id) else None
            limiter = (group or self.limits.chat).limiter()
            self._chats.put(chat_id, limiter)
        return limiter
