"""Reading dates and times the way the writer writes them.

Numeric dates follow the writer's order, taken from Babel's locale data for their language
and country ("12/02/2027" is 12 February in Paris and Accra, December 2 in New York); where
the country is unknown, the language's world variant decides (day first for English).
Times come as people write them ("14h", "14 h 30", "à 14h", "2pm", "14:00"); months and parts
of months ("end of April", "fin avril", "mid-March", "avril 2027") stand for a day. Words
(month and weekday names) come from Babel, keywords ("end of", "noon") from the catalogs.

A numeric date that could be read both ways carries its other reading, so the bot can say
which one it took and offer the other. Times of day are read in times_of_day.py, the words of
dates (months, weekdays, "end of", "after the session") live in date_words.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

import dateparser
from babel import Locale, UnknownLocaleError
from dateparser.timezone_parser import pop_tz_offset_from_string

from bot.date_words import (
    PARTS,
    joiners,
    month_names,
    month_pattern,
    weekday_names,
)
from bot.errors import BadInput
from bot.i18n import zone_name
from bot.parsing import known_timezone
from bot.settings import SUPPORTED_LOCALES
from bot.text import Msg, Verbatim, Weekday, t
from bot.times_of_day import take_time
from bot.words import fold

# Past this, a date is a typing mistake rather than a plan.
HORIZON_YEARS = 10


@cache
def date_order(language: str, country: str | None = None) -> str:
    """'DMY', 'MDY' or 'YMD' from the short date pattern of the writer's locale."""
    tags = [f"{language}_{country}", f"und_{country}"] if country else []
    for tag in [*tags, f"{language}_001", language]:
        try:
            pattern = Locale.parse(tag).date_formats["short"].pattern
        except (ValueError, UnknownLocaleError):
            continue
        positions = {ch: pattern.find(ch) for ch in "dMy"}
        if min(positions.values()) >= 0:
            return "".join(sorted("DMY", key=lambda c: positions[c.lower() if c != "M" else c]))
    return "DMY"


@dataclass(frozen=True)
class Writer:
    """Who wrote a date: their language, the order they write numeric dates in, their zone,
    and the moment they wrote it."""

    locale: str
    order: str
    zone: str
    now: datetime

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys([self.locale, *SUPPORTED_LOCALES]))


@dataclass(frozen=True)
class Reading:
    """A day, or an exact instant, read from what someone wrote."""

    day: date  # the day in the writer's zone
    at: datetime | None = None  # the exact instant (UTC) when a time was given
    part: str | None = None  # "early", "mid", "end" or "month": only a part of a month was given
    order: str | None = None  # the order a numeric date was read in, when it mattered
    other: Reading | None = None  # the other reading of an ambiguous numeric date

    @property
    def iso(self) -> str:
        """How to write this reading so it is read back the same whatever the order."""
        if self.at is not None:
            return self.at.isoformat()
        return self.day.isoformat()


# -- names from Babel -----------------------------------------------------------------------


# -- zones ---------------------------------------------------------------------------------


def _take_zone(text: str, writer: Writer) -> tuple[str, tzinfo | None]:
    """A zone written after the time: the writer's own by its name as we say it back
    ("Central European Time"), a zone id (Europe/Paris), or an abbreviation or offset (CET,
    UTC+1)."""
    folded = fold(text)
    for name in _zone_names(writer.zone):
        if folded.endswith(name):
            return folded[: -len(name)], writer.tz
    for token in text.split():
        if "/" in token and not token[0].isdigit():
            zone = known_timezone(token)
            if zone is not None:
                return text.replace(token, " "), ZoneInfo(zone)
    rest, found = pop_tz_offset_from_string(text)
    return (rest, found) if isinstance(found, tzinfo) else (text, None)


@cache
def _zone_names(zone: str) -> tuple[str, ...]:
    return tuple({fold(zone_name(zone, locale)) for locale in SUPPORTED_LOCALES})


# -- days -----------------------------------------------------------------------------------

_NUMERIC = re.compile(r"^(\d{1,4})\s*([./\-])\s*(\d{1,2})(?:\s*\2\s*(\d{2,4}))?$")


def _clean(text: str) -> str:
    text = joiners().sub(" ", fold(text))
    return " ".join(text.replace(",", " ").split()).strip(" .;")


def _strip_weekday(text: str) -> tuple[str, int | None]:
    head, _, rest = text.partition(" ")
    weekday = weekday_names().get(head.rstrip("."))
    return (rest, weekday) if weekday is not None and rest else (text, None)


