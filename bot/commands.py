"""The one dispatch table: command name -> handler, with what /help says of it.

Explicit on purpose: a new command is one line here and a function in its feature module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import conversation
from bot.context import Ctx
from bot.errors import BadInput
from bot.features import (
    accounts,
    calls,
    chats,
    groups,
    history,
    links,
    membership,
    overview,
    products,
    profile,
    questions,
    reminder_commands,
    role_setup,
    roles,
    sessions,
    streams,
)
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
    if links.open_board(ctx, payload):
        return
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
    "home": CommandSpec(
        overview.cmd_home,
        Verbatim("/home"),
        t("your groups, upcoming sessions, roles and open calls"),
    ),
    "linkaccount": CommandSpec(
        accounts.cmd_linkaccount,
        t("/linkaccount [code]"),
        t("be one member on Telegram and Slack: ask for a code here, send it there"),
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
    "remind": CommandSpec(
        reminder_commands.cmd_remind,
        t("/remind [on|off <kind>] [quiet 22:00-07:00]"),
        t("choose which reminders you get, and your quiet hours"),
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
    "editsession": CommandSpec(
        sessions.cmd_editsession,
        t("/editsession <session> when=... [title=... link=... description=...]"),
        t("reschedule a session or change its details; role holders are told"),
        FACILITATORS,
    ),
    "cancelsession": CommandSpec(
        sessions.cmd_cancelsession,
        t("/cancelsession <session>"),
        t("cancel a session; role holders are told"),
        FACILITATORS,
    ),
    "roletemplate": CommandSpec(
        role_setup.cmd_roletemplate,
        t("/roletemplate #<group> role=count ..."),
        t("set the roles new sessions get, custom roles included"),
        FACILITATORS,
    ),
    "slots": CommandSpec(
        role_setup.cmd_slots,
        t("/slots <session> role=count ..."),
        t("change one session's roles"),
        FACILITATORS,
    ),
    "ask": CommandSpec(
        questions.cmd_ask,
        t("/ask [session] [question]"),
        t("bring a question or an experience to a session"),
    ),
    "questions": CommandSpec(
        questions.cmd_questions, t("/questions <session>"), t("list a session's questions")
    ),
    "upvote": CommandSpec(questions.cmd_upvote, t("/upvote <question>"), t("upvote a question")),
    "withdraw": CommandSpec(
        questions.cmd_withdraw, t("/withdraw <question>"), t("withdraw your own question")
    ),
    "guiding": CommandSpec(
        questions.cmd_guiding,
        t("/guiding <question>"),
        t("make a question the session's guiding question (discussant, facilitators)"),
    ),
    "closequestion": CommandSpec(
        questions.cmd_closequestion,
        t("/closequestion <question>"),
        t("close a question (the session's chair, facilitators)"),
    ),
    "calls": CommandSpec(
        calls.cmd_calls, t("/calls <group>"), t("list open calls for interest and answer them")
    ),
    "answer": CommandSpec(
        calls.cmd_answer,
        t("/answer <call> <options>"),
        t("answer a call for interest, e.g. /answer 1 2 3; change it until the deadline"),
    ),
    "call": CommandSpec(
        calls.cmd_call,
        t('/call #<group> deadline="15 March" "option" "option" ...'),
        t("open a call for interest with a deadline"),
        FACILITATORS,
    ),
    "answers": CommandSpec(
        calls.cmd_answers,
        t("/answers <call>"),
        t("see who answered what, and who has not"),
        FACILITATORS,
    ),
    "closecall": CommandSpec(
        calls.cmd_closecall,
        t("/closecall <call>"),
        t("close a call before its deadline"),
        FACILITATORS,
    ),
    "award": CommandSpec(
        calls.cmd_award,
        t("/award <call> <option>=<name>,<name> ..."),
        t("turn answers into roles or work-stream places"),
        FACILITATORS,
    ),
    "streams": CommandSpec(
        streams.cmd_streams, t("/streams <group>"), t("list a group's work streams")
    ),
    "stream": CommandSpec(
        streams.cmd_stream,
        t("/stream #<group> <title>"),
        t("create a work stream in a group"),
        FACILITATORS,
    ),
    "products": CommandSpec(
        products.cmd_products, t("/products <group>"), t("list a group's blog posts and papers")
    ),
    "updateproduct": CommandSpec(
        products.cmd_updateproduct,
        t("/updateproduct <product> status=... link=..."),
        t("update a product you write: status, link, due date"),
    ),
    "newproduct": CommandSpec(
        products.cmd_newproduct,
        t('/newproduct #<group> <title> [session=N due="..." authors=...]'),
        t("plan a blog post or paper; a session's post defaults to its role holders"),
        FACILITATORS,
    ),
    "history": CommandSpec(
        history.cmd_history, t("/history <group>"), t("see a group's recent changes"), FACILITATORS
    ),
    "reminders": CommandSpec(
        reminder_commands.cmd_reminders,
        t("/reminders <group> [calls=7,2,0 sessions=7,1 ...]"),
        t("see the reminders planned for a group, or change how many days before they go"),
        FACILITATORS,
    ),
    "announce": CommandSpec(
        reminder_commands.cmd_announce,
        t("/announce #<group> [at=<day and hour>] <text>"),
        t("send the whole group a message, now or at a given time"),
        FACILITATORS,
    ),
    "unannounce": CommandSpec(
        reminder_commands.cmd_unannounce,
        t("/unannounce <number>"),
        t("withdraw an announcement that has not gone out yet"),
        FACILITATORS,
    ),
    "moveannouncement": CommandSpec(
        reminder_commands.cmd_moveannouncement,
        t("/moveannouncement <number> at=<day and hour>"),
        t("send an announcement that has not gone out yet at another time"),
        FACILITATORS,
    ),
    "invite": CommandSpec(
        links.cmd_invite,
        t("/invite <group> [session]"),
        t("get a link that joins the group, or shows a session's board"),
        FACILITATORS,
    ),
    "share": CommandSpec(
        groups.cmd_share,
        t("/share #<group> <Slack workspace id>"),
        t("let another Slack workspace see and join a group"),
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

FLOWS: dict[str, conversation.Flow] = {
    flow.name: flow for flow in (groups.NEW_GROUP, questions.ASK, calls.OPEN_CALL)
}
