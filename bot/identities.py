"""Who acts: the member behind a platform user, created on first contact, with the
platform's hints (language, time zone) kept fresh."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import Session

from bot.events import Actor, Chat
from bot.parsing import known_timezone
from bot.store.core import columns, run, table
from bot.store.models import Conversation, Identity, Member


class Who(NamedTuple):
    """The actor as most events need them: their member's profile and the identity they
    wrote from, read as plain columns. A command that changes the member (or reads more)
    loads the rows themselves (bot.context.Reader.member)."""

    member_id: int
    display_name: str
    country: str | None
    language: str | None
    timezone: str | None
    date_order: str | None
    identity_id: int
    platform: str
    external_id: str
    language_hint: str | None
    timezone_hint: str | None
    # The question of ours waiting for their answer in the event's chat, as the event
    # began (bot.conversation): read with them, since every command asks. Known only when
    # `identify` read it, and not once the event goes on as another member (linked).
    waiting: int | None = None
    waiting_known: bool = False

    @classmethod
    def of(cls, member: Member, identity: Identity) -> Who:
        assert member.id is not None
        assert identity.id is not None
        return cls(
            member.id,
            member.display_name,
            member.country,
            member.language,
            member.timezone,
            member.date_order,
            identity.id,
            identity.platform,
            identity.external_id,
            identity.language_hint,
            identity.timezone_hint,
        )


_IDENTITY, _MEMBER, _WAITING = columns(Identity), columns(Member), columns(Conversation)
# Every event starts here, so the statement is built once and reads columns, not objects.
_IDENTIFY = (
    sa.select(
        _MEMBER.id,
        _MEMBER.display_name,
        _MEMBER.country,
        _MEMBER.language,
        _MEMBER.timezone,
        _MEMBER.date_order,
        _IDENTITY.id,
        _IDENTITY.platform,
        _IDENTITY.external_id,
        _IDENTITY.language_hint,
        _IDENTITY.timezone_hint,
        _IDENTITY.last_seen_at,
        _IDENTITY.unreachable_since,
        sa.select(_WAITING.id)
        .where(
            _WAITING.member_id == _MEMBER.id,
            _WAITING.platform == _IDENTITY.platform,
            _WAITING.chat_id == bindparam("chat"),
        )
        .scalar_subquery(),
    )
    .join_from(table(Identity), table(Member), _MEMBER.id == _IDENTITY.member_id)
    .where(
        _IDENTITY.platform == bindparam("platform"),
        _IDENTITY.workspace == bindparam("workspace"),
        _IDENTITY.external_id == bindparam("external_id"),
    )
)
_SEEN = (
    sa.update(table(Identity))
    .where(_IDENTITY.id == bindparam("identity"))
    .values(
        language_hint=bindparam("language"),
        timezone_hint=bindparam("zone"),
        last_seen_at=bindparam("now"),
        unreachable_since=None,  # they wrote to us: they take messages again
    )
)


def identify(session: Session, actor: Actor, chat: Chat, now: datetime) -> tuple[Who, bool]:
    """The member behind a platform user, created on first contact; hints refreshed. The
    flag says the platform reports a new time zone for someone we knew."""
    hints = ((actor.language_hint or "")[:16] or None, known_timezone(actor.timezone_hint))
    found = run(
        session,
        _IDENTIFY,
        platform=actor.platform,
        workspace=actor.workspace or "",
        external_id=actor.user_id,
        chat=chat.chat_id,
    ).first()
    if found is None:
        return _first_contact(session, actor, now, hints), False
    who = Who._make((*found[:11], found[13], True))
    last_seen, unreachable = found[11], found[12]
    moved = hints[1] is not None and hints[1] != who.timezone_hint
    # Writing on every event would cost an UPDATE each; minutes are precise enough here.
    if (
        hints != (who.language_hint, who.timezone_hint)
        or now - last_seen > SEEN_PRECISION
        or unreachable is not None
    ):
        run(session, _SEEN, identity=who.identity_id, language=hints[0], zone=hints[1], now=now)
        who = who._replace(language_hint=hints[0], timezone_hint=hints[1])
    return who, moved


def _first_contact(
    session: Session, actor: Actor, now: datetime, hints: tuple[str | None, str | None]
) -> Who:
    member = Member(display_name=_display_name(actor), created_at=now)
    session.add(member)
    session.flush()
    assert member.id is not None
    identity = Identity(
        member_id=member.id,
        platform=actor.platform,
        workspace=actor.workspace or "",
        external_id=actor.user_id,
        language_hint=hints[0],
        timezone_hint=hints[1],
        last_seen_at=now,
    )
    session.add(identity)
    session.flush()
    return Who.of(member, identity)


def _display_name(actor: Actor) -> str:
    name = " ".join(actor.display_name.split())[:60]
    return name or actor.user_id[:60]


SEEN_PRECISION = timedelta(minutes=5)
