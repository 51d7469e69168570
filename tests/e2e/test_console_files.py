"""Files in the console: written to the folder it runs in, never over another, and said
where."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar

from tests.e2e.test_console_transcript import run_console


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
