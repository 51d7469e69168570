"""SQLite's write-ahead log stays bounded while writers never pause: the checkpoints aside
copy it, and once it is past its bound they finish between two events so it starts afresh."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.store.core import run
from bot.store.db import Checkpoints, Store

_TABLES = sa.MetaData()
_NOTES = sa.Table(
    "notes", _TABLES, sa.Column("id", sa.Integer, primary_key=True), sa.Column("text", sa.Text)
)
_ADD = sa.insert(_NOTES)


def _write_without_pause(path: Path, seconds: float) -> tuple[int, int]:
    """Events one after the other for `seconds`, as a crowd sends them; the largest the log
    grew, and how many events were handled."""
    store = Store(f"sqlite:///{path}", checkpoint_aside=True)
    try:
        _TABLES.create_all(store.engine)
        largest, handled, end = 0, 0, time.monotonic() + seconds
        log = Path(f"{path}-wal")
        while time.monotonic() < end:
            with store.transaction() as db:
                run(db, _ADD, text="x" * 3000)
            handled += 1
            largest = max(largest, log.stat().st_size if log.exists() else 0)
        return largest, handled
    finally:
        store.dispose()


@pytest.mark.parametrize("restart", [True, False])
def test_the_log_starts_afresh_under_a_crowd_that_never_pauses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restart: bool
) -> None:
    bound = 512 * 1024
    monkeypatch.setattr(Checkpoints, "INTERVAL", 0.02)
    monkeypatch.setattr(Checkpoints, "RESTART", bound if restart else 2**62)
    largest, handled = _write_without_pause(tmp_path / "crowd.db", 1.5)
    written = handled * 4096  # each event at least a page of log
    assert written > 16 * bound, "too few events to tell"
    if restart:
        # Past the bound by a few intervals of writing, never by the whole run.
        assert largest < written / 3
    else:
        # Without finishing between events, the copies aside never catch up: the log
        # holds nearly the whole run (what the bound guards against).
        assert largest > written / 2
