"""A member's own data: /mydata sends everything stored about them as JSON; /forgetme,
once confirmed, erases it. What the groups' record needs stays, attributed to "a former
member": the questions they asked, the roles they held in past sessions, the published
work they wrote, the votes they gave, the history of what they did. Roles in sessions to
come, places in groups and waitlists, answers to calls, unpublished authorships, reminders,
identities and link codes go; boards are updated and facilitators told, as when leaving."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel, col, delete, select

from bot.args import Args
from bot.context import Ctx
from bot.effects import Action, Attachment
from bot.errors import Conflict
from bot.features.access import lock_group
from bot.features.answers import YES
from bot.features.departure import Departing, depart
from bot.features.seats import fill_free_seats
from bot.store.models import (
    CallAnswer,
    Conversation,
    HistoryEntry,
    Identity,
    LearningGroup,
    LinkCode,
    Membership,
    Reminder,
)
from bot.text import FORMER_MEMBER, ListOf, lines, t
from bot.views.members import ACTIVE, FACILITATOR, facilitator_ids

JSON = "application/json"


def _value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _holding() -> list[tuple[sa.Table, list[sa.Column[Any]]]]:
    """Every table with a column that names a member, and those columns."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        columns = [
            column
            for column in table.columns
            if any(key.column.table.name == "member" for key in column.foreign_keys)
        ]
        if columns:
            found.append((table, columns))
    return found


def my_data(ctx: Ctx) -> dict[str, Any]:
    """The member's row, then every row of every table that names them."""
    member_table = SQLModel.metadata.tables["member"]
    me = ctx.db.execute(sa.select(member_table).where(member_table.c.id == ctx.member_id)).one()
    data: dict[str, Any] = {
        "member": {k: _value(v) for k, v in me._mapping.items()},
        "tables": {},
    }
    for table, columns in _holding():
        rows = ctx.db.execute(
            sa.select(table).where(sa.or_(*(c == ctx.member_id for c in columns)))
        ).all()
        if rows:
            data["tables"][table.name] = [
                {k: _value(v) for k, v in row._mapping.items()} for row in rows
            ]
    return data


def cmd_mydata(ctx: Ctx, parsed: Args) -> None:
    data = my_data(ctx)
    content = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()
    ctx.send_file(
        Attachment("convener-my-data.json", content, JSON),
        t(
            "Everything Convener keeps about you, as JSON: your profile, then the rows of"
            " {tables} that name you. /forgetme erases it.",
            tables=ListOf(tuple(sorted(data["tables"]))),
        ),
    )


def cmd_forgetme(ctx: Ctx, parsed: Args) -> None:
    if not (parsed.words and YES.matches(parsed.words[0])):
        ctx.reply(
            lines(
                t("Erase what Convener keeps about you? This cannot be undone."),
                t(
                    "Your name, profile, accounts, places in groups and waitlists, answers to"
                    " calls, roles in sessions to come and reminders go. Questions you asked,"
                    " roles you held, published work and the group's history stay, by"
                    " “a former member”."
                ),
                t("See it all first with /mydata."),
            ),
            [Action(t("Yes, erase my data"), "forgetme", "yes")],
            private=True,
        )
        return
    _leave_everything(ctx)
    _erase(ctx)
    ctx.reply(t("Done: Convener no longer knows you. Goodbye."), private=True)


def _leave_everything(ctx: Ctx) -> None:
    rows = ctx.db.exec(
        select(Membership, LearningGroup)
        .join(LearningGroup, col(LearningGroup.id) == Membership.group_id)
        .where(Membership.member_id == ctx.member_id)
        .order_by(col(LearningGroup.parent_id).is_not(None), col(LearningGroup.id))
    ).all()
    for row, group in rows:
        alone = row.role == FACILITATOR and row.status == ACTIVE
        if alone and facilitator_ids(ctx, group) == [ctx.member_id]:
            raise Conflict(
                t(
                    "You are the only facilitator of “{group}”. Make someone co-facilitator"
                    " first with /cofacilitator, then send /forgetme again.",
                    group=group.title,
                )
            )
    departing = Departing(ctx.member_id, ctx.profile.display_name)
    for row, group in rows:
        if ctx.db.get(Membership, row.id) is None:
            continue  # a work stream's place, already given back with its group
        locked = lock_group(ctx, group)
        ctx.db.delete(row)
        ctx.db.flush()
        depart(ctx, locked, departing, facilitated=row.role == FACILITATOR)
        fill_free_seats(ctx, locked)


def _erase(ctx: Ctx) -> None:
    me = ctx.member
    old_name = me.display_name
    for model in (Identity, LinkCode, Conversation, Reminder, CallAnswer):
        ctx.db.execute(delete(model).where(col(model.member_id) == ctx.member_id))
    # Sentences of the history that name them ("gave chair to Bob") name a former member.
    # (JSON escapes some characters of a name: the key is searched, the value compared.)
    for entry in ctx.db.exec(
        select(HistoryEntry).where(col(HistoryEntry.params).contains('"name"'))
    ):
        params = json.loads(entry.params)
        if params.get("name") == old_name:
            params["name"] = FORMER_MEMBER
            entry.params = json.dumps(params, ensure_ascii=False)
            ctx.db.add(entry)
    me.display_name = FORMER_MEMBER
    me.country = me.organization = me.language = me.timezone = None
    me.quiet_hours = me.date_order = None
    me.reminders_off = ""
    ctx.db.add(me)
    ctx.db.flush()
