"""Dates and times read the way their writer writes them, and said back so they read the same.

The writers: a facilitator in Paris writing French, one in New York writing US English, one
in London writing British English, and a member in Accra whose app says only "en" but whose
profile says Ghana. "Now" is Sunday 29 November 2026, 10:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, seed, settings
from hypothesis import strategies as st

from bot.date_words import session_offset
from bot.dates import Reading, Writer, date_order, read_day, read_when
from bot.effects import Audience
from bot.errors import BadInput
from bot.i18n import render
from bot.settings import SUPPORTED_LOCALES
from bot.text import t
from bot.views.readback import said
from tests.seeds import HYPOTHESIS_SEED

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
WRITERS = {
    "fr": Writer("fr", date_order("fr", "FR"), "Europe/Paris", NOW),
    "en-US": Writer("en", date_order("en", "US"), "America/New_York", NOW),
    "en-GB": Writer("en", date_order("en", "GB"), "Europe/London", NOW),
    "en-GH": Writer("en", date_order("en", "GH"), "Africa/Accra", NOW),
    "en": Writer("en", date_order("en"), "UTC", NOW),  # country unknown: day first
}
# Every language the catalogs hold writes its dates here too.
for _locale in SUPPORTED_LOCALES:
    WRITERS.setdefault(_locale, Writer(_locale, date_order(_locale), "UTC", NOW))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# (writer, what they typed, the instant it must give)
INSTANTS = [
    ("fr", "29/04 14h", "2027-04-29T14:00+02:00"),
    ("fr", "29/04/2027 14h", "2027-04-29T14:00+02:00"),
    ("fr", "29/04/2027 à 14h", "2027-04-29T14:00+02:00"),
    ("fr", "le 29/04 à 14 h 30", "2027-04-29T14:30+02:00"),
    ("fr", "29 avril 2027 14h", "2027-04-29T14:00+02:00"),
    ("fr", "jeudi 29 avril 2027, 14:00", "2027-04-29T14:00+02:00"),
    ("fr", "12 février 2027 14h", "2027-02-12T14:00+01:00"),
    ("fr", "12/02/2027 14h00", "2027-02-12T14:00+01:00"),
    ("fr", "12.02.2027 9h", "2027-02-12T09:00+01:00"),
    ("fr", "12/02/27 14h30", "2027-02-12T14:30+01:00"),
    ("fr", "demain 9h", "2026-11-30T09:00+01:00"),
    ("fr", "midi le 12/02/2027", "2027-02-12T12:00+01:00"),
    ("fr", "2027-02-12 14:00", "2027-02-12T14:00+01:00"),
    ("fr", "12 février 2027 14:00 UTC", "2027-02-12T14:00+00:00"),
    ("fr", "jeudi 29 avril 2027, 14:00 heure d’Europe centrale", "2027-04-29T14:00+02:00"),
    ("en-US", "4/29 2pm", "2027-04-29T14:00-04:00"),
    ("en-US", "04/29/2027 2:30 pm", "2027-04-29T14:30-04:00"),
    ("en-US", "2/12/2027 14:00", "2027-02-12T14:00-05:00"),
    ("en-US", "12/2/2027 9am", "2027-12-02T09:00-05:00"),
    ("en-US", "29/04 14:00", "2027-04-29T14:00-04:00"),  # only one reading is a date
    ("en-US", "February 12, 2027 at 2 p.m.", "2027-02-12T14:00-05:00"),
    ("en-US", "tomorrow at noon", "2026-11-30T12:00-05:00"),
    ("en-US", "12 February 2027 14:00 CET", "2027-02-12T14:00+01:00"),
    ("en-US", "Thursday 29 April 2027, 14:00 Eastern Time", "2027-04-29T14:00-04:00"),
    ("en-GB", "12/02/2027 14:00", "2027-02-12T14:00+00:00"),
    ("en-GB", "29/04 2pm", "2027-04-29T14:00+01:00"),
    ("en-GB", "12 Feb 2027 at 14:00", "2027-02-12T14:00+00:00"),
    ("en-GB", "3/3/2027 9am", "2027-03-03T09:00+00:00"),
    ("en-GH", "12/02/2027 14:00", "2027-02-12T14:00+00:00"),
    ("en-GH", "1/6 10am", "2027-06-01T10:00+00:00"),
    ("en", "12/02/2027 14:00", "2027-02-12T14:00+00:00"),
    ("en", "2027-02-12T14:00:00+00:00", "2027-02-12T14:00+00:00"),  # what our buttons send
]

# (writer, typed, the day it must give)
DAYS = [
    ("fr", "12/02/2027", "2027-02-12"),
    ("fr", "31/01/2028", "2028-01-31"),
    ("fr", "12/03", "2027-03-12"),
    ("fr", "15 mars", "2027-03-15"),
    ("fr", "15 mars 2027", "2027-03-15"),
    ("fr", "le 15 mars", "2027-03-15"),
    ("fr", "lundi 15 mars 2027", "2027-03-15"),
    ("fr", "fin avril", "2027-04-30"),
    ("fr", "fin d'avril", "2027-04-30"),
    ("fr", "mi-mars", "2027-03-15"),
    ("fr", "début mai", "2027-05-01"),
    ("fr", "avril 2027", "2027-04-30"),
    ("fr", "dans deux semaines", "2026-12-13"),
    ("fr", "2027-03-15", "2027-03-15"),
    ("fr", "1/12", "2026-12-01"),
    ("en-US", "12/02/2027", "2027-12-02"),
    ("en-US", "3/12", "2027-03-12"),
    ("en-US", "March 15", "2027-03-15"),
    ("en-US", "March 15, 2027", "2027-03-15"),
    ("en-US", "End April", "2027-04-30"),
    ("en-US", "end of April", "2027-04-30"),
    ("en-US", "mid-March", "2027-03-15"),
    ("en-US", "April 2027", "2027-04-30"),
    ("en-US", "in two weeks", "2026-12-13"),
    ("en-US", "25/12", "2026-12-25"),
    ("en-GB", "12/02/2027", "2027-02-12"),
    ("en-GB", "15 March", "2027-03-15"),
    ("en-GB", "early May 2027", "2027-05-01"),
    ("en-GB", "Monday 15 March 2027", "2027-03-15"),
    ("en-GB", "12-03-2027", "2027-03-12"),
    ("en-GH", "12/03", "2027-03-12"),
    ("en", "12/03/2027", "2027-03-12"),
    ("en", "tomorrow", "2026-11-30"),
]

PARTS = [
    ("fr", "fin avril", "end", "2027-04-30"),
    ("en-GB", "End April", "end", "2027-04-30"),
    ("en-US", "mid-March 2027", "mid", "2027-03-15"),
    ("fr", "début mai", "early", "2027-05-01"),
    ("fr", "avril 2027", "month", "2027-04-30"),
    ("en-US", "April", "month", "2027-04-30"),
]


@pytest.mark.parametrize(("who", "typed", "expected"), INSTANTS)
def test_instants_as_written(who: str, typed: str, expected: str) -> None:
    assert read_when(typed, WRITERS[who]).at == _at(expected)


@pytest.mark.parametrize(("who", "typed", "expected"), DAYS)
def test_days_as_written(who: str, typed: str, expected: str) -> None:
    assert read_day(typed, WRITERS[who]).day == date.fromisoformat(expected)


@pytest.mark.parametrize(("who", "typed", "part", "expected"), PARTS)
def test_parts_of_months_for_sessions(who: str, typed: str, part: str, expected: str) -> None:
    reading = read_when(typed, WRITERS[who])
    assert reading.at is None
    assert (reading.part, reading.day) == (part, date.fromisoformat(expected))


def test_the_table_is_large_enough() -> None:
    assert len(INSTANTS) + len(DAYS) + len(PARTS) >= 60
    assert {w for w, *_ in INSTANTS + DAYS} >= {"fr", "en-US", "en-GB", *SUPPORTED_LOCALES}


def test_the_order_comes_from_babel() -> None:
    assert date_order("fr") == "DMY"
    assert date_order("en", "US") == "MDY"
    assert date_order("en", "GB") == "DMY"
    assert date_order("en", "GH") == "DMY"
    assert date_order("en") == "DMY"  # region unknown: day first
    assert date_order("fr", "US") == "MDY"  # no fr_US in CLDR: the country's own habit
    assert date_order("ja") == "YMD"


def test_a_two_way_date_carries_its_other_reading() -> None:
    fr = read_day("12/02/2027", WRITERS["fr"])
    assert fr.order == "DMY"
    assert fr.other is not None
    assert fr.other.day == date(2027, 12, 2)
    us = read_when("12/02/2027 14:00", WRITERS["en-US"])
    assert us.order == "MDY"
    assert us.other is not None
    assert us.other.at == _at("2027-02-12T14:00-05:00")
    # 29/04 reads one way only; 03/03 is the same both ways.
    assert read_day("29/04", WRITERS["fr"]).other is None
    assert read_day("03/03/2027", WRITERS["fr"]).other is None


def test_a_past_reading_gives_way_to_the_other() -> None:
    # On 29 November 2026, "11/12" (no year) for a US writer is 12 November: past, so the
    # year rolls; for a deadline both readings are still offered.
    reading = read_day("11/12", WRITERS["en-US"])
    assert reading.day == date(2027, 11, 12)
    assert reading.other is not None
    assert reading.other.day == date(2026, 12, 11)


@pytest.mark.parametrize(
    "typed",
    [
        "someday",
        "31/02/2027",
        "12/13/2027 25:00",
        "15 mars 2526",
        "hier",
        "28/11/2026",
        "1²/02/2027",
    ],
)
def test_bad_or_past_days_are_refused(typed: str) -> None:
    with pytest.raises(BadInput):
        read_day(typed, WRITERS["fr"])


@pytest.mark.parametrize(
    "typed",
    [
        "12/02/2027",
        "29/04 25h",
        "29/04 14h61",
        "1/1/2026 10:00",
        "28/03/2027 02:30",
        "13pm",
        "12/02/2027 1²h",
    ],
)
def test_bad_past_or_missing_times_are_refused(typed: str) -> None:
    with pytest.raises(BadInput):
        read_when(typed, WRITERS["fr"], months=False)


def test_a_day_may_be_past_where_that_is_allowed() -> None:
    assert read_day("01/09/2026", WRITERS["fr"], past_ok=True).day == date(2026, 9, 1)


def test_dates_relative_to_the_session() -> None:
    assert session_offset("2 weeks after the session") == 14
    assert session_offset("2 semaines après la séance") == 14
    assert session_offset("3 days before the session") == -3
    assert session_offset("10 jours après la séance") == 10
    assert session_offset("15 March") is None


def _say(reading: Reading, writer: Writer) -> str:
    return render(t("{when}", when=said(reading)), Audience(writer.locale, writer.zone), str)


def test_said_back_with_weekday_and_zone_name() -> None:
    fr = WRITERS["fr"]
    assert (
        _say(read_when("29/04 14h", fr), fr) == "jeudi 29 avril 2027, 14:00 heure d’Europe centrale"
    )
    assert _say(read_day("12/02/2027", fr), fr) == "vendredi 12 février 2027"
    us = WRITERS["en-US"]
    assert _say(read_when("4/29 2pm", us), us) == "Thursday 29 April 2027, 14:00 Eastern Time"


_ZONES = ["Europe/Paris", "America/New_York", "Africa/Dakar", "Asia/Kolkata", "UTC"]


@seed(HYPOTHESIS_SEED)
@settings(max_examples=150, deadline=None)
@given(
    who=st.sampled_from(["fr", "en-US", "en-GB", "en"]),
    zone=st.sampled_from(_ZONES),
    minutes=st.integers(min_value=60 * 24, max_value=60 * 24 * 365 * 4),
    with_time=st.booleans(),
)
def test_what_is_said_back_reads_back_the_same(
    who: str, zone: str, minutes: int, with_time: bool
) -> None:
    base = WRITERS[who]
    writer = Writer(base.locale, base.order, zone, NOW)
    local = (NOW + timedelta(minutes=minutes)).astimezone(ZoneInfo(zone))
    assume(local.fold == 0)  # the repeated hour when clocks go back reads as its first pass
    numeric = {
        "DMY": f"{local.day:02d}/{local.month:02d}/{local.year}",
        "MDY": f"{local.month}/{local.day}/{local.year}",
    }[writer.order]
    if with_time:
        first = read_when(f"{numeric} {local:%H:%M}", writer)
        assert first.at is not None
        assert first.at == local.replace(second=0, microsecond=0)
        assert read_when(_say(first, writer), writer).at == first.at
    else:
        first = read_day(numeric, writer)
        assert first.day == local.date()
        assert read_day(_say(first, writer), writer).day == first.day
