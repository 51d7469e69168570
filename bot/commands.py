"""The one dispatch table: command name -> handler, with what /help says of it.

Explicit on purpose: a new command is one line here and a function in its feature module.
"""

from __future__ import annotations

from bot import conversation
from bot.args import Args
from bot.command_spec import EVERYONE, FACILITATORS, CommandSpec, Handler
from bot.common_args import (
    ANNOUNCEMENT,
    CALL,
    GROUP,
    GROUP_NUMBER,
    GROUP_OPTIONS,
    MEMBER,
    OFFSETS,
    PRODUCT_OPTIONS,
    QUESTION,
    ROLE,
    SESSION,
    session_options,
)
from bot.context import Ctx
from bot.errors import BadInput
from bot.features import (
    accounts,
    boards,
    calendars,
    call_answers,
    call_opening,
    call_results,
    chats,
    exports,
    group_cards,
    groups,
    history,
    links,
    membership,
    overview,
    personal_data,
    products,
    profile,
    questions,
    role_setup,
    roles,
    scheduling,
    streams,
)
from bot.features.access import find_group
from bot.grammar import Arg, Grammar, Kind, Opt
from bot.parsing import number_ref
from bot.reminders.announcements import cmd_announce, cmd_moveannouncement, cmd_unannounce
from bot.reminders.commands import OFFSET_RANGE, cmd_remind, cmd_reminders
from bot.text import Msg, Text, Verbatim, lines, t
from bot.views.members import is_facilitator_anywhere, my_groups
from bot.words import Words, keywords


def cmd_start(ctx: Ctx, args: Args) -> None:
    """/start, also reached by deep links: 'join-3' or 'join-3-CODE'."""
    payload = args.raw.strip()
    if links.open_board(ctx, payload):
        return
    if payload.startswith("join-"):
        parts = payload.split("-")
        if len(parts) in (2, 3) and number_ref(parts[1]) is not None:
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


def cmd_help(ctx: Ctx, args: Args) -> None:
    name = args.raw.strip().lstrip("/")
    if name:
        spec = find(name)
        if spec is None:
            raise BadInput(unknown_command(name))
        ctx.reply(lines(*spec.grammar.help(spec.name, spec.summary), *HOW_TO_WRITE), private=True)
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
    ctx.reply(lines(*items, *HOW_TO_WRITE), private=True)


# How any command is written, said by /help.
HOW_TO_WRITE: tuple[Msg, ...] = (
    t(
        "How to write: <…> is yours to fill in, […] may be left out. Put a phrase with"
        ' spaces in "double quotes"; inside it, write \\" for a quotation mark.'
    ),
    t(
        "Options are key=value, in English or in your language (when= or quand=); #1 names"
        " group 1 and may be left out in a chat linked to a group or when you are in one only."
    ),
    t(
        "Dates as you write them: 12/02/2027 (in your order: /profile dates), 15 March,"
        " end of April, in two weeks; times 14:00, 14h, 2pm; a zone if not yours: CET,"
        " Europe/Paris. I say back what I understood."
    ),
)


def find(name: str) -> CommandSpec | None:
    """The command typed, by its name or by one of its words in any language we speak."""
    spec = COMMANDS.get(name.lower())
    if spec is not None:
        return spec
    return next((s for s in COMMANDS.values() if s.words.matches(name)), None)


def cmd_cancel(ctx: Ctx, args: Args) -> None:
    conversation.cancel(ctx, FLOWS)


def unknown_command(name: str) -> Msg:
    return t(
        "I don't know the command /{command}. Send /help to see what you can do.",
        command=Verbatim(name[:40]),
    )


def _spec(
    words: Words,
    handler: Handler,
    summary: Msg,
    grammar: Grammar | None = None,
    audience: str = EVERYONE,
    *,
    whole_line: bool = False,
) -> CommandSpec:
    return CommandSpec(words, handler, summary, grammar or Grammar(), audience, whole_line)


