"""What a facilitator takes out: the record as XLSX and as CSV for Excel, the synthesis
pack as a Word document and in Markdown; opened back with their own libraries, in English
and in French."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

from docx import Document
from openpyxl import load_workbook

from bot.effects import Send
from tests.unit.scenarios import a_series
from tests.world import World, sends


def _files(effects: list) -> list[Send]:  # type: ignore[type-arg]
    return [s for s in sends(effects) if s.attachment is not None]


def _sheet_rows(content: bytes) -> dict[str, list[list[object]]]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book}


async def test_the_record_as_a_workbook(world: World) -> None:
    alice, _, _, emma = await a_series(world)
    assert "Only a facilitator" in await emma.text("/export 1")
    (sent,) = _files(await alice.says("/export 1"))
    assert sent.attachment is not None
    assert sent.attachment.filename == "group-1.xlsx"
    sheets = _sheet_rows(sent.attachment.content)
    assert list(sheets) == ["members", "roles", "answers", "questions", "products", "history"]
    members = {row[0]: row for row in sheets["members"][1:]}
    assert members["Bruno"][1] == "Argentina"
    assert members["Emma"][2] == "Ministry of Health"
    assert members["Alice"][7] == "facilitator"
    roles = sheets["roles"]
    assert roles[0] == ["session", "title", "date", "role", "holder", "holder's country"]
    assert [
        1,
        "Results-based financing",
        datetime(2027, 4, 29, 14),  # noqa: DTZ001 (a sheet holds local times)  # noqa: DTZ001 (a sheet holds local times, no zone)
        "focal country",
        "Bruno",
        "Argentina",
    ] in roles
    assert [2, "Governance", "end of June 2027", "chair", None, None] in roles
    answers = {(row[2], row[4]) for row in sheets["answers"][1:]}
    assert answers == {(1, "Emma"), (2, "Emma"), (2, "Bruno")}
    questions = sheets["questions"]
    assert questions[1][2:7] == [
        "How do we pay districts on results without delaying budgets?",
        "Bruno",
        "Argentina",
        2,
        "yes",
    ]
    assert questions[2][2] == "=Which indicators *really* matter?"  # text, never a formula
    products = {row[1]: row for row in sheets["products"][1:]}
    assert products["Blog post"][2:6] == [
        1,
        "drafting",
        datetime(2027, 5, 20),  # noqa: DTZ001  # noqa: DTZ001
        "Alice, Daouda, Emma",
    ]
    assert products["Blog post"][6] == "https://blog.example.org/rbf"
    assert products["Synthesis paper"][5] == "Bruno, Emma"
    assert any("Bruno took focal country in session 1" in str(row[2]) for row in sheets["history"])


async def test_the_record_as_csv_for_a_french_excel(world: World) -> None:
    alice, _, _, _ = await a_series(world)
    assert "format=csv" in await alice.text("/export 1 format=pdf")
    assert "choose one of them" in await alice.text("/export 1 language=de")
    (sent,) = _files(await alice.says("/exporter 1 format=csv langue=fr"))
    assert sent.attachment is not None
    assert sent.attachment.filename == "group-1-csv.zip"
    archive = zipfile.ZipFile(io.BytesIO(sent.attachment.content))
    names = archive.namelist()
    assert len(names) == 6
    roles = archive.read(next(n for n in names if n.startswith("rôles")))
    assert roles.startswith("\ufeff".encode())  # Excel reads UTF-8 only with its mark
    assert b"\r\n" in roles
    rows = list(csv.reader(io.StringIO(roles.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["séance", "titre", "date", "rôle"]
    assert [
        "1",
        "Results-based financing",
        "2027-04-29 14:00",
        "pays focal",
        "Bruno",
        "Argentine",
    ] in rows
    questions = archive.read(next(n for n in names if n.startswith("questions"))).decode(
        "utf-8-sig"
    )
    assert "'=Which indicators" in questions  # a formula's first character is made text
    answers = archive.read("réponses.csv").decode("utf-8-sig")
    assert "1;;2;writing the synthesis;Bruno;" in answers
    products = archive.read("productions.csv").decode("utf-8-sig")
    assert (
        "P1;Blog post;1;en rédaction;2027-05-20;Alice, Daouda, Emma;https://blog.example.org/rbf"
        in products
    )


async def test_the_synthesis_pack_in_word_and_markdown(world: World) -> None:
    alice, _, _, emma = await a_series(world)
    assert "Only a facilitator" in await emma.text("/synthesis #1")
    word, markdown = _files(await alice.says("/synthesis #1"))
    assert word.attachment is not None
    assert markdown.attachment is not None
    assert word.attachment.filename == "synthesis-group-1.docx"
    text = [p.text for p in Document(io.BytesIO(word.attachment.content)).paragraphs]
    assert text[0] == "Synthesis of “Strategic purchasing”"
    session = text.index("Session 1: Results-based financing")
    assert text[session + 1] == "Date: Thursday 29 April 2027, 14:00 Central European Time"
    assert "chair: Alice" in text
    assert "focal country: Argentina (Bruno)" in text
    assert "discussant country: Senegal (Daouda)" in text
    assert (
        "Guiding question: How do we pay districts on results without delaying budgets? (Bruno)"
        in text
    )
    first = text.index("Questions, by votes:") + 1
    assert (
        text[first]
        == "How do we pay districts on results without delaying budgets? — Bruno, Argentina"
        " (2 votes)"
    )
    assert text[first + 1] == "=Which indicators *really* matter? — Emma (0 votes)"
    assert "Blog post “Blog post”: Alice, Daouda, and Emma — drafting" in text
    assert "link: https://blog.example.org/rbf" in text
    assert "“Synthesis paper”: Bruno and Emma — planned" in text
    assert (
        text[-2:] == ["Work stream: Citizen participation", "Chair: Daouda"]
        or "Chair: Daouda" in text
    )
    md = markdown.attachment.content.decode()
    assert md.startswith("# Synthesis of “Strategic purchasing”")
    assert "## Session 1: Results-based financing" in md
    assert "- \\=Which indicators \\*really\\* matter? — Emma (0 votes)\n\nBlog post" in md

    french, _ = _files(await alice.says("/synthese #1 1 langue=fr"))
    assert french.attachment is not None
    texte = [p.text for p in Document(io.BytesIO(french.attachment.content)).paragraphs]
    assert "Séance 1 : Results-based financing" in texte
    assert "pays focal : Argentine (Bruno)" in texte
    assert not any("Citizen participation" in p for p in texte)  # one session: no work streams
