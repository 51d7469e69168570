"""Saying back a date that was just stored, so a misreading is seen at once: weekday, day,
month name, year, time and zone in the writer's language; for a numeric date that reads
two ways, which reading was taken and a button for the other."""

from __future__ import annotations

from datetime import date, datetime

from bot.dates import Reading
from bot.effects import Action
from bot.text import Month, Msg, Weekday, t


def said(reading: Reading) -> datetime | Weekday | Msg:
    """The stored value as a parameter: an instant with its zone, a day with its weekday,
    or the part of a month (a session's approximate date)."""
    if reading.at is not None:
        return reading.at
    if reading.part is None:
        return Weekday(reading.day)
    return month_part(reading.part, reading.day)


def month_part(part: str | None, day: date) -> Msg:
    """A session's approximate date: "end of April 2027", "in May 2027"."""
    month = Month(day)
    if part == "early":
        return t("early {month}", month=month)
    if part == "end":
        return t("end of {month}", month=month)
    if part == "month":
        return t("in {month}", month=month)
    return t("mid-{month}", month=month)


def ambiguity(reading: Reading, written: str) -> Msg | None:
    """Which way a two-way numeric date was read; None when it reads only one way."""
    if reading.other is None:
        return None
    other = said(reading.other)
    if reading.order == "MDY":
        return t(
            "I read “{written}” month first. If you meant {other}, press the button below.",
            written=written.strip()[:40],
            other=other,
        )
    return t(
        "I read “{written}” day first. If you meant {other}, press the button below.",
        written=written.strip()[:40],
        other=other,
    )


def other_button(reading: Reading, command: str, args: str) -> list[Action]:
    """The button that stores the other reading: `args` holds {iso} where it goes."""
    if reading.other is None:
        return []
    label = t("I meant {other}", other=said(reading.other))
    return [Action(label, command, args.format(iso=reading.other.iso))]
