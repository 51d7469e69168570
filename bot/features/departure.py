"""What leaving a group ends. A member who leaves (or is removed) gives back their roles in
the sessions to come, the chair of a work stream and their places in the group's work
streams, and their authorship of what is not published yet; their reminders go with them,
boards are updated, and the facilitators are told what is open again."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam

from bot.context import Ctx
from bot.features.access import lock_group, refresh_menus
from bot.features.changes import PlaceChanged, ProductMoved, RoleVacated, changed
from bot.features.roles import vacate
from bot.features.seats import fill_free_seats
from bot.features.sessions import lock_session
from bot.features.streams import streams_of
from bot.store.core import columns, fetch_all, load, selecting, table
from bot.store.models import LearningGroup, LearningSession, Product, ProductAuthor
from bot.store.statuses import ProductStatus
from bot.text import ListOf, Msg, t
from bot.views.members import facilitator_ids, membership
from bot.views.roles import held_to_come, role_label

PUBLISHED = ProductStatus.PUBLISHED


_PRODUCT, _AUTHOR = columns(Product), columns(ProductAuthor)
# The member's authorships of the group's products not published yet.
_UNPUBLISHED = (
    selecting(ProductAuthor)
    .join_from(table(ProductAuthor), table(Product), _PRODUCT.id == _AUTHOR.product_id)
    .where(
        _PRODUCT.group_id == bindparam("group"),
        _AUTHOR.member_id == bindparam("member"),
        _PRODUCT.status != PUBLISHED.value,
    )
    .order_by(_PRODUCT.id)
)


class Departing(NamedTuple):
    """Who leaves: what the news of it names (their row itself is not needed)."""

    id: int
    display_name: str


def depart(ctx: Ctx, group: LearningGroup, member: Departing, *, facilitated: bool) -> None:
    """Call once the member's membership row is gone (the group's row locked);
    `facilitated`: the row was a facilitator's."""
    freed = _free(ctx, group, member)
    if freed:
        _tell_facilitators(ctx, group, member, freed)
    if facilitated:
        refresh_menus(ctx, member.id)  # they may no longer facilitate anything


def _free(ctx: Ctx, group: LearningGroup, member: Departing) -> list[Msg]:
    freed: list[Msg] = []
    for stream in streams_of(ctx, group):
        row = membership(ctx, stream, member.id)
        if row is not None:
            locked = lock_group(ctx, stream)
            ctx.db.delete(row)
            ctx.db.flush()
            fill_free_seats(ctx, locked)
            freed.append(t("a place in the work stream “{stream}”", stream=stream.title))
        freed += _free(ctx, stream, member)
    if group.chair_id == member.id:
        group.chair_id = None
        ctx.db.add(group)
        freed.append(t("the chair of the work stream “{stream}”", stream=group.title))
    assert group.id is not None
    for session_id, slot in held_to_come(ctx, group.id, member.id):
        session = ctx.db.get(LearningSession, session_id)
        assert session is not None
        lock_session(ctx, session)  # every change to a board is made under it
        vacate(ctx, slot)
        vacated = RoleVacated(
            group, session, slot.role, member.display_name, holder=member.id, taken=False
        )
        changed(ctx, vacated)
        freed.append(
            t("{role} in session {number}", role=role_label(slot.role), number=session.number)
        )
    for author in fetch_all(ctx.db, ProductAuthor, _UNPUBLISHED, group=group.id, member=member.id):
        product = load(ctx.db, Product, author.product_id)
        assert product is not None
        ctx.db.delete(author)
        changed(ctx, ProductMoved(group, product))
        freed.append(t("an author of “{title}”", title=product.title))
    changed(ctx, PlaceChanged(group, member.id))
    ctx.db.flush()
    return freed


def _tell_facilitators(ctx: Ctx, group: LearningGroup, member: Departing, freed: list[Msg]) -> None:
    text = t(
        "{name} is no longer in “{group}”, so these are open again: {what}.",
        name=member.display_name,
        group=group.title,
        what=ListOf(tuple(freed)),
    )
    for lead in facilitator_ids(ctx, group):
        ctx.tell(lead, text, group=group)
