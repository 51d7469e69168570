"""Tables. Uniqueness and capacity rules live here too, not only in Python."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.store.statuses import (
    CallStatus,
    MemberRole,
    MembershipStatus,
    ProductStatus,
    QuestionStatus,
    ReminderStatus,
    SessionStatus,
    allowed,
)
from bot.store.types import AwareDateTime


def _tz() -> AwareDateTime:
    return AwareDateTime()


class Member(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    display_name: str = Field(max_length=200)
    country: str | None = Field(default=None, max_length=2)
    organization: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=8)
    timezone: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_type=_tz())
    # Reminder kinds the member turned off (comma-separated: calls,sessions,...).
    reminders_off: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    # "21:00-08:00" local; None: the default quiet hours; "": none at all.
    quiet_hours: str | None = Field(default=None, max_length=11)
    # How the member writes numeric dates ("DMY", "MDY", "YMD"); None: from their locale.
    date_order: str | None = Field(default=None, max_length=3)


class Identity(SQLModel, table=True):
    """A member as one platform knows them; one member may have several."""

    __table_args__ = (
        sa.UniqueConstraint("platform", "workspace", "external_id", name="uq_identity_account"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    platform: str = Field(max_length=16)
    # The Slack workspace (team id): a Slack user id is unique only within one; "" elsewhere.
    workspace: str = Field(default="", max_length=32, sa_column_kwargs={"server_default": ""})
    external_id: str = Field(max_length=64)
    language_hint: str | None = Field(default=None, max_length=16)
    timezone_hint: str | None = Field(default=None, max_length=64)
    # Messages for the member go where they were last seen.
    last_seen_at: datetime = Field(sa_type=_tz())
    # Set when the platform refused delivery (the member blocked the bot); cleared when the
    # member writes again. Messages then go to another platform of theirs, if any.
    unreachable_since: datetime | None = Field(default=None, sa_type=_tz())


class LearningGroup(SQLModel, table=True):
    __tablename__ = "learning_group"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=120)
    # Lower-cased title: two groups cannot share a title however it is capitalized.
    title_key: str = Field(max_length=120, unique=True)
    description: str | None = Field(default=None, max_length=1000)
    expertise: str | None = Field(default=None, max_length=300)
    languages: str = Field(max_length=64)  # comma-separated ISO 639 codes, first = main
    location: str | None = Field(default=None, max_length=200)
    start_date: date | None = None
    end_date: date | None = None
    commitment: str | None = Field(default=None, max_length=200)
    positions: int = Field(sa_column_kwargs={"nullable": False})
    policy: str = Field(default="open", max_length=16)  # open | approval | invite
    invite_code: str = Field(max_length=16)
    # Last waitlist ticket handed out: the queue order survives leaving and re-joining.
    queue_counter: int = Field(default=0)
    created_by: int = Field(foreign_key="member.id")
    created_at: datetime = Field(sa_type=_tz())
    # Role slots every new session gets: JSON {"role": count}, in board order.
    role_template: str = Field(
        default='{"chair": 1, "focal": 1, "discussant": 1, "coblogger": 3}',
        sa_type=sa.Text(),
        sa_column_kwargs={
            "server_default": '{"chair": 1, "focal": 1, "discussant": 1, "coblogger": 3}'
        },
    )

    # A work stream is a group whose parent is the group it serves.
    parent_id: int | None = Field(default=None, foreign_key="learning_group.id", index=True)
    # A work stream's volunteer chair; claimed like a role (conditional UPDATE from NULL).
    chair_id: int | None = Field(default=None, foreign_key="member.id")
    # The Slack workspace that created it ("slack:T0123"); other workspaces do not see it
    # unless a facilitator shares it with them (group_workspace). None: no workspace.
    workspace: str | None = Field(default=None, max_length=64, index=True)
    # Days before each deadline that reminders go out: JSON {"calls": [7, 2, 0], ...};
    # None: the defaults (bot/reminders/plan.py).
    reminder_offsets: str | None = Field(default=None, max_length=500)
    # The secret in its calendar feed's URL (/calendar/<token>.ics); set on first use, a
    # facilitator may change it (the old URL then answers 404).
    calendar_token: str | None = Field(default=None, max_length=64, unique=True)

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class Membership(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("group_id", "member_id"),
        sa.UniqueConstraint("group_id", "queue_no"),
        sa.CheckConstraint(allowed("status", MembershipStatus), name="status_known"),
        sa.CheckConstraint(allowed("role", MemberRole), name="role_known"),
        # Seats taken are counted, and the waitlist read, in the index alone (by group
        # only, they read every place in the group).
        sa.Index("ix_membership_group_status", "group_id", "status", "takes_seat"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="learning_group.id")
    member_id: int = Field(foreign_key="member.id", index=True)
    status: str = Field(max_length=16)
    role: str = Field(default=MemberRole.MEMBER, max_length=16)
    # Whether this membership counts against the group's positions (the founder does not).
    takes_seat: bool = True
    queue_no: int | None = None
    since: datetime = Field(sa_type=_tz())


class ChatLink(SQLModel, table=True):
    """A chat (Telegram group, Slack channel, console room) that acts for one group."""

    __tablename__ = "chat_link"

    platform: str = Field(primary_key=True, max_length=16)
    chat_id: str = Field(primary_key=True, max_length=64)
    group_id: int = Field(foreign_key="learning_group.id", index=True)
    linked_by: int = Field(foreign_key="member.id")
    linked_at: datetime = Field(sa_type=_tz())


class Conversation(SQLModel, table=True):
    """A question we asked and whose answer is the member's next message in that chat."""

    __table_args__ = (sa.UniqueConstraint("member_id", "platform", "chat_id"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    platform: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    flow: str = Field(max_length=32)
    step: str = Field(max_length=32)
    data: str = Field(default="{}", sa_type=sa.Text())  # JSON of the answers so far
    expires_at: datetime = Field(sa_type=_tz(), index=True)


class LearningSession(SQLModel, table=True):
    """One webinar of a group's series: exact time, or only approximate until fixed."""

    __tablename__ = "learning_session"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "number"),
        sa.CheckConstraint(allowed("status", SessionStatus), name="session_status_known"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="learning_group.id", index=True)
    number: int  # "session 2" within its group
    title: str = Field(max_length=200)
    # Exact start (UTC, aware) when fixed; else `approx_text` as people said it, with
    # `sort_date` standing for it in lists and reminders.
    starts_at: datetime | None = Field(default=None, sa_type=_tz())
    timezone: str | None = Field(default=None, max_length=64)
    approx_text: str | None = Field(default=None, max_length=60)
    sort_date: date
    description: str | None = Field(default=None, max_length=1000)
    link: str | None = Field(default=None, max_length=500)
    status: str = Field(default=SessionStatus.SCHEDULED, max_length=16)
    created_by: int = Field(foreign_key="member.id")
    created_at: datetime = Field(sa_type=_tz())
    # Its calendar event's SEQUENCE (RFC 5545): raised by every change people would see in
    # their calendar, so calendar apps take the newer copy.
    sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class RoleSlot(SQLModel, table=True):
    """One seat on a session's role board ("co-blogger 2 of 3"). A claim is a conditional
    UPDATE of `member_id` from NULL, so two claims of one slot cannot both win."""

    __tablename__ = "role_slot"
    __table_args__ = (sa.UniqueConstraint("session_id", "role", "slot"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="learning_session.id", index=True)
    role: str = Field(max_length=40)  # a built-in key (chair, focal, ...) or a custom name
    slot: int = 1
    member_id: int | None = Field(default=None, foreign_key="member.id", index=True)
    assigned_by: int | None = Field(default=None, foreign_key="member.id")
    since: datetime | None = Field(default=None, sa_type=_tz())


class Question(SQLModel, table=True):
    """A question or experience a member brings to a session."""

    __table_args__ = (
        sa.CheckConstraint(allowed("status", QuestionStatus), name="question_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="learning_session.id", index=True)
    author_id: int = Field(foreign_key="member.id")
    text: str = Field(sa_type=sa.Text())
    language: str = Field(max_length=8)  # the author's language when they wrote it
    status: str = Field(default=QuestionStatus.OPEN, max_length=16)
    guiding: bool = False  # the session's guiding "how to" question
    votes: int = 0  # kept equal to the number of question_vote rows
    created_at: datetime = Field(sa_type=_tz())


class QuestionVote(SQLModel, table=True):
    __tablename__ = "question_vote"

    question_id: int = Field(foreign_key="question.id", primary_key=True)
    member_id: int = Field(foreign_key="member.id", primary_key=True)
    voted_at: datetime = Field(sa_type=_tz())


class InterestCall(SQLModel, table=True):
    """A call for interest: options to answer before a deadline."""

    __tablename__ = "interest_call"
    __table_args__ = (sa.CheckConstraint(allowed("status", CallStatus), name="call_status_known"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="learning_group.id", index=True)
    title: str = Field(max_length=200)
    deadline: date  # the last day to answer, in `timezone`
    timezone: str = Field(max_length=64)
    # The first instant after the deadline day (UTC): the call closes then.
    closes_at: datetime = Field(sa_type=_tz(), index=True)
    status: str = Field(default=CallStatus.OPEN, max_length=16)
    closed_at: datetime | None = Field(default=None, sa_type=_tz())
    created_by: int = Field(foreign_key="member.id")
    created_at: datetime = Field(sa_type=_tz())


class CallOption(SQLModel, table=True):
    """One option of a call; it may stand for a role in a session or a work stream."""

    __tablename__ = "call_option"
    __table_args__ = (sa.UniqueConstraint("call_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="interest_call.id", index=True)
    number: int
    text: str = Field(max_length=200)
    role: str | None = Field(default=None, max_length=40)
    session_id: int | None = Field(default=None, foreign_key="learning_session.id")
    stream_id: int | None = Field(default=None, foreign_key="learning_group.id")


class CallAnswer(SQLModel, table=True):
    __tablename__ = "call_answer"
    # A member's answers to a call are found without reading everyone's (an answer reads,
    # replaces and checks them); the call's own answers by the same index.
    __table_args__ = (sa.Index("ix_call_answer_call_member", "call_id", "member_id"),)

    option_id: int = Field(foreign_key="call_option.id", primary_key=True)
    member_id: int = Field(foreign_key="member.id", primary_key=True)
    call_id: int = Field(foreign_key="interest_call.id")
    answered_at: datetime = Field(sa_type=_tz())


class Product(SQLModel, table=True):
    """A deliverable: a session's blog post, the series' synthesis paper."""

    __table_args__ = (
        sa.CheckConstraint(
            allowed("status", ProductStatus),
            name="product_status_known",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="learning_group.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="learning_session.id")
    title: str = Field(max_length=200)
    due_date: date | None = None
    # "2 weeks after the session": the due date follows the session when it moves.
    due_offset_days: int | None = None
    status: str = Field(default=ProductStatus.PLANNED, max_length=16)
    link: str | None = Field(default=None, max_length=500)
    created_by: int = Field(foreign_key="member.id")
    created_at: datetime = Field(sa_type=_tz())


class ProductAuthor(SQLModel, table=True):
    __tablename__ = "product_author"

    product_id: int = Field(foreign_key="product.id", primary_key=True)
    member_id: int = Field(foreign_key="member.id", primary_key=True)


class HistoryEntry(SQLModel, table=True):
    """Who changed what in a group, and when; `params` fill the kind's sentence."""

    __tablename__ = "history_entry"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="learning_group.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    kind: str = Field(max_length=40)
    params: str = Field(default="{}", sa_type=sa.Text())
    at: datetime = Field(sa_type=_tz(), index=True)


class LinkCode(SQLModel, table=True):
    """A one-time code that joins a member's accounts on two platforms into one member."""

    __tablename__ = "link_code"

    code: str = Field(primary_key=True, max_length=16)
    member_id: int = Field(foreign_key="member.id", index=True)
    platform: str = Field(max_length=16)  # where it was asked: it is redeemed elsewhere
    expires_at: datetime = Field(sa_type=_tz())


class BoardMessage(SQLModel, table=True):
    """A session's board as posted in a shared chat, so a change made anywhere (on another
    platform too) edits it in place."""

    __tablename__ = "board_message"

    platform: str = Field(primary_key=True, max_length=16)
    chat_id: str = Field(primary_key=True, max_length=64)
    message_id: str = Field(primary_key=True, max_length=64)
    session_id: int = Field(foreign_key="learning_session.id", index=True)
    posted_at: datetime = Field(sa_type=_tz())
    # The language and time zone it was posted in: every later edit keeps them.
    locale: str | None = Field(default=None, max_length=16)
    timezone: str | None = Field(default=None, max_length=64)


class GroupWorkspace(SQLModel, table=True):
    """Another workspace a facilitator shared the group with."""

    __tablename__ = "group_workspace"

    group_id: int = Field(foreign_key="learning_group.id", primary_key=True)
    workspace: str = Field(primary_key=True, max_length=64)


class Reminder(SQLModel, table=True):
    """The outbox: one planned message to one member. Rows are derived from the session,
    call, product or announcement they serve (`kind`, `subject_id`) and replanned whenever
    that changes; the dispatcher claims due rows and marks each one once it is sent."""

    __table_args__ = (
        sa.UniqueConstraint("kind", "subject_id", "member_id", "due_at"),
        sa.Index("ix_reminder_status_due", "status", "due_at"),
        # A member's rows in a group (one who left, or was forgotten): without statistics
        # SQLite would otherwise take the status index and read every pending row.
        sa.Index("ix_reminder_group_member", "group_id", "member_id"),
        sa.CheckConstraint(
            allowed("status", ReminderStatus),
            name="reminder_status_known",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="learning_group.id")
    kind: str = Field(max_length=32)
    subject_id: int
    member_id: int = Field(foreign_key="member.id", index=True)
    due_at: datetime = Field(sa_type=_tz())
    status: str = Field(default=ReminderStatus.PENDING, max_length=16)
    # A dispatcher's claim; another may take the row over once `claimed_until` passed
    # (the claimer died between claiming and sending).
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = Field(default=None, sa_type=_tz())
    done_at: datetime | None = Field(default=None, sa_type=_tz())
    # Why a row was skipped or dropped ("unreachable", "late", "no longer due").
    outcome: str | None = Field(default=None, max_length=32)


class Announcement(SQLModel, table=True):
    """A facilitator's one-off message to the whole group, now or at a given time."""

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="learning_group.id", index=True)
    author_id: int = Field(foreign_key="member.id")
    text: str = Field(sa_type=sa.Text())
    send_at: datetime = Field(sa_type=_tz())
    created_at: datetime = Field(sa_type=_tz())
