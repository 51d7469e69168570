"""Slack forms for what needs several answers at once: schedule a session, ask a question,
open a call for interest. A submission runs the same command as typing it would; a refusal
is shown inside the form, beside the field it most likely concerns."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.effects import Audience
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
    fields: tuple[Field, ...]
    # Where a refusal is shown: the field people most often get wrong.
    error_field: str

    def command_line(self, group: str, values: dict[str, str]) -> str:
        """The command the form stands for. Double quotes delimit values in a command line,
        so a double quote typed in a field becomes a single one."""

        def quoted(key: str) -> str:
            return '"' + values[key].replace('"', "'") + '"'

        where = f"#{group} " if group else ""
        if self.command == "ask":
            return f"{where}{values['session'].strip()} {values['text']}"
        options = " ".join(
            f"{key}={quoted(key)}"
            for key in ("when", "link", "description", "deadline", "title")
            if values.get(key) and key in {f.key for f in self.fields}
        )
        if self.command == "schedule":
            return f"{where}{quoted('subtopic')} {options}"
        # call: one option per line
        choices = " ".join(
            '"' + line.strip().replace('"', "'") + '"'
            for line in values["options"].splitlines()
            if line.strip()
        )
        return f"{where}{options} {choices}"


MODALS: dict[str, Modal] = {
    "schedule": Modal(
        "schedule",
        t("Schedule a session"),
        (
            Field("subtopic", t("Subtopic")),
            Field(
                "when",
                t("When"),
                hint=t("An exact time (12 February 2027 14:00) or a month (end of April)"),
            ),
            Field("link", t("Meeting link"), optional=True),
            Field("description", t("Description"), multiline=True, optional=True),
        ),
        error_field="when",
    ),
    "ask": Modal(
        "ask",
        t("Ask a question"),
        (
            Field("session", t("Session number")),
            Field("text", t("Your question or experience"), multiline=True),
        ),
        error_field="text",
    ),
    "call": Modal(
        "call",
        t("Open a call for interest"),
        (
            Field("title", t("Title"), optional=True),
            Field("options", t("Options, one per line"), multiline=True),
            Field(
                "deadline",
                t("Deadline"),
                hint=t("As you would write it: 15 March, in two weeks, end of April"),
            ),
        ),
        error_field="deadline",
    ),
}


def view(modal: Modal, audience: Audience, metadata: dict[str, str]) -> dict[str, Any]:
    def plain(msg: Msg, limit: int) -> dict[str, Any]:
        return {"type": "plain_text", "text": render(msg, audience, str)[:limit]}

    blocks = []
    for field in modal.fields:
        block: dict[str, Any] = {
            "type": "input",
            "block_id": field.key,
            "optional": field.optional,
            "label": plain(field.label, 2000),
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
