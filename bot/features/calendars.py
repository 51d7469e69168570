"""Sessions in people's calendars: a file for a session or a group (/calendar), the links
that add one to Google Calendar or Outlook, and the group's feed, whose secret address a
facilitator can change (/newcalendarlink)."""

from __future__ import annotations

import secrets

from bot.args import Args
from bot.context import Ctx
from bot.effects import Action, link_button
from bot.errors import BadInput
from bot.features.access import require_facilitator, target_group
from bot.features.sessions import find_session, member_of
from bot.store.models import LearningGroup, LearningSession
from bot.store.statuses import SessionStatus
from bot.takeout import calendar
from bot.text import Msg, Verbatim, lines, t
from bot.views.sessions import when_text


def feed_url(ctx: Ctx, group: LearningGroup) -> str:
    """The group's feed address; its secret is made the first time anyone asks."""
    if group.calendar_token is None:
        group.calendar_token = secrets.token_urlsafe(24)
        ctx.db.add(group)
    return f"{ctx.settings.base_url}/calendar/{group.calendar_token}.ics"


def add_buttons(ctx: Ctx, group: LearningGroup, session: LearningSession) -> list[Action]:
    """ "Add to Google Calendar" and "Add to Outlook", for a session with an exact time."""
    if session.starts_at is None or session.status != SessionStatus.SCHEDULED:
        return []
    google, outlook = calendar.add_links(group, session, ctx.settings.default_timezone)
    return [
        link_button(t("Add to Google Calendar"), google),
        link_button(t("Add to Outlook"), outlook),
    ]


def _subscribe(ctx: Ctx, group: LearningGroup) -> Msg:
    return t(
        "Calendar apps that subscribe to {url} follow every reschedule and cancellation."
        " Keep the address within the group: whoever has it sees the sessions.",
        url=Verbatim(feed_url(ctx, group)),
    )


def cmd_calendar(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group, usage="/calendar #1 2")
    member_of(ctx, group)
    zone = ctx.settings.default_timezone
    if parsed.words:
        session = find_session(ctx, group, parsed.words[0])
        if session.starts_at is None:
            raise BadInput(
                t(
                    "Session {number} has no exact time yet ({when}), so it has no calendar"
                    " event. It gets one when a facilitator sets its time with {example}.",
                    number=session.number,
                    when=when_text(session),
                    example=Verbatim(f'/editsession #{group.id} {session.number} when="…"'),
                )
            )
        attached = calendar.attachment(ctx.db, group, [session], ctx.now, zone)
        ctx.send_file(
            attached,
            t(
                "Session {number} of “{group}”: open the file to add it to your calendar.",
                number=session.number,
                group=group.title,
            ),
        )
        ctx.reply(
            lines(t("Or add it in one click:"), _subscribe(ctx, group)),
            add_buttons(ctx, group, session),
            private=True,
        )
        return
    sessions = [s for s in calendar.timed(ctx.db, group) if s.status == SessionStatus.SCHEDULED]
    if not sessions:
        # Not a refusal: the feed's address is worth keeping (a refusal would roll it back).
        ctx.reply(
            lines(
                t("“{group}” has no session with an exact time yet.", group=group.title),
                _subscribe(ctx, group),
            ),
            private=True,
        )
        return
    ctx.send_file(
        calendar.attachment(ctx.db, group, sessions, ctx.now, zone),
        t(
            "The sessions of “{group}”: open the file to add them to your calendar.",
            group=group.title,
        ),
    )
    ctx.reply(_subscribe(ctx, group), private=True)


def cmd_newcalendarlink(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group, usage="/newcalendarlink #1", lock=True)
    require_facilitator(ctx, group)
    group.calendar_token = None
    ctx.reply(
        lines(
            t(
                "The calendar feed of “{group}” has a new address; the old one no longer works.",
                group=group.title,
            ),
            _subscribe(ctx, group),
        ),
        private=True,
    )
