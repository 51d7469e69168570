"""Files in the console: written to the folder it runs in, never over another, and said
where."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar
from openpyxl import load_workbook

from tests.e2e.test_console_transcript import run_cli, run_console


def test_a_calendar_is_written_to_the_current_folder(tmp_path: Path) -> None:
    lines = [
        "/newgroup Purchasing positions=10 languages=en",
        '/schedule #1 Governance when="12 February 2027 14:00"',
        "/calendar 1",
        "/calendar 1",
    ]
    result = run_console(tmp_path, "\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    first, second = tmp_path / "group-1-session-1.ics", tmp_path / "group-1-session-1-1.ics"
    assert f"saved as {first}" in result.stdout
    assert f"saved as {second}" in result.stdout
    (event,) = Calendar.from_ical(first.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Purchasing — session 1: Governance"


def test_the_operator_exports_a_group_from_the_command_line(tmp_path: Path) -> None:
    lines = [
        "/newgroup Purchasing positions=10 languages=en,fr",
        '/schedule #1 Governance when="12 February 2027 14:00"',
        ":as Bob",
        "/join 1",
        "/claim chair 1",
    ]
    assert run_console(tmp_path, "\n".join(lines) + "\n").returncode == 0
    book = tmp_path / "purchasing.xlsx"
    done = run_cli(tmp_path, "export", "--group", "1", "--format", "xlsx", "--out", str(book))
    assert done.returncode == 0, done.stderr
    assert f"to {book}." in done.stdout
    roles = load_workbook(book)["roles"]
    assert ("chair", "Bob") in {(r[3], r[4]) for r in roles.iter_rows(values_only=True)}

    folder = tmp_path / "csv"
    french = run_cli(
        tmp_path, "export", "--group", "1", "--format", "csv", "--out", str(folder), "--lang", "fr"
    )
    assert french.returncode == 0, french.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "historique.csv",
        "membres.csv",
        "productions.csv",
        "questions.csv",
        "réponses.csv",
        "rôles.csv",
    ]
    assert "président de séance;Bob" in (folder / "rôles.csv").read_text(encoding="utf-8-sig")

    missing = run_cli(tmp_path, "export", "--group", "7", "--out", str(tmp_path / "x.xlsx"))
    assert missing.returncode == 2
    assert "There is no group 7." in missing.stderr
    assert not (tmp_path / "x.xlsx").exists()
