"""One member across platforms: ask for a code on one, send it on the other.

The accounts become one member: the same groups, roles and language on both. An account
that already took part somewhere is kept; the other, new one joins it. Two accounts that
both took part are not merged (whose roles would win?): the member is told to leave one.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput, Conflict, NotFound
from bot.features.groups import new_invite_code
from bot.store.models import (
    Conversation,
    Identity,
    LinkCode,
    Member,
    Membership,
    Question,
    RoleSlot,
)
from bot.text import Verbatim, lines, t

CODE_LIFETIME = timedelta(minutes=15)


def _took_part(ctx: Ctx, member_id: int) -> bool:
    """Whether the member joined, asked for, or holds anything anywhere."""
    checks = (
        select(Membership.id).where(Membership.member_id == member_id),
        select(RoleSlot.id).where(RoleSlot.member_id == member_id),
        select(Question.id).where(Question.author_id == member_id),
    )
    return any(ctx.db.exec(check).first() is not None for check in checks)


def cmd_linkaccount(ctx: Ctx, args: Args) -> None:
    code = args.raw.strip().upper()
    if not code:
        _ask_for_code(ctx)
        return
    found = ctx.db.get(LinkCode, code) if len(code) <= 16 else None
    if found is None or found.expires_at <= ctx.now:
        raise NotFound(
            t(
                "That code is not valid (codes work once, for 15 minutes). Ask for a new one"
                " with {command} on your other account.",
                command=Verbatim("/linkaccount"),
            )
        )
    if found.platform == ctx.event.chat.platform or found.member_id == ctx.member_id:
        raise BadInput(
            t("Send this code from your account on the other platform, not from this one.")
        )
    ctx.db.delete(found)
    keep, fold = found.member_id, ctx.member_id
    if _took_part(ctx, fold):
        if _took_part(ctx, keep):
            raise Conflict(
                t(
                    "Both accounts already take part in groups, so I cannot join them. Leave"
                    " the groups on one of them first, then link again."
                )
            )
        keep, fold = fold, keep
    ctx.db.execute(update(Identity).where(col(Identity.member_id) == fold).values(member_id=keep))
    ctx.db.execute(
        update(Conversation).where(col(Conversation.member_id) == fold).values(member_id=keep)
    )
    ctx.db.execute(update(LinkCode).where(col(LinkCode.member_id) == fold).values(member_id=keep))
    ctx.db.flush()
    ctx.db.expire_all()
    member = ctx.db.get(Member, keep)
    assert member is not None
    ctx.member = member
    ctx.reply(
        t(
            "Your accounts are linked: you are {name} on both, with the same groups and roles.",
            name=member.display_name,
        )
    )


def _ask_for_code(ctx: Ctx) -> None:
    code = new_invite_code() + secrets.choice("23456789")
    ctx.db.add(
        LinkCode(
            code=code,
            member_id=ctx.member_id,
            platform=ctx.event.chat.platform,
            expires_at=ctx.now + CODE_LIFETIME,
        )
    )
    ctx.reply(
        lines(
            t("To be the same member on another platform, send this there within 15 minutes:"),
            Verbatim(f"/linkaccount {code}"),
        ),
        private=True,
    )
