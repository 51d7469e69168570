"""Arguments and options many commands share, declared once: a group, a session, a role,
a member; a session's and a product's options."""

from __future__ import annotations

from bot.features import group_fields
from bot.grammar import Arg, Kind, Opt
from bot.text import t

GROUP = Arg(t("group"), Kind.GROUP)
# A group written as its bare number, as in /members 1 (#1 works too).
GROUP_NUMBER = Arg(t("group number"), Kind.NUMBER)
SESSION = Arg(t("session"), Kind.SESSION)
ROLE = Arg(t("role"), Kind.ROLE)
MEMBER = Arg(t("name or number"), Kind.MEMBER)
QUESTION = Arg(t("question number"), Kind.NUMBER)
CALL = Arg(t("call number"), Kind.NUMBER)
ANNOUNCEMENT = Arg(t("announcement number"), Kind.NUMBER)

WHEN_HINT = t("an exact time (12/02/2027 14:00, 29/04 14h) or a part of a month (end of April)")
GROUP_OPTIONS = tuple(
    Opt(f.key, f.label, Kind.DATE if f.key in group_fields.DATE_KEYS else Kind.TEXT)
    for f in group_fields.FIELDS
)


def session_options(*, when_required: bool) -> tuple[Opt, ...]:
    return (
        Opt("when", t("date and time"), Kind.WHEN, required=when_required, hint=WHEN_HINT),
        Opt("link", t("meeting link")),
        Opt("description", t("description"), multiline=True),
        Opt("title", t("title"), in_form=False),
    )


PRODUCT_OPTIONS = (
    Opt("session", t("session number"), Kind.SESSION),
    Opt("due", t("date"), Kind.DATE, hint=t("a date, or “2 weeks after the session”")),
    Opt("authors", t("names, separated by commas")),
    Opt("status", t("planned, drafting, submitted or published"), Kind.WORD),
    Opt("link", t("link")),
    Opt("title", t("title")),
)
OFFSETS = t("days before, separated by commas")
