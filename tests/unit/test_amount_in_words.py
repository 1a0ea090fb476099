"""Amounts in words as a Zambian invoice writes them, Kwacha and ngwee."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared_code.documents.words import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "Zero Kwacha"),
        ("1", "One Kwacha"),
        ("0.50", "Zero Kwacha and fifty ngwee"),
        ("116.00", "One hundred and sixteen Kwacha"),
        ("1005", "One thousand and five Kwacha"),
        ("1250.50", "One thousand two hundred and fifty Kwacha and fifty ngwee"),
        ("21.99", "Twenty-one Kwacha and ninety-nine ngwee"),
        ("1000000", "One million Kwacha"),
        ("2300450.07", "Two million three hundred thousand four hundred and fifty Kwacha and seven ngwee"),
        ("10.005", "Ten Kwacha and one ngwee"),
    ],
)
def test_kwacha_and_ngwee(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount), "ZMW") == words


def test_other_currencies_use_their_own_units_and_a_credit_balance_says_so() -> None:
    assert amount_in_words(Decimal("12.25"), "USD") == "Twelve US dollars and twenty-five cents"
    assert amount_in_words(Decimal("-40"), "ZMW") == "Forty Kwacha in credit"


def test_large_numbers_name_every_scale() -> None:
    assert number_in_words(1_002_000_019) == "one billion two million and nineteen"
    with pytest.raises(ValueError, match="zero or more"):
        number_in_words(-1)
