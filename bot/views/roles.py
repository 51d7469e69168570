"""Role names: the built-in keys, their words in English and French, custom roles."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import bindparam

from bot.context import Reader
from bot.store.core import columns, run, table
from bot.store.models import LearningSession, RoleSlot
from bot.store.statuses import SessionStatus
from bot.text import Msg, Verbatim, t
from bot.words import Words, fold, keywords, lookup

ROLE_NAMES: dict[str, Msg] = {
    "chair": t("chair"),
    "focal": t("focal country"),
    "discussant": t("discussant country"),
    "coblogger": t("co-blogger"),
}
COUNTRY_ROLES = ("focal", "discussant")
# The words that name each built-in role, in every language (from the catalogs).
_ROLE_WORDS: dict[str, Words] = {
    "chair": keywords("role", "chair|president|moderator"),
    "focal": keywords("role", "focal country|focal"),
    "discussant": keywords("role", "discussant country|discussant"),
    "coblogger": keywords("role", "co-blogger|coblogger|blogger"),
}


def role_label(role: str) -> Msg | Verbatim:
    return ROLE_NAMES.get(role) or Verbatim(role)


def role_key(word: str) -> str:
    """The built-in role a word names, in any language we speak; else the word itself (a
    custom role)."""
    return lookup(_ROLE_WORDS, word) or fold(word)


class Slot(NamedTuple):
    """One seat on a session's board, as the role commands read it."""

    id: int
    role: str
    slot: int
    member_id: int | None


_SLOT = columns(RoleSlot)
_SLOTS = (
    sa.select(_SLOT.id, _SLOT.role, _SLOT.slot, _SLOT.member_id)
    .where(_SLOT.session_id == bindparam("session"))
    .order_by(_SLOT.role, _SLOT.slot)
)
_HELD = _SLOTS.where(_SLOT.member_id == bindparam("member"))


def slots_of(ctx: Reader, session: LearningSession) -> list[Slot]:
    """Every seat of the session's board, each role's in order."""
    return [Slot(*row) for row in run(ctx.db, _SLOTS, session=session.id)]


def holds(ctx: Reader, session: LearningSession, member_id: int) -> list[Slot]:
    """The seats the member holds in the session."""
    return [Slot(*row) for row in run(ctx.db, _HELD, session=session.id, member=member_id)]


_SESSION = columns(LearningSession)
_HELD_TO_COME = (
    sa.select(_SLOT.session_id, _SLOT.id, _SLOT.role, _SLOT.slot, _SLOT.member_id)
    .join_from(table(RoleSlot), table(LearningSession), _SESSION.id == _SLOT.session_id)
    .where(
        _SESSION.group_id == bindparam("group"),
        _SESSION.status == SessionStatus.SCHEDULED.value,
        _SESSION.sort_date >= bindparam("today"),
        _SLOT.member_id == bindparam("member"),
    )
    .order_by(_SESSION.sort_date, _SESSION.number, _SLOT.role, _SLOT.slot)
)


def held_to_come(ctx: Reader, group_id: int, member_id: int) -> list[tuple[int, Slot]]:
    """The seats the member holds in the group's sessions to come, with their session's id
    (one statement, however many sessions the series has)."""
    rows = run(ctx.db, _HELD_TO_COME, group=group_id, today=ctx.now.date(), member=member_id)
    return [(session_id, Slot(*seat)) for session_id, *seat in rows]
