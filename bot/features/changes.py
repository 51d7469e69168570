"""What features change, as typed domain events, and who reacts to them.

A feature raises each change once with `changed(ctx, SomeChange(...))`. The subscribers,
registered here and nowhere else, react: the group's history keeps a row, the reminders
that derive from the change are replanned, the posted boards of its session are edited
and the other chats linked to the group told. A feature never calls those itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy import bindparam, func

from bot.context import Ctx
from bot.features.boards import edit_boards, sync_boards
from bot.features.history import keep
from bot.store.core import columns, run, table
from bot.store.models import (
    Announcement,
    InterestCall,
    LearningGroup,
    LearningSession,
    Product,
    RoleSlot,
)
from bot.text import Msg
from bot.views.members import ACTIVE, my_groups

Params = dict[str, str | int]


@dataclass(frozen=True)
class Change:
    """Something that changed in `group`, made by the event's actor."""

    # Its history kind ("role.claimed"), one sentence each; None for changes the group's
    # history does not keep (a member's place, reminder settings).
    KIND: ClassVar[str | None] = None
    group: LearningGroup

    def params(self) -> Params:
        return {}


@dataclass(frozen=True)
class SessionChange(Change):
    session: LearningSession

    def params(self) -> Params:
        return {"number": self.session.number}


@dataclass(frozen=True)
class SessionScheduled(SessionChange):
    KIND = "session.scheduled"

    def params(self) -> Params:
        return {"number": self.session.number, "title": self.session.title}


@dataclass(frozen=True)
class SessionChanged(SessionChange):
    KIND = "session.changed"
    fields: str

    def params(self) -> Params:
        return {"number": self.session.number, "fields": self.fields}


@dataclass(frozen=True)
class SessionCancelled(SessionChange):
    KIND = "session.cancelled"

    def params(self) -> Params:
        return {"number": self.session.number, "title": self.session.title}


@dataclass(frozen=True)
class SlotsChanged(SessionChange):
    KIND = "session.slots"


@dataclass(frozen=True)
class TemplateChanged(Change):
    KIND = "group.template"


@dataclass(frozen=True)
class RoleChange(SessionChange):
    """A role of a session changed hands: the boards change, the other chats hear of it."""

    role: str
    # Whose role it is, and whether they took it (else gave it back): only their reminders
    # change, unless the session's roles just filled up or opened again.
    holder: int = field(kw_only=True)
    taken: bool = field(kw_only=True)
    # The slots open before the change, when the command counted them on the board it
    # read under the session's lock (else those left open are counted in the database).
    open_before: int | None = field(default=None, kw_only=True)

    def params(self) -> Params:
        return {"role": self.role, "number": self.session.number}


@dataclass(frozen=True)
class RoleClaimed(RoleChange):
    KIND = "role.claimed"


@dataclass(frozen=True)
class RoleReleased(RoleChange):
    KIND = "role.released"


@dataclass(frozen=True)
class RoleOfOther(RoleChange):
    name: str  # whose role it is

    def params(self) -> Params:
        return {"role": self.role, "number": self.session.number, "name": self.name}


@dataclass(frozen=True)
class RoleAssigned(RoleOfOther):
    KIND = "role.assigned"


@dataclass(frozen=True)
class RoleUnassigned(RoleOfOther):
    KIND = "role.unassigned"


@dataclass(frozen=True)
class RoleVacated(RoleOfOther):
    """Its holder left the group."""

    KIND = "role.vacated"


@dataclass(frozen=True)
class QuestionChange(Change):
    question: int

    def params(self) -> Params:
        return {"question": self.question}


@dataclass(frozen=True)
class QuestionAsked(QuestionChange):
    KIND = "question.asked"
    session: LearningSession

    def params(self) -> Params:
        return {"question": self.question, "number": self.session.number}


@dataclass(frozen=True)
class QuestionGuiding(QuestionAsked):
    """The session's guiding question, shown on its board."""

    KIND = "question.guiding"


@dataclass(frozen=True)
class QuestionUpvoted(QuestionChange):
    KIND = "question.upvoted"


@dataclass(frozen=True)
class QuestionWithdrawn(QuestionChange):
    KIND = "question.withdrawn"


@dataclass(frozen=True)
class QuestionClosed(QuestionChange):
    KIND = "question.closed"


@dataclass(frozen=True)
class CallChange(Change):
    call: InterestCall

    def params(self) -> Params:
        return {"call": self.call.id or 0}


@dataclass(frozen=True)
class CallOpened(CallChange):
    KIND = "call.opened"
    deadline: date

    def params(self) -> Params:
        return {"call": self.call.id or 0, "deadline": self.deadline.isoformat()}


@dataclass(frozen=True)
class CallAnswered(CallChange):
    """Only the answerer's reminders of the call change."""

    KIND = "call.answered"


@dataclass(frozen=True)
class CallClosed(CallChange):
    """Closed early by a facilitator: its results go out at once."""

    KIND = "call.closed"


@dataclass(frozen=True)
class CallAwarded(CallChange):
    KIND = "call.awarded"
    option: str
    name: str

    def params(self) -> Params:
        return {"call": self.call.id or 0, "option": self.option, "name": self.name}


@dataclass(frozen=True)
class StreamChange(Change):
    """`group` is the work stream's parent group; `title` the stream's."""

    title: str

    def params(self) -> Params:
        return {"title": self.title}


@dataclass(frozen=True)
class StreamCreated(StreamChange):
    KIND = "stream.created"
    stream: int

    def params(self) -> Params:
        return {"stream": self.stream, "title": self.title}


