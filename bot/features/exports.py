"""What a facilitator takes out of a group: its record as a spreadsheet (/export) and the
series' synthesis pack (/synthesis), each sent to them privately."""

from __future__ import annotations

from bot.args import Args
from bot.context import Ctx
from bot.effects import Audience
from bot.errors import BadInput
from bot.features.access import require_facilitator, target_group
from bot.features.sessions import find_session
from bot.store.models import LearningGroup
from bot.takeout import exports, synthesis
from bot.takeout.tables import Record, tables
from bot.text import Language, ListOf, Verbatim, t
from bot.words import fold


def _format(parsed: Args) -> str:
    chosen = fold(parsed.options.get("format", "xlsx")).lstrip(".")
    if chosen not in exports.FORMATS:
        raise BadInput(
            t(
                "An export is {formats}: for example {example}.",
                formats=ListOf(tuple(Verbatim(f) for f in exports.FORMATS)),
                example=Verbatim("/export #1 format=csv"),
            )
        )
    return chosen


def language_of(ctx: Ctx, group: LearningGroup, parsed: Args) -> str:
    """The language a file is written in: the one asked for among the group's working
    languages, else the reader's."""
    asked = parsed.options.get("language")
    if asked is None:
        return ctx.audience.locale
    wanted = fold(asked)[:2]
    if wanted not in group.language_codes:
        raise BadInput(
            t(
                "“{group}” works in {languages}: choose one of them, for example {example}.",
                group=group.title,
                languages=ListOf(tuple(Language(c) for c in group.language_codes)),
                example=Verbatim(f"language={group.language_codes[0]}"),
            )
        )
    return wanted


def cmd_export(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group or (parsed.text or None), usage="/export #1")
    require_facilitator(ctx, group)
    kind = _format(parsed)
    audience = Audience(language_of(ctx, group, parsed), ctx.audience.timezone)
    record = Record(ctx.db, group, audience)
    ctx.send_file(
        exports.attachment(tables(record), kind, audience.locale, f"group-{group.id}"),
        t(
            "The record of “{group}”: members, roles, call answers, questions, products and"
            " history, one table each. Times are in {zone}.",
            group=group.title,
            zone=Verbatim(audience.timezone),
        ),
    )


def cmd_synthesis(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group, usage="/synthesis #1")
    require_facilitator(ctx, group)
    session = find_session(ctx, group, parsed.words[0]) if parsed.words else None
    audience = Audience(language_of(ctx, group, parsed), ctx.audience.timezone)
    word, markdown = synthesis.attachments(Record(ctx.db, group, audience), session)
    caption = (
        t(
            "The synthesis pack of session {number} of “{group}”, as a Word document and in"
            " Markdown.",
            number=session.number,
            group=group.title,
        )
        if session is not None
        else t(
            "The synthesis pack of “{group}”: every session, its roles, questions and blog"
            " post, then the work streams; as a Word document and in Markdown.",
            group=group.title,
        )
    )
    ctx.send_file(word, caption, markdown)
