"""The one dispatch table: command name -> handler, with what /help says of it.

Explicit on purpose: a new command is one line here and a function in its feature module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import conversation
from bot.context import Ctx
from bot.errors import BadInput
from bot.features import chats, groups, membership, profile, roles, sessions
from bot.features.access import find_group, is_facilitator_anywhere, my_groups
from bot.text import Msg, Text, Verbatim, lines, t

Handler = Callable[[Ctx, str], None]

EVERYONE = "everyone"
FACILITATORS = "facilitators"


@dataclass(frozen=True)
class CommandSpec:
    handler: Handler
    usage: Msg | Verbatim
    summary: Msg
    audience: str = EVERYONE


def cmd_start(ctx: Ctx, raw: str) -> None:
    """/start, also reached by deep links: 'join-3' or 'join-3-CODE'."""
    payload = raw.strip()
    if payload.startswith("join-"):
        parts = payload.split("-")
        if len(parts) in (2, 3) and parts[1].isdigit():
            group = find_group(ctx, parts[1], lock=True)
            membership.join(ctx, group, parts[2] if len(parts) == 3 else None)
            return
        raise BadInput(t("That link is not valid. Ask for a new one, or send /groups."))
    ctx.reply(
        lines(
            t(
                "Hello {name}! I am Convener: I help learning groups organize their work.",
                name=ctx.member.display_name,
            ),
            t("Send /groups to see the groups, or /help to see everything you can do."),
        )
    )


def cmd_help(ctx: Ctx, raw: str) -> None:
    name = raw.strip().lstrip("/").lower()
    if name:
        spec = COMMANDS.get(name)
        if spec is None:
            raise BadInput(unknown_command(name))
        ctx.reply(
            lines(t("{usage}: {summary}", usage=spec.usage, summary=spec.summary)),
            private=True,
        )
        return
    facilitator = is_facilitator_anywhere(ctx)
    items: list[Text | Verbatim] = [t("What you can do:")]
    for command, spec in COMMANDS.items():
        if spec.audience == FACILITATORS and not facilitator:
            continue
        items.append(t("/{command} — {summary}", command=Verbatim(command), summary=spec.summary))
    if not facilitator:
        items.append(t("Facilitators of a group see more commands here."))
    if not my_groups(ctx):
        items.append(t("Start with /groups to find a group to join."))
    items.append(t("Send /help and a command for its details, for example /help join."))
    ctx.reply(lines(*items), private=True)


def cmd_cancel(ctx: Ctx, raw: str) -> None:
    conversation.cancel(ctx, FLOWS)


def unknown_command(name: str) -> Msg:
    return t(
        "I don't know the command /{command}. Send /help to see what you can do.",
        command=Verbatim(name[:40]),
    )


COMMANDS: dict[str, CommandSpec] = {
    "start": CommandSpec(cmd_start, Verbatim("/start"), t("say hello and get started")),
    "help": CommandSpec(
        cmd_help, t("/help [command]"), t("list what you can do, or explain one command")
    ),
    "cancel": CommandSpec(
        cmd_cancel, Verbatim("/cancel"), t("stop answering the current question")
    ),
    "groups": CommandSpec(
        groups.cmd_groups, Verbatim("/groups"), t("list the groups and their free positions")
    ),
    "group": CommandSpec(groups.cmd_group, t("/group <number>"), t("show a group's card")),
    "join": CommandSpec(
        membership.cmd_join,
        t("/join <number> [invite code]"),
        t("join a group, or its waitlist when it is full"),
    ),
    "leave": CommandSpec(
        membership.cmd_leave, t("/leave <number>"), t("leave a group or its waitlist")
    ),
    "members": CommandSpec(
        membership.cmd_members, t("/members <number>"), t("list a group's members and waitlist")
    ),
    "profile": CommandSpec(
        profile.cmd_profile,
        t("/profile [field value]"),
        t("show or change your name, country, organization, language and time zone"),
    ),
    "newgroup": CommandSpec(
        groups.cmd_newgroup,
        t("/newgroup [title] [positions=20 languages=en,fr policy=open ...]"),
        t("create a group; you become its facilitator"),
    ),
    "editgroup": CommandSpec(
        groups.cmd_editgroup,
        t("/editgroup #<number> field=value ..."),
        t("change a group's card"),
        FACILITATORS,
    ),
    "requests": CommandSpec(
        membership.cmd_requests,
        t("/requests <number>"),
        t("list requests to join a group"),
        FACILITATORS,
    ),
    "approve": CommandSpec(
        membership.cmd_approve,
        t("/approve #<group> <name or number>"),
        t("accept a request to join"),
        FACILITATORS,
    ),
    "decline": CommandSpec(
        membership.cmd_decline,
        t("/decline #<group> <name or number>"),
        t("turn down a request to join"),
        FACILITATORS,
    ),
    "remove": CommandSpec(
        membership.cmd_remove,
        t("/remove #<group> <name or number>"),
        t("remove someone from a group"),
        FACILITATORS,
    ),
    "cofacilitator": CommandSpec(
        membership.cmd_cofacilitator,
        t("/cofacilitator #<group> <name or number>"),
        t("make a member a co-facilitator"),
        FACILITATORS,
    ),
    "sessions": CommandSpec(
        sessions.cmd_sessions,
        t("/sessions <group>"),
        t("list a group's upcoming sessions and their roles"),
    ),
    "session": CommandSpec(
        sessions.cmd_session, t("/session <number>"), t("show a session's role board")
    ),
    "claim": CommandSpec(
        roles.cmd_claim,
        t("/claim <role> <session>"),
        t("take a role in a session, e.g. /claim chair 2"),
    ),
    "release": CommandSpec(
        roles.cmd_release, t("/release <role> <session>"), t("give back a role you hold")
    ),
    "schedule": CommandSpec(
        sessions.cmd_schedule,
        t('/schedule #<group> <subtopic> when="<date and time>" [link=...]'),
        t("schedule a session, at an exact time or an approximate month"),
        FACILITATORS,
    ),
    "assign": CommandSpec(
        roles.cmd_assign,
        t("/assign <role> <session> <name>"),
        t("give a role to a member"),
        FACILITATORS,
    ),
    "unassign": CommandSpec(
        roles.cmd_unassign,
        t("/unassign <role> <session> <name>"),
        t("take a role back from a member"),
        FACILITATORS,
    ),
    "linkchat": CommandSpec(
        chats.cmd_linkchat,
        t("/linkchat <number>"),
        t("make this chat act for a group"),
        FACILITATORS,
    ),
    "unlinkchat": CommandSpec(
        chats.cmd_unlinkchat,
        Verbatim("/unlinkchat"),
        t("stop this chat acting for its group"),
        FACILITATORS,
    ),
}

FLOWS: dict[str, conversation.Flow] = {flow.name: flow for flow in (groups.NEW_GROUP,)}
