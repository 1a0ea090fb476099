"""Amounts in words, as cheques and Zambian invoices write them:
`K 1,250.50` → "One thousand two hundred and fifty Kwacha and fifty ngwee". Pure."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))

CURRENCY_UNITS: dict[str, tuple[str, str]] = {
    "ZMW": ("Kwacha", "ngwee"),
    "USD": ("US dollars", "cents"),
    "EUR": ("euros", "cents"),
    "GBP": ("pounds sterling", "pence"),
    "ZAR": ("rand", "cents"),
}
"""The major and minor unit of the currencies Zambian businesses invoice in."""


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(f"{_ONES[hundreds]} hundred")
    if rest:
        if hundreds:
            words.append("and")
        if rest < 20:
            words.append(_ONES[rest])
        else:
            tens, ones = divmod(rest, 10)
            words.append(_TENS[tens] + (f"-{_ONES[ones]}" if ones else ""))
    return " ".join(words)


def number_in_words(n: int) -> str:
    """A whole number ≥ 0 in British English words (`1005` → "one thousand and five")."""
    if n < 0:
        raise ValueError("only amounts of zero or more are written in words")
    if n == 0:
        return "zero"
    parts = []
    for scale, name in _SCALES:
        count, n = divmod(n, scale)
        if count:
            parts.append(f"{number_in_words(count)} {name}")
    if n:
        parts.append(("and " if parts and n < 100 else "") + _below_thousand(n))
    return " ".join(parts)


def amount_in_words(amount: Decimal, currency: str) -> str:
    """`amount` (rounded half up to the ngwee) in words with its currency's units.

    A negative amount (a credit balance) is written as its size followed by "in credit".
    """
    major, minor = CURRENCY_UNITS.get(currency, (currency, "hundredths"))
    exact = abs(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = int(exact)
    cents = int((exact - whole) * 100)
    text = f"{number_in_words(whole)} {major}"
    if cents:
        text += f" and {number_in_words(cents)} {minor}"
    text = text[0].upper() + text[1:]
    return f"{text} in credit" if amount < 0 else text
