"""Sessions of a group's series: finding one, its date as said to people, the upcoming
ones. Scheduling them is in scheduling.py, their role boards in boards.py."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import bindparam

from bot.context import Ctx
from bot.errors import NotAllowed, NotFound
from bot.parsing import number_ref
from bot.store.core import columns, fetch, run, selecting
from bot.store.models import (
    LearningGroup,
    LearningSession,
)
from bot.store.statuses import SessionStatus
from bot.text import Verbatim, t
from bot.views.members import ACTIVE, place


def member_of(ctx: Ctx, group: LearningGroup) -> None:
    row = place(ctx, group, ctx.member_id)
    if row is None or row.status != ACTIVE:
        raise NotAllowed(
            t(
                "You are not a member of “{group}”. Join it first with {command}.",
                group=group.title,
                command=Verbatim(f"/join {group.id}"),
            )
        )


_SESSION = selecting(LearningSession).where(
    columns(LearningSession).group_id == bindparam("group"),
    columns(LearningSession).number == bindparam("number"),
)


def find_session(ctx: Ctx, group: LearningGroup, ref: str) -> LearningSession:
    number = number_ref(ref)
    found = None
    if number is not None:
        found = fetch(ctx.db, LearningSession, _SESSION, group=group.id, number=number)
    if found is None or found.status != SessionStatus.SCHEDULED:
        raise NotFound(
            t(
                "“{group}” has no session {ref}. Send /sessions to see its sessions.",
                group=group.title,
                ref=ref[:20],
            )
        )
    return found


_LOCK = (
    sa.select(columns(LearningSession).id)
    .where(columns(LearningSession).id == bindparam("session"))
    .with_for_update()
)


def lock_session(ctx: Ctx, session: LearningSession) -> None:
    """Take the session's row lock until the event commits: rules about one member in one
    session (one role each) are checked and kept under it. On PostgreSQL a row lock; on
    SQLite the immediate transaction already holds the database's write lock."""
    if ctx.db.get_bind().dialect.name == "sqlite":
        return
    run(ctx.db, _LOCK, session=session.id).one()
