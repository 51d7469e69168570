"""APScheduler wiring, reminder planning and the delivery outbox (issue 6 builds it)."""
