"""Commands read as people write them: French keys, day-first dates said back with the
weekday, the other reading one press away, quotes inside quotes, and a pending question that
ends when another command comes. "Now" is Monday 11 January 2027, 09:00 UTC."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from bot.engine import Engine
from bot.store.models import LearningGroup, Product
from tests.world import Person, World, replies, show


async def _paris(world: World) -> Person:
    alice = world.person("Alice", "fr", timezone="Europe/Paris")
    await alice.says("/newgroup Achat stratégique positions=20 languages=fr,en")
    return alice


def _group(engine: Engine) -> LearningGroup:
    with Session(engine.store.engine) as session:
        group = session.exec(select(LearningGroup)).one()
        session.expunge(group)
        return group


async def test_a_french_writer_gets_day_first_dates_said_back(world: World, engine: Engine) -> None:
    alice = await _paris(world)
    effects = await alice.says("/editgroup #1 début=12/02/2027 fin=31/01/2028")
    out = show(effects)
    assert "vendredi 12 février 2027" in out
    assert "lundi 31 janvier 2028" in out
    assert "J’ai lu « 12/02/2027 » le jour d’abord" in out
    group = _group(engine)
    assert (group.start_date, group.end_date) == (date(2027, 2, 12), date(2028, 1, 31))
    # The other reading is one press away.
    [button] = replies(effects)[0].buttons
    assert (button.command, button.args) == ("editgroup", "#1 start=2027-12-02")
    await alice.presses(button.command, button.args)
    assert _group(engine).start_date == date(2027, 12, 2)


async def test_a_us_writer_reads_month_first_from_the_profile(world: World) -> None:
    ann = world.person("Ann", "en", timezone="America/New_York")
    await ann.says("/profile country United States")
    await ann.says("/newgroup Purchasing positions=20 languages=en")
    out = await ann.text('/schedule #1 Governance when="4/29 2pm"')
    assert "Session 1 is scheduled for Thursday 29 April 2027, 14:00 Eastern Time." in out
    out = await ann.text('/schedule #1 Results when="12/02/2027 14:00"')
    assert "Thursday 2 December 2027, 14:00 Eastern Time" in out
    assert "I read “12/02/2027 14:00” month first" in out
    # Her own choice wins over her country's habit.
    await ann.says("/profile dates dmy")
    out = await ann.text('/schedule #1 Third when="12/02/2027 14:00"')
    assert "Friday 12 February 2027, 14:00 Eastern Time" in out


async def test_french_keys_and_the_closest_key(world: World) -> None:
    alice = await _paris(world)
    out = await alice.text('/schedule #1 Séance A quand="29/04 14h"')
    assert "jeudi 29 avril 2027, 14:00 heure d’Europe centrale" in out
    out = await alice.text('/schedule #1 Séance B quandd="29/04 14h"')
    assert "Option inconnue : quandd=. Vouliez-vous dire quand= ?" in out
    out = await alice.text('/call #1 échéance="15 mars" "président, séance 1"')
    assert "Date limite : lundi 15 mars 2027" in out
    assert "échéance" not in out.split("Date limite")[0]  # not taken for an option's text
    out = await alice.text("/reminders #1 appels=7,1")
    assert "Option inconnue" not in out


async def test_quotes_inside_quotes_and_free_text_survive(world: World, engine: Engine) -> None:
    alice = world.person("Alice")
    await alice.says('/newgroup title="Groupe \\"A\\"" positions=3 languages=fr')
    assert _group(engine).title == 'Groupe "A"'
    await alice.says('/editgroup #1 title=<b>PBF & "RBF"</b>')
    out = await alice.text('/newgroup <b>PBF & "RBF"</b> 2 positions=3 languages=fr')
    assert '“<b>PBF & "RBF"</b> 2”' in out
    out = await alice.text('/newgroup "unclosed positions=3')
    assert "quotation mark is not closed" in out


async def test_a_due_date_after_the_session_moves_with_it(world: World, engine: Engine) -> None:
    alice = world.person("Alice", timezone="Europe/Paris")
    await alice.says("/newgroup Purchasing positions=20 languages=en")
    await alice.says('/schedule #1 Governance when="12/02/2027 14:00"')
    out = await alice.text('/newproduct #1 Blog post session=1 due="2 weeks after the session"')
    assert "Due Friday 26 February 2027: 14 days after the session" in out
    await alice.says('/editsession #1 1 when="05/03/2027 14:00"')
    with Session(engine.store.engine) as session:
        product = session.exec(select(Product)).one()
    assert product.due_date == date(2027, 3, 19)


async def test_another_command_ends_a_pending_question(world: World) -> None:
    alice = world.person("Alice")
    out = await alice.text("/newgroup")
    assert "title" in out
    out = await alice.text("/groups")
    assert "I stopped waiting for your answer to: What is the group's title?" in out
    # A stray line later is not taken for the forgotten answer.
    out = await alice.text("français et anglais")
    assert "I answer commands" in out


async def test_a_yes_no_question_is_answered_by_a_button(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/newgroup Purchasing positions=20 languages=en")
    effects = await alice.says('/call #1 deadline="12/03" "chair, session 1"')
    prompt = effects[-1]
    buttons = {b.args: b for b in prompt.buttons}  # type: ignore[union-attr]
    assert {"yes", "no", "2027-12-03"} <= set(buttons)
    out = show(await alice.presses("=", "2027-12-03"))
    assert "The deadline is now Friday 3 December 2027." in out
    out = show(await alice.presses("=", "yes"))
    assert "Call 1 is open until 3 December 2027" in out
    out = show(await alice.presses("=", "yes"))
    assert "That question is no longer open" in out


async def test_newgroup_with_dates_says_them_back(world: World, engine: Engine) -> None:
    alice = world.person("Alice", "fr", timezone="Europe/Paris")
    effects = await alice.says(
        "/newgroup Achat positions=20 langues=fr,en début=12/02/2027 fin=31/01/2028"
    )
    out = show(effects)
    assert "Le groupe n° 1 « Achat » est créé" in out
    assert "vendredi 12 février 2027" in out
    assert "lundi 31 janvier 2028" in out
    buttons = [b for r in replies(effects) for b in r.buttons]
    assert ("editgroup", "#1 start=2027-12-02") in [(b.command, b.args) for b in buttons]
    assert _group(engine).start_date == date(2027, 2, 12)
