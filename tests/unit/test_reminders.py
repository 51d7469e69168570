"""When reminders fall due, in each member's own time zone and outside quiet hours."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.reminders import timing

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


def test_call_reminders_are_the_mornings_where_each_member_lives() -> None:
    paris = timing.before_deadline(date(2027, 3, 15), "Europe/Paris", (7, 2, 0), NOW)
    assert paris == [
        datetime(2027, 3, 8, 8, 0, tzinfo=UTC),  # 09:00 CET
        datetime(2027, 3, 13, 8, 0, tzinfo=UTC),
        datetime(2027, 3, 15, 8, 0, tzinfo=UTC),
    ]
    buenos_aires = timing.before_deadline(
        date(2027, 3, 15), "America/Argentina/Buenos_Aires", (0,), NOW
    )
    assert buenos_aires == [datetime(2027, 3, 15, 12, 0, tzinfo=UTC)]  # 09:00 at UTC-3
    # Summer time: 09:00 in Paris is 07:00 UTC after the last Sunday of March.
    assert timing.morning_of(date(2027, 4, 2), "Europe/Paris") == datetime(
        2027, 4, 2, 7, 0, tzinfo=UTC
    )
    # Mornings already past are not planned.
    late = datetime(2027, 3, 14, 0, 0, tzinfo=UTC)
    assert timing.before_deadline(date(2027, 3, 15), "Europe/Paris", (7, 2, 0), late) == [
        datetime(2027, 3, 15, 8, 0, tzinfo=UTC)
    ]


def test_quiet_hours_move_a_reminder_to_the_morning() -> None:
    # A session at 06:00 UTC on 20 January: one day before is 06:00 UTC = 07:00 in Paris.
    starts = datetime(2027, 1, 20, 6, 0, tzinfo=UTC)
    planned = timing.before_session(starts, "Europe/Paris", (7, 1), NOW)
    assert planned == [
        datetime(2027, 1, 13, 7, 0, tzinfo=UTC),  # 08:00 Paris, the end of quiet hours
        datetime(2027, 1, 19, 7, 0, tzinfo=UTC),
    ]
    # 22:30 in Dakar moves to 08:00 the next day; 14:00 stays.
    evening = datetime(2027, 2, 1, 22, 30, tzinfo=UTC)
    assert timing.outside_quiet_hours(evening, "Africa/Dakar") == datetime(
        2027, 2, 2, 8, 0, tzinfo=UTC
    )
    afternoon = datetime(2027, 2, 1, 14, 0, tzinfo=UTC)
    assert timing.outside_quiet_hours(afternoon, "Africa/Dakar") == afternoon
    # The last call before a session ignores quiet hours.
    assert timing.last_call(starts, NOW) == datetime(2027, 1, 20, 5, 0, tzinfo=UTC)
    assert timing.last_call(starts, datetime(2027, 1, 20, 5, 30, tzinfo=UTC)) is None