def _year(value: str | None, default: int) -> int:
    if value is None:
        return default
    return 2000 + int(value) if len(value) <= 2 else int(value)


def _numeric(text: str, writer: Writer, shown: str) -> Reading | None:
    match = _NUMERIC.match(text)
    if match is None:
        return None
    a, _, b, c = match.groups()
    if len(a) == 4:  # ISO: year first, whatever the writer's habit
        if c is None:
            raise BadInput(_unreadable(shown))
        return Reading(_day(int(a), int(b), int(c), shown), order="YMD")
    first, second = int(a), int(b)
    order = writer.order if writer.order != "YMD" else "MDY"
    if (order == "MDY" and first > 12) or (order == "DMY" and second > 12):
        order = "DMY" if order == "MDY" else "MDY"  # only one reading is a date
    year = _year(c, writer.today.year)
    day_first = order == "DMY"
    day, month = (first, second) if day_first else (second, first)
    reading = _roll(Reading(_day(year, month, day, shown), order=order), c is None, writer)
    if first != second and first <= 12 and second <= 12:
        swapped = "MDY" if day_first else "DMY"
        other = _roll(Reading(_day(year, day, month, shown), order=swapped), c is None, writer)
        return Reading(reading.day, order=order, other=other)
    return reading


def _roll(reading: Reading, no_year: bool, writer: Writer) -> Reading:
    """A day written without its year is the next one to come."""
    if no_year and reading.day < writer.today:
        try:
            return Reading(reading.day.replace(year=reading.day.year + 1), order=reading.order)
        except ValueError:  # 29 February
            return reading
    return reading


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BadInput(
            t("“{value}” is not a date of the calendar; check the day and the month.", value=text)
        ) from None


