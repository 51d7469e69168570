"""Questions and experiences members bring to a session; the guiding "how to" question."""

from __future__ import annotations

import re
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import bindparam, update
from sqlmodel import col, select

from bot import conversation
from bot.args import Args
from bot.context import Ctx
from bot.conversation import Data, Flow, Step, choice
from bot.effects import Action
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.features.access import target_group, visible
from bot.features.changes import (
    QuestionAsked,
    QuestionClosed,
    QuestionGuiding,
    QuestionUpvoted,
    QuestionWithdrawn,
    changed,
)
from bot.features.sessions import find_session, member_of
from bot.parsing import number_ref
from bot.store.core import columns, load, run, table
from bot.store.models import (
    LearningGroup,
    LearningSession,
    Member,
    Question,
    QuestionVote,
)
from bot.store.statuses import QuestionStatus
from bot.text import Text, Verbatim, lines, t, tn
from bot.views.members import is_facilitator
from bot.views.roles import holds
from bot.views.sessions import session_choice, upcoming

MAX_QUESTION = 2000
_GROUP = re.compile(r"#(\d{1,9})\s*")
OPEN = QuestionStatus.OPEN


def _question_text(ctx: Ctx, text: str, data: Data) -> str:
    cleaned = " ".join(text.split()) if "\n" not in text else text.strip()
    if not cleaned:
        raise BadInput(t("Write your question or experience as text."))
    if len(cleaned) > MAX_QUESTION:
        raise BadInput(
            t(
                "That question is {length} characters long; keep it under {max}, and put"
                " details in the session itself.",
                length=len(cleaned),
                max=MAX_QUESTION,
            )
        )
    return cleaned


def _session_number(ctx: Ctx, text: str, data: Data) -> int:
    group = ctx.db.get(LearningGroup, data["group"])
    if group is None:
        raise NotFound(t("That group no longer exists."))
    return find_session(ctx, group, text).number


def _session_choices(ctx: Ctx, data: Data) -> list[Action]:
    group = ctx.db.get(LearningGroup, data["group"])
    if group is None:
        return []
    return [choice(session_choice(s), str(s.number)) for s in upcoming(ctx, group)[:8]]


# Every column given (none left to Python's defaults): the INSERT is prepared once.
_ASKED = sa.insert(table(Question)).returning(columns(Question).id)


def _submit(ctx: Ctx, data: Data) -> None:
    group = load(ctx.db, LearningGroup, data["group"])
    if group is None:
        raise NotFound(t("That group no longer exists."))
    member_of(ctx, group)
    session = find_session(ctx, group, str(data["session"]))
    question: int = run(
        ctx.db,
        _ASKED,
        session_id=session.id,
        author_id=ctx.member_id,
        text=data["text"],
        language=ctx.audience.locale,
        status=QuestionStatus.OPEN,
        guiding=False,
        votes=0,
        created_at=ctx.now,
    ).scalar_one()
    changed(ctx, QuestionAsked(group, question, session))
    ctx.reply(
        t(
            "Your question is question {question} of session {number}. Others can upvote it"
            " with {command}.",
            question=question,
            number=session.number,
            command=Verbatim(f"/upvote {question}"),
        )
    )


ASK = Flow(
    "ask",
    (
        Step(
            "session",
            t("Which session is your question for? Send its number."),
            _session_number,
            choices=_session_choices,
        ),
        Step(
            "text",
            t("What is your question or experience? Write it in one message."),
            _question_text,
        ),
    ),
    _submit,
    cancelled=t("Question cancelled; nothing was saved."),
)


def cmd_ask(ctx: Ctx, args: Args) -> None:
    """/ask [#group] [session] [question]: what is missing is asked for."""
    # Not split into arguments: the question is free text, quotes and all.
    rest = args.raw.strip()
    mentioned = _GROUP.match(rest)
    if mentioned:
        rest = rest[mentioned.end() :]
    group = target_group(
        ctx, mentioned.group(1) if mentioned else None, usage="/ask #1 2 How do you ..."
    )
    member_of(ctx, group)
    data: Data = {"group": group.id}
    number, _, text = rest.partition(" ")
    if number_ref(number) is not None:
        data["session"] = find_session(ctx, group, number).number
        if text.strip():
            data["text"] = _question_text(ctx, text, data)
    elif rest:
        raise BadInput(
            t(
                "Start with the session number, for example: {example}",
                example=Verbatim("/ask 2 How do you pay providers for results?"),
            )
        )
    conversation.start(ctx, ASK, data)


