"""What a command is: its words in every language, its handler, its summary for /help, its
grammar, who it is for; and how its line is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.args import Args
from bot.context import Ctx
from bot.effects import Action
from bot.errors import BadInput
from bot.features.access import target_group
from bot.grammar import Grammar
from bot.text import Msg, Verbatim, t
from bot.views.sessions import session_choice, upcoming
from bot.words import Words

Handler = Callable[[Ctx, Args], None]


EVERYONE = "everyone"


FACILITATORS = "facilitators"


@dataclass(frozen=True)
class CommandSpec:
    # The command's name (English, canonical) and the words it is also typed as, in every
    # language we speak (from the catalogs: /aide is /help in French).
    words: Words
    handler: Handler
    summary: Msg
    grammar: Grammar = field(default_factory=Grammar)
    audience: str = EVERYONE
    # Its line is not split into words and options: free text, or a syntax of its own.
    whole_line: bool = False

    @property
    def name(self) -> str:
        return self.words.key

    def read(self, ctx: Ctx, raw: str) -> Args:
        """The command line as its grammar reads it; a missing session number is asked for,
        with a button for each of the group's upcoming sessions."""
        if self.whole_line:
            return Args(raw=raw)
        args = self.grammar.parse(raw, self.name)
        if self.grammar.lacks_session(args):
            group = target_group(ctx, args.group, usage=f"/{self.name} #1 {raw} 2".strip())
            if group.parent_id is not None:
                return args  # a work stream has no sessions: "/claim chair #5" is its chair
            where = "" if args.group else f"#{group.id} "
            raise BadInput(
                t(
                    "Which session? Add its number, for example: {example}.",
                    example=next(
                        iter(self.grammar.examples), Verbatim(f"/{self.name} {raw} 2".strip())
                    ),
                ),
                [
                    Action(session_choice(s), self.name, f"{where}{raw} {s.number}".strip())
                    for s in upcoming(ctx, group)[:8]
                ],
            )
        return args
