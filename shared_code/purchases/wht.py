"""Withholding tax deducted from payments to suppliers: its types and dated rates.

Pure. Rates from the domain reference §3.2 (PwC, reviewed June 2023), kept as dated rows so
a budget's change is a new row, never an edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NGWEE = Decimal("0.01")


@dataclass(frozen=True)
class WhtRate:
    """The rate of one WHT type for residents and non-residents over a span of dates."""

    wht_type: str
    """Code of the type (`management_fees`, ...)."""
    resident: Decimal
    """Percent withheld from a resident."""
    non_resident: Decimal
    """Percent withheld from a non-resident."""
    effective_from: date
    """First day it applies."""
    effective_to: date | None = None
    """Last day it applies; None while in force."""

    def applies_on(self, day: date) -> bool:
        """True if the rate is in force on `day`."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


WHT_TYPES: dict[str, str] = {
    "management_fees": "Management or consultancy fees",
    "commissions": "Commissions",
    "royalties": "Royalties",
    "interest": "Interest",
    "rent": "Rent (where the business is appointed WHT agent)",
    "construction_haulage": "Construction and haulage contractors",
    "public_entertainment": "Public entertainment fees",
}
"""Every WHT type a supplier may have, with what it is."""

_SINCE = date(2023, 1, 1)
WHT_RATES: tuple[WhtRate, ...] = (
    WhtRate("management_fees", Decimal(15), Decimal(20), _SINCE),
    WhtRate("commissions", Decimal(15), Decimal(20), _SINCE),
    WhtRate("royalties", Decimal(15), Decimal(20), _SINCE),
    WhtRate("interest", Decimal(15), Decimal(20), _SINCE),
    WhtRate("rent", Decimal(15), Decimal(15), _SINCE),
    WhtRate("construction_haulage", Decimal(0), Decimal(20), _SINCE),
    WhtRate("public_entertainment", Decimal(0), Decimal(20), _SINCE),
)
"""The dated rates (§3.2)."""


def wht_rate(wht_type: str, *, resident: bool, on: date, rates: tuple[WhtRate, ...] = WHT_RATES) -> Decimal | None:
    """The percent withheld for `wht_type` on `on`, or None if no rate is set for that day."""
    found = [rate for rate in rates if rate.wht_type == wht_type and rate.applies_on(on)]
    if len(found) > 1:
        raise ValueError(f"overlapping WHT rates for {wht_type} on {on}")
    if not found:
        return None
    return found[0].resident if resident else found[0].non_resident


def wht_amount(base: Decimal, rate: Decimal) -> Decimal:
    """Tax withheld on `base` at `rate` percent, to the ngwee (half up)."""
    return (base * rate / 100).quantize(NGWEE, rounding=ROUND_HALF_UP)
