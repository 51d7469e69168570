"""Telegram's small pieces: callback data within 64 bytes, splitting, escaping."""

from __future__ import annotations

from collections.abc import Callable

from adapters.telegram.buttons import Buttons
from adapters.telegram.formatting import escape, split
from bot.clock import FixedClock
from bot.effects import Action
from bot.store.buttons import ButtonLines
from bot.store.db import Store
from bot.text import Verbatim


async def _run(work: Callable[..., object], *args: object) -> object:
    return work(*args)


async def test_callback_data_fits_64_bytes_and_long_lines_outlive_the_process(
    database_url: str, clock: FixedClock
) -> None:
    store = Store(database_url)
    buttons = Buttons(ButtonLines(store, clock, _run, cache=2))
    short = buttons.encode("claim", "chair 2 #1")
    assert short == "c:claim chair 2 #1"
    assert await buttons.decode(short) == ("claim", "chair 2 #1")
    long_args = "rapporteur général adjoint de la séance 123456789 #987654321"
    action = Action(Verbatim("x"), "claim", long_args)
    token = buttons.encode("claim", long_args)
    assert len(token.encode()) <= 64
    assert buttons.encode("claim", long_args) == token  # the same button, the same token
    assert await buttons.decode(token) is None  # not kept yet: nobody can know it
    await buttons.keep([action])
    await buttons.keep([action])  # twice, or by two processes: harmless
    assert await buttons.decode(token) == ("claim", long_args)
    # Another process, or this one restarted: read from the database.
    other = Buttons(ButtonLines(Store(database_url), clock, _run))
    assert await other.decode(token) == ("claim", long_args)
    for n in range(5):  # a small cache forgets; the database does not
        await buttons.keep([Action(Verbatim("x"), "answer", "x" * 70 + str(n))])
    assert await buttons.decode(token) == ("claim", long_args)
    assert await buttons.decode("garbage") is None
    assert await buttons.decode("t:" + "A" * 16) is None
    store.dispose()


def test_split_at_line_breaks_under_the_limit() -> None:
    text = "\n".join(f"line {i} " + "x" * 50 for i in range(200))
    pieces = split(text, limit=1000)
    assert all(len(p) <= 1000 for p in pieces)
    assert "\n".join(pieces) == text
    assert all(not p.startswith("\n") for p in pieces)
    one_long_line = "&amp;" * 300
    cut = split(one_long_line, limit=1000)
    assert "".join(cut) == one_long_line
    assert all(p.startswith("&") for p in cut)  # never inside an entity


def test_escape_for_html_parse_mode() -> None:
    assert escape("<b>& _*[") == "&lt;b&gt;&amp; _*["
