"""A member's own data: /mydata holds every table that names them; /forgetme, once
confirmed, leaves nothing of them in any table, while the group's record keeps their
question, attributed to a former member."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from bot.engine import Engine
from tests.unit.scenarios import a_series
from tests.world import World, replies, sends, show


def _tables_naming(engine: Engine, member_id: int) -> set[str]:
    found = set()
    with Session(engine.store.engine) as db:
        for table in SQLModel.metadata.sorted_tables:
            columns = [
                c
                for c in table.columns
                if any(k.column.table.name == "member" for k in c.foreign_keys)
            ]
            if (
                columns
                and db.execute(
                    sa.select(table).where(sa.or_(*(c == member_id for c in columns)))
                ).first()
            ):
                found.add(table.name)
    return found


def _every_cell(engine: Engine) -> list[tuple[str, str, object]]:
    cells = []
    with Session(engine.store.engine) as db:
        for table in SQLModel.metadata.sorted_tables:
            for row in db.execute(sa.select(table)).all():
                cells += [(table.name, key, value) for key, value in row._mapping.items()]
    return cells


async def test_my_data_holds_every_table_that_names_me(world: World) -> None:
    _, bruno, _, _ = await a_series(world)
    effects = await bruno.says("/mydata")
    (sent,) = [s for s in sends(effects) if s.attachment is not None]
    assert sent.attachment is not None
    assert sent.attachment.filename == "convener-my-data.json"
    data = json.loads(sent.attachment.content)
    assert data["member"]["display_name"] == "Bruno"
    assert data["member"]["country"] == "AR"
    expected = _tables_naming(world.engine, data["member"]["id"])
    assert set(data["tables"]) == expected
    assert {
        "identity",
        "membership",
        "role_slot",
        "question",
        "call_answer",
        "reminder",
    } <= expected
    assert data["tables"]["identity"][0]["external_id"] == bruno.user_id


async def test_forget_me_leaves_nothing_of_them(world: World) -> None:
    alice, bruno, _, emma = await a_series(world)
    await alice.says("/assign chair 2 Bruno")
    bruno_id = json.loads(
        next(s for s in sends(await bruno.says("/mydata")) if s.attachment).attachment.content  # type: ignore[union-attr]
    )["member"]["id"]
    asked = await bruno.says("/oubliezmoi")
    assert "C’est irréversible." in show(asked)
    (confirm,) = [b for r in replies(asked) for b in r.buttons]
    assert (confirm.command, confirm.args) == ("forgetme", "yes")
    assert "Bruno" in await alice.text("/members 1")  # nothing happened yet
    assert "only facilitator" in await alice.text("/forgetme yes")

    effects = await bruno.presses(confirm.command, confirm.args)
    assert "Convener ne vous connaît plus." in show(replies(effects))
    # The facilitators hear what is open again, as when a member leaves.
    assert "open again: focal country in session 1, chair in session 2" in show(sends(effects))

    for table, column, value in _every_cell(world.engine):
        assert "Bruno" not in str(value), (table, column, value)
        assert bruno.user_id not in str(value), (table, column, value)
    assert _tables_naming(world.engine, bruno_id) <= {
        "member", "question", "question_vote", "history_entry", "product_author",
    }  # fmt: skip
    board = await emma.text("/session 1")
    assert "focal country: tbd" in board
    synthesis = await alice.says("/synthesis #1")
    (word, _) = [s for s in sends(synthesis) if s.attachment is not None]
    assert word.attachment is not None
    from io import BytesIO

    from docx import Document

    text = [p.text for p in Document(BytesIO(word.attachment.content)).paragraphs]
    assert (
        "How do we pay districts on results without delaying budgets? — a former member (2 votes)"
        in text
    )
    history = await alice.text("/history 1")
    assert "Alice gave chair in session 2 to a former member" in history
    # Writing again, they are someone new: their platform's name, nothing else.
    profile = await bruno.text("/profile")
    assert "Pays : non renseigné" in profile
    assert "Strategic purchasing" not in await bruno.text("/home")


async def test_a_name_that_json_escapes_is_forgotten_too(world: World) -> None:
    alice = world.person("Alice")
    odd = world.person('Zoé "Z" \\ Kä')
    await alice.says("/newgroup Purchasing positions=10 languages=en")
    await alice.says('/schedule #1 Governance when="12 February 2027 14:00"')
    await odd.says("/join 1")
    assert "is chair for session 1" in await alice.text("/assign chair 1 2")  # member number 2
    assert 'Zoé "Z" \\ Kä' in await alice.text("/history 1")
    await odd.says("/forgetme yes")
    for table, column, value in _every_cell(world.engine):
        assert "Zoé" not in str(value), (table, column, value)
    assert "gave chair in session 1 to a former member" in await alice.text("/history 1")
