"""Splitting a command's arguments: words, "quoted phrases", key=value options, #group.

The rules, as /help says them (each command's keys are declared in bot/commands.py):
- double quotes (straight or curly, closed by either) or « guillemets » group words into one
  phrase: "chair of session 1";
- inside a quoted phrase, \\" is a quotation mark and \\\\ a backslash;
- quotes inside free text are kept as typed: /ask 1 What is "strategic purchasing"?
- options are key=value, the key in English or in any language Convener speaks
  (when= or quand=); a misspelled key is refused with the closest known one.
Apostrophes are ordinary letters ("Women's health" needs no quotes).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from bot.errors import BadInput
from bot.text import Keyword, ListOf, Verbatim, t
from bot.words import Words, fold, keywords

# Each opening quote and the quotes that close it: double quotes of any shape close each
# other (phones turn " into “ or ”), guillemets close only guillemets.
_DOUBLE = frozenset({'"', "“", "”"})
_OPEN = {'"': _DOUBLE, "“": _DOUBLE, "”": _DOUBLE, "„": _DOUBLE, "«": frozenset({"»"})}
_KEY = re.compile(r"^([^\W\d][\w\-]*)=", re.UNICODE)

# Every option key of every command, with its words in each language (from the catalogs).
OPTION_KEYS: dict[str, Words] = {
    "group": keywords("option key", "group"),
    "title": keywords("option key", "title"),
    "description": keywords("option key", "description"),
    "positions": keywords("option key", "positions|seats"),
    "languages": keywords("option key", "languages"),
    "policy": keywords("option key", "policy|join"),
    "expertise": keywords("option key", "expertise"),
    "location": keywords("option key", "location|place"),
    "start": keywords("option key", "start"),
    "end": keywords("option key", "end"),
    "commitment": keywords("option key", "commitment"),
    "when": keywords("option key", "when|date"),
    "link": keywords("option key", "link|url"),
    "deadline": keywords("option key", "deadline|by"),
    "at": keywords("option key", "at"),
    "session": keywords("option key", "session"),
    "due": keywords("option key", "due"),
    "authors": keywords("option key", "authors"),
    "status": keywords("option key", "status"),
    "calls": keywords("option key", "calls"),
    "sessions": keywords("option key", "sessions"),
    "roles": keywords("option key", "roles"),
    "discussant": keywords("option key", "discussant"),
    "chair": keywords("option key", "chair"),
    "products": keywords("option key", "products"),
    "page": keywords("option key", "page"),
    "format": keywords("option key", "format"),
    "language": keywords("option key", "language|lang"),
}


@dataclass(frozen=True)
class Token:
    raw: str  # as typed, quotes and escapes included
    value: str  # quotes removed, escapes undone
    quoted: bool  # the whole token was one quoted phrase


@dataclass
class Args:
    words: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    group: str | None = None
    # The word tokens as typed, for free text that keeps its inner quotes.
    tokens: list[Token] = field(default_factory=list)
    # The whole line as typed, for commands with a syntax of their own (/award 1 2=Bob).
    raw: str = ""

    @property
    def text(self) -> str:
        """The free text: one quoted phrase without its quotes, else the words as typed."""
        if len(self.tokens) == 1 and self.tokens[0].quoted:
            return self.tokens[0].value
        return " ".join(
            token.raw if "\\" not in token.raw else token.value for token in self.tokens
        )


def tokens(raw: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(raw)
    while i < n:
        if raw[i].isspace():
            i += 1
            continue
        start, value, quoted_parts, plain_parts = i, [], 0, 0
        while i < n and not raw[i].isspace():
            ch = raw[i]
            at_phrase_start = i == start or raw[i - 1] == "="
            if ch in _OPEN and at_phrase_start:
                i, phrase = _phrase(raw, i + 1, start, _OPEN[ch])
                value.append(phrase)
                quoted_parts += 1
                continue
            value.append(ch)
            plain_parts += 1
            i += 1
        out.append(
            Token(raw[start:i], "".join(value), quoted=quoted_parts == 1 and plain_parts == 0)
        )
    return out


def _phrase(raw: str, i: int, start: int, closers: frozenset[str]) -> tuple[int, str]:
    """A quoted phrase from just after its opening quote: (index after it, its text)."""
    text: list[str] = []
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw) and raw[i + 1] in '"\\“”«»':
            text.append(raw[i + 1])
            i += 2
            continue
        if ch in closers:
            return i + 1, "".join(text)
        text.append(ch)
        i += 1
    raise BadInput(
        t(
            'A quotation mark is not closed: {start}. Put "double quotes" around a phrase, and'
            ' write \\" for a quotation mark inside it.',
            start=raw[start : start + 30],
        )
    )


def split(raw: str) -> list[str]:
    return [token.value for token in tokens(raw)]


def key_word(key: str) -> Keyword:
    """An option key as the reader's language writes it ("quand=")."""
    return Keyword("option key", OPTION_KEYS[key].msgid, "=")


def option_key(typed: str, allowed: Collection[str]) -> str:
    """The option `typed` names (in any language we speak), or a refusal naming the closest."""
    folded = fold(typed)
    for key in ("group", *allowed):
        if folded in OPTION_KEYS[key].accepted():
            return key
    spellings = {w: key for key in allowed for w in OPTION_KEYS[key].accepted()}
    close = difflib.get_close_matches(folded, list(spellings), n=1, cutoff=0.6)
    known = ListOf(tuple(key_word(k) for k in allowed))
    if close:
        raise BadInput(
            t(
                "Unknown option {option}. Did you mean {close}? Options here: {known}.",
                option=Verbatim(typed + "="),
                close=key_word(spellings[close[0]]),
                known=known,
            )
        )
    raise BadInput(
        t(
            "Unknown option {option}. Options here: {known}.",
            option=Verbatim(typed + "="),
            known=known if allowed else Verbatim("-"),
        )
    )


def parse(raw: str, options: Collection[str] = ()) -> Args:
    args = Args()
    for token in tokens(raw):
        if re.fullmatch(r"#\d{1,9}", token.value):
            if args.group is not None:
                raise BadInput(t("Name one group only."))
            args.group = token.value[1:]
            continue
        match = _KEY.match(token.raw)
        if match:
            key = option_key(match.group(1), options)
            value = token.value[len(match.group(0)) :]
            if key == "group":
                args.group = value.lstrip("#")
                continue
            if key in args.options:
                raise BadInput(
                    t(
                        "The option {option} is given twice.",
                        option=key_word(key),
                    )
                )
            args.options[key] = value
            continue
        args.words.append(token.value)
        args.tokens.append(token)
    return args