def _find(ctx: Ctx, raw: str) -> tuple[Question, LearningSession, LearningGroup]:
    number = number_ref(raw)
    question = ctx.db.get(Question, number) if number is not None else None
    session = ctx.db.get(LearningSession, question.session_id) if question else None
    status = question.status if question is not None else None
    group = _group_of(ctx, raw, status, session.group_id if session is not None else None)
    assert question is not None
    assert session is not None
    return question, session, group


def _group_of(ctx: Ctx, raw: str, status: str | None, group_id: int | None) -> LearningGroup:
    """The group of the question named by `raw` (its status and its session's group, as
    found), once the member is known to see it and belong to it."""
    group = load(ctx.db, LearningGroup, group_id) if group_id is not None else None
    if status in (None, QuestionStatus.WITHDRAWN) or group is None or not visible(ctx, group):
        raise _no_question(raw)
    member_of(ctx, group)
    return group


def _no_question(raw: str) -> NotFound:
    return NotFound(
        t(
            "There is no question “{ref}”. Send /questions and a session number to see them.",
            ref=raw.strip()[:20],
        )
    )


class _Votable(NamedTuple):
    id: int
    status: str
    author_id: int
    group_id: int


_SESSION = columns(LearningSession)


def _one_number(args: Args, command: str) -> str:
    words = args.words
    if len(words) != 1:
        raise BadInput(
            t(
                "Give the question's number, for example: {example}",
                example=Verbatim(f"/{command} 7"),
            )
        )
    return words[0]


def cmd_questions(ctx: Ctx, parsed: Args) -> None:
    group = target_group(ctx, parsed.group, usage="/questions #1 2")
    member_of(ctx, group)
    if len(parsed.words) != 1:
        raise BadInput(t("Which session? For example: {example}", example=Verbatim("/questions 2")))
    session = find_session(ctx, group, parsed.words[0])
    ctx.reply(lines(*question_lines(ctx, session, with_hint=True)), _vote_buttons(ctx, session))


def _listed(ctx: Ctx, session: LearningSession) -> list[tuple[Question, Member]]:
    return list(
        ctx.db.exec(
            select(Question, Member)
            .join(Member, col(Member.id) == Question.author_id)
            .where(Question.session_id == session.id, Question.status != QuestionStatus.WITHDRAWN)
            .order_by(col(Question.guiding).desc(), col(Question.votes).desc(), col(Question.id))
        ).all()
    )


def question_lines(
    ctx: Ctx, session: LearningSession, *, with_hint: bool = False
) -> list[Text | Verbatim]:
    rows = _listed(ctx, session)
    if not rows:
        empty: list[Text | Verbatim] = [
            t("No questions yet for session {number}.", number=session.number)
        ]
        if with_hint:
            empty.append(t("Ask one with {command}.", command=Verbatim(f"/ask {session.number}")))
        return empty
    items: list[Text | Verbatim] = [t("Questions for session {number}:", number=session.number)]
    for question, author in rows:
        tag = (
            t("guiding question")
            if question.guiding
            else t("closed")
            if question.status == QuestionStatus.CLOSED
            else tn("{n} vote", "{n} votes", question.votes)
        )
        items.append(
            t(
                "Q{question} ({tag}) {text} — {name}, {when}",
                question=question.id or 0,
                tag=tag,
                text=question.text,
                name=author.display_name,
                when=question.created_at.date(),
            )
        )
    if with_hint:
        items.append(t("Upvote one with /upvote and its number."))
    return items


def _vote_buttons(ctx: Ctx, session: LearningSession) -> list[Action]:
    return [
        Action(t("Upvote Q{question}", question=q.id or 0), "upvote", str(q.id))
        for q, _ in _listed(ctx, session)
        if q.status == OPEN and not q.guiding and q.author_id != ctx.member_id
    ][:10]


# Built once: a crowd upvotes after a reminder.
_VOTE_COLUMNS, _QUESTION = columns(QuestionVote), columns(Question)
_VOTED = sa.select(_VOTE_COLUMNS.voted_at).where(
    _VOTE_COLUMNS.question_id == bindparam("question"),
    _VOTE_COLUMNS.member_id == bindparam("member"),
)
_VOTE = sa.insert(table(QuestionVote))
_COUNT_VOTE = (
    sa.update(table(Question))
    .where(_QUESTION.id == bindparam("question"))
    .values(votes=_QUESTION.votes + 1)
)


