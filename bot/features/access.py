"""Finding the group and member a command is about, and who may act on them."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import col, select

from bot.context import Ctx
from bot.effects import Action, Address, Menu
from bot.errors import NotAllowed, NotFound
from bot.events import Button, Command
from bot.parsing import number_ref
from bot.store.core import columns, fetch, load, selecting
from bot.store.models import GroupWorkspace, Identity, LearningGroup, Member, Membership
from bot.text import Verbatim, fit, t
from bot.views.members import ACTIVE, FACILITATOR, is_facilitator, membership, my_groups
from bot.words import fold

# Built once: every command names a group.
_GROUP = columns(LearningGroup)
_LOCKED = selecting(LearningGroup).where(_GROUP.id == bindparam("id")).with_for_update()
_BY_TITLE = selecting(LearningGroup).where(_GROUP.title_key == bindparam("key"))
_BY_TITLE_LOCKED = _BY_TITLE.with_for_update()


def find_group(ctx: Ctx, ref: str, *, lock: bool = False) -> LearningGroup:
    ref = ref.strip()
    number = number_ref(ref)
    group: LearningGroup | None
    if number is not None and not lock:
        group = load(ctx.db, LearningGroup, number)
    elif number is not None:
        group = fetch(ctx.db, LearningGroup, _LOCKED, id=number)
    else:
        by_title = _BY_TITLE_LOCKED if lock else _BY_TITLE
        group = fetch(ctx.db, LearningGroup, by_title, key=fold_title(ref))
    if group is None or not visible(ctx, group):
        raise NotFound(
            t(
                "There is no group “{ref}”. Send /groups to see the groups and their numbers.",
                ref=ref[:60],
            )
        )
    return group


def visible(ctx: Ctx, group: LearningGroup) -> bool:
    """A Slack workspace sees its own groups, groups shared with it, groups without a
    workspace, and groups the member already belongs to; other platforms see them all."""
    mine = ctx.workspace
    if group.workspace is None or mine is None or group.workspace == mine:
        return True
    if ctx.db.get(GroupWorkspace, (group.id, mine)) is not None:
        return True
    return membership(ctx, group, ctx.member_id) is not None


def fold_title(title: str) -> str:
    return fold(" ".join(title.split()))


def lock_group(ctx: Ctx, group: LearningGroup) -> LearningGroup:
    """Take the group's row lock: seats are counted and given under it (PostgreSQL; on SQLite
    the immediate transaction already holds the database's write lock)."""
    locked = ctx.db.exec(
        select(LearningGroup)
        .where(LearningGroup.id == group.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return locked


def target_group(ctx: Ctx, ref: str | None, *, usage: str, lock: bool = False) -> LearningGroup:
    """The group named, else the one this chat is linked to, else the reader's only group
    (work streams aside)."""
    if ref:
        return find_group(ctx, ref, lock=lock)
    linked = ctx.chat_group()
    if linked is not None:
        return lock_group(ctx, linked) if lock else linked
    mine = my_groups(ctx)
    if len(mine) > 1:
        # Members of a group's work streams still mean the group itself by default.
        mine = [g for g in mine if g.parent_id is None]
    if len(mine) == 1:
        return lock_group(ctx, mine[0]) if lock else mine[0]
    raise NotFound(
        t(
            "Which group? Add its number, for example: {example}. Send /groups to see them.",
            example=Verbatim(usage),
        ),
        group_buttons(ctx, mine),
    )


def group_buttons(ctx: Ctx, groups: list[LearningGroup]) -> list[Action]:
    """The command just sent again, once for each group: the answer to "Which group?"."""
    event = ctx.event
    if isinstance(event, Command):
        command, args = event.name.lower(), event.args
    elif isinstance(event, Button):
        command, args = event.command, event.args
    else:
        return []
    return [
        Action(
            t("#{number} {group}", number=Verbatim(str(g.id)), group=fit(g.title, 40)),
            command,
            f"#{g.id} {args}".strip(),
        )
        for g in groups[:8]
    ]


def require_facilitator(ctx: Ctx, group: LearningGroup) -> None:
    if not is_facilitator(ctx, group):
        raise NotAllowed(t("Only a facilitator of “{group}” can do that.", group=group.title))


def find_member_in_group(ctx: Ctx, group: LearningGroup, ref: str) -> tuple[Member, Membership]:
    """A member named by their number (as /members shows it), their display name, or the
    words of it people use ("Zoé" or "zoe" for Zoé Martin, "Martin" too) when only one
    member of the group has them."""
    ref = ref.strip().lstrip("@")
    rows = ctx.db.exec(
        select(Member, Membership)
        .join(Membership, col(Membership.member_id) == Member.id)
        .where(Membership.group_id == group.id)
    ).all()
    number = number_ref(ref)
    if number is not None:
        matches = [row for row in rows if row[0].id == number]
    else:
        said = fold(ref)
        matches = [row for row in rows if fold(row[0].display_name) == said]
        if not matches and said:
            matches = [row for row in rows if _names(fold(row[0].display_name), said)]
    if not matches:
        raise NotFound(
            t(
                "Nobody called “{ref}” is in “{group}”. Send /members to see names and numbers.",
                ref=ref[:60],
                group=group.title,
            )
        )
    if len(matches) > 1:
        raise NotFound(
            t(
                "Several members are called “{ref}”; use their number from /members instead.",
                ref=ref[:60],
            )
        )
    return matches[0]


def _names(name: str, said: str) -> bool:
    """Whether the words said are whole words of the name, one after the other ("zoe",
    "martin", "anne martin" in "zoe anne martin"; not "zo", not "zoe martin")."""
    words, wanted = name.split(), said.split()
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def refresh_menus(ctx: Ctx, member_id: int) -> None:
    """After a change of who facilitates: the member's command menus, on each platform they
    use, list the facilitators' commands exactly while they facilitate something."""
    facilitates = (
        ctx.db.exec(
            select(Membership.group_id).where(
                Membership.member_id == member_id,
                Membership.role == FACILITATOR,
                Membership.status == ACTIVE,
            )
        ).first()
        is not None
    )
    for identity in ctx.db.exec(select(Identity).where(Identity.member_id == member_id)):
        ctx.effects.append(
            Menu(Address(identity.platform, "user", identity.external_id), facilitates)
        )
