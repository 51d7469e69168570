"""Turning what people type into values, with a clear refusal when it does not fit.

Names of languages and countries are accepted in the reader's language and in English
("French", "français", "fr"; "Argentina", "Argentine", "AR"), from Babel's locale data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import dateparser
from babel import Locale

from bot.errors import BadInput
from bot.settings import SUPPORTED_LOCALES
from bot.text import Msg, t


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Français' and 'francais' are the same answer."""
    text = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    decomposed = unicodedata.normalize("NFKD", " ".join(text.casefold().split()))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_text(value: str, *, field: Msg, max_len: int) -> str:
    text = " ".join(value.split())
    if not text:
        raise BadInput(t("The {field} cannot be empty.", field=field))
    if len(text) > max_len:
        raise BadInput(
            t(
                "The {field} is too long ({length} characters); keep it to {max} characters.",
                field=field,
                length=len(text),
                max=max_len,
            )
        )
    return text


def whole_number(value: str, *, field: Msg, low: int, high: int, example: int) -> int:
    text = value.strip().replace("\u202f", "").replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?\d+", text) or not low <= int(text) <= high:
        raise BadInput(
            t(
                "The {field} must be a whole number from {low} to {high}, for example {example};"
                " “{value}” is not.",
                field=field,
                low=low,
                high=high,
                example=example,
                value=value.strip()[:40],
            )
        )
    return int(text)


@cache
def _names(kind: str) -> dict[str, str]:
    """Folded names (in English and every language we speak) and codes -> code.

    `kind` is a Babel locale table: "languages" (ISO 639) or "territories" (ISO 3166)."""
    names: dict[str, str] = {}
    for locale in ("en", *SUPPORTED_LOCALES):
        table: dict[str, str] = getattr(Locale.parse(locale), kind)
        for code, name in table.items():
            if "_" in code or (kind == "territories" and not code.isalpha()):
                continue  # regional variants and numeric UN regions
            names.setdefault(code.casefold(), code)
            names.setdefault(fold(name), code)
    return names


def language(value: str) -> str:
    found = _names("languages").get(fold(value))
    if found is None:
        raise BadInput(
            t(
                "I don't know the language “{value}”. Write its name or its code,"
                " for example French or fr.",
                value=value.strip()[:40],
            )
        )
    return found


def languages(value: str) -> list[str]:
    parts: list[str] = []
    for chunk in re.split(r"[,;/]|\s+(?:and|et)\s+", value):
        known = fold(chunk) in _names("languages")
        parts += [chunk] if known or not chunk.strip() else chunk.split()
    parts = [p for p in parts if p.strip()]
    if not parts:
        raise BadInput(t("Name at least one working language, for example: en, fr."))
    codes: list[str] = []
    for part in parts:
        code = language(part)
        if code not in codes:
            codes.append(code)
    if len(codes) > 6:
        raise BadInput(t("A group can have at most 6 working languages."))
    return codes


def interface_language(value: str) -> str:
    code = language(value)
    if code not in SUPPORTED_LOCALES:
        raise BadInput(
            t(
                "Convener speaks English (en) and French (fr) for now; choose one of them.",
            )
        )
    return code


def country(value: str) -> str:
    found = _names("territories").get(fold(value))
    if found is None:
        raise BadInput(
            t(
                "I don't know the country “{value}”. Write its name or its two-letter code,"
                " for example Argentina or AR.",
                value=value.strip()[:60],
            )
        )
    return found


@cache
def _timezones() -> dict[str, str]:
    return {zone.casefold(): zone for zone in available_timezones()}


def known_timezone(value: str | None) -> str | None:
    """A platform's time-zone hint, if it names a zone we know; hints are never trusted."""
    return _timezones().get(value.strip().casefold()) if value else None


def timezone(value: str) -> str:
    zone = _timezones().get(value.strip().casefold().replace(" ", "_"))
    if zone is None:
        raise BadInput(
            t(
                "I don't know the time zone “{value}”. Use a name like Europe/Paris,"
                " Africa/Dakar or America/Argentina/Buenos_Aires.",
                value=value.strip()[:60],
            )
        )
    ZoneInfo(zone)
    return zone


def calendar_date(value: str, *, field: Msg, locale: str, today: date) -> date:
    """A day as people write it ("15 March 2027", "15 mars 2027", "2027-03-15")."""
    parsed: datetime | None = dateparser.parse(
        value,
        languages=list(dict.fromkeys([locale, "en", "fr"])),
        settings={
            "PREFER_DATES_FROM": "future",
            # dateparser works in naive local dates; `today` is already the reader's day.
            "RELATIVE_BASE": datetime(today.year, today.month, today.day),  # noqa: DTZ001
        },
    )
    if parsed is None:
        raise BadInput(
            t(
                "I could not read “{value}” as a date for the {field}. Write it like"
                " 15 March 2027 or 2027-03-15.",
                value=value.strip()[:60],
                field=field,
            )
        )
    return parsed.date()