@dataclass(frozen=True)
class StreamChairTaken(StreamChange):
    KIND = "stream.chair"


@dataclass(frozen=True)
class StreamChairReleased(StreamChange):
    KIND = "stream.chair_released"


@dataclass(frozen=True)
class PlaceChanged(Change):
    """A member's place in the group changed: seated, promoted from the waitlist, made a
    facilitator, gone; or their time zone or reminder settings changed."""

    member_id: int


@dataclass(frozen=True)
class ReminderTimesChanged(Change):
    """A facilitator set when the group's reminders go out."""


@dataclass(frozen=True)
class AnnouncementPlanned(Change):
    """Written or moved: it goes to every active member at its time."""

    announcement: Announcement


@dataclass(frozen=True)
class ProductChange(Change):
    product: Product

    def params(self) -> Params:
        return {"product": self.product.id or 0, "title": self.product.title}


@dataclass(frozen=True)
class ProductCreated(ProductChange):
    KIND = "product.created"


@dataclass(frozen=True)
class ProductMoved(ProductChange):
    """Its due date follows its session's new date, or one of its authors left."""


@dataclass(frozen=True)
class ProductUpdated(ProductChange):
    KIND = "product.updated"
    fields: str

    def params(self) -> Params:
        return {"product": self.product.id or 0, "title": self.product.title, "fields": self.fields}


# -- the subscribers ---------------------------------------------------------------------


def replan_reminders(ctx: Ctx, change: Change, news: Msg | None) -> None:
    """Reminders derive from what changed: the change's subject is replanned before the
    event's transaction commits (the engine runs the planner, built once, on ctx.replans)."""
    if isinstance(change, RoleChange):
        ctx.replan("session", change.session.id, _who_is_replanned(ctx, change))
    elif isinstance(change, SessionChange | QuestionGuiding):
        ctx.replan("session", change.session.id)
    elif isinstance(change, CallClosed):
        ctx.replan("call", change.call.id)
        ctx.replan("call.results", change.call.id)
    elif isinstance(change, CallChange):
        mine = ctx.member_id if isinstance(change, CallAnswered) else None
        ctx.replan("call", change.call.id, mine)
    elif isinstance(change, ProductChange):
        ctx.replan("product", change.product.id)
    elif isinstance(change, PlaceChanged):
        ctx.replan("group", change.group.id, change.member_id)
    elif isinstance(change, ReminderTimesChanged):
        ctx.replan("group", change.group.id)
    elif isinstance(change, AnnouncementPlanned):
        ctx.replan("announcement", change.announcement.id)


# Built once: every claim and release asks (building a statement costs more than running it).
_SLOT, _SESSION = columns(RoleSlot), columns(LearningSession)
_OPEN_SLOTS = (
    sa.select(func.count())
    .select_from(table(RoleSlot))
    .where(_SLOT.session_id == bindparam("session"), _SLOT.member_id.is_(None))
)
# In SQL: two members claiming roles at once both raise it.
_NEXT_SEQUENCE = (
    sa.update(table(LearningSession))
    .where(_SESSION.id == bindparam("session"))
    .values(sequence=_SESSION.sequence + 1)
)


def _who_is_replanned(ctx: Ctx, change: RoleChange) -> int | None:
    """The holder alone, while some role stays open and some stays taken on both sides of
    the change; everyone (None) when the last open role was taken or the first given back:
    the nudge to take an open role then starts or stops for all."""
    if change.open_before is not None:
        still_open = change.open_before + (-1 if change.taken else 1)
    else:
        still_open = run(ctx.db, _OPEN_SLOTS, session=change.session.id).scalar_one()
    flipped = still_open == 0 if change.taken else still_open == 1
    return None if flipped else change.holder


def update_boards(ctx: Ctx, change: Change, news: Msg | None) -> None:
    """Every posted copy of a session's board shows the change; a role that changed hands
    is also told in the other chats linked to the group."""
    if isinstance(change, RoleChange) and news is not None:
        sync_boards(ctx, change.group, change.session, news)
    elif isinstance(change, SessionChanged | SessionCancelled | SlotsChanged | QuestionGuiding):
        edit_boards(ctx, change.group, change.session)


def bump_calendar(ctx: Ctx, change: Change, news: Msg | None) -> None:
    """A session's calendar event shows its time, link and role holders: any change to
    them raises its SEQUENCE, so calendar apps replace the copy they have."""
    if isinstance(change, SessionChange | QuestionGuiding) and not isinstance(
        change, SessionScheduled
    ):
        run(ctx.db, _NEXT_SEQUENCE, session=change.session.id)
        ctx.db.expire(change.session, ["sequence"])


Subscriber = Callable[[Ctx, Change, Msg | None], None]
SUBSCRIBERS: tuple[Subscriber, ...] = (replan_reminders, update_boards, bump_calendar)


def changed(ctx: Ctx, change: Change) -> None:
    """Raise a change once: kept in the group's history (when it keeps that kind), then
    every subscriber reacts, given the change's sentence (what a linked chat is told)."""
    ctx.db.flush()  # what changed has its ids before anyone reacts
    news = keep(ctx, change.group, change.KIND, change.params()) if change.KIND else None
    for subscriber in SUBSCRIBERS:
        subscriber(ctx, change, news)


def settings_changed(ctx: Ctx) -> None:
    """The reader's time zone or reminder settings changed: their place in every group
    they are active in is replanned (mornings and quiet hours move with them)."""
    for group in my_groups(ctx, ACTIVE):
        changed(ctx, PlaceChanged(group, ctx.member_id))
