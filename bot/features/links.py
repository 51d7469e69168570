"""Deep links: a link that opens a private chat with the bot and joins a group or shows a
session's board. The engine names the payload; each platform writes the link its way."""

from __future__ import annotations

from bot.args import Args
from bot.context import Ctx
from bot.errors import BadInput
from bot.features.access import find_group, require_facilitator, target_group
from bot.features.sessions import find_session, member_of
from bot.parsing import number_ref
from bot.text import DeepLink, lines, t
from bot.views.sessions import board_with_buttons


def cmd_invite(ctx: Ctx, parsed: Args) -> None:
    """/invite 1 (join link, with the invite code) or /invite 1 2 (session 2's board)."""
    words = list(parsed.words)
    ref = parsed.group or (words.pop(0) if words else None)
    group = target_group(ctx, ref, usage="/invite 1")
    require_facilitator(ctx, group)
    if len(words) > 1:
        raise BadInput(t("Give the group and, for a session's board, its number: /invite 1 2"))
    if words:
        session = find_session(ctx, group, words[0])
        ctx.reply(
            lines(
                t(
                    "This link shows session {number}'s board to members of “{group}”:",
                    number=session.number,
                    group=group.title,
                ),
                t("{link}", link=DeepLink(f"session-{group.id}-{session.number}")),
            )
        )
        return
    ctx.reply(
        lines(
            t(
                "Share this link: it opens a chat with me and joins “{group}” (it carries the"
                " invite code):",
                group=group.title,
            ),
            t("{link}", link=DeepLink(f"join-{group.id}-{group.invite_code}")),
        )
    )


def open_board(ctx: Ctx, payload: str) -> bool:
    """`session-<group>-<number>` from a deep link; False if the payload is something else."""
    parts = payload.split("-")
    if (
        len(parts) != 3
        or parts[0] != "session"
        or not all(number_ref(p) is not None for p in parts[1:])
    ):
        return False
    group = find_group(ctx, parts[1])
    member_of(ctx, group)
    session = find_session(ctx, group, parts[2])
    items, buttons = board_with_buttons(ctx, group, session)
    ctx.reply(lines(*items), buttons, board=session.id)
    return True
