"""Splitting a command's arguments: words, "quoted phrases", key=value options, #group.

Apostrophes are ordinary letters here ("Women's health" needs no quotes); only double
quotes group words, curly ones included, as phones type them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from bot.errors import BadInput
from bot.text import Verbatim, t

_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})
_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*")+')
_OPTION = re.compile(r"^([a-z_]+)=(.*)$", re.DOTALL)


@dataclass
class Args:
    words: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    group: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.words)


def split(raw: str) -> list[str]:
    text = raw.translate(_QUOTES)
    if text.count('"') % 2:
        raise BadInput(t('A quotation mark is not closed. Put "double quotes" around a phrase.'))
    return [token.replace('"', "") for token in _TOKEN.findall(text)]


def parse(raw: str, options: Collection[str] = ()) -> Args:
    args = Args()
    for token in split(raw):
        if re.fullmatch(r"#\d{1,9}", token):
            if args.group is not None:
                raise BadInput(t("Name one group only."))
            args.group = token[1:]
            continue
        match = _OPTION.match(token)
        if match:
            key, value = match.groups()
            if key == "group":
                args.group = value.lstrip("#")
                continue
            if key not in options:
                raise BadInput(
                    t(
                        "Unknown option {option}. Options here: {known}.",
                        option=Verbatim(key + "="),
                        known=Verbatim(", ".join(f"{o}=" for o in options) or "-"),
                    )
                )
            if key in args.options:
                raise BadInput(t("The option {option} is given twice.", option=Verbatim(key + "=")))
            args.options[key] = value
            continue
        args.words.append(token)
    return args
