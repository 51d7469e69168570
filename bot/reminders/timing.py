"""When reminders fall due, in each member's own time.

Pure functions: given a deadline and a member's time zone, the instants (UTC) at which to
remind them. "The morning of" is 09:00 where the member lives; nothing is sent in their
quiet hours (21:00-08:00 unless they chose others) except what must not wait (a session
starting within the hour). The planner (bot/reminders/plan.py) builds on these.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MORNING = time(9, 0)
QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)
Quiet = tuple[time, time] | None  # (from, until) local; None: the member takes messages anytime
DEFAULT_QUIET: Quiet = (QUIET_FROM, QUIET_UNTIL)

# Days before a deadline or a session, by default; each group may change them.
CALL_DAYS = (7, 2, 0)
PRODUCT_DAYS = (7, 1)
SESSION_DAYS = (7, 1)
SESSION_LAST_CALL = timedelta(hours=1)


def morning_of(day: date, zone: str) -> datetime:
    """09:00 on that day where the member lives, as UTC (DST included)."""
    return datetime.combine(day, MORNING, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def outside_quiet_hours(moment: datetime, zone: str, quiet: Quiet = DEFAULT_QUIET) -> datetime:
    """The moment itself, or the end of the member's quiet hours if it falls inside them.
    Quiet hours may wrap midnight (21:00-08:00) or not (13:00-14:00)."""
    if quiet is None or quiet[0] == quiet[1]:
        return moment
    start, end = quiet
    local = moment.astimezone(ZoneInfo(zone))
    clock = local.time()
    if start > end:  # over midnight
        if clock >= start:
            wake = datetime.combine(local.date() + timedelta(days=1), end, local.tzinfo)
        elif clock < end:
            wake = datetime.combine(local.date(), end, local.tzinfo)
        else:
            return moment
    elif start <= clock < end:
        wake = datetime.combine(local.date(), end, local.tzinfo)
    else:
        return moment
    return wake.astimezone(UTC)


def before_deadline(
    deadline: date, zone: str, days: Iterable[int], now: datetime, quiet: Quiet = DEFAULT_QUIET
) -> list[datetime]:
    """The mornings `days` before a deadline day (0: the morning of), still to come."""
    moments = {
        outside_quiet_hours(morning_of(deadline - timedelta(days=d), zone), zone, quiet)
        for d in days
        if d >= 0
    }
    return sorted(m for m in moments if m > now)


def before_session(
    starts_at: datetime, zone: str, days: Iterable[int], now: datetime, quiet: Quiet = DEFAULT_QUIET
) -> list[datetime]:
    """`days` before a session's start, moved out of the member's quiet hours."""
    moments = {
        outside_quiet_hours(starts_at - timedelta(days=d), zone, quiet) for d in days if d > 0
    }
    return sorted(m for m in moments if now < m < starts_at)


def last_call(starts_at: datetime, now: datetime) -> datetime | None:
    """One hour before the session, for its role holders, quiet hours or not."""
    moment = starts_at - SESSION_LAST_CALL
    return moment if moment > now else None
