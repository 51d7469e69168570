"""What changed in a group, by whom and when: every change a feature raises
(bot/features/changes.py) is kept here, and /history shows the last ones (their sentences
are in bot/views/history.py)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.features.access import require_facilitator, target_group
from bot.store.core import run, table
from bot.store.models import HistoryEntry, LearningGroup, Member
from bot.text import Msg, Text, Verbatim, lines, t
from bot.views.history import SENTENCES, describe, sentence

HISTORY_LIMIT = 20
_KEEP = sa.insert(table(HistoryEntry))


def keep(ctx: Ctx, group: LearningGroup, kind: str, params: dict[str, str | int]) -> Msg:
    """Keep a change in the group's history (changes.changed calls it for every change);
    returns its sentence."""
    assert kind in SENTENCES, kind
    assert group.id is not None
    run(
        ctx.db,
        _KEEP,
        group_id=group.id,
        member_id=ctx.member_id,
        kind=kind,
        params=json.dumps(params, ensure_ascii=False),
        at=ctx.now,
    )
    return describe(kind, ctx.profile.display_name, params)


def cmd_history(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/history 1")
    require_facilitator(ctx, group)
    rows = ctx.db.exec(
        select(HistoryEntry, Member)
        .join(Member, col(Member.id) == HistoryEntry.member_id)
        .where(HistoryEntry.group_id == group.id)
        .order_by(col(HistoryEntry.id).desc())
        .limit(HISTORY_LIMIT)
    ).all()
    if not rows:
        ctx.reply(t("Nothing has changed in “{group}” yet.", group=group.title))
        return
    items: list[Text | Verbatim] = [t("Recent changes in “{group}”:", group=group.title)]
    for entry, member in rows:
        items.append(t("{when} — {what}", when=entry.at, what=sentence(entry, member.display_name)))
    ctx.reply(lines(*items))
