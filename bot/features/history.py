"""What changed in a group, by whom and when: every change a feature raises
(bot/features/changes.py) is kept here, and /history shows the last ones."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import col, select

from bot.args import Args
from bot.context import Ctx
from bot.features.access import require_facilitator, target_group
from bot.store.models import HistoryEntry, LearningGroup, Member
from bot.text import Msg, Param, Text, Verbatim, lines, t
from bot.views.roles import role_label

# One sentence per kind of change. Parameters are stored as JSON: user text as strings,
# numbers as numbers; `role` holds a role key and `deadline`/`due` an ISO date.
SENTENCES: dict[str, Msg] = {
    "session.scheduled": t("{who} scheduled session {number}: {title}"),
    "session.changed": t("{who} changed session {number}: {fields}"),
    "session.cancelled": t("{who} cancelled session {number}: {title}"),
    "session.slots": t("{who} changed the roles of session {number}"),
    "group.template": t("{who} changed the roles new sessions get"),
    "role.claimed": t("{who} took {role} in session {number}"),
    "role.released": t("{who} released {role} in session {number}"),
    "role.assigned": t("{who} gave {role} in session {number} to {name}"),
    "role.unassigned": t("{who} took {role} in session {number} back from {name}"),
    "role.vacated": t("{name} left the group: {role} in session {number} is open again"),
    "question.asked": t("{who} asked question {question} in session {number}"),
    "question.upvoted": t("{who} upvoted question {question}"),
    "question.withdrawn": t("{who} withdrew question {question}"),
    "question.guiding": t(
        "{who} made question {question} the guiding question of session {number}"
    ),
    "question.closed": t("{who} closed question {question}"),
    "call.opened": t("{who} opened call {call}, deadline {deadline}"),
    "call.answered": t("{who} answered call {call}"),
    "call.closed": t("{who} closed call {call}"),
    "call.awarded": t("{who} gave “{option}” (call {call}) to {name}"),
    "stream.created": t("{who} created the work stream #{stream} “{title}”"),
    "stream.chair": t("{who} became chair of the work stream “{title}”"),
    "stream.chair_released": t("{who} stepped down as chair of the work stream “{title}”"),
    "product.created": t("{who} planned the product {product} “{title}”"),
    "product.updated": t("{who} updated the product {product} “{title}”: {fields}"),
}
_DATES = ("deadline", "due")
HISTORY_LIMIT = 20


def keep(ctx: Ctx, group: LearningGroup, kind: str, params: dict[str, str | int]) -> Msg:
    """Keep a change in the group's history (changes.changed calls it for every change);
    returns its sentence."""
    assert kind in SENTENCES, kind
    assert group.id is not None
    ctx.db.add(
        HistoryEntry(
            group_id=group.id,
            member_id=ctx.member_id,
            kind=kind,
            params=json.dumps(params, ensure_ascii=False),
            at=ctx.now,
        )
    )
    return describe(kind, ctx.member.display_name, params)


def sentence(entry: HistoryEntry, who: str) -> Msg:
    return describe(entry.kind, who, json.loads(entry.params))


def describe(kind: str, who: str, stored: dict[str, str | int]) -> Msg:
    """The kind's sentence in the reader's language: the history line, or the news a linked
    chat gets."""
    params: dict[str, Param] = {"who": who}
    for key, value in stored.items():
        if key == "role":
            params[key] = role_label(str(value))
        elif key in _DATES:
            params[key] = date.fromisoformat(str(value))
        elif key == "fields":
            params[key] = Verbatim(str(value))
        else:
            params[key] = value
    return Msg(SENTENCES[kind].id, params)


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
