"""One declared grammar per command: /help and usage lines in the reader's language, the
examples it shows read by the grammar itself, French command words and keys, a missing
option refused with the usage, a missing session asked for with buttons."""

from __future__ import annotations

import pytest

from bot.args import OPTION_KEYS, Args
from bot.commands import COMMANDS, find
from bot.effects import Audience
from bot.errors import BadInput
from bot.grammar import quoted
from bot.i18n import render
from bot.settings import SUPPORTED_LOCALES
from bot.text import Msg, Verbatim
from tests.world import World, replies, show


def _said(msg: Msg | Verbatim, locale: str) -> str:
    if isinstance(msg, Verbatim):
        return msg.text
    return render(msg, Audience(locale, "UTC"), str)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_example_shown_is_read_by_its_own_grammar(locale: str) -> None:
    for name, spec in COMMANDS.items():
        for example in spec.grammar.examples:
            line = _said(example, locale)
            typed, _, rest = line.lstrip("/").partition(" ")
            assert find(typed) is spec, (locale, line)
            if spec.whole_line:
                continue
            try:
                spec.grammar.parse(rest, name)
            except BadInput as refusal:
                raise AssertionError((locale, line, _said(refusal.msg, "en"))) from None  # type: ignore[arg-type]


def test_no_word_names_two_commands() -> None:
    seen: dict[str, str] = {}
    for name, spec in COMMANDS.items():
        for word in spec.words.accepted():
            assert seen.setdefault(word, name) == name, (word, seen[word], name)
            found = find(word)
            assert found is not None
            assert found.name == name


def test_every_option_key_is_declared_once_with_its_words() -> None:
    for spec in COMMANDS.values():
        keys = spec.grammar.keys
        assert len(keys) == len(set(keys)), spec.name
        assert set(keys) <= set(OPTION_KEYS)


def test_quoted_values_read_back_as_written() -> None:
    for value in ('Groupe "A"', "back\\slash", "« guillemets »", "il a dit “oui”", "plain"):
        args = COMMANDS["schedule"].grammar.parse(f"#1 {quoted(value)} when=x", "schedule")
        assert isinstance(args, Args)
        assert args.text == value


async def test_help_shows_usage_and_how_to_write_in_the_reader_language(world: World) -> None:
    marie = world.person("Marie", "fr")
    out = await marie.text("/help schedule")
    assert out.startswith("/schedule [#<groupe>] <sous-thème> quand=<date et heure>")
    assert 'quand="12/02/2027 14h"' in out
    assert "Comment écrire" in out
    assert '\\"' in out  # how to write a quotation mark inside quotes
    ann = world.person("Ann", "en")
    out = await ann.text("/help")
    assert 'Put a phrase with spaces in "double quotes"' in out
    assert "Dates as you write them: 12/02/2027" in out


async def test_french_command_words_and_keys(world: World) -> None:
    marie = world.person("Marie", "fr", timezone="Europe/Paris")
    out = await marie.text("/nouveaugroupe Achat places=10 langues=fr,en")
    assert "Le groupe n° 1 « Achat » est créé" in out, out
    out = await marie.text("/programmer #1 Gouvernance")
    assert out.startswith("Il manque quand=. Écrivez : /schedule [#<groupe>] <sous-thème>")
    out = await marie.text('/programmer #1 Gouvernance quand="29/04 14h"')
    assert "jeudi 29 avril 2027, 14:00" in out
    bob = world.person("Bob", "fr")
    assert "Bienvenue" in await bob.text("/rejoindre 1")
    assert "président de séance : Bob" in await bob.text("/prendre président 1")
    assert "Ce que vous pouvez faire" in await bob.text("/aide")


async def test_a_missing_session_is_asked_for_with_buttons(world: World) -> None:
    alice, bob = world.person("Alice"), world.person("Bob")
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    await alice.says('/schedule #1 Financing when="end of April"')
    await alice.says('/schedule #1 Governance when="end of June"')
    await bob.says("/join 1")
    [which] = replies(await bob.says("/claim chair"))
    assert "Which session? Add its number, for example: /claim chair 2." in show([which])
    assert [(b.command, b.args) for b in which.buttons] == [
        ("claim", "#1 chair 1"),
        ("claim", "#1 chair 2"),
    ]
    effects = await bob.presses(which.buttons[1].command, which.buttons[1].args)
    assert "You are chair for session 2." in show(effects)
