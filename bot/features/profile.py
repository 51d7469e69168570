"""A member's profile: name, country, organization, language, time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from bot import parsing
from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput
from bot.features.changes import settings_changed
from bot.store.models import Member
from bot.text import Country, Language, Lines, Msg, Verbatim, Weekday, lines, t
from bot.words import Words, keywords, lookup

_NAME_MAX = 60


def _name(text: str) -> str:
    return parsing.clean_text(text, field=t("name"), max_len=_NAME_MAX)


def _organization(text: str) -> str:
    return parsing.clean_text(text, field=t("organization"), max_len=200)


_ORDERS = {
    "DMY": keywords("date order", "dmy|day first|dd/mm/yyyy"),
    "MDY": keywords("date order", "mdy|month first|mm/dd/yyyy"),
    "YMD": keywords("date order", "ymd|year first|yyyy-mm-dd"),
}


def _date_order(text: str) -> str:
    found = lookup(_ORDERS, text)
    if found is None:
        raise BadInput(
            t(
                "Write how you write dates: dmy (12/02/2027 is 12 February), mdy (it is"
                " December 2) or ymd (2027-02-12); “{value}” is none of them.",
                value=text.strip()[:40],
            )
        )
    return found


# field -> (its words in every language, from the catalogs; how it is read; the column)
_FIELDS: dict[str, tuple[Words, Callable[[str], Any], str]] = {
    "name": (keywords("profile field", "name"), _name, "display_name"),
    "country": (keywords("profile field", "country"), parsing.country, "country"),
    "organization": (
        keywords("profile field", "organization|organisation|org"),
        _organization,
        "organization",
    ),
    "language": (
        keywords("profile field", "language|lang"),
        parsing.interface_language,
        "language",
    ),
    "timezone": (
        keywords("profile field", "timezone|tz|time_zone"),
        parsing.timezone,
        "timezone",
    ),
    "dates": (keywords("profile field", "dates|date"), _date_order, "date_order"),
}
_WORDS = {key: words for key, (words, _, _) in _FIELDS.items()}


def cmd_profile(ctx: Ctx, args: Args) -> None:
    words = args.raw.split(maxsplit=1)
    if not words:
        ctx.reply(show(ctx, ctx.member))
        return
    key = lookup(_WORDS, words[0].rstrip(":="))
    if key is None:
        raise BadInput(
            lines(
                t("I can't change “{field}” in a profile.", field=words[0][:30]),
                _usage(),
            )
        )
    if len(words) < 2:
        raise BadInput(lines(t("Give the new value too."), _usage()))
    _, read, column = _FIELDS[key]
    value = read(words[1])
    setattr(ctx.member, column, value)
    ctx.db.add(ctx.member)
    if column == "timezone":
        settings_changed(ctx)  # mornings and quiet hours move with the member
    ctx.reply(lines(t("Your profile is updated."), show(ctx, ctx.member)))


def _usage() -> Msg:
    return t(
        "Change it like this: {example} (fields: name, country, organization, language,"
        " timezone, dates).",
        example=Verbatim("/profile country Argentina"),
    )


def show(ctx: Ctx, member: Member) -> Lines:
    unset = t("not set")
    audience = ctx.audience
    return lines(
        t("Your profile:"),
        t("Name: {value}", value=member.display_name),
        t("Country: {value}", value=Country(member.country) if member.country else unset),
        t("Organization: {value}", value=member.organization or unset),
        t("Language: {value}", value=Language(audience.locale)),
        t("Time zone: {value}", value=Verbatim(audience.timezone)),
        t(
            "Dates: {order}, so 12/02/2027 is {day}",
            order=Verbatim(ctx.writer.order.lower()),
            day=Weekday(date(2027, 2, 12) if ctx.writer.order != "MDY" else date(2027, 12, 2)),
        ),
        _usage(),
    )
