"""What changed in a group, as sentences in the reader's language: /history, the news a
linked chat gets, the exports."""

from __future__ import annotations

import json
from datetime import date

from bot.store.models import HistoryEntry
from bot.text import Msg, Param, Verbatim, t
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