POLICIES = ("open", "approval", "invite")
_POLICY_WORDS = {
    "open": "open",
    "ouvert": "open",
    "ouverte": "open",
    "approval": "approval",
    "approve": "approval",
    "validation": "approval",
    "approbation": "approval",
    "invite": "invite",
    "invitation": "invite",
    "code": "invite",
}


def policy(value: str) -> str:
    found = _POLICY_WORDS.get(fold(value))
    if found is None:
        raise BadInput(
            t(
                "The join policy must be open (anyone joins), approval (a facilitator approves)"
                " or invite (an invite code is needed); “{value}” is none of them.",
                value=value.strip()[:40],
            )
        )
    return found


_APPROX = re.compile(
    r"^(?P<when>early|beginning of|start of|mid|mid-|middle of|end of|late|début|debut|"
    r"mi-|mi|fin|fin de|fin d')\s*(?P<month>[^\d\s]+)\s*(?P<year>\d{4})?$"
)
_PART = {
    "early": "early", "beginning of": "early", "start of": "early", "début": "early",
    "debut": "early", "mid": "mid", "mid-": "mid", "middle of": "mid", "mi-": "mid",
    "mi": "mid", "end of": "end", "late": "end", "fin": "end", "fin de": "end", "fin d'": "end",
}  # fmt: skip
_HAS_TIME = re.compile(r"\d{1,2}\s*(:\s*\d{2}|h\d{0,2}\b|\s*(am|pm)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class When:
    starts_at: datetime | None  # exact, aware
    approx: str | None  # "early" | "mid" | "end", with sort_date's month
    sort_date: date


def session_time(value: str, *, locale: str, zone: str, now: datetime) -> When:
    """ "12 February 2027 14:00 CET", "12 février 2027 14h", or approximate: "end of April"."""
    text = " ".join(value.split())
    local_now = now.astimezone(ZoneInfo(zone))
    languages = list(dict.fromkeys([locale, "en", "fr"]))
    approx = _approximate(text, languages, local_now.date())
    if approx:
        part, day = approx
        if day < local_now.date():
            raise BadInput(t("That date is in the past; give a date to come."))
        return When(None, part, day)
    if not _HAS_TIME.search(text):
        raise BadInput(_when_help(value))
    parsed = dateparser.parse(
        text,
        languages=languages,
        settings={
            "TIMEZONE": zone,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": local_now.replace(tzinfo=None),
        },
    )
    if parsed is None:
        raise BadInput(_when_help(value))
    if parsed <= now:
        raise BadInput(t("That date is in the past; give a date to come."))
    return When(parsed.astimezone(UTC), None, parsed.astimezone(ZoneInfo(zone)).date())


def _approximate(text: str, languages: list[str], today: date) -> tuple[str, date] | None:
    """ "end of April", "fin avril", "mid-March 2027": the part of the month and the day
    standing for it; a month without a year is the next one to come."""
    approx = _APPROX.match(fold(text))
    if not approx:
        return None
    month = dateparser.parse(
        f"1 {approx['month']} {approx['year'] or ''}".strip(), languages=languages
    )
    if month is None:
        return None
    year = month.year if approx["year"] else today.year
    first = date(year, month.month, 1)
    if not approx["year"] and first < date(today.year, today.month, 1):
        first = date(year + 1, month.month, 1)
    part = _PART[approx["when"]]
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    day = {"early": first, "mid": first.replace(day=15), "end": nxt - timedelta(days=1)}[part]
    return part, day


def deadline(value: str, *, locale: str, zone: str, now: datetime) -> date:
    """The last day to answer, as people write it: "15 March", "15 mars", "in two weeks",
    "end of April", "2027-03-15"; read in the writer's language and time zone."""
    text = " ".join(value.split())
    today = now.astimezone(ZoneInfo(zone)).date()
    languages = list(dict.fromkeys([locale, "en", "fr"]))
    approx = _approximate(text, languages, today)
    day = (
        approx[1]
        if approx
        else calendar_date(text, field=t("deadline"), locale=locale, today=today)
    )
    if day < today:
        raise BadInput(
            t(
                "The deadline {day} is already past; give today or a later day.",
                day=day,
            )
        )
    return day


def _when_help(value: str) -> Msg:
    return t(
        "I could not read “{value}” as a session date. Give a day and a time, like"
        " 12 February 2027 14:00 CET, or an approximate month, like end of April.",
        value=value.strip()[:60],
    )
