"""A command's arguments, declared once.

From one `Grammar` come: which option keys the command takes (parsing refuses others,
naming the closest), the usage line in the reader's language ("quand=<date et heure>"),
`/help`'s details with its examples, the refusal when a required option is missing, the
"Which session?" question with a button for each session, and the fields of a Slack form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.args import Args, key_word, parse
from bot.errors import BadInput
from bot.parsing import number_ref
from bot.text import Msg, Param, Seq, Text, Verbatim, lines, t


class Kind(StrEnum):
    GROUP = "group"  # #<number>; left out, the linked chat's or the member's only group
    SESSION = "session"  # a session's number in its group
    NUMBER = "number"  # a numbered thing: a question, a call, a product, an announcement
    ROLE = "role"  # a role's name, in any language we speak
    MEMBER = "member"  # a name or a number from /members
    DATE = "date"  # a day, in the writer's order
    WHEN = "when"  # a day and time, or a part of a month
    WORD = "word"  # one of a few keywords
    TEXT = "text"  # free text: the rest of the line, quotes kept


@dataclass(frozen=True)
class Arg:
    label: Msg  # the placeholder, in the reader's language: <session>
    kind: Kind = Kind.TEXT
    optional: bool = False
    many: bool = False  # one or more, each "in quotes" when it has spaces
    # A form field's label when it is not the placeholder's ("Options, one per line").
    form: Msg | None = None
    # Its name as a form field ("subtopic"); the kind's name when left out.
    name: str = ""
    # Asked for when left out: a form requires it instead.
    asked: bool = False
    multiline: bool = False  # in a form

    @property
    def key(self) -> str:
        return self.name or self.kind.value


@dataclass(frozen=True)
class Opt:
    key: str  # a key of bot.args.OPTION_KEYS
    label: Msg  # what its value is: <date and time>
    kind: Kind = Kind.TEXT
    required: bool = False
    hint: Msg | None = None  # said beside a form field
    multiline: bool = False
    asked: bool = False  # asked for when left out: a form requires it instead
    in_form: bool = True


@dataclass(frozen=True)
class Grammar:
    args: tuple[Arg, ...] = ()
    options: tuple[Opt, ...] = ()
    examples: tuple[Msg | Verbatim, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    def usage(self, command: str) -> Seq:
        return Seq(
            (Verbatim(f"/{command}"), *(_arg(a) for a in self.args), *map(_opt, self.options))
        )

    def parse(self, raw: str, command: str) -> Args:
        """The words and options of a command line; a missing required option is refused
        with the usage line and an example."""
        parsed = parse(raw, self.keys)
        parsed.raw = raw
        missing = [o for o in self.options if o.required and o.key not in parsed.options]
        if missing:
            raise BadInput(
                lines(
                    t(
                        "{option} is missing. Write: {usage}",
                        option=key_word(missing[0].key),
                        usage=self.usage(command),
                    ),
                    *self.example_lines(),
                )
            )
        return parsed

    def example_lines(self) -> list[Text | Verbatim]:
        if not self.examples:
            return []
        return [t("For example:"), *self.examples]

    def lacks_session(self, args: Args) -> bool:
        """A required session number is missing, and one written after everything else
        completes the command: "Which session?" can be answered with buttons."""
        positional = [a for a in self.args if a.kind != Kind.GROUP]
        if not positional or positional[-1].kind != Kind.SESSION or positional[-1].optional:
            return False
        return not any(number_ref(word) is not None for word in args.words)

    def help(self, command: str, summary: Msg) -> list[Text | Verbatim]:
        items: list[Text | Verbatim] = [
            t("{usage}: {summary}", usage=self.usage(command), summary=summary)
        ]
        items += [
            t("{option} {what}", option=key_word(option.key), what=option.hint)
            for option in self.options
            if option.hint is not None
        ]
        return [*items, *self.example_lines()]


def _arg(arg: Arg) -> Param:
    placeholder: Param
    if arg.kind == Kind.GROUP:
        placeholder = Seq((Verbatim("#<"), arg.label, Verbatim(">")), "")
    elif arg.many:
        placeholder = Seq((Verbatim("<"), arg.label, Verbatim("> …")), "")
    else:
        placeholder = Seq((Verbatim("<"), arg.label, Verbatim(">")), "")
    if arg.optional or arg.kind == Kind.GROUP:
        return Seq((Verbatim("["), placeholder, Verbatim("]")), "")
    return placeholder


def _opt(option: Opt) -> Param:
    written = Seq((key_word(option.key), Verbatim("<"), option.label, Verbatim(">")), "")
    return written if option.required else Seq((Verbatim("["), written, Verbatim("]")), "")


_QUOTE = re.compile(r'(["“”\\])')


def quoted(value: str) -> str:
    """A value as one quoted phrase of a command line, its quotes and backslashes escaped."""
    return '"' + _QUOTE.sub(r"\\\1", " ".join(value.split())) + '"'
