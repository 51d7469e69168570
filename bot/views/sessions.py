"""A session as people read it: its date, its role board, its guiding question."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from bot.context import Reader
from bot.effects import Action
from bot.store.core import columns, run, table
from bot.store.models import LearningGroup, LearningSession, Member, Question, RoleSlot
from bot.store.statuses import SessionStatus
from bot.text import Country, ListOf, Msg, Text, Verbatim, fit, t
from bot.views.readback import month_part
from bot.views.roles import COUNTRY_ROLES, role_label


def session_choice(session: LearningSession) -> Msg:
    """A session on a button that picks it."""
    return t("Session {number}: {title}", number=session.number, title=fit(session.title, 40))


def when_text(session: LearningSession) -> Msg:
    if session.starts_at is not None:
        return t("{when}", when=session.starts_at)
    return month_part(session.approx_text, session.sort_date)


def upcoming(ctx: Reader, group: LearningGroup) -> list[LearningSession]:
    return list(
        ctx.db.exec(
            select(LearningSession)
            .where(
                LearningSession.group_id == group.id,
                LearningSession.status == SessionStatus.SCHEDULED,
                LearningSession.sort_date >= ctx.now.date(),
            )
            .order_by(col(LearningSession.sort_date), col(LearningSession.number))
        ).all()
    )


class Holder(NamedTuple):
    """Who holds a role, as a board shows them."""

    display_name: str
    country: str | None


class Guiding(NamedTuple):
    """A session's guiding question, as boards and reminders show it."""

    id: int
    text: str
    author: str


# Built once, and read as plain columns: every board shown runs these (building a
# statement, and loading whole rows as objects, cost more than running them).
_SLOT, _MEMBER, _QUESTION = columns(RoleSlot), columns(Member), columns(Question)
_SLOTS = (
    sa.select(_SLOT.role, _MEMBER.display_name, _MEMBER.country)
    .join_from(table(RoleSlot), table(Member), _MEMBER.id == _SLOT.member_id, isouter=True)
    .where(_SLOT.session_id == bindparam("session"))
    .order_by(_SLOT.id)
)
_GUIDING = (
    sa.select(_QUESTION.id, _QUESTION.text, _MEMBER.display_name)
    .join_from(table(Question), table(Member), _MEMBER.id == _QUESTION.author_id)
    .where(_QUESTION.session_id == bindparam("session"), _QUESTION.guiding.is_(True))
)


def guiding_question(db: Session, session_id: int | None) -> Guiding | None:
    """The session's guiding question and its author, once one is chosen."""
    found = run(db, _GUIDING, session=session_id).first()
    return Guiding(*found) if found is not None else None


def board(ctx: Reader, session: LearningSession) -> list[Text | Verbatim]:
    return board_with_buttons(ctx, None, session)[0]


def board_with_buttons(
    ctx: Reader, group: LearningGroup | None, session: LearningSession
) -> tuple[list[Text | Verbatim], list[Action]]:
    """The board's lines, and a claim button per open role (when the group is given)."""
    by_role = role_holders(ctx.db, session)
    items: list[Text | Verbatim] = [
        t("Session {number} — {title}", number=session.number, title=session.title),
        when_text(session),
    ]
    cancelled = session.status == SessionStatus.CANCELLED
    if cancelled:
        items.append(t("This session is cancelled."))
    if session.description:
        items.append(Verbatim(session.description))
    if session.link:
        items.append(t("Meeting link: {link}", link=session.link))
    for role, holders in by_role.items():
        names = tuple(holder_name(role, m) for m in holders)
        items.append(t("{role}: {holders}", role=role_label(role), holders=ListOf(names)))
    guiding = guiding_question(ctx.db, session.id)
    if guiding is not None:
        items.append(t("Guiding question: {text} ({name})", text=guiding.text, name=guiding.author))
    buttons = [
        Action(
            t("Claim: {role}", role=role_label(role)),
            "claim",
            f"{role} {session.number} #{group.id}",
        )
        for role, holders in by_role.items()
        if group is not None and None in holders and not cancelled
    ]
    return items, buttons


def role_holders(db: Session, session: LearningSession) -> dict[str, list[Holder | None]]:
    """Each role of the session, in board order, with its holders (None: open)."""
    by_role: dict[str, list[Holder | None]] = {}
    for role, name, country in run(db, _SLOTS, session=session.id).all():
        by_role.setdefault(role, []).append(Holder(name, country) if name is not None else None)
    return by_role


def holder_name(role: str, member: Holder | None) -> Msg:
    if member is None:
        return t("tbd")
    if role in COUNTRY_ROLES and member.country:
        return t("{country} ({name})", country=Country(member.country), name=member.display_name)
    return t("{name}", name=member.display_name)