def _month(text: str, writer: Writer) -> Reading | None:
    match = month_pattern().match(text)
    if match is None:
        return None
    number = month_names()[match["month"]]
    year = int(match["year"]) if match["year"] else writer.today.year
    first = date(year, number, 1)
    if not match["year"] and first < writer.today.replace(day=1):
        first = date(year + 1, number, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    part = next((key for key in PARTS if match.group(key)), "month")
    day = {"early": first, "mid": first.replace(day=15), "end": last, "month": last}[part]
    return Reading(day, part=part)


def _named(text: str, writer: Writer) -> date | None:
    """Month names, relative days ("tomorrow", "in two weeks", "dans deux semaines")."""
    local_now = writer.now.astimezone(writer.tz).replace(tzinfo=None)
    parsed = dateparser.parse(
        text,
        languages=writer.languages,
        settings={
            "DATE_ORDER": writer.order,
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": local_now,
        },
    )
    return parsed.date() if parsed is not None else None


def _read_day(text: str, writer: Writer, *, months: bool, shown: str) -> Reading:
    """`shown` is the whole of what was written, for messages."""
    cleaned, weekday = _strip_weekday(_clean(text))
    if not cleaned:
        raise BadInput(_unreadable(shown))
    reading = _numeric(cleaned, writer, shown)
    if reading is None and months:
        reading = _month(cleaned, writer)
    if reading is None:
        day = _named(cleaned, writer)
        if day is None:
            raise BadInput(_unreadable(shown))
        reading = Reading(day)
    if weekday is not None and reading.day.weekday() != weekday:
        if reading.other is not None and reading.other.day.weekday() == weekday:
            return Reading(reading.other.day, order=reading.other.order)
        raise BadInput(t("{day} is not the weekday you wrote; check the date.", day=reading.day))
    return reading


def _unreadable(text: str) -> Msg:
    return t(
        "I could not read “{value}” as a date. Write it like 15 March 2027, 15/03/2027"
        " or 2027-03-15.",
        value=text.strip()[:60],
    )


def _check_range(reading: Reading, writer: Writer, *, past_ok: bool) -> None:
    too_far = writer.today.replace(year=writer.today.year + HORIZON_YEARS, day=1)
    if reading.day >= too_far:
        raise BadInput(
            t(
                "{day} is more than {years} years ahead; check the year.",
                day=reading.day,
                years=HORIZON_YEARS,
            )
        )
    if past_ok:
        return
    if reading.at is not None and reading.at <= writer.now:
        raise BadInput(t("{when} is already past; give a time to come.", when=reading.at))
    if reading.at is None and reading.day < writer.today:
        raise BadInput(t("{day} is already past; give today or a later day.", day=reading.day))


def _keep_valid(reading: Reading, writer: Writer, past_ok: bool) -> Reading:
    """Drop the other reading of an ambiguous date when it could not be meant."""
    if reading.other is None:
        return reading
    try:
        _check_range(reading.other, writer, past_ok=past_ok)
    except BadInput:
        return Reading(reading.day, reading.at, reading.part, reading.order)
    return reading


# -- what callers use -----------------------------------------------------------------------


def _digits_only(text: str) -> None:
    """ "1²/02" is a slip on a French keyboard (² sits by the 1): folding would read it as
    12, so any digit that is not a plain one is refused."""
    odd = next((ch for ch in text if ch.isdigit() and not ch.isdecimal()), None)
    if odd is not None:
        raise BadInput(
            t(
                "“{value}” has the character {char}, which is not a digit; write the date with"
                " ordinary digits.",
                value=text.strip()[:60],
                char=odd,
            )
        )


def read_day(text: str, writer: Writer, *, past_ok: bool = False) -> Reading:
    """A day: "15 March", "15/03", "15 mars 2027", "end of April", "in two weeks"."""
    _digits_only(text)
    rest, at = take_time(" ".join(text.split()))
    if at is not None:
        raise BadInput(
            t("Give a day only, without a time, for example 15 March 2027; “{value}” has one.",
              value=text.strip()[:60])
        )  # fmt: skip
    reading = _read_day(rest, writer, months=True, shown=text)
    if reading.other is not None and not past_ok and reading.day < writer.today:
        reading = Reading(reading.other.day, order=reading.other.order)
    _check_range(reading, writer, past_ok=past_ok)
    return _keep_valid(reading, writer, past_ok)


def read_when(text: str, writer: Writer, *, months: bool = True) -> Reading:
    """An exact instant ("29/04 14h", "12 February 2027 14:00 CET", "2027-04-29T14:00"), or,
    when `months`, a part of a month ("end of April") without a time."""
    _digits_only(text)
    text = " ".join(text.split())
    iso = _iso_instant(text, writer)
    if iso is not None:
        _check_range(iso, writer, past_ok=False)
        return iso
    rest, at = take_time(text)
    rest, zone = _take_zone(rest, writer)
    if at is None:
        cleaned = _clean(rest)
        month = _month(cleaned, writer) if months else None
        if month is not None:
            _check_range(month, writer, past_ok=False)
            return month
        raise BadInput(_when_help(text, months))
    tz = zone or writer.tz
    if not _clean(rest):
        day = writer.now.astimezone(tz).date()
        instant = datetime.combine(day, at, tz)
        if instant <= writer.now:
            instant = datetime.combine(day + timedelta(days=1), at, tz)
        return _instant(instant, writer)
    reading = _read_day(rest, writer, months=False, shown=text)
    main = _instant(datetime.combine(reading.day, at, tz), writer, order=reading.order)
    if main.at is not None and main.at <= writer.now and reading.other is not None:
        main = _instant(datetime.combine(reading.other.day, at, tz), writer, reading.other.order)
        reading = Reading(reading.other.day)
    _check_range(main, writer, past_ok=False)
    if reading.other is not None:
        other = _instant(datetime.combine(reading.other.day, at, tz), writer, reading.other.order)
        main = Reading(main.day, main.at, order=main.order, other=other)
    return _keep_valid(main, writer, False)


def _instant(moment: datetime, writer: Writer, order: str | None = None) -> Reading:
    utc = moment.astimezone(UTC)
    if utc.astimezone(moment.tzinfo).replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise BadInput(
            t(
                "{time} does not exist on {day} in that time zone: the clocks change that"
                " night. Choose another time.",
                time=Verbatim(moment.strftime("%H:%M")),
                day=Weekday(moment.date()),
            )
        )
    return Reading(moment.astimezone(writer.tz).date(), utc, order=order)


def _iso_instant(text: str, writer: Writer) -> Reading | None:
    """What our own buttons send back: 2027-04-29T14:00:00+00:00."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?", text):
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=writer.tz)
    return _instant(moment, writer)


def _when_help(value: str, months: bool) -> Msg:
    if months:
        return t(
            "I could not read “{value}” as a session date. Give a day and a time, like"
            " 12 February 2027 14:00 or 12/02 14h, or a part of a month, like end of April.",
            value=value.strip()[:60],
        )
    return t(
        "I could not read “{value}” as a day and a time. Write it like"
        " 12 February 2027 14:00 or 12/02 14h.",
        value=value.strip()[:60],
    )
