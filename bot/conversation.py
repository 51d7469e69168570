"""Asking a question and taking the member's next message in that chat as the answer.

A flow is a list of steps and a finish function. Its state is a row (it survives a restart)
that expires; every step can also be answered up front as a command argument.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam

from bot.context import Ctx
from bot.effects import Action
from bot.errors import ConvenerError
from bot.store.core import columns, fetch, load, selecting
from bot.store.models import Conversation
from bot.text import Msg, Text, lines, t
from bot.words import keywords

Data = dict[str, Any]
SKIP = keywords("answer", "skip|-|none")
# A button that answers the question it came with carries this command and the answer.
ANSWER = "="


class Reask(ConvenerError):
    """The answer changed what was asked (another reading of a date): say so, ask again."""


@dataclass(frozen=True)
class Step:
    key: str
    question: Msg
    # Turns the answer into a JSON value, or raises BadInput saying what was wrong.
    parse: Callable[[Ctx, str, Data], Any]
    optional: bool = False
    # A question built from the answers so far ("Open this call, deadline 15 March?").
    describe: Callable[[Ctx, Data], Text] | None = None
    # Buttons for the closed answers (yes/no, a policy): each answers with its text.
    choices: Callable[[Ctx, Data], Sequence[Action]] | None = None


@dataclass(frozen=True)
class Flow:
    name: str
    steps: tuple[Step, ...]
    finish: Callable[[Ctx, Data], None]
    # Said when /cancel ends this flow ("Group creation cancelled").
    cancelled: Msg


def _next_step(flow: Flow, data: Data) -> Step | None:
    ask_optional = data.get("_ask_optional", True)
    for step in flow.steps:
        if step.key in data:
            continue
        if step.optional and not ask_optional:
            continue
        return step
    return None


# Built once: every free-text message asks it.
_COLUMNS = columns(Conversation)
_CURRENT = selecting(Conversation).where(
    _COLUMNS.member_id == bindparam("member"),
    _COLUMNS.platform == bindparam("platform"),
    _COLUMNS.chat_id == bindparam("chat"),
)
_ANY_CHAT = (
    selecting(Conversation)
    .where(_COLUMNS.member_id == bindparam("member"), _COLUMNS.platform == bindparam("platform"))
    .order_by(_COLUMNS.expires_at.desc())
)


def _in_this_chat(ctx: Ctx) -> Conversation | None:
    chat = ctx.event.chat
    if ctx.me.waiting_known:  # read when the actor was identified
        waiting = ctx.me.waiting
        return load(ctx.db, Conversation, waiting) if waiting is not None else None
    return fetch(
        ctx.db,
        Conversation,
        _CURRENT,
        member=ctx.member_id,
        platform=chat.platform,
        chat=chat.chat_id,
    )


def current(ctx: Ctx) -> Conversation | None:
    """The question this message answers: one asked in this chat, or, in a private chat,
    one asked elsewhere on this platform (Slack cannot hear answers in channels, so it asks
    people to answer in a direct message)."""
    chat = ctx.event.chat
    found = _in_this_chat(ctx)
    if found is None and chat.private:
        found = fetch(ctx.db, Conversation, _ANY_CHAT, member=ctx.member_id, platform=chat.platform)
    return found


def start(ctx: Ctx, flow: Flow, data: Data) -> None:
    """Ask the first unanswered step, or finish at once when nothing is missing."""
    step = _next_step(flow, data)
    if step is None:
        _finish(ctx, flow, data, None)
        return
    conversation = current(ctx) or Conversation(
        member_id=ctx.member_id,
        platform=ctx.event.chat.platform,
        chat_id=ctx.event.chat.chat_id,
        flow=flow.name,
        step=step.key,
        expires_at=ctx.now,
    )
    _save(ctx, conversation, flow, step, data)
    _ask(ctx, step, data)


def answer(ctx: Ctx, conversation: Conversation, flows: dict[str, Flow], text: str) -> None:
    flow = flows.get(conversation.flow)
    if conversation.expires_at <= ctx.now or flow is None:
        ctx.db.delete(conversation)
        ctx.reply(
            t(
                "That question has expired, so I did not take your answer."
                " Please start again; send /help to see the commands."
            )
        )
        return
    data: Data = json.loads(conversation.data)
    step = next((s for s in flow.steps if s.key == conversation.step), None)
    if step is None:
        ctx.db.delete(conversation)
        return
    if step.optional and SKIP.matches(text):
        data[step.key] = None
    else:
        try:
            data[step.key] = step.parse(ctx, text, data)
        except Reask as changed:
            ctx.reply(lines(changed.msg), private=True)
            _save(ctx, conversation, flow, step, data)
            _ask(ctx, step, data)
            return
        except ConvenerError as refusal:
            ctx.reply(
                lines(t("Your answer to this question was not taken:"), refusal.msg),
                private=True,
            )
            _ask(ctx, step, data)
            return
    following = _next_step(flow, data)
    if following is None:
        _finish(ctx, flow, data, conversation)
        return
    _save(ctx, conversation, flow, following, data)
    _ask(ctx, following, data)


def drop(ctx: Ctx, flows: dict[str, Flow], *, restarting: str) -> Msg | None:
    """Another command ends a pending question, so a later stray line is not taken for its
    answer; returns what to tell the member, if a question was pending (not when the
    command starts the same questions again)."""
    conversation = _in_this_chat(ctx)
    if conversation is None:  # the usual case, known since the actor was identified
        return None
    ctx.db.delete(conversation)
    ctx.db.flush()
    flow = flows.get(conversation.flow)
    step = next((s for s in flow.steps if s.key == conversation.step), None) if flow else None
    if step is None or conversation.flow == restarting:
        return None
    return t(
        "(I stopped waiting for your answer to: {question} Send the command again to start over.)",
        question=step.question,
    )


def choice(label: Msg, answer: str) -> Action:
    """A button that answers the pending question with `answer`."""
    return Action(label, ANSWER, answer)


def cancel(ctx: Ctx, flows: dict[str, Flow]) -> None:
    conversation = current(ctx)
    if conversation is None:
        ctx.reply(t("There is nothing to cancel."), private=True)
        return
    ctx.db.delete(conversation)
    flow = flows.get(conversation.flow)
    ctx.reply(flow.cancelled if flow else t("Cancelled."))


def _save(ctx: Ctx, conversation: Conversation, flow: Flow, step: Step, data: Data) -> None:
    conversation.flow = flow.name
    conversation.step = step.key
    conversation.data = json.dumps(data)
    conversation.expires_at = ctx.now + timedelta(minutes=ctx.settings.conversation_timeout_minutes)
    ctx.db.add(conversation)


def _ask(ctx: Ctx, step: Step, data: Data) -> None:
    hint: Text = (
        t("(Send - to skip, /cancel to stop.)") if step.optional else t("(Send /cancel to stop.)")
    )
    question = step.describe(ctx, data) if step.describe else step.question
    buttons = list(step.choices(ctx, data)) if step.choices else []
    if step.optional:
        buttons.append(choice(t("Skip"), SKIP.spelled(ctx.audience.locale)))
    ctx.prompt(lines(question, hint), buttons)


def _finish(ctx: Ctx, flow: Flow, data: Data, conversation: Conversation | None) -> None:
    # A savepoint: if the last check refuses (a title taken meanwhile), nothing of the finish
    # is kept, but the conversation still ends and the person is told why.
    savepoint = ctx.db.begin_nested()
    effects_before = len(ctx.effects)
    try:
        flow.finish(ctx, {k: v for k, v in data.items() if not k.startswith("_")})
        savepoint.commit()
    except ConvenerError as refusal:
        savepoint.rollback()
        del ctx.effects[effects_before:]
        if conversation is None:
            raise
        ctx.reply(lines(refusal.msg, t("Nothing was saved. Please start again.")), private=True)
    if conversation is not None:
        ctx.db.delete(conversation)
