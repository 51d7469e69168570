"""What people type, read the way they mean it."""

from __future__ import annotations

import pytest

from bot import parsing
from bot.errors import BadInput
from bot.text import t


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("en fr", ["en", "fr"]),
        ("English and French", ["en", "fr"]),
        ("français, anglais", ["fr", "en"]),
        ("Haitian Creole; Portuguese", ["ht", "pt"]),
        ("fr, FR, French", ["fr"]),
    ],
)
def test_working_languages(typed: str, codes: list[str]) -> None:
    assert parsing.languages(typed) == codes


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Argentina", "AR"),
        ("argentine", "AR"),
        ("ar", "AR"),
        ("Côte d’Ivoire", "CI"),
        ("cote d'ivoire", "CI"),
        ("Sénégal", "SN"),
    ],
)
def test_countries_by_name_or_code(typed: str, code: str) -> None:
    assert parsing.country(typed) == code


@pytest.mark.parametrize("typed", ["Atlantis", "001", ""])
def test_unknown_countries_are_refused(typed: str) -> None:
    with pytest.raises(BadInput):
        parsing.country(typed)


@pytest.mark.parametrize("typed", ["twenty", "-3", "0", "10001", "2.5", ""])
def test_whole_numbers_in_range(typed: str) -> None:
    with pytest.raises(BadInput):
        parsing.whole_number(typed, field=t("number of positions"), low=1, high=10_000, example=20)


def test_whole_numbers_with_separators() -> None:
    assert parsing.whole_number("1,000", field=t("title"), low=1, high=10_000, example=2) == 1000
    assert parsing.whole_number(" 20 ", field=t("title"), low=1, high=10_000, example=2) == 20
