"""Every message has a French translation, the template is current, and rendering escapes."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.effects import Audience
from bot.i18n import locales_dir, render
from bot.text import Country, Language, ListOf, Verbatim, lines, t, tn

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"t": None, "tn": (1, 2), "keywords": ((1, "c"), 2)}


def _source_ids() -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for package in ("bot", "adapters", "scheduler"):
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / package, keywords=KEYWORDS, comment_tags=()
        ):
            found.add((context, message if isinstance(message, str) else message[0]))
    return found


def test_every_message_in_the_code_has_a_french_translation() -> None:
    with (locales_dir() / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        catalog = read_po(fp, locale="fr")
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and not m.fuzzy and (m.string if isinstance(m.string, str) else all(m.string))
    }
    missing = sorted(_source_ids() - translated, key=str)
    assert not missing, (
        "Messages without a French translation (run scripts/update_catalogs.sh, then translate "
        f"them in locales/fr/LC_MESSAGES/messages.po): {missing}"
    )


def test_french_translations_keep_every_placeholder() -> None:
    import string

    with (locales_dir() / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        catalog = read_po(fp, locale="fr")

    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set().union(*(names(i) for i in ids))
        for translated in strings:
            assert names(translated) <= expected, (message.id, translated)


def test_the_template_lists_every_message() -> None:
    with (ROOT / "locales" / "messages.pot").open("rb") as fp:
        template = {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(fp) if m.id
        }
    assert _source_ids() <= template, "run scripts/update_catalogs.sh"


def test_user_text_and_our_words_are_escaped_but_markup_of_ours_is_not_broken() -> None:
    audience = Audience("en", "UTC")
    out = render(t("Welcome to “{group}”!", group="<b>&amp; _*["), audience, html.escape)
    assert out == "Welcome to “&lt;b&gt;&amp;amp; _*[”!"


def test_locale_formatting_of_dates_numbers_lists_and_plurals() -> None:
    fr, en = Audience("fr", "Europe/Paris"), Audience("en", "America/New_York")
    msg = t("Project period: {start} to {end}", start=date(2027, 3, 15), end=date(2027, 12, 31))
    assert render(msg, fr, str) == "Période du projet : du 15 mars 2027 au 31 décembre 2027"
    assert render(msg, en, str) == "Project period: 15 March 2027 to 31 December 2027"
    number = t("{n} of {positions} available", n=1, positions=10_000)
    assert render(number, fr, str) == "1 libre sur 10\u202f000"
    assert (
        render(
            tn("{n} of {positions} available", "{n} of {positions} available", 2, positions=3),
            fr,
            str,
        )
        == "2 libres sur 3"
    )
    langs = t(
        "Working languages: {languages}",
        languages=ListOf((Language("fr"), Language("en"), Language("pt"))),
    )
    assert render(langs, fr, str) == "Langues de travail : français, anglais et portugais"
    assert render(t("Country: {value}", value=Country("AR")), fr, str) == "Pays : Argentine"
    when = datetime(2027, 2, 12, 13, 0, tzinfo=UTC)
    assert "14:00" in render(t("{usage}: {summary}", usage=when, summary=Verbatim("x")), fr, str)
    assert "08:00" in render(t("{usage}: {summary}", usage=when, summary=Verbatim("x")), en, str)
    assert render(lines(Verbatim("a<b"), t("Groups:")), fr, html.escape) == "a&lt;b\nGroupes :"
