"""What a platform's form for a command may offer: the groups the member may use it in and
their upcoming sessions, in the member's own language. Read only."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Ctx
from bot.effects import Audience
from bot.errors import ConvenerError
from bot.features.access import find_group, visible
from bot.store.models import LearningGroup
from bot.text import Msg, Verbatim, fit, t
from bot.views.members import ACTIVE, is_facilitator, my_groups
from bot.views.sessions import session_choice, upcoming


@dataclass(frozen=True)
class Choice:
    value: str
    label: Msg


@dataclass(frozen=True)
class GroupChoices:
    group: Choice
    sessions: tuple[Choice, ...]


@dataclass(frozen=True)
class FormFacts:
    audience: Audience
    groups: tuple[GroupChoices, ...]


def facts(ctx: Ctx, *, facilitators_only: bool, group_ref: str = "") -> FormFacts:
    """The groups a form may offer: the one named, else the chat's linked group, else the
    member's own (those they facilitate, for facilitators' commands)."""
    groups: list[LearningGroup]
    if group_ref:
        try:
            groups = [find_group(ctx, group_ref)]
        except ConvenerError:  # the command refuses it, once the form is sent
            groups = []
    elif (linked := ctx.chat_group()) is not None:
        groups = [linked]
    else:
        groups = [g for g in my_groups(ctx, ACTIVE) if g.parent_id is None]
    groups = [
        g for g in groups if visible(ctx, g) and (not facilitators_only or is_facilitator(ctx, g))
    ]
    return FormFacts(
        ctx.audience,
        tuple(
            GroupChoices(
                Choice(
                    str(g.id),
                    t("#{number} {group}", number=Verbatim(str(g.id)), group=fit(g.title, 40)),
                ),
                tuple(Choice(str(s.number), session_choice(s)) for s in upcoming(ctx, g)[:99]),
            )
            for g in groups[:99]
        ),
    )
