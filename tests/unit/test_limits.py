"""Sending limits as data: one keyed limiter serves Telegram's and Slack's deliveries."""

from __future__ import annotations

from adapters import limits
from adapters.limits import SLACK, TELEGRAM, KeyedLimiter


def test_each_chat_gets_its_platforms_rate_and_keeps_it() -> None:
    telegram = KeyedLimiter(TELEGRAM, is_group=lambda chat: chat.startswith("-"))
    private, group = telegram("42"), telegram("-100123")
    assert (private.max_rate, private.time_period) == (1, 1)
    assert (group.max_rate, group.time_period) == (20, 60)  # Telegram counts groups apart
    assert telegram("42") is private
    slack = KeyedLimiter(SLACK)
    channel = slack("C0CHAN")
    assert (channel.max_rate, channel.time_period) == (1, 1)
    assert SLACK.group is None


def test_the_least_recently_written_chat_is_forgotten_first(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(limits, "CAPACITY", 2)
    keyed = KeyedLimiter(SLACK)
    first, second = keyed("a"), keyed("b")
    keyed("a")  # written again: now the most recent
    keyed("c")  # over capacity: "b" goes
    assert keyed("a") is first
    assert keyed("b") is not second
