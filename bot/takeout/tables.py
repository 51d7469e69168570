"""A group's record as tables, one per kind of thing: its members, who held which role in
each session, the answers to its calls, the questions asked, its products, its history.
Headers are in the language asked for; times in the time zone asked for. The file formats
(exports.py) only lay these out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.effects import Audience
from bot.i18n import country_name, language_name, plain
from bot.store.models import (
    CallAnswer,
    CallOption,
    HistoryEntry,
    InterestCall,
    LearningGroup,
    LearningSession,
    Member,
    Membership,
    Question,
    RoleSlot,
)
from bot.text import Msg, Verbatim, t
from bot.views.history import sentence
from bot.views.products import STATUSES, authors, of_group
from bot.views.roles import role_label
from bot.views.sessions import when_text

Cell = str | int | date | datetime | None


@dataclass
class Table:
    title: str  # the file or sheet name, in the reader's language: "members", "membres"
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass(frozen=True)
class Record:
    """One group's data, read in one transaction, said in one language and time zone."""

    db: Session
    group: LearningGroup
    audience: Audience

    def say(self, text: Msg | Verbatim) -> str:
        return text.text if isinstance(text, Verbatim) else plain(text, self.audience)

    def when(self, instant: datetime | None) -> datetime | None:
        """A time as the reader's clock shows it (spreadsheets keep no time zone)."""
        if instant is None:
            return None
        return instant.astimezone(ZoneInfo(self.audience.timezone)).replace(tzinfo=None)

    def name(self, member: Member) -> str:
        """A member's name, "a former member" for one who asked to be forgotten."""
        return self.say(t("{name}", name=member.display_name))

    def country(self, code: str | None) -> str:
        return country_name(code, self.audience.locale) if code else ""

    def language(self, code: str | None) -> str:
        return language_name(code, self.audience.locale) if code else ""

    def headers(self, *names: Msg) -> list[str]:
        return [self.say(n) for n in names]


def _members(record: Record) -> Table:
    table = Table(
        record.say(t("members")),
        record.headers(
            t("name"), t("country"), t("organization"), t("language"), t("time zone"),
            t("joined"), t("status"), t("place"),
        ),
    )  # fmt: skip
    rows = record.db.exec(
        select(Member, Membership)
        .join(Membership, col(Membership.member_id) == Member.id)
        .where(Membership.group_id == record.group.id)
        .order_by(col(Member.display_name), col(Member.id))
    ).all()
    for member, row in rows:
        table.rows.append(
            [
                record.name(member),
                record.country(member.country),
                member.organization or "",
                record.language(member.language),
                member.timezone or "",
                record.when(row.since),
                record.say(MEMBERSHIP_STATUS.get(row.status, t("member"))),
                record.say(PLACES.get(row.role, t("member"))),
            ]
        )
    return table


MEMBERSHIP_STATUS = {
    "active": t("active"),
    "pending": t("waiting for approval"),
    "waitlisted": t("on the waitlist"),
}
PLACES = {"facilitator": t("facilitator"), "member": t("member")}


def sessions_of(record: Record) -> list[LearningSession]:
    return list(
        record.db.exec(
            select(LearningSession)
            .where(LearningSession.group_id == record.group.id)
            .order_by(col(LearningSession.number))
        ).all()
    )


def _roles(record: Record) -> Table:
    table = Table(
        record.say(t("roles")),
        record.headers(
            t("session"), t("title"), t("date"), t("role"), t("holder"), t("holder's country")
        ),
    )
    for session in sessions_of(record):
        slots = record.db.exec(
            select(RoleSlot, Member)
            .join(Member, col(Member.id) == RoleSlot.member_id, isouter=True)
            .where(RoleSlot.session_id == session.id)
            .order_by(col(RoleSlot.id))
        ).all()
        for slot, member in slots:
            table.rows.append(
                [
                    session.number,
                    session.title,
                    record.when(session.starts_at) or record.say(when_text(session)),
                    record.say(role_label(slot.role)),
                    record.name(member) if member else "",
                    record.country(member.country) if member else "",
                ]
            )
    return table


def _answers(record: Record) -> Table:
    table = Table(
        record.say(t("answers")),
        record.headers(
            t("call"), t("call title"), t("option"), t("option text"), t("member"),
            t("answered at"),
        ),
    )  # fmt: skip
    rows = record.db.exec(
        select(InterestCall, CallOption, CallAnswer, Member)
        .join(CallOption, col(CallOption.call_id) == InterestCall.id)
        .join(CallAnswer, col(CallAnswer.option_id) == CallOption.id)
        .join(Member, col(Member.id) == CallAnswer.member_id)
        .where(InterestCall.group_id == record.group.id)
        .order_by(col(InterestCall.id), col(CallOption.number), col(CallAnswer.answered_at))
    ).all()
    for call, option, answer, member in rows:
        table.rows.append(
            [
                call.id,
                call.title or "",
                option.number,
                option.text,
                record.name(member),
                record.when(answer.answered_at),
            ]
        )
    return table


def questions(record: Record) -> list[tuple[LearningSession, Question, Member]]:
    """Every question of the group's sessions, by session, then votes (most first)."""
    return [
        (s, q, m)
        for s, q, m in record.db.exec(
            select(LearningSession, Question, Member)
            .join(Question, col(Question.session_id) == LearningSession.id)
            .join(Member, col(Member.id) == Question.author_id)
            .where(LearningSession.group_id == record.group.id)
            .order_by(col(LearningSession.number), col(Question.votes).desc(), col(Question.id))
        ).all()
    ]


def _questions(record: Record) -> Table:
    table = Table(
        record.say(t("questions")),
        record.headers(
            t("session"), t("question"), t("text"), t("author"), t("author's country"),
            t("votes"), t("guiding question"), t("asked at"),
        ),
    )  # fmt: skip
    for session, question, author in questions(record):
        table.rows.append(
            [
                session.number,
                question.id,
                question.text,
                record.name(author),
                record.country(author.country),
                question.votes,
                record.say(t("yes")) if question.guiding else "",
                record.when(question.created_at),
            ]
        )
    return table


def _products(record: Record) -> Table:
    table = Table(
        record.say(t("products")),
        record.headers(
            t("product"), t("title"), t("session"), t("status"), t("due date"), t("authors"),
            t("link"),
        ),
    )  # fmt: skip
    numbers = {s.id: s.number for s in sessions_of(record)}
    for product in of_group(record.db, record.group.id):
        table.rows.append(
            [
                f"P{product.id}",
                product.title,
                numbers.get(product.session_id) if product.session_id else None,
                record.say(STATUSES[product.status]),
                product.due_date,
                ", ".join(record.name(a) for a in authors(record.db, product)),
                product.link or "",
            ]
        )
    return table


def _history(record: Record) -> Table:
    table = Table(record.say(t("history")), record.headers(t("when"), t("who"), t("what")))
    rows = record.db.exec(
        select(HistoryEntry, Member)
        .join(Member, col(Member.id) == HistoryEntry.member_id)
        .where(HistoryEntry.group_id == record.group.id)
        .order_by(col(HistoryEntry.id))
    ).all()
    for entry, member in rows:
        table.rows.append(
            [
                record.when(entry.at),
                record.name(member),
                record.say(sentence(entry, member.display_name)),
            ]
        )
    return table


TABLES: tuple[Callable[[Record], Table], ...] = (
    _members,
    _roles,
    _answers,
    _questions,
    _products,
    _history,
)


def tables(record: Record) -> Iterator[Table]:
    """The group's tables, one at a time (the CLI shows progress between them)."""
    for build in TABLES:
        yield build(record)