_VOTABLE = (
    sa.select(_QUESTION.id, _QUESTION.status, _QUESTION.author_id, _SESSION.group_id)
    .join_from(table(Question), table(LearningSession), _SESSION.id == _QUESTION.session_id)
    .where(_QUESTION.id == bindparam("question"))
)


def cmd_upvote(ctx: Ctx, args: Args) -> None:
    # Read as columns: a crowd upvotes, and a vote changes only counts.
    raw = _one_number(args, "upvote")
    number = number_ref(raw)
    found = run(ctx.db, _VOTABLE, question=number).first() if number is not None else None
    question = _Votable(*found) if found is not None else None
    if question is None:
        raise _no_question(raw)
    group = _group_of(ctx, raw, question.status, question.group_id)
    if question.status != OPEN:
        raise Conflict(t("Question {question} is closed.", question=question.id))
    if question.author_id == ctx.member_id:
        raise Conflict(t("You cannot upvote your own question."))
    if run(ctx.db, _VOTED, question=question.id, member=ctx.member_id).first() is not None:
        raise Conflict(t("You already upvoted question {question}.", question=question.id))
    # The primary key refuses a second vote from a concurrent request.
    run(ctx.db, _VOTE, question_id=question.id, member_id=ctx.member_id, voted_at=ctx.now)
    run(ctx.db, _COUNT_VOTE, question=question.id)
    changed(ctx, QuestionUpvoted(group, question.id))
    # For the one who voted only: a press of the button is answered by a toast.
    ctx.reply(t("You upvoted question {question}.", question=question.id), private=True)


def cmd_withdraw(ctx: Ctx, args: Args) -> None:
    question, _, group = _find(ctx, _one_number(args, "withdraw"))
    if question.author_id != ctx.member_id:
        raise NotAllowed(t("Only its author can withdraw a question."))
    question.status = QuestionStatus.WITHDRAWN
    question.guiding = False
    ctx.db.add(question)
    changed(ctx, QuestionWithdrawn(group, question.id or 0))
    ctx.reply(t("You withdrew question {question}.", question=question.id or 0))


def _holds(ctx: Ctx, session: LearningSession, role: str) -> bool:
    return any(slot.role == role for slot in holds(ctx, session, ctx.member_id))


def cmd_guiding(ctx: Ctx, args: Args) -> None:
    question, session, group = _find(ctx, _one_number(args, "guiding"))
    if not (_holds(ctx, session, "discussant") or is_facilitator(ctx, group)):
        raise NotAllowed(
            t("Only the session's discussant or a facilitator can choose the guiding question.")
        )
    if question.status != OPEN:
        raise Conflict(t("Question {question} is closed.", question=question.id or 0))
    ctx.db.execute(
        update(Question).where(col(Question.session_id) == session.id).values(guiding=False)
    )
    ctx.db.execute(update(Question).where(col(Question.id) == question.id).values(guiding=True))
    ctx.db.expire_all()
    changed(ctx, QuestionGuiding(group, question.id or 0, session))
    ctx.reply(
        lines(
            t(
                "Question {question} is now the guiding question of session {number}.",
                question=question.id or 0,
                number=session.number,
            ),
            *question_lines(ctx, session),
        )
    )
    if question.author_id != ctx.member_id:
        ctx.tell(
            question.author_id,
            t(
                "Your question {question} is the guiding question of session {number} of"
                " “{group}”.",
                question=question.id or 0,
                number=session.number,
                group=group.title,
            ),
            group=group,
        )


def cmd_closequestion(ctx: Ctx, args: Args) -> None:
    question, session, group = _find(ctx, _one_number(args, "closequestion"))
    if not (_holds(ctx, session, "chair") or is_facilitator(ctx, group)):
        raise NotAllowed(t("Only the session's chair or a facilitator can close questions."))
    if question.status == QuestionStatus.CLOSED:
        raise Conflict(t("Question {question} is closed.", question=question.id or 0))
    question.status = QuestionStatus.CLOSED
    ctx.db.add(question)
    changed(ctx, QuestionClosed(group, question.id or 0))
    ctx.reply(t("Question {question} is closed.", question=question.id or 0))