_SPECS = (
    _spec(keywords("command", "start"), cmd_start, t("say hello and get started"),
          whole_line=True),
    _spec(keywords("command", "help"), cmd_help,
          t("list what you can do, or explain one command"),
          Grammar((Arg(t("command"), Kind.WORD, optional=True),), examples=(
              Verbatim("/help schedule"),)), whole_line=True),
    _spec(keywords("command", "cancel"), cmd_cancel, t("stop answering the current question")),
    _spec(keywords("command", "home"), overview.cmd_home,
          t("your groups, upcoming sessions, roles and open calls")),
    _spec(keywords("command", "linkaccount"), accounts.cmd_linkaccount,
          t("be one member on Telegram and Slack: ask for a code here, send it there"),
          Grammar((Arg(t("code"), Kind.WORD, optional=True),)), whole_line=True),
    _spec(keywords("command", "groups"), group_cards.cmd_groups,
          t("list the groups and their free positions"), whole_line=True),
    _spec(keywords("command", "group"), group_cards.cmd_group, t("show a group's card"),
          Grammar((GROUP_NUMBER,))),
    _spec(keywords("command", "join"), membership.cmd_join,
          t("join a group, or its waitlist when it is full"),
          Grammar((GROUP_NUMBER, Arg(t("invite code"), Kind.WORD, optional=True)),
                  examples=(Verbatim("/join 3"), Verbatim("/join 3 K7P2QX")))),
    _spec(keywords("command", "leave"), membership.cmd_leave,
          t("leave a group or its waitlist"), Grammar((GROUP_NUMBER,))),
    _spec(keywords("command", "members"), membership.cmd_members,
          t("list a group's members and waitlist"), Grammar((GROUP_NUMBER,))),
    _spec(keywords("command", "profile"), profile.cmd_profile,
          t("show or change your name, country, organization, language and time zone"),
          Grammar((Arg(t("field"), Kind.WORD, optional=True),
                   Arg(t("value"), optional=True)),
                  examples=(t("/profile country Senegal"), t("/profile dates dmy"))),
          whole_line=True),
    _spec(keywords("command", "remind"), cmd_remind,
          t("choose which reminders you get, and your quiet hours"),
          Grammar((Arg(t("on or off, and a kind"), Kind.WORD, optional=True),),
                  examples=(t("/remind off products"), t("/remind quiet 22:00-07:00"))),
          whole_line=True),
    _spec(keywords("command", "newgroup"), groups.cmd_newgroup,
          t("create a group; you become its facilitator"),
          Grammar((Arg(t("title"), optional=True),), GROUP_OPTIONS,
                  (t("/newgroup Strategic purchasing positions=20 languages=en,fr"),))),
    _spec(keywords("command", "editgroup"), groups.cmd_editgroup, t("change a group's card"),
          Grammar((GROUP,), GROUP_OPTIONS,
                  (t("/editgroup #1 start=12/02/2027 end=31/01/2028"),)), FACILITATORS),
    _spec(keywords("command", "requests"), membership.cmd_requests,
          t("list requests to join a group"), Grammar((GROUP_NUMBER,)), FACILITATORS),
    _spec(keywords("command", "approve"), membership.cmd_approve, t("accept a request to join"),
          Grammar((GROUP, MEMBER)), FACILITATORS),
    _spec(keywords("command", "decline"), membership.cmd_decline,
          t("turn down a request to join"), Grammar((GROUP, MEMBER)), FACILITATORS),
    _spec(keywords("command", "remove"), membership.cmd_remove,
          t("remove someone from a group"), Grammar((GROUP, MEMBER)), FACILITATORS),
    _spec(keywords("command", "cofacilitator"), membership.cmd_cofacilitator,
          t("make a member a co-facilitator"), Grammar((GROUP, MEMBER)), FACILITATORS),
    _spec(keywords("command", "sessions"), boards.cmd_sessions,
          t("list a group's upcoming sessions and their roles"), Grammar((GROUP_NUMBER,))),
    _spec(keywords("command", "session"), boards.cmd_session,
          t("show a session's role board"), Grammar((GROUP, SESSION))),
    _spec(keywords("command", "calendar"), calendars.cmd_calendar,
          t("get a session, or all of a group's, for your calendar, and its feed address"),
          Grammar((GROUP, Arg(t("session"), Kind.SESSION, optional=True)),
                  examples=(Verbatim("/calendar #1"), Verbatim("/calendar #1 2")))),
    _spec(keywords("command", "export"), exports.cmd_export,
          t("get the group's record as a spreadsheet: members, roles, answers, questions,"
            " products, history"),
          Grammar((GROUP_NUMBER,), (Opt("format", t("xlsx or csv"), Kind.WORD),
                                    Opt("language", t("one of the group's languages"),
                                        Kind.WORD)),
                  (Verbatim("/export 1"), Verbatim("/export 1 format=csv language=fr"))),
          FACILITATORS),
    _spec(keywords("command", "synthesis"), exports.cmd_synthesis,
          t("get the synthesis pack of the series, or of one session, to edit"),
          Grammar((GROUP, Arg(t("session"), Kind.SESSION, optional=True)),
                  (Opt("language", t("one of the group's languages"), Kind.WORD),),
                  (Verbatim("/synthesis #1"), Verbatim("/synthesis #1 2 language=fr"))),
          FACILITATORS),
    _spec(keywords("command", "mydata"), personal_data.cmd_mydata,
          t("get everything Convener keeps about you, as a file")),
    _spec(keywords("command", "forgetme"), personal_data.cmd_forgetme,
          t("erase what Convener keeps about you (you are asked to confirm)"),
          Grammar((Arg(t("yes"), Kind.WORD, optional=True),))),
    _spec(keywords("command", "newcalendarlink"), calendars.cmd_newcalendarlink,
          t("give the group's calendar feed a new secret address"), Grammar((GROUP,)),
          FACILITATORS),
    _spec(keywords("command", "claim"), roles.cmd_claim,
          t("take a role in a session, e.g. /claim chair 2"),
          Grammar((GROUP, ROLE, SESSION),
                  examples=(t("/claim chair 2"), t("/claim focal country 1")))),
    _spec(keywords("command", "release"), roles.cmd_release, t("give back a role you hold"),
          Grammar((GROUP, ROLE, SESSION))),
    _spec(keywords("command", "schedule"), scheduling.cmd_schedule,
          t("schedule a session, at an exact time or an approximate month"),
          Grammar((GROUP, Arg(t("subtopic"), name="subtopic")),
                  session_options(when_required=True), (
              t('/schedule #1 Results-based financing when="12/02/2027 14:00"'),
              t('/schedule #1 Purchasing governance when="end of April"'),
          )), FACILITATORS),
    _spec(keywords("command", "assign"), roles.cmd_assign, t("give a role to a member"),
          Grammar((GROUP, ROLE, SESSION, MEMBER), examples=(t("/assign chair 2 Carla"),)),
          FACILITATORS),
    _spec(keywords("command", "unassign"), roles.cmd_unassign,
          t("take a role back from a member"), Grammar((GROUP, ROLE, SESSION, MEMBER)),
          FACILITATORS),
    _spec(keywords("command", "editsession"), scheduling.cmd_editsession,
          t("reschedule a session or change its details; role holders are told"),
          Grammar((GROUP, SESSION), session_options(when_required=False),
                  (t('/editsession 2 when="19/02/2027 15:00"'),)), FACILITATORS),
    _spec(keywords("command", "cancelsession"), scheduling.cmd_cancelsession,
          t("cancel a session; role holders are told"), Grammar((GROUP, SESSION)),
          FACILITATORS),
    _spec(keywords("command", "roletemplate"), role_setup.cmd_roletemplate,
          t("set the roles new sessions get, custom roles included"),
          Grammar((GROUP, Arg(t("role=count"), many=True)),
                  examples=(Verbatim("/roletemplate #1 chair=1 focal=1 rapporteur=2"),)),
          FACILITATORS, whole_line=True),
    _spec(keywords("command", "slots"), role_setup.cmd_slots, t("change one session's roles"),
          Grammar((GROUP, SESSION, Arg(t("role=count"), many=True)),
                  examples=(Verbatim("/slots 2 coblogger=2"),)), FACILITATORS,
          whole_line=True),
    _spec(keywords("command", "ask"), questions.cmd_ask,
          t("bring a question or an experience to a session"),
          Grammar((GROUP, Arg(t("session"), Kind.SESSION, optional=True, asked=True),
                   Arg(t("question"), optional=True, form=t("Your question or experience"),
                       name="text", asked=True, multiline=True)),
                  examples=(t("/ask 2 How do you pay providers for results?"),)),
          whole_line=True),
    _spec(keywords("command", "questions"), questions.cmd_questions,
          t("list a session's questions"), Grammar((GROUP, SESSION))),
    _spec(keywords("command", "upvote"), questions.cmd_upvote, t("upvote a question"),
          Grammar((QUESTION,))),
    _spec(keywords("command", "withdraw"), questions.cmd_withdraw,
          t("withdraw your own question"), Grammar((QUESTION,))),
    _spec(keywords("command", "guiding"), questions.cmd_guiding,
          t("make a question the session's guiding question (discussant, facilitators)"),
          Grammar((QUESTION,))),
    _spec(keywords("command", "closequestion"), questions.cmd_closequestion,
          t("close a question (the session's chair, facilitators)"), Grammar((QUESTION,))),
    _spec(keywords("command", "calls"), call_answers.cmd_calls,
          t("list open calls for interest and answer them"), Grammar((GROUP_NUMBER,))),
    _spec(keywords("command", "answer"), call_answers.cmd_answer,
          t("answer a call for interest, e.g. /answer 1 2 3; change it until the deadline"),
          Grammar((CALL, Arg(t("option numbers"), Kind.NUMBER, optional=True, many=True)),
                  (Opt("page", t("page of options"), Kind.NUMBER),),
                  (Verbatim("/answer 1 2 3"), Verbatim("/answer 1 +4"), t("/answer 1 none")))),
    _spec(keywords("command", "call"), call_opening.cmd_call,
          t("open a call for interest with a deadline"),
          Grammar((GROUP, Arg(t("option"), optional=True, many=True,
                              form=t("Options, one per line"), name="options", asked=True)), (
              Opt("deadline", t("date"), Kind.DATE, asked=True,
                  hint=t("as you would write it: 15 March, in two weeks, end of April")),
              Opt("title", t("title")),
          ), (t('/call #1 deadline="15/03" "chair, session 1" "focal country, session 1"'),)),
          FACILITATORS),
    _spec(keywords("command", "answers"), call_results.cmd_answers,
          t("see who answered what, and who has not"), Grammar((CALL,)), FACILITATORS),
    _spec(keywords("command", "closecall"), call_results.cmd_closecall,
          t("close a call before its deadline"), Grammar((CALL,)), FACILITATORS),
    _spec(keywords("command", "award"), call_results.cmd_award,
          t("turn answers into roles or work-stream places"),
          Grammar((CALL, Arg(t("option=names"), many=True)),
                  examples=(Verbatim('/award 1 1=Bob 2="Ana Lima",Carol'),)),
          FACILITATORS, whole_line=True),
    _spec(keywords("command", "streams"), streams.cmd_streams, t("list a group's work streams"),
          Grammar((GROUP_NUMBER,))),
    _spec(keywords("command", "stream"), streams.cmd_stream, t("create a work stream in a group"),
          Grammar((GROUP, Arg(t("title"))), GROUP_OPTIONS,
                  (t("/stream #1 Citizen participation"),)), FACILITATORS),
    _spec(keywords("command", "products"), products.cmd_products,
          t("list a group's blog posts and papers"), Grammar((GROUP_NUMBER,))),
    _spec(keywords("command", "updateproduct"), products.cmd_updateproduct,
          t("update a product you write: status, link, due date"),
          Grammar((Arg(t("product number"), Kind.NUMBER),), PRODUCT_OPTIONS,
                  (t("/updateproduct 1 status=published link=https://example.org/post"),))),
    _spec(keywords("command", "newproduct"), products.cmd_newproduct,
          t("plan a blog post or paper; a session's post defaults to its role holders"),
          Grammar((GROUP, Arg(t("title"))), PRODUCT_OPTIONS,
                  (t('/newproduct #1 Blog post session=2 due="2 weeks after the session"'),)),
          FACILITATORS),
    _spec(keywords("command", "history"), history.cmd_history, t("see a group's recent changes"),
          Grammar((GROUP_NUMBER,)), FACILITATORS),
    _spec(keywords("command", "reminders"), cmd_reminders,
          t("see the reminders planned for a group, or change how many days before they go"),
          Grammar((GROUP_NUMBER,), tuple(
              Opt(key, OFFSETS, Kind.NUMBER)
              for key in OFFSET_RANGE
          ), (Verbatim("/reminders #1 calls=7,2,0 sessions=7,1"),)), FACILITATORS),
    _spec(keywords("command", "announce"), cmd_announce,
          t("send the whole group a message, now or at a given time"),
          Grammar((GROUP, Arg(t("text"))), (Opt("at", t("day and hour"), Kind.WHEN),),
                  (t('/announce #1 at="12/03 9h" The agenda is online.'),)), FACILITATORS),
    _spec(keywords("command", "unannounce"), cmd_unannounce,
          t("withdraw an announcement that has not gone out yet"), Grammar((ANNOUNCEMENT,)),
          FACILITATORS),
    _spec(keywords("command", "moveannouncement"), cmd_moveannouncement,
          t("send an announcement that has not gone out yet at another time"),
          Grammar((ANNOUNCEMENT,), (Opt("at", t("day and hour"), Kind.WHEN, required=True),)),
          FACILITATORS),
    _spec(keywords("command", "invite"), links.cmd_invite,
          t("get a link that joins the group, or shows a session's board"),
          Grammar((GROUP_NUMBER, Arg(t("session"), Kind.SESSION, optional=True))),
          FACILITATORS),
    _spec(keywords("command", "share"), groups.cmd_share,
          t("let another Slack workspace see and join a group"),
          Grammar((GROUP, Arg(t("Slack workspace id"), Kind.WORD))), FACILITATORS),
    _spec(keywords("command", "linkchat"), chats.cmd_linkchat, t("make this chat act for a group"),
          Grammar((GROUP_NUMBER,)), FACILITATORS),
    _spec(keywords("command", "unlinkchat"), chats.cmd_unlinkchat,
          t("stop this chat acting for its group"), audience=FACILITATORS, whole_line=True),
)  # fmt: skip
COMMANDS: dict[str, CommandSpec] = {spec.name: spec for spec in _SPECS}

FLOWS: dict[str, conversation.Flow] = {
    flow.name: flow for flow in (groups.NEW_GROUP, questions.ASK, call_opening.OPEN_CALL)
}
