"""Everything a handler needs for one event: the transaction, who acted, where, and the
effects it is building. Handlers decide; they never send anything themselves.

Views of the data (cards, boards, a call's results) need less: who reads, in which
transaction, at what time. That is a `Reader`; a command's `Ctx` is one, and the scheduler
makes one to write a member's reminder, with no event at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Protocol

from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.dates import Writer, date_order
from bot.effects import Action, Address, Attachment, Audience, Effect, Prompt, Reply, Send
from bot.events import Event
from bot.i18n import reader_locale
from bot.identities import Who
from bot.settings import Settings
from bot.store.core import load
from bot.store.models import ChatLink, Identity, LearningGroup, Member
from bot.text import Text, lines, t


class Profile(Protocol):
    """What the wording of a message needs of a member: a Member row, or the snapshot
    (bot.identities.Who) an event starts with."""

    @property
    def display_name(self) -> str: ...
    @property
    def language(self) -> str | None: ...
    @property
    def timezone(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def date_order(self) -> str | None: ...


class Hints(Protocol):
    """What a platform told us of a member: an Identity row, or the snapshot."""

    @property
    def language_hint(self) -> str | None: ...
    @property
    def timezone_hint(self) -> str | None: ...


@dataclass
class Reader:
    """Who reads, in which transaction: what a view of the data needs."""

    db: Session  # the database session of the one transaction
    me: Who  # the reader's profile and identity, as the event found them
    clock: Clock
    settings: Settings
    _member: Member | None = field(default=None, init=False, repr=False)

    @property
    def member_id(self) -> int:
        return self.me.member_id

    @property
    def member(self) -> Member:
        """The reader's row, loaded the first time a command needs more than the snapshot
        or changes it (most events never do: a row costs four times its columns)."""
        if self._member is None:
            found = load(self.db, Member, self.me.member_id)
            assert found is not None
            self._member = found
        return self._member

    @member.setter
    def member(self, member: Member) -> None:
        """The event goes on as another member (two accounts were linked into this one)."""
        self._member = member
        assert member.id is not None
        self.me = self.me._replace(
            member_id=member.id, display_name=member.display_name, waiting_known=False
        )

    @property
    def profile(self) -> Profile:
        """The reader's profile as it stands: the row once loaded (a command may have
        changed it), else the snapshot."""
        return self._member if self._member is not None else self.me

    @property
    def identity(self) -> Identity:
        found = load(self.db, Identity, self.me.identity_id)
        assert found is not None
        return found

    @cached_property
    def now(self) -> datetime:
        """One instant for the whole event, however long handling it takes."""
        return self.clock.now()

    def audience_of(
        self, member: Profile, identity: Hints | None, group: LearningGroup | None = None
    ) -> Audience:
        """Profile language, else the platform's hint when Convener speaks it, else the best
        language the member shares with the group (bot.i18n.reader_locale); the time zone:
        profile, else the platform's hint, else the default."""
        locale = reader_locale(
            member.language,
            identity.language_hint if identity else None,
            group.language_codes if group else (),
            self.settings.default_language,
        )
        zone = member.timezone or (identity.timezone_hint if identity else None)
        return Audience(locale=locale, timezone=zone or self.settings.default_timezone)

    def group_audience(self, group: LearningGroup) -> Audience:
        locale = reader_locale(None, None, group.language_codes, self.settings.default_language)
        return Audience(locale, self.settings.default_timezone)


@dataclass
class Ctx(Reader):
    event: Event
    effects: list[Effect] = field(default_factory=list)
    # What changed that reminders derive from ("session", id, member or None for all):
    # the engine replans them before the transaction commits (bot/reminders/plan.py).
    replans: set[tuple[str, int, int | None]] = field(default_factory=set)

    @property
    def workspace(self) -> str | None:
        """The actor's Slack workspace ("slack:T0123"); None on platforms without one."""
        actor = self.event.actor
        return f"{actor.platform}:{actor.workspace}" if actor.workspace else None

    @property
    def audience(self) -> Audience:
        return self.audience_of(self.profile, self.me, self.chat_group())

    @property
    def writer(self) -> Writer:
        """How this member writes dates: their language and country give the order of a
        numeric date, unless they chose one in their profile."""
        audience = self.audience
        hint = (self.me.language_hint or "").replace("-", "_").split("_")[0].lower()
        profile = self.profile
        language = profile.language or hint or audience.locale
        order = profile.date_order or date_order(language, profile.country)
        return Writer(audience.locale, order, audience.timezone, self.now)

    def replan(self, subject: str, subject_id: int | None, member_id: int | None = None) -> None:
        if subject_id is not None:
            self.replans.add((subject, subject_id, member_id))

    # -- building effects ----------------------------------------------------------------

    def reply(
        self,
        text: Text,
        buttons: Sequence[Action] = (),
        *,
        private: bool = False,
        board: int | None = None,
    ) -> None:
        self.effects.append(
            Reply(text, self.audience, tuple(buttons), private=private, board=board)
        )

    def prompt(self, text: Text, buttons: Sequence[Action] = ()) -> None:
        self.effects.append(Prompt(text, self.audience, tuple(buttons)))

    def tell(
        self,
        member_id: int,
        text: Text,
        buttons: Sequence[Action] = (),
        group: LearningGroup | None = None,
        *,
        privately: bool = False,
    ) -> None:
        """A message to a member in their private chat, on the platform they last used (and
        that still takes our messages); nothing if none does. To the actor it is the reply,
        unless `privately` (the chat they are in is not one we can write to)."""
        if member_id == self.member_id and not privately:
            self.reply(text, buttons)
            return
        member = self.db.get(Member, member_id)
        identity = self.db.exec(
            select(Identity)
            .where(Identity.member_id == member_id, col(Identity.unreachable_since).is_(None))
            .order_by(col(Identity.last_seen_at).desc())
        ).first()
        if member is None or identity is None:
            return
        self.effects.append(
            Send(
                Address(identity.platform, "user", identity.external_id),
                text,
                self.audience_of(member, identity, group),
                tuple(buttons),
            )
        )

    def send_file(self, attachment: Attachment, caption: Text, *more: Attachment) -> None:
        """Files for the actor, in their private chat with Convener (never in a shared
        chat: exports hold other people's data); said so when they asked elsewhere. The
        caption goes with the first; the others follow it."""
        address = Address(self.me.platform, "user", self.me.external_id)
        self.effects.append(Send(address, caption, self.audience, attachment=attachment))
        for other in more:
            self.effects.append(Send(address, lines(), self.audience, attachment=other))
        if not self.event.chat.private:
            self.reply(t("I sent you the file in a private message."), private=True)

    # -- where we are --------------------------------------------------------------------

    def chat_group(self) -> LearningGroup | None:
        chat = self.event.chat
        if chat.private:
            return None
        link = self.db.get(ChatLink, (chat.platform, chat.chat_id))
        return self.db.get(LearningGroup, link.group_id) if link else None
