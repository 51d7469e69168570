"""Message ids with parameters: what the engine says, before anyone's language is chosen.

The engine never builds a sentence itself. It names an English source string (the gettext
message id) and hands over typed parameters; the adapter of each recipient translates and
formats them (bot.i18n.render). Marking with `t`/`tn` is what `pybabel extract` looks for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeAlias


@dataclass(frozen=True)
class Language:
    """An ISO 639 code shown as the language's name in the reader's language."""

    code: str


@dataclass(frozen=True)
class Country:
    """An ISO 3166 code shown as the country's name in the reader's language."""

    code: str


@dataclass(frozen=True)
class Month:
    """A month and year in the reader's language ("April 2027", "avril 2027")."""

    day: date


@dataclass(frozen=True)
class Weekday:
    """A day said in full, weekday included ("Friday 12 February 2027"): how a stored date is
    said back, so a misreading shows at once."""

    day: date


@dataclass(frozen=True)
class ZoneName:
    """A time zone by its name in the reader's language ("heure d’Europe centrale")."""

    zone: str


@dataclass(frozen=True)
class Deadline:
    """A call's deadline day, as its facilitator set it ("15 March 2027"); a reader in a zone
    where it closes at another moment also reads when that is for them ("15 March 2027 —
    closes Tuesday 16 March, 06:00 your time")."""

    day: date
    zone: str  # the facilitator's zone: the day ends at midnight there
    closes_at: datetime


@dataclass(frozen=True)
class Keyword:
    """A word people type (an option key, "yes"), shown as the reader's language writes it:
    the first of its words in the catalog, then `suffix` ("quand=")."""

    context: str
    msgid: str
    suffix: str = ""


@dataclass(frozen=True)
class ListOf:
    """Items joined the reader's way ("English and French", "anglais et français")."""

    items: tuple[Param, ...]


@dataclass(frozen=True)
class Seq:
    """Pieces said one after the other, each in the reader's language: a usage line
    "/schedule when=<date and time>" is "/schedule quand=<date et heure>" in French."""

    items: tuple[Param, ...]
    sep: str = " "


@dataclass(frozen=True)
class Verbatim:
    """Text that is ours, not the user's (a command name): shown as is, still escaped."""

    text: str


@dataclass(frozen=True)
class DeepLink:
    """A link that opens a private chat with the bot and sends /start <payload>; each
    platform writes it its own way (the console shows the command)."""

    payload: str


# str is always user-supplied text: every adapter escapes it for its platform.
Param: TypeAlias = (
    "str | int | float | date | datetime | Language | Country | Month | Weekday | ZoneName"
    " | Deadline"
    " | Keyword | ListOf | Seq | Verbatim"
    " | DeepLink | Msg"
)


@dataclass(frozen=True)
class Msg:
    id: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None


@dataclass(frozen=True)
class Lines:
    """Several messages shown as one text, one per line (a card, a list)."""

    items: tuple[Msg | Lines | Verbatim, ...]


Text = Msg | Lines


def t(message_id: str, **params: Param) -> Msg:
    return Msg(message_id, params)


def tn(singular: str, plural: str, n: int, **params: Param) -> Msg:
    return Msg(singular, {"n": n, **params}, plural=plural, n=n)


def lines(*items: Text | Verbatim | None) -> Lines:
    return Lines(tuple(i for i in items if i is not None))


def fit(text: str, limit: int) -> str:
    """`text` within `limit` characters, an ellipsis saying where it was cut."""
    text = " ".join(text.split()) if len(text) > limit else text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# The name a member who asked to be forgotten keeps in the group's record: shown as "a
# former member" in each reader's language (bot.i18n). Nobody can take it as a name: the
# engine removes control characters from everything typed.
FORMER_MEMBER = "\x1fformer member\x1f"
