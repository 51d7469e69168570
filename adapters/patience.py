"""How long a message is kept and retried while a platform is down or slow: an outage of a
few minutes delays replies and reminders, it does not lose them; once the platform is back,
the next attempt is at most LONGEST_WAIT away."""

from __future__ import annotations

PATIENCE_SECONDS = 300.0
FIRST_WAIT = 0.5
LONGEST_WAIT = 15.0


def wait_before(attempt: int) -> float:
    """The wait after failed attempt `attempt` (1, 2, ...): doubling, then capped."""
    return min(FIRST_WAIT * 2.0 ** (attempt - 1), LONGEST_WAIT)


def attempts_within(patience: float = PATIENCE_SECONDS) -> int:
    """How many retries fit in `patience` seconds of waiting."""
    waited, attempt = 0.0, 0
    while waited < patience:
        attempt += 1
        waited += wait_before(attempt)
    return attempt
