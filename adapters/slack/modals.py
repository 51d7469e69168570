"""Slack forms for what needs several answers at once: schedule a session, ask a question,
open a call for interest. Their fields come from the command's grammar (bot/grammar.py): a
session is chosen among the group's upcoming ones, a group among the member's, a day on a
date picker and an hour on a time picker, every label in the member's own language. A
submission runs the command the form stands for, so a refusal is shown inside the form,
beside the field it most likely concerns."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    DatePickerElement,
    InputBlock,
    InputInteractiveElement,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.command_spec import FACILITATORS, CommandSpec
from bot.commands import COMMANDS
from bot.effects import Audience
from bot.features.forms import Choice, FormFacts
from bot.grammar import Arg, Kind, Opt, quoted
from bot.i18n import plain
from bot.text import Msg, fit, t

CALLBACK_PREFIX = "convener:"
# Beside a day-and-time field, its pickers' blocks: "when_day", "when_hour".
DAY, HOUR = "_day", "_hour"
OPTIONS_LIMIT = 100  # a select's options, and its option groups


@dataclass(frozen=True)
class Modal:
    command: str
    title: Msg
    # Where a refusal is shown: the field people most often get wrong.
    error_field: str

    @property
    def spec(self) -> CommandSpec:
        return COMMANDS[self.command]

    @property
    def for_facilitators(self) -> bool:
        return self.spec.audience == FACILITATORS

    def command_line(self, group: str, values: dict[str, str]) -> str:
        """The command the form stands for, each value quoted as the grammar reads it."""
        values = _joined(self.spec.grammar.options, values)
        group = group or values.get(Kind.GROUP.value, "")
        spec = self.spec
        positional: list[str] = []
        for arg in spec.grammar.args:
            value = values.get(arg.key, "").strip()
            if arg.kind == Kind.GROUP or not value:
                continue
            if arg.kind == Kind.SESSION and ":" in value:  # chosen among several groups'
                chosen, _, value = value.partition(":")
                group = group or chosen
            if spec.whole_line:  # free text, read as typed
                positional.append(" ".join(value.split()))
            elif arg.many:
                positional += [quoted(line) for line in value.splitlines() if line.strip()]
            else:
                positional.append(quoted(value))
        for option in spec.grammar.options:
            value = values.get(option.key, "").strip()
            if value and option.in_form:
                positional.append(f"{option.key}={quoted(value)}")
        return " ".join(([f"#{group}"] if group else []) + positional)


MODALS: dict[str, Modal] = {
    "schedule": Modal("schedule", t("Schedule a session"), error_field="when"),
    "ask": Modal("ask", t("Ask a question"), error_field="text"),
    "call": Modal("call", t("Open a call for interest"), error_field="deadline"),
}


def view(modal: Modal, facts: FormFacts, metadata: dict[str, str]) -> View:
    form = _Form(facts, fixed_group=bool(metadata.get("group")))
    grammar = modal.spec.grammar
    chooses_session = any(a.kind == Kind.SESSION for a in grammar.args) and form.sessions_known
    blocks: list[Block] = []
    for arg in grammar.args:
        if arg.kind == Kind.GROUP:
            if not chooses_session:
                blocks += form.group_field()
        else:
            blocks += form.arg_field(arg)
    for option in grammar.options:
        if option.in_form:
            blocks += form.option_fields(option)
    return View(
        type="modal",
        callback_id=CALLBACK_PREFIX + modal.command,
        private_metadata=json.dumps(metadata),
        title=form.plain(modal.title, 24),
        submit=form.plain(t("Send"), 24),
        close=form.plain(t("Cancel"), 24),
        blocks=blocks,
    )


class _Form:
    def __init__(self, facts: FormFacts, *, fixed_group: bool) -> None:
        self.facts = facts
        self.audience: Audience = facts.audience
        self.fixed_group = fixed_group

    def text(self, msg: Msg) -> str:
        return plain(msg, self.audience)

    def plain(self, msg: Msg, limit: int) -> PlainTextObject:
        return PlainTextObject(text=fit(self.text(msg), limit))

    def label(self, msg: Msg) -> PlainTextObject:
        text = self.text(msg)
        return PlainTextObject(text=fit(text[:1].upper() + text[1:], 2000))

    def option(self, choice: Choice, value: str | None = None) -> Option:
        return Option(value=value or choice.value, text=self.plain(choice.label, 75))

    @property
    def sessions_known(self) -> bool:
        return any(g.sessions for g in self.facts.groups)

    def input(
        self,
        key: str,
        label: Msg,
        element: InputInteractiveElement,
        *,
        optional: bool,
        hint: Msg | None = None,
    ) -> InputBlock:
        return InputBlock(
            block_id=key,
            label=self.label(label),
            element=element,
            optional=optional,
            hint=self.plain(hint, 2000) if hint is not None else None,
        )

    def group_field(self) -> list[Block]:
        groups = self.facts.groups
        if self.fixed_group or len(groups) < 2:
            return []  # named, linked, or the member's only one: the command finds it
        select = StaticSelectElement(
            action_id="value",
            options=[self.option(g.group) for g in groups[:OPTIONS_LIMIT]],
        )
        return [self.input(Kind.GROUP.value, t("group"), select, optional=False)]

    def arg_field(self, arg: Arg) -> list[Block]:
        optional = arg.optional and not arg.asked
        if arg.kind == Kind.SESSION and self.sessions_known:
            return [self.input(arg.key, arg.form or arg.label, self.sessions(), optional=optional)]
        element = PlainTextInputElement(action_id="value", multiline=arg.many or arg.multiline)
        return [self.input(arg.key, arg.form or arg.label, element, optional=optional)]

    def sessions(self) -> StaticSelectElement:
        groups = [g for g in self.facts.groups if g.sessions]
        if len(groups) == 1:
            return StaticSelectElement(
                action_id="value",
                options=[
                    self.option(s, f"{groups[0].group.value}:{s.value}")
                    for s in groups[0].sessions[:OPTIONS_LIMIT]
                ],
            )
        return StaticSelectElement(
            action_id="value",
            option_groups=[
                OptionGroup(
                    label=self.plain(g.group.label, 75),
                    options=[
                        self.option(s, f"{g.group.value}:{s.value}")
                        for s in g.sessions[:OPTIONS_LIMIT]
                    ],
                )
                for g in groups[:OPTIONS_LIMIT]
            ],
        )

    def option_fields(self, option: Opt) -> list[Block]:
        optional = not (option.required or option.asked)
        if option.kind == Kind.DATE:
            picker = DatePickerElement(action_id="value")
            return [self.input(option.key, option.label, picker, optional=optional)]
        element = PlainTextInputElement(action_id="value", multiline=option.multiline)
        if option.kind != Kind.WHEN:
            return [
                self.input(option.key, option.label, element, optional=optional, hint=option.hint)
            ]
        # A day and an hour on pickers, or a part of a month as written ("end of April"):
        # either may be left empty, so the command says what is missing.
        return [
            self.input(
                option.key + DAY, t("day"), DatePickerElement(action_id="value"), optional=True
            ),
            self.input(
                option.key + HOUR, t("time"), TimePickerElement(action_id="value"), optional=True
            ),
            self.input(
                option.key,
                t("or as you would write it"),
                element,
                optional=True,
                hint=option.hint,
            ),
        ]


def _joined(options: tuple[Opt, ...], values: dict[str, str]) -> dict[str, str]:
    """A day and an hour picked, as one value the option reads ("2027-02-12 14:00"); what
    was written in the field beside them when no day was picked."""
    values = dict(values)
    for option in options:
        if option.kind != Kind.WHEN:
            continue
        day, hour = values.pop(option.key + DAY, ""), values.pop(option.key + HOUR, "")
        if day:
            values[option.key] = f"{day} {hour}".strip()
    return values


def values_of(view_state: dict[str, Any]) -> dict[str, str]:
    """Each field's value, whatever its element: typed, picked or chosen."""
    values: dict[str, str] = {}
    for key, actions in (view_state.get("values") or {}).items():
        state = actions.get("value") or {}
        chosen = state.get("selected_option") or {}
        values[key] = (
            state.get("value")
            or state.get("selected_date")
            or state.get("selected_time")
            or chosen.get("value")
            or ""
        )
    return values


def confirmation(preview: str, audience: Audience, metadata: dict[str, str]) -> View:
    """The form's second page: what the command understood, to confirm before it acts."""
    return View(
        type="modal",
        callback_id=CALLBACK_PREFIX + "confirm",
        private_metadata=json.dumps(metadata),
        title=PlainTextObject(text=fit(plain(t("Please confirm"), audience), 24)),
        submit=PlainTextObject(text=fit(plain(t("Open"), audience), 24)),
        close=PlainTextObject(text=fit(plain(t("Cancel"), audience), 24)),
        blocks=[SectionBlock(text=MarkdownTextObject(text=preview[:3000], verbatim=True))],
    )
