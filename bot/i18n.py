"""Babel: one translator per locale, and formatting of parameters for one reader.

Locale is data: `render` takes the reader's audience and never touches global state.
Catalogs are compiled from locales/*/LC_MESSAGES/messages.po in memory at start when no
up-to-date .mo file sits beside them, so a fresh checkout runs without a build step.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, get_timezone_name
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from bot.effects import Audience
from bot.settings import SUPPORTED_LOCALES
from bot.text import (
    FORMER_MEMBER,
    Country,
    Deadline,
    DeepLink,
    Keyword,
    Language,
    Lines,
    ListOf,
    Month,
    Param,
    Seq,
    Text,
    Verbatim,
    Weekday,
    ZoneName,
    t,
)

Escape = Callable[[str], str]
_FORMER = t("a former member")
# How a platform writes a deep link for a payload (Telegram: https://t.me/<bot>?start=...).
Link = Callable[[str], str]


def command_link(payload: str) -> str:
    return f"/start {payload}"


DOMAIN = "messages"


def locales_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "locales", here.parent / "locales"):
        if candidate.is_dir():
            return candidate
    raise RuntimeError("Convener's translation catalogs (locales/) are missing")


def _load(po: Path) -> gettext.NullTranslations:
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as fp:
            return gettext.GNUTranslations(fp)
    with po.open("rb") as fp:
        catalog = read_po(fp)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def translator(locale: str) -> gettext.NullTranslations:
    po = locales_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        # English is the source language: without a catalog the message ids are the texts.
        return gettext.NullTranslations()
    return _load(po)


def supported(locale: str | None) -> str | None:
    """The supported locale a platform hint like 'fr-CA' or 'en_US' stands for, if any."""
    if not locale:
        return None
    base = locale.replace("-", "_").split("_")[0].lower()
    return base if base in SUPPORTED_LOCALES else None


def reader_locale(
    chosen: str | None, hint: str | None, group_languages: Sequence[str], default: str
) -> str:
    """The language a member reads. Their own choice, else their app's language when we
    speak it. An app language we do not speak (Spanish) gets what the member reads in
    private chats, the default language, wherever the group works in it too, so that one
    member reads one language everywhere; else the group's first language we speak. With no
    hint at all, the group's first language we speak, else the default."""
    if chosen:
        return chosen
    own = supported(hint)
    if own is not None:
        return own
    spoken = [code for code in group_languages if supported(code)]
    if hint and default in spoken:
        return default
    return spoken[0] if spoken else default


def render(text: Text, audience: Audience, escape: Escape, link: Link = command_link) -> str:
    if isinstance(text, Lines):
        return "\n".join(
            escape(item.text)
            if isinstance(item, Verbatim)
            else render(item, audience, escape, link)
            for item in text.items
        )
    tr = translator(audience.locale)
    if text.plural is not None and text.n is not None:
        template = tr.ngettext(text.id, text.plural, text.n)
    else:
        template = tr.gettext(text.id)
    values = {key: _format(value, audience, escape, link) for key, value in text.params.items()}
    return escape_template(template, escape).format(**values)


def plain(text: Text, audience: Audience) -> str:
    """A message as plain text (a file's content, a menu, a toast): nothing to escape."""
    return render(text, audience, str)


@lru_cache(maxsize=8192)
def escape_template(template: str, escape: Escape) -> str:
    """Escape our own words too: a translation may hold '&' or '<' that markup would eat."""
    out: list[str] = []
    literal = ""
    i = 0
    while i < len(template):
        ch = template[i]
        if ch == "{" and template.startswith("{{", i):
            literal += "{{"
            i += 2
        elif ch == "}" and template.startswith("}}", i):
            literal += "}}"
            i += 2
        elif ch == "{":
            end = template.index("}", i)
            out.append(escape(literal) if literal else "")
            out.append(template[i : end + 1])
            literal = ""
            i = end + 1
        else:
            literal += ch
            i += 1
    out.append(escape(literal) if literal else "")
    return "".join(out)


