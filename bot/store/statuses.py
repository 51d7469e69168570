"""The words the tables' status columns hold, one vocabulary each. They are StrEnums, so a
row's status compares equal to its word, and the tables' CHECK constraints list the same
words (`allowed`)."""

from __future__ import annotations

from enum import StrEnum


class MembershipStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"  # asked to join a group that approves its members
    WAITLISTED = "waitlisted"


class MemberRole(StrEnum):
    MEMBER = "member"
    FACILITATOR = "facilitator"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class QuestionStatus(StrEnum):
    OPEN = "open"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class CallStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ProductStatus(StrEnum):
    PLANNED = "planned"
    DRAFTING = "drafting"
    SUBMITTED = "submitted"
    PUBLISHED = "published"


# Products still being written: their authors are reminded of the due date.
IN_WRITING = (ProductStatus.PLANNED, ProductStatus.DRAFTING)


class ReminderStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"  # a dispatcher holds it, until `claimed_until`
    SENT = "sent"
    SKIPPED = "skipped"  # no longer wanted when it fell due
    DROPPED = "dropped"  # too late, or nobody could be reached


class SendOutcome(StrEnum):
    """What a platform did with a message Convener started."""

    SENT = "sent"
    UNREACHABLE = "unreachable"  # the member blocked us, left, or is on no platform here
    FAILED = "failed"  # try again later


def allowed(column: str, vocabulary: type[StrEnum]) -> str:
    """A CHECK constraint's condition: the column holds one of the vocabulary's words."""
    words = ", ".join(f"'{member.value}'" for member in vocabulary)
    return f"{column} IN ({words})"
