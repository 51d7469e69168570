"""Replay the README's console transcripts and write what the console says now back into
README.md (review the diff!). tests/e2e/test_console_transcript.py checks them.

Usage: python scripts/refresh_transcripts.py"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROMPT = re.compile(r"^(\S+?)(@\S+)?> (.*)$")
BLOCK = re.compile(
    r"(<!-- transcript:(?P<name>[\w-]+) -->\n```console\n)(?P<body>.*?)(\n```)", re.S
)


def replay(name: str, body: str) -> str:
    inputs = [m.group(3) for line in body.split("\n") if (m := PROMPT.match(line))]
    args = ["--lang", "fr"] if name.endswith("fr") else []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/cli.db", "LANG": "C.UTF-8"}
        for var in ("CONVENER_DEFAULT_LANGUAGE", "TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN"):
            env.pop(var, None)
        convener = str(Path(sys.executable).parent / "convener")
        done = subprocess.run(
            [convener, "console", *args],
            input="\n".join(inputs) + "\n",
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
            check=True,
        )
    return done.stdout.rstrip("\n")


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = BLOCK.sub(
        lambda m: m.group(1) + replay(m.group("name"), m.group("body")) + m.group(4), text
    )
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
