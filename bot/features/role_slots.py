"""How many slots of which role a session has: the group's template, and resizing."""

from __future__ import annotations

import json

from sqlmodel import col, select

from bot import parsing
from bot.args import Args, parse, split
from bot.context import Ctx
from bot.errors import BadInput, Conflict
from bot.store.models import LearningGroup, LearningSession, RoleSlot
from bot.text import Verbatim, t
from bot.views.roles import role_key, role_label

MAX_SLOTS = 10
MAX_ROLES = 12


def template(group: LearningGroup) -> dict[str, int]:
    return {str(k): int(v) for k, v in json.loads(group.role_template).items()}


def counts(raw_tokens: list[str]) -> dict[str, int]:
    """`chair=1 "note taker"=2`: role words (English, French or a new role's name) = count."""
    result: dict[str, int] = {}
    for token in raw_tokens:
        name, sep, number = token.rpartition("=")
        if not sep or not name.strip():
            raise BadInput(
                t(
                    "Write each role as role=count, for example {example}; “{token}” is not.",
                    example=Verbatim('chair=1 coblogger=2 "note taker"=1'),
                    token=token[:40],
                )
            )
        key = role_key(parsing.clean_text(name, field=t("role"), max_len=40))
        result[key] = parsing.whole_number(
            number, field=t("number of slots"), low=0, high=MAX_SLOTS, example=1
        )
    if not result:
        raise BadInput(
            t(
                "Name the roles and how many of each, for example {example}.",
                example=Verbatim('chair=1 focal=1 discussant=1 coblogger=3 "note taker"=1'),
            )
        )
    return result


def split_counts(raw: str) -> tuple[Args, dict[str, int]]:
    """The #group and plain words of a command, and its role=count pairs."""
    tokens = split(raw)
    pairs = [tok for tok in tokens if "=" in tok and not tok.startswith("group=")]
    rest = " ".join(f'"{tok}"' for tok in tokens if tok not in pairs)
    return parse(rest), counts(pairs)


def create(ctx: Ctx, session: LearningSession, wanted: dict[str, int]) -> None:
    assert session.id is not None
    for role, count in wanted.items():
        for slot in range(1, count + 1):
            ctx.db.add(RoleSlot(session_id=session.id, role=role, slot=slot))
    ctx.db.flush()


def resize(ctx: Ctx, session: LearningSession, wanted: dict[str, int]) -> None:
    """Add slots, or drop free ones from the end; a held slot is never dropped."""
    assert session.id is not None
    for role, count in wanted.items():
        slots = list(
            ctx.db.exec(
                select(RoleSlot)
                .where(RoleSlot.session_id == session.id, RoleSlot.role == role)
                .order_by(col(RoleSlot.slot))
            ).all()
        )
        held = [s for s in slots if s.member_id is not None]
        if count < len(held):
            raise Conflict(
                t(
                    "{held} people hold {role} in session {number}; release or unassign them"
                    " before going down to {count}.",
                    held=len(held),
                    role=role_label(role),
                    number=session.number,
                    count=count,
                )
            )
        free = [s for s in slots if s.member_id is None]
        surplus = len(slots) - count
        for slot in sorted(free, key=lambda s: s.slot, reverse=True)[: max(surplus, 0)]:
            ctx.db.delete(slot)
        top = max((s.slot for s in slots), default=0)
        for extra in range(max(-surplus, 0)):
            ctx.db.add(RoleSlot(session_id=session.id, role=role, slot=top + extra + 1))
    ctx.db.flush()
    if len(_roles(ctx, session)) > MAX_ROLES:
        raise BadInput(t("A session can have at most {max} roles.", max=MAX_ROLES))


def _roles(ctx: Ctx, session: LearningSession) -> list[str]:
    return list(
        ctx.db.exec(select(RoleSlot.role).where(RoleSlot.session_id == session.id).distinct()).all()
    )
