"""Who acts: the member behind a platform user, created on first contact, with the
platform's hints (language, time zone) kept fresh."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from bot.events import Actor
from bot.parsing import known_timezone
from bot.store.models import Identity, Member

# Every event starts here, so the statement is built once (building costs more than running).
_IDENTIFY = (
    select(Identity, Member)
    .join(Member, col(Member.id) == Identity.member_id)
    .where(
        Identity.platform == bindparam("platform"),
        Identity.workspace == bindparam("workspace"),
        Identity.external_id == bindparam("external_id"),
    )
)


def identify(session: Session, actor: Actor, now: datetime) -> tuple[Member, Identity, bool]:
    """The member behind a platform user, created on first contact; hints refreshed. The
    flag says the platform reports a new time zone for someone we knew."""
    found = session.exec(
        _IDENTIFY,
        params={
            "platform": actor.platform,
            "workspace": actor.workspace or "",
            "external_id": actor.user_id,
        },
    ).first()
    identity = found[0] if found is not None else None
    if identity is None:
        member = Member(display_name=_display_name(actor), created_at=now)
        session.add(member)
        session.flush()
        assert member.id is not None
        identity = Identity(
            member_id=member.id,
            platform=actor.platform,
            workspace=actor.workspace or "",
            external_id=actor.user_id,
            last_seen_at=now,
        )
    else:
        assert found is not None
        member = found[1]
    hints = ((actor.language_hint or "")[:16] or None, known_timezone(actor.timezone_hint))
    moved = identity.id is not None and hints[1] is not None and hints[1] != identity.timezone_hint
    # Writing on every event would cost an UPDATE each; minutes are precise enough here.
    if (
        identity.id is None
        or hints != (identity.language_hint, identity.timezone_hint)
        or (now - identity.last_seen_at > SEEN_PRECISION)
        or identity.unreachable_since is not None
    ):
        identity.language_hint, identity.timezone_hint = hints
        identity.unreachable_since = None  # they wrote to us: they take messages again
        identity.last_seen_at = now
        session.add(identity)
        session.flush()
    return member, identity, moved


def _display_name(actor: Actor) -> str:
    name = " ".join(actor.display_name.split())[:60]
    return name or actor.user_id[:60]


SEEN_PRECISION = timedelta(minutes=5)
