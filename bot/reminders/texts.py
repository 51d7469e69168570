"""What a due reminder says, written at sending time from the current state.

The dispatcher calls `compose` for each claimed row. The text is written for its member (a
`Reader`: who reads, in which transaction, no event) from the same views the commands
show: a call's options with answer buttons, a session's board with claim buttons, a call's
results. Composing only reads. A reminder that is no longer wanted (answered, released,
cancelled, too late) is not sent: `compose` returns why instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.clock import FixedClock
from bot.context import Reader
from bot.effects import Action, Address, Attachment, Send
from bot.errors import ConvenerError
from bot.identities import Who
from bot.reminders import kinds
from bot.settings import Settings
from bot.store.models import (
    Announcement,
    Identity,
    InterestCall,
    LearningGroup,
    LearningSession,
    Member,
    Membership,
    Product,
    ProductAuthor,
    Reminder,
)
from bot.store.statuses import (
    IN_WRITING,
    MembershipStatus,
    ReminderStatus,
    SendOutcome,
    SessionStatus,
)
from bot.takeout import calendar
from bot.text import ListOf, Text, Verbatim, lines, t
from bot.views import calls, products
from bot.views.roles import holds, role_label
from bot.views.sessions import board_with_buttons, guiding_question, when_text

NOT_DUE = "no longer due"
UNREACHABLE = SendOutcome.UNREACHABLE

Composed = tuple[Text, list[Action]] | str


@dataclass
class Prefetched:
    """What composing a batch of rows needs, loaded in a few queries (the members, groups
    and announcements are then in the session, which holds what it loads)."""

    identities: dict[int, Identity]  # where each member was last seen and still reachable
    active: set[tuple[int, int]]  # (group, member) of active memberships


def prefetch(
    session: Session, reminders: list[Reminder], platforms: frozenset[str] | None = None
) -> Prefetched:
    """What composing a batch needs, read at once. A member is written to where they were
    last seen among `platforms` (those this process serves; all when None)."""
    member_ids = {r.member_id for r in reminders}
    session.exec(select(Member).where(col(Member.id).in_(member_ids))).all()
    groups = {r.group_id for r in reminders}
    session.exec(select(LearningGroup).where(col(LearningGroup.id).in_(groups))).all()
    announced = {r.subject_id for r in reminders if r.kind == kinds.ANNOUNCEMENT}
    if announced:
        rows = session.exec(select(Announcement).where(col(Announcement.id).in_(announced))).all()
        authors = {a.author_id for a in rows}
        session.exec(select(Member).where(col(Member.id).in_(authors))).all()
    found: dict[int, Identity] = {}
    reachable = select(Identity).where(
        col(Identity.member_id).in_(member_ids), col(Identity.unreachable_since).is_(None)
    )
    if platforms is not None:
        reachable = reachable.where(col(Identity.platform).in_(platforms))
    for identity in session.exec(reachable.order_by(col(Identity.last_seen_at))).all():
        found[identity.member_id] = identity  # the last seen wins
    active = {
        (group_id, member_id)
        for group_id, member_id in session.exec(
            select(Membership.group_id, Membership.member_id).where(
                col(Membership.group_id).in_(groups),
                col(Membership.member_id).in_(member_ids),
                Membership.status == MembershipStatus.ACTIVE,
            )
        ).all()
    }
    return Prefetched(found, active)


# Kinds sent to a group's members as such: a member who left gets none of them.
FOR_MEMBERS = frozenset({kinds.CALL, kinds.SESSION, kinds.OPEN_ROLES, kinds.ANNOUNCEMENT})


def compose(
    session: Session, row: Reminder, now: datetime, settings: Settings, loaded: Prefetched
) -> Send | str:
    """The message for one due row (after `prefetch` of its batch), or why it is not sent."""
    member = session.get(Member, row.member_id)
    group = session.get(LearningGroup, row.group_id)
    identity = loaded.identities.get(row.member_id)
    if member is None or group is None:
        return NOT_DUE
    if row.kind in FOR_MEMBERS and (row.group_id, row.member_id) not in loaded.active:
        return NOT_DUE
    if identity is None:
        return UNREACHABLE
    ctx = Reader(session, Who.of(member, identity), FixedClock(now), settings)
    try:
        made = _BUILDERS[row.kind](ctx, group, row.subject_id)
    except ConvenerError:  # the member lost the right to see it (left the group, ...)
        return NOT_DUE
    if isinstance(made, str):
        return made
    text, buttons = made
    return Send(
        Address(identity.platform, "user", identity.external_id),
        text,
        ctx.audience_of(member, identity, group),
        tuple(buttons),
        _calendar_event(ctx, group, row),
    )


def _calendar_event(ctx: Reader, group: LearningGroup, row: Reminder) -> Attachment | None:
    """The session's calendar event goes with the first reminder of it a member gets
    (members who joined late and new role holders included)."""
    if row.kind != kinds.SESSION:
        return None
    earlier = ctx.db.exec(
        select(Reminder.id).where(
            Reminder.kind == kinds.SESSION,
            Reminder.subject_id == row.subject_id,
            Reminder.member_id == row.member_id,
            Reminder.status == ReminderStatus.SENT,
        )
    ).first()
    found = ctx.db.get(LearningSession, row.subject_id)
    if earlier is not None or found is None or found.starts_at is None:
        return None
    zone = ctx.settings.default_timezone
    return calendar.attachment(ctx.db, group, [found], ctx.now, zone)


def _call(ctx: Reader, group: LearningGroup, call_id: int) -> Composed:
    call = ctx.db.get(InterestCall, call_id)
    if call is None or not calls.is_open(ctx, call) or calls.answered(ctx, call, ctx.member_id):
        return NOT_DUE
    headline = t(
        "Reminder from “{group}”: reply by {day}.", group=group.title, day=calls.deadline(call)
    )
    title, _answer_by, *options = calls.call_card(ctx, call)  # the headline says when
    return lines(headline, title, *options), calls.answer_buttons(ctx, call)


def _call_results(ctx: Reader, group: LearningGroup, call_id: int) -> Composed:
    call = ctx.db.get(InterestCall, call_id)
    if call is None:
        return NOT_DUE
    if calls.is_open(ctx, call):
        return NOT_DUE
    headline = t(
        "Call {call} of “{group}” is closed. The answers:", call=call_id, group=group.title
    )
    return lines(headline, calls.answers_text(ctx, call, group)), []


def _session(ctx: Reader, found: LearningSession | None) -> LearningSession | None:
    if found is None or found.status != SessionStatus.SCHEDULED:
        return None
    if found.starts_at is not None and found.starts_at <= ctx.now:
        return None
    return found


def _held(ctx: Reader, session: LearningSession) -> list[str]:
    return [slot.role for slot in holds(ctx, session, ctx.member_id)]


def _upcoming(ctx: Reader, group: LearningGroup, session_id: int) -> Composed:
    found = _session(ctx, ctx.db.get(LearningSession, session_id))
    if found is None or found.starts_at is None:
        return NOT_DUE
    items, buttons = board_with_buttons(ctx, group, found)
    headline = t(
        "Reminder: session {number} of “{group}” is on {when}.",
        number=found.number,
        group=group.title,
        when=found.starts_at,
    )
    return lines(headline, *items), buttons


def _last_call(ctx: Reader, group: LearningGroup, session_id: int) -> Composed:
    found = _session(ctx, ctx.db.get(LearningSession, session_id))
    roles = _held(ctx, found) if found is not None else []
    if found is None or found.starts_at is None or not roles:
        return NOT_DUE
    return lines(
        t(
            "Session {number} of “{group}” starts in one hour ({when}). You are {roles}.",
            number=found.number,
            group=group.title,
            when=found.starts_at,
            roles=ListOf(tuple(role_label(r) for r in dict.fromkeys(roles))),
        ),
        t("Meeting link: {link}", link=found.link) if found.link else None,
    ), []


def _discussant(ctx: Reader, group: LearningGroup, session_id: int) -> Composed:
    found = _session(ctx, ctx.db.get(LearningSession, session_id))
    if found is None or "discussant" not in _held(ctx, found):
        return NOT_DUE
    if guiding_question(ctx.db, session_id) is not None:
        return NOT_DUE
    where = f"{found.number} #{group.id}"
    return lines(
        t(
            "You are discussant of session {number} of “{group}” ({when}): its guiding"
            " question is due now.",
            number=found.number,
            group=group.title,
            when=when_text(found),
        ),
        t(
            "Pick one of the members' questions with {questions} and {guiding}, or ask your"
            " own with {ask}.",
            questions=Verbatim(f"/questions {where}"),
            guiding=Verbatim("/guiding <question>"),
            ask=Verbatim(f"/ask {where} ..."),
        ),
    ), []


def _chair(ctx: Reader, group: LearningGroup, session_id: int) -> Composed:
    found = _session(ctx, ctx.db.get(LearningSession, session_id))
    if found is None or "chair" not in _held(ctx, found):
        return NOT_DUE
    items, _ = board_with_buttons(ctx, None, found)
    return lines(
        t(
            "You chair session {number} of “{group}” ({when}). Time to convene the discussant"
            " and the focal country to prepare it.",
            number=found.number,
            group=group.title,
            when=when_text(found),
        ),
        *items,
    ), []


def _open_roles(ctx: Reader, group: LearningGroup, session_id: int) -> Composed:
    found = _session(ctx, ctx.db.get(LearningSession, session_id))
    if found is None:
        return NOT_DUE
    items, buttons = board_with_buttons(ctx, group, found)
    if not buttons:
        return NOT_DUE
    return lines(
        t(
            "Session {number} of “{group}” ({when}) still has open roles. Claim one:",
            number=found.number,
            group=group.title,
            when=when_text(found),
        ),
        *items,
    ), buttons


def _product(ctx: Reader, group: LearningGroup, product_id: int) -> Composed:
    product = ctx.db.get(Product, product_id)
    author = ctx.db.get(ProductAuthor, (product_id, ctx.member_id))
    if (
        product is None
        or author is None
        or product.due_date is None
        or product.status not in IN_WRITING
        or product.due_date < ctx.now.date()
    ):
        return NOT_DUE
    return lines(
        t(
            "Reminder: “{title}” ({group}) is due on {day}.",
            title=product.title,
            group=group.title,
            day=product.due_date,
        ),
        products.line(ctx, product),
        t(
            "Tell the group how it goes with {command}.",
            command=Verbatim(f"/updateproduct {product_id} status=..."),
        ),
    ), []


def _announcement(ctx: Reader, group: LearningGroup, announcement_id: int) -> Composed:
    found = ctx.db.get(Announcement, announcement_id)
    if found is None:
        return NOT_DUE
    author = ctx.db.get(Member, found.author_id)
    return lines(
        t(
            "Announcement from {name} to “{group}”:",
            name=author.display_name if author else "?",
            group=group.title,
        ),
        t("{text}", text=found.text),
    ), []


_BUILDERS: dict[str, Callable[[Reader, LearningGroup, int], Composed]] = {
    kinds.CALL: _call,
    kinds.CALL_RESULTS: _call_results,
    kinds.SESSION: _upcoming,
    kinds.SESSION_HOUR: _last_call,
    kinds.DISCUSSANT: _discussant,
    kinds.CHAIR: _chair,
    kinds.OPEN_ROLES: _open_roles,
    kinds.PRODUCT: _product,
    kinds.ANNOUNCEMENT: _announcement,
}
