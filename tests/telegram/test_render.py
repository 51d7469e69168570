"""Telegram's small pieces: callback data within 64 bytes, splitting, escaping."""

from __future__ import annotations

from adapters.telegram.buttons import Buttons
from adapters.telegram.render import escape, split


def test_callback_data_fits_64_bytes_however_long_the_ids() -> None:
    buttons = Buttons(capacity=2)
    short = buttons.encode("claim", "chair 2 #1")
    assert short == "c:claim chair 2 #1"
    assert buttons.decode(short) == ("claim", "chair 2 #1")
    long_args = "rapporteur général adjoint de la séance 123456789 #987654321"
    token = buttons.encode("claim", long_args)
    assert len(token.encode()) <= 64
    assert buttons.decode(token) == ("claim", long_args)
    assert buttons.encode("claim", long_args) == token  # the same button, the same token
    buttons.encode("answer", "x" * 70)
    buttons.encode("answer", "y" * 70)  # capacity 2: the oldest token is forgotten
    assert buttons.decode(token) is None
    assert buttons.decode("garbage") is None


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