def _format(value: Param, audience: Audience, escape: Escape, link: Link) -> str:
    locale = audience.locale
    if isinstance(value, bool):
        raise TypeError("booleans are not message parameters")
    if isinstance(value, str):
        if value == FORMER_MEMBER:
            return render(_FORMER, audience, escape, link)
        return escape(value)
    if isinstance(value, Verbatim):
        return escape(value.text)
    if isinstance(value, DeepLink):
        return escape(link(value.payload))
    if isinstance(value, int | float):
        return _number(value, locale)
    if isinstance(value, datetime):
        return escape(instant(value, audience.timezone, locale))
    if isinstance(value, date):
        return _day(value, "d MMMM y", locale)
    if isinstance(value, Deadline):
        said = format_date(value.day, "d MMMM y", locale=locale)
        if _same_clock(value.closes_at, value.zone, audience.timezone):
            return said
        when = format_datetime(
            value.closes_at, "EEEE d MMMM, HH:mm", tzinfo=ZoneInfo(audience.timezone), locale=locale
        )
        closes = render(t("closes {when} your time", when=Verbatim(when)), audience, escape, link)
        return f"{said} — {closes}"
    if isinstance(value, Weekday):
        return _day(value.day, "EEEE d MMMM y", locale)
    if isinstance(value, Keyword):
        return escape(keyword_spelling(value.context, value.msgid, locale) + value.suffix)
    if isinstance(value, ZoneName):
        return escape(zone_name(value.zone, locale))
    if isinstance(value, Month):
        return _day(value.day, "MMMM y", locale)
    if isinstance(value, Language):
        return escape(language_name(value.code, locale))
    if isinstance(value, Country):
        return escape(country_name(value.code, locale))
    if isinstance(value, Seq):
        return value.sep.join(_format(item, audience, escape, link) for item in value.items)
    if isinstance(value, ListOf):
        return format_list(
            [_format(item, audience, escape, link) for item in value.items], locale=locale
        )
    return render(value, audience, escape, link)


def _same_clock(instant: datetime, zone: str, other: str) -> bool:
    """Whether two zones read the same wall-clock time at this instant."""
    return (
        instant.astimezone(ZoneInfo(zone)).utcoffset()
        == instant.astimezone(ZoneInfo(other)).utcoffset()
    )


def keyword_spelling(context: str, msgid: str, locale: str) -> str:
    """A keyword's first word in the reader's language ("quand" for when=)."""
    return translator(locale).pgettext(context, msgid).split("|")[0]


# Babel formats a number or a date in tens of microseconds, and a board shows the same
# session numbers and dates to everyone who opens it: each is formatted once per language.
@lru_cache(maxsize=4096)
def _number(value: int | float, locale: str) -> str:
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=4096)
def _day(value: date, pattern: str, locale: str) -> str:
    return format_date(value, pattern, locale=locale)


@lru_cache(maxsize=4096)
def instant(value: datetime, zone: str, locale: str) -> str:
    """ "Thursday 29 April 2027, 14:00 Central European Time": weekday, day, month, year,
    time and the zone's name, all in the reader's language and zone."""
    tz = ZoneInfo(zone)
    when = format_datetime(value, "EEEE d MMMM y, HH:mm", tzinfo=tz, locale=locale)
    return f"{when} {zone_name(zone, locale)}"


@lru_cache(maxsize=1024)
def zone_name(zone: str, locale: str) -> str:
    """The zone's generic name from CLDR ("heure d’Europe centrale"); UTC as UTC."""
    if zone in ("UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Zulu"):
        return "UTC"
    return get_timezone_name(ZoneInfo(zone), width="long", zone_variant="generic", locale=locale)


def language_name(code: str, locale: str) -> str:
    name = Locale.parse(locale).languages.get(code)
    return name if name else code


def country_name(code: str, locale: str) -> str:
    name = Locale.parse(locale).territories.get(code)
    return name if name else code
