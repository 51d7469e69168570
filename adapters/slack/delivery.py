"""Slack's sending path: one rate-limited call per message, and slack_sdk's retries made as
patient as Telegram's delivery."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator

from adapters.limits import SLACK, KeyedLimiter, Limits
from adapters.patience import attempts_within, wait_before

log = logging.getLogger(__name__)

# Errors that say the person or channel will not take messages from us.
GONE = frozenset(
    {"account_inactive", "user_not_found", "channel_not_found", "is_archived", "user_disabled"}
)


class SlackDelivery:
    """About one message a second per channel (Slack's rule), 429 Retry-After honoured by
    slack_sdk's retry handler; a failure to one channel never stops the others."""

    def __init__(self, limits: Limits = SLACK) -> None:
        self._global = limits.overall.limiter()
        self._limiter = KeyedLimiter(limits)
        self.unreachable: set[str] = set()

    async def call(self, key: str, method: Any, **kwargs: Any) -> Any:
        async with self._limiter(key), self._global:
            try:
                return await method(**kwargs)
            except SlackApiError as err:
                log.warning("Slack refused %s to %s: %s", method.__name__, key, err)
                if err.response.get("error") in GONE:
                    self.unreachable.add(key)
                return None


class PatientWaits(RetryIntervalCalculator):
    """slack_sdk's waits between retries, as long as Telegram's: doubling, capped, about
    five minutes in all. `scale` shrinks the real sleeps (tests record `planned` instead)."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self.planned: list[float] = []

    def calculate_sleep_duration(self, current_attempt: int) -> float:
        # slack_sdk counts the first retry as attempt 0.
        wait = wait_before(current_attempt + 1)
        self.planned.append(wait)
        return wait * self.scale


def retry_handlers(waits: RetryIntervalCalculator) -> list[AsyncRetryHandler]:
    """Slack down or slow for a few minutes delays messages, it does not lose them: 5xx
    answers and broken connections are retried for about five minutes, a 429 after its
    Retry-After."""
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        AsyncConnectionErrorRetryHandler(
            max_retry_count=attempts_within(), interval_calculator=waits
        ),
        AsyncServerErrorRetryHandler(max_retry_count=attempts_within(), interval_calculator=waits),
    ]
