"""The fields of a group card: how each is read from text and written to the row.

One table serves /newgroup's arguments, its step-by-step questions and /editgroup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot import dates, parsing
from bot.context import Ctx
from bot.conversation import choice
from bot.effects import Action
from bot.errors import BadInput
from bot.features.access import fold_title
from bot.store.models import LearningGroup
from bot.text import Msg, Text, Weekday, t
from bot.views.readback import ambiguity, other_button

MAX_POSITIONS = 10_000


def _title(ctx: Ctx, text: str) -> str:
    title = parsing.clean_text(text, field=t("title"), max_len=120)
    if title.lstrip("#").isdigit():
        raise BadInput(t("A title needs words, not only a number; numbers name groups."))
    return title


def _text(label: Msg, max_len: int) -> Callable[[Ctx, str], str]:
    return lambda ctx, text: parsing.clean_text(text, field=label, max_len=max_len)


def _positions(ctx: Ctx, text: str) -> int:
    return parsing.whole_number(
        text, field=t("number of positions"), low=1, high=MAX_POSITIONS, example=20
    )


def _reading(ctx: Ctx, text: str) -> dates.Reading:
    # A project may have started already: a past date is said back, not refused.
    return dates.read_day(text, ctx.writer, past_ok=True)


def _date(ctx: Ctx, text: str) -> str:
    return _reading(ctx, text).day.isoformat()


DATE_KEYS = ("start", "end")


def said_dates(
    readings: dict[str, dates.Reading], written: dict[str, str], group_id: int
) -> tuple[list[Text], list[Action]]:
    """How the dates just given were read, and buttons for the other reading of each."""
    said: list[Text] = []
    buttons: list[Action] = []
    for key, reading in readings.items():
        said.append(t("{field}: {day}", field=BY_KEY[key].label, day=Weekday(reading.day)))
        note = ambiguity(reading, written[key])
        if note is not None:
            said.append(note)
            buttons += other_button(reading, "editgroup", f"#{group_id} {key}={{iso}}")
    return said, buttons


def _policy_choices(ctx: Ctx) -> list[Action]:
    locale = ctx.audience.locale
    return [
        choice(label, parsing.POLICIES[key].spelled(locale))
        for key, label in (
            ("open", t("Open: anyone joins")),
            ("approval", t("Approval: a facilitator approves")),
            ("invite", t("Invite: with an invite code")),
        )
    ]


@dataclass(frozen=True)
class Field:
    key: str
    label: Msg
    question: Msg
    parse: Callable[[Ctx, str], Any]
    required: bool = False
    # Buttons for a field with a closed set of answers.
    choices: Callable[[Ctx], list[Action]] | None = None


FIELDS: tuple[Field, ...] = (
    Field("title", t("title"), t("What is the group's title?"), _title, required=True),
    Field(
        "description",
        t("description"),
        t("Describe the group in a sentence or two."),
        _text(t("description"), 1000),
    ),
    Field(
        "positions",
        t("number of positions"),
        t("How many positions does the group have? (a number, for example 20)"),
        _positions,
        required=True,
    ),
    Field(
        "languages",
        t("working languages"),
        t("Which are its working languages? (for example: French, English)"),
        lambda ctx, text: ",".join(parsing.languages(text)),
        required=True,
    ),
    Field(
        "policy",
        t("join policy"),
        t(
            "How do people join? open (anyone), approval (a facilitator approves)"
            " or invite (with an invite code)."
        ),
        lambda ctx, text: parsing.policy(text),
        choices=_policy_choices,
    ),
    Field(
        "expertise",
        t("fields of expertise"),
        t("Which fields of expertise does it gather?"),
        _text(t("fields of expertise"), 300),
    ),
    Field("location", t("location"), t("Where is it based?"), _text(t("location"), 200)),
    Field("start", t("start date"), t("When does the project start?"), _date),
    Field("end", t("end date"), t("When does the project end?"), _date),
    Field(
        "commitment",
        t("time commitment"),
        t("What time commitment is expected? (for example: 4 hours per week)"),
        _text(t("time commitment"), 200),
    ),
)
BY_KEY = {f.key: f for f in FIELDS}
# What the step-by-step creation asks; the rest can be set later with /editgroup.
ASKED = ("title", "description", "positions", "languages", "policy")


def read_options(
    ctx: Ctx, options: dict[str, str]
) -> tuple[dict[str, Any], dict[str, dates.Reading]]:
    """The fields' values, and how each date among them was read (to say it back)."""
    values: dict[str, Any] = {}
    readings: dict[str, dates.Reading] = {}
    for key, value in options.items():
        if key in DATE_KEYS:
            readings[key] = _reading(ctx, value)
            values[key] = readings[key].day.isoformat()
        else:
            values[key] = BY_KEY[key].parse(ctx, value)
    return values, readings


def apply(group: LearningGroup, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key == "title":
            group.title = value
            group.title_key = fold_title(value)
        elif key == "start":
            group.start_date = date.fromisoformat(value) if value else None
        elif key == "end":
            group.end_date = date.fromisoformat(value) if value else None
        else:
            setattr(group, key, value)
    if group.start_date and group.end_date and group.end_date < group.start_date:
        raise BadInput(t("The project cannot end before it starts; check the start and end dates."))
