"""Words people type as keywords (yes/no, option keys, join policies, "end of"), kept in the
translation catalogs rather than in code, so a new language is a translation.

Each keyword is a gettext message with a context: `keywords("answer", "yes|y|ok")`. The message
id lists the English words, the first one canonical; a catalog translates it into that
language's words, also separated by "|". A keyword is accepted in English and in every
language Convener speaks, whoever types it; it is shown in the reader's language.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from bot.i18n import keyword_spelling, translator
from bot.settings import SUPPORTED_LOCALES


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Français' and 'francais' are the same answer."""
    text = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    decomposed = unicodedata.normalize("NFKD", " ".join(text.casefold().split()))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Words:
    context: str
    msgid: str

    @property
    def key(self) -> str:
        """The canonical (English) word: what the code compares with."""
        return self.msgid.split("|")[0]

    def spelled(self, locale: str) -> str:
        """The first word in the reader's language, for help texts and usage lines."""
        return keyword_spelling(self.context, self.msgid, locale)

    def accepted(self) -> frozenset[str]:
        return _accepted(self.context, self.msgid)

    def matches(self, text: str) -> bool:
        return fold(text) in self.accepted()


def keywords(context: str, msgid: str) -> Words:
    """Marks a keyword list for extraction (`pybabel extract -k keywords:1c,2`)."""
    return Words(context, msgid)


@cache
def _accepted(context: str, msgid: str) -> frozenset[str]:
    spellings = {msgid}
    for locale in SUPPORTED_LOCALES:
        spellings.add(translator(locale).pgettext(context, msgid))
    return frozenset(fold(w) for s in spellings for w in s.split("|") if w.strip())


def lookup(choices: dict[str, Words], text: str) -> str | None:
    """The key of the choice whose words include `text` (folded), if any."""
    folded = fold(text)
    for key, choice in choices.items():
        if folded in choice.accepted():
            return key
    return None
