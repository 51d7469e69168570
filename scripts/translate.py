"""Fill French translations from a Python file of {msgid: msgstr} into the catalog.

Usage: python scripts/translate.py translations.py  (entries already translated are kept
unless they are fuzzy; plural entries use (singular, plural) tuples as keys and values).
Keywords, which have a context, are keyed "context\x04msgid" in the table, as gettext does."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "locales/fr/LC_MESSAGES/messages.po"


def main() -> None:
    table = runpy.run_path(sys.argv[1])["FR"]
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        key = f"{message.context}\x04{message.id}" if message.context else message.id
        if key in table:
            message.string = table[key]
            message.flags.discard("fuzzy")
            message.previous_id = []
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, ignore_obsolete=True)


if __name__ == "__main__":
    main()
