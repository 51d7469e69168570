"""Slack payloads to engine events: the small converter at the edge.

A Slack user id is unique only within a workspace: the actor carries the workspace (team
id) beside it, and the member's identity keeps both."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from bot.events import Actor, Button, Chat, Command, Event, FreeText, MessageRef

PLATFORM = "slack"
Body = dict[str, Any]


_MARKUP = re.compile(r"<([^<>]*)>")


def _plain(match: re.Match[str]) -> str:
    target, _, label = match.group(1).partition("|")
    if target.startswith("!"):  # <!here>, <!channel>, <!subteam^S1|@team>, <!date^…|fallback>
        return label or "@" + target[1:].split("^")[0]
    if target.startswith(("@", "#")):  # <@U123|ana>, <#C123|general>
        return target[0] + (label or target[1:])
    return label if label and not target.startswith("mailto:") else target.removeprefix("mailto:")


def decode(text: str) -> str:
    """What the person typed, from Slack's encoding of it: links and mentions written back as
    text, then &lt; &gt; &amp; (Slack encodes every typed <, > and &, so any < > left is
    Slack's own markup)."""
    text = _MARKUP.sub(_plain, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _chat(channel: str) -> Chat:
    # Direct messages with the app have ids starting with D.
    return Chat(PLATFORM, channel, private=channel.startswith("D"))


def from_command(body: Body) -> Command:
    """`/convener claim chair 2` -> Command("claim", "chair 2")."""
    team = body["team_id"]
    actor = Actor(PLATFORM, body["user_id"], body.get("user_name", ""), workspace=team)
    name, _, args = decode(body.get("text") or "").strip().partition(" ")
    return Command(actor, _chat(body["channel_id"]), (name or "help").lower(), args.strip())


def interaction_actor(body: Body) -> Actor:
    """Who pressed a button or sent a form (interaction payloads carry team and user)."""
    team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
    user = body["user"]
    name = user.get("name") or user.get("username", "")
    return Actor(PLATFORM, user["id"], name, workspace=team)


def from_action(body: Body) -> Button | None:
    actions = body.get("actions") or []
    if not actions:
        return None
    actor = interaction_actor(body)
    channel = (body.get("channel") or body.get("container") or {}).get("id") or (
        body.get("container") or {}
    ).get("channel_id", "")
    message = body.get("message") or {}
    ref = MessageRef(PLATFORM, channel, message["ts"]) if message.get("ts") else None
    command, _, args = (actions[0].get("value") or "").partition(" ")
    if not command:
        return None  # a link button: Slack opened its URL, and tells us it was pressed
    return Button(actor, _chat(channel), command, args, ref)


def from_message(body: Body, event: Body) -> Event | None:
    """A direct message to the app: the answer to a question, or talk."""
    if event.get("subtype") or event.get("bot_id") or event.get("channel_type") != "im":
        return None
    team = event.get("team") or body.get("team_id", "")
    actor = Actor(PLATFORM, event["user"], "", workspace=team)
    text = decode(event.get("text") or "")
    chat = _chat(event["channel"])
    if text.startswith("/"):
        name, _, args = text[1:].partition(" ")
        return Command(actor, chat, name.lower(), args.strip())
    return FreeText(actor, chat, text)


def request_key(body: dict[str, Any], headers: dict[str, Sequence[str]], raw: str) -> str | None:
    """What identifies one Slack request across retries and replays: an event's id, else
    the interaction's trigger id (one per command, press or form), else the digest of its
    signed timestamp and body; None for a Socket Mode request without either (Slack does
    not send those twice, and nobody else can)."""
    event_id = body.get("event_id")
    if event_id:
        return f"slack:event:{event_id}"
    trigger = body.get("trigger_id")
    if trigger:
        return f"slack:trigger:{trigger}"
    if not raw:
        return None
    stamp = next(iter(headers.get("x-slack-request-timestamp", ())), "")
    digest = hashlib.sha256(f"{stamp}:{raw}".encode()).hexdigest()
    return f"slack:request:{digest}"
