"""The synthesis pack: one document for a series (or one session of it) that a facilitator
edits into the synthesis paper. For each session its date, roles and their holders, the
guiding question, every question by votes with its author and country, and its blog post;
then each work stream with its chair and members. Written once as a list of blocks, then
laid out as Markdown and as a Word document (python-docx), which ministry staff edit."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from docx import Document
from sqlmodel import col, select

from bot.effects import Attachment
from bot.store.models import (
    LearningGroup,
    LearningSession,
    Member,
    Membership,
    Product,
    Question,
)
from bot.store.statuses import MembershipStatus, SessionStatus
from bot.takeout.tables import Record, questions, sessions_of
from bot.text import Country, ListOf, Msg, t, tn
from bot.views.products import STATUSES, authors, of_group
from bot.views.roles import role_label
from bot.views.sessions import holder_name, role_holders, when_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown"


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "heading", "line" or "item"
    text: str


def _question(question: Question, author: Member) -> Msg:
    votes = tn("{n} vote", "{n} votes", question.votes)
    if author.country:
        return t(
            "{text} — {name}, {country} ({votes})",
            text=question.text,
            name=author.display_name,
            country=Country(author.country),
            votes=votes,
        )
    return t("{text} — {name} ({votes})", text=question.text, name=author.display_name, votes=votes)


def _session(
    record: Record,
    session: LearningSession,
    asked: list[tuple[Question, Member]],
    written: list[Product],
) -> list[Block]:
    """One session's part: `asked` are its questions by votes, `written` its products."""
    say = record.say
    title = t("Session {number}: {title}", number=session.number, title=session.title)
    blocks = [
        Block("heading", say(title)),
        Block("line", say(t("Date: {when}", when=when_text(session)))),
    ]
    for role, holders in role_holders(record.db, session).items():
        names = ListOf(tuple(holder_name(role, m) for m in holders))
        line = t("{role}: {holders}", role=role_label(role), holders=names)
        blocks.append(Block("line", say(line)))
    for question, author in asked:
        if question.guiding:
            line = t(
                "Guiding question: {text} ({name})", text=question.text, name=author.display_name
            )
            blocks.append(Block("line", say(line)))
    if asked:
        blocks.append(Block("line", say(t("Questions, by votes:"))))
        blocks.extend(Block("item", say(_question(q, m))) for q, m in asked)
    for product in written:
        writers = authors(record.db, product)
        by: ListOf | Msg = ListOf(tuple(a.display_name for a in writers)) if writers else t("tbd")
        line = t(
            "Blog post “{title}”: {names} — {status}",
            title=product.title,
            names=by,
            status=STATUSES[product.status],
        )
        blocks.append(Block("line", say(line)))
        if product.link:
            blocks.append(Block("line", say(t("link: {link}", link=product.link))))
    return blocks


def _streams(record: Record) -> list[Block]:
    streams = record.db.exec(
        select(LearningGroup)
        .where(LearningGroup.parent_id == record.group.id)
        .order_by(col(LearningGroup.id))
    ).all()
    blocks: list[Block] = []
    for stream in streams:
        chair = record.db.get(Member, stream.chair_id) if stream.chair_id else None
        members = record.db.exec(
            select(Member.display_name)
            .join(Membership, col(Membership.member_id) == Member.id)
            .where(Membership.group_id == stream.id, Membership.status == MembershipStatus.ACTIVE)
            .order_by(col(Member.display_name))
        ).all()
        blocks.append(Block("heading", record.say(t("Work stream: {title}", title=stream.title))))
        chaired = t("Chair: {name}", name=chair.display_name) if chair else t("Chair: tbd")
        blocks.append(Block("line", record.say(chaired)))
        if members:
            line = t("Members: {names}", names=ListOf(tuple(members)))
            blocks.append(Block("line", record.say(line)))
    return blocks


def blocks(record: Record, only: LearningSession | None = None) -> list[Block]:
    """The pack's content: the series (or one session), then its work streams."""
    title = t("Synthesis of “{group}”", group=record.group.title)
    out = [Block("title", record.say(title))]
    # Read once for the whole pack, then handed to each session's part.
    asked: dict[int | None, list[tuple[Question, Member]]] = {}
    for session, question, author in questions(record):
        asked.setdefault(session.id, []).append((question, author))
    written: dict[int | None, list[Product]] = {}
    for product in of_group(record.db, record.group.id):
        written.setdefault(product.session_id, []).append(product)
    for session in sessions_of(record):
        if session.status == SessionStatus.CANCELLED or (
            only is not None and session.id != only.id
        ):
            continue
        out.extend(
            _session(record, session, asked.get(session.id, []), written.get(session.id, []))
        )
    if only is None:
        series = written.get(None, [])
        if series:
            out.append(Block("heading", record.say(t("Products of the series"))))
        for product in series:
            writers = ListOf(tuple(a.display_name for a in authors(record.db, product)))
            line = t(
                "“{title}”: {names} — {status}",
                title=product.title,
                names=writers,
                status=STATUSES[product.status],
            )
            out.append(Block("item", record.say(line)))
        out.extend(_streams(record))
    return out


_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})
_BLOCK_START = re.compile(r"^(#|[-+=]|\d+[.)])")


def _escape_markdown(text: str) -> str:
    """User text shows as written, not as Markdown: "*" or "_" in a question, a name that
    starts with "#" or "1." would otherwise become emphasis, a heading or a list."""
    return _BLOCK_START.sub(r"\\\1", text.translate(_INLINE))


def markdown(pack: list[Block]) -> str:
    out: list[str] = []
    previous = ""
    for block in pack:
        text = _escape_markdown(block.text)
        if previous == "item" and block.kind != "item":
            out.append("")  # a list ends with a blank line
        if block.kind == "title":
            out += [f"# {text}", ""]
        elif block.kind == "heading":
            out += ["", f"## {text}", ""]
        elif block.kind == "item":
            out.append(f"- {text}")
        else:
            out += [text, ""]
        previous = block.kind
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def docx(pack: list[Block]) -> bytes:
    document = Document()
    for block in pack:
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind == "heading":
            document.add_heading(block.text, level=1)
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def attachments(record: Record, only: LearningSession | None = None) -> list[Attachment]:
    pack = blocks(record, only)
    name = f"synthesis-group-{record.group.id}" + (f"-session-{only.number}" if only else "")
    return [
        Attachment(f"{name}.docx", docx(pack), DOCX),
        Attachment(f"{name}.md", markdown(pack).encode("utf-8"), MARKDOWN),
    ]
