"""APScheduler wiring and the delivery outbox of reminders."""
