"""Slack forms for what needs several answers at once: schedule a session, ask a question,
open a call for interest. Their fields come from the command's grammar (bot/grammar.py),
labelled in the member's language; a submission runs the command the form stands for, so a
refusal is shown inside the form, beside the field it most likely concerns."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.commands import COMMANDS
from bot.effects import Audience
from bot.grammar import Arg, Kind, Opt, quoted
from bot.i18n import render
from bot.text import Msg, t

CALLBACK_PREFIX = "convener:"


@dataclass(frozen=True)
class Field:
    key: str
    label: Msg
    multiline: bool = False
    optional: bool = False
    hint: Msg | None = None


@dataclass(frozen=True)
class Modal:
    command: str
    title: Msg
    # Where a refusal is shown: the field people most often get wrong.
    error_field: str

    @property
    def fields(self) -> tuple[Field, ...]:
        grammar = COMMANDS[self.command].grammar
        args = tuple(_arg_field(a) for a in grammar.args if a.kind != Kind.GROUP)
        return args + tuple(_opt_field(o) for o in grammar.options if o.in_form)

    def command_line(self, group: str, values: dict[str, str]) -> str:
        """The command the form stands for, each value quoted as the grammar reads it."""
        spec = COMMANDS[self.command]
        parts = [f"#{group}"] if group else []
        for arg in spec.grammar.args:
            value = values.get(arg.key, "").strip()
            if arg.kind == Kind.GROUP or not value:
                continue
            if spec.whole_line:  # free text, read as typed
                parts.append(" ".join(value.split()))
            elif arg.many:
                parts += [quoted(line) for line in value.splitlines() if line.strip()]
            else:
                parts.append(quoted(value))
        for option in spec.grammar.options:
            value = values.get(option.key, "").strip()
            if value and option.in_form:
                parts.append(f"{option.key}={quoted(value)}")
        return " ".join(parts)


def _arg_field(arg: Arg) -> Field:
    return Field(
        arg.key,
        arg.form or arg.label,
        multiline=arg.many or arg.multiline,
        optional=arg.optional and not arg.asked,
    )


def _opt_field(option: Opt) -> Field:
    return Field(
        option.key,
        option.label,
        multiline=option.multiline,
        optional=not (option.required or option.asked),
        hint=option.hint,
    )


MODALS: dict[str, Modal] = {
    "schedule": Modal("schedule", t("Schedule a session"), error_field="when"),
    "ask": Modal("ask", t("Ask a question"), error_field="text"),
    "call": Modal("call", t("Open a call for interest"), error_field="deadline"),
}


def view(modal: Modal, audience: Audience, metadata: dict[str, str]) -> dict[str, Any]:
    def plain(msg: Msg, limit: int) -> dict[str, Any]:
        return {"type": "plain_text", "text": render(msg, audience, str)[:limit]}

    def label(msg: Msg) -> dict[str, Any]:
        text = render(msg, audience, str)
        return {"type": "plain_text", "text": (text[:1].upper() + text[1:])[:2000]}

    blocks = []
    for field in modal.fields:
        block: dict[str, Any] = {
            "type": "input",
            "block_id": field.key,
            "optional": field.optional,
            "label": label(field.label),
            "element": {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": field.multiline,
            },
        }
        if field.hint is not None:
            block["hint"] = plain(field.hint, 2000)
        blocks.append(block)
    return {
        "type": "modal",
        "callback_id": CALLBACK_PREFIX + modal.command,
        "private_metadata": json.dumps(metadata),
        "title": plain(modal.title, 24),
        "submit": plain(t("Send"), 24),
        "close": plain(t("Cancel"), 24),
        "blocks": blocks,
    }


def values_of(view_state: dict[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, actions in (view_state.get("values") or {}).items():
        value = (actions.get("value") or {}).get("value")
        values[key] = value or ""
    return values


def confirmation(preview: str, audience: Audience, metadata: dict[str, str]) -> dict[str, Any]:
    """The form's second page: what the command understood, to confirm before it acts."""
    return {
        "type": "modal",
        "callback_id": CALLBACK_PREFIX + "confirm",
        "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": render(t("Please confirm"), audience, str)[:24]},
        "submit": {"type": "plain_text", "text": render(t("Open"), audience, str)[:24]},
        "close": {"type": "plain_text", "text": render(t("Cancel"), audience, str)[:24]},
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": preview[:3000], "verbatim": True},
            }
        ],
    }
