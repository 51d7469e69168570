"""Drives the real `convener console` through stdin and checks the README's transcripts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import migrate

ROOT = Path(__file__).resolve().parents[2]
PROMPT = re.compile(r"^(\S+?)(@\S+)?> (.*)$")
INVITE_CODE = re.compile(r"((?:Invite code|Code d’invitation) ?: )[A-Z0-9]{6}$")


def convener() -> str:
    script = Path(sys.executable).parent / "convener"
    assert script.exists(), "install the project first: pip install -e '.[dev]'"
    return str(script)


def readme_transcript(language: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- transcript:{language} -->\n```console\n(.*?)\n```", text, re.DOTALL)
    assert match, f"README has no {language} transcript"
    return match.group(1).split("\n")


def run_cli(
    tmp_path: Path, *args: str, stdin: str = "", lang: str = "C.UTF-8", **env: str
) -> subprocess.CompletedProcess[str]:
    """The installed `convener` with its own SQLite file in tmp_path, no platform tokens."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "LANG": lang}
    for var in ("CONVENER_DEFAULT_LANGUAGE", "TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN"):
        environment.pop(var, None)
    return subprocess.run(
        [convener(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**environment, **env},
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def run_console(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(tmp_path, "console", *args, stdin=stdin)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("en", ()),
        ("fr", ("--lang", "fr")),
        ("series-en", ()),
        ("series-fr", ("--lang", "fr")),
    ],
)
def test_readme_transcript_runs_as_shown(tmp_path: Path, name: str, args: tuple[str, ...]) -> None:
    expected = readme_transcript(name)
    inputs = [m.group(3) for line in expected if (m := PROMPT.match(line))]
    assert len(inputs) >= 10
    result = run_console(tmp_path, "\n".join(inputs) + "\n", *args)
    assert result.returncode == 0, result.stderr
    # Invite codes are random: the README shows one, the run makes another.
    assert _codes_hidden(result.stdout.rstrip("\n").split("\n")) == _codes_hidden(expected)


def _codes_hidden(lines: list[str]) -> list[str]:
    return [INVITE_CODE.sub(r"\1CODE", line) for line in lines]


def test_console_state_survives_between_runs(tmp_path: Path) -> None:
    first = run_console(tmp_path, "/newgroup Governance positions=3 languages=fr\n")
    assert "is created" in first.stdout
    second = run_console(tmp_path, ":as Bob\n/groups\n")
    assert "#1 Governance — positions: 3 of 3 available · French" in second.stdout


def test_console_meta_commands_and_bad_input(tmp_path: Path) -> None:
    script = "\n".join(
        [
            ":nonsense",
            ":lang xx",
            ":tz Mars/Base",
            ":room lounge",
            "/linkchat 1",
            ":private",
            ":who",
            ":help",
            "/newgroup",
            "\x1b[31mred title",
            "/cancel",
            ":quit",
            "/groups",
        ]
    )
    result = run_console(tmp_path, script + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Unknown console command :nonsense" in out
    assert "Choose en or fr" in out
    assert "Unknown time zone" in out
    assert "You are now in the shared room lounge." in out
    assert "There is no group “1”" in out
    assert "People here: Alice. You are Alice." in out
    assert ":as NAME" in out
    assert "\x1b" not in out  # control characters never reach the terminal
    assert "Group creation cancelled" in out
    assert "There are no groups yet" not in out  # nothing after :quit


def test_run_without_platforms_explains_how_to_configure(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "run", lang="fr_FR.UTF-8")
    assert result.returncode == 2
    assert "Aucune messagerie n’est configurée" in result.stderr
    assert "convener console" in result.stderr


def test_db_upgrade_and_bad_configuration(tmp_path: Path) -> None:
    upgraded = run_cli(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "The database is up to date." in upgraded.stdout
    head = migrate.head_revision(f"sqlite:///{tmp_path / 'cli.db'}")
    assert f"Database revision: {head}" in run_cli(tmp_path, "db", "current").stdout
    bad = run_cli(tmp_path, "console", CONVENER_DEFAULT_TIMEZONE="Mars/Base")
    assert bad.returncode == 2
    assert "The configuration is not valid" in bad.stderr
    assert "unknown time zone" in bad.stderr
