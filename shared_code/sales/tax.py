"""The tax engine: line and header amounts of a sales document exactly as ZRA's VSDC checks them.

Pure: `Decimal` in, `Decimal` out, no I/O beyond reading the packaged rate table.

The arithmetic (ZRA Smart Invoice reference, section 4.5 "Arithmetic"):

* Prices are VAT-inclusive. A line's supply amount is `quantity x unit price` and its total
  is the supply amount less the line discount. Its VAT-exclusive (taxable) amount is
  `total / (1 + rate)`, its VAT the rest. Zero-rated, exempt, disbursement and Turnover Tax
  lines have taxable amount = total and no VAT.
* Prices stated VAT-exclusive are turned into the VAT-inclusive unit price ZRA needs first
  (rounded to 4 dp: exact for prices in ngwee at 16%), so both kinds follow one path.
* Category B (minimum taxable value): the VAT-inclusive base is the larger of the total and
  `RRP x quantity`; VAT is taken out of that base while the total stays what is charged.
* A levy (tourism, insurance premium, excise) is charged inside the price like VAT, on the
  same VAT-exclusive base: `total = taxable x (1 + VAT rate + levy rate)`. The reference
  does not show the VSDC's levy check; this is the reading that keeps every line whole.
* Line values are rounded to 4 dp (half up) for the document; header buckets are the
  rounded sums of the unrounded line values, and each bucket's tax is its rounded total
  less its rounded taxable amount, so taxable + tax is exactly what the lines charge.
* Quantities and unit prices have at most 4 decimals; the amount the customer owes is the
  header total rounded to the ngwee.
* Organizations not registered for VAT (Turnover Tax or none) issue every line as `TOT`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from importlib import resources

from shared_code.platform.errors import FieldError

FOUR_PLACES = Decimal("0.0001")
NGWEE = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")
MAX_QUANTITY = Decimal("999999999")
MAX_UNIT_PRICE = Decimal("99999999999.9999")


class TaxCategory(StrEnum):
    """ZRA's VAT categories (`vatCatCd`)."""

    A = "A"
    """Standard rated."""
    B = "B"
    """Minimum taxable value: VAT on the larger of the price and the RRP."""
    C1 = "C1"
    """Exports (needs a destination country)."""
    C2 = "C2"
    """Zero-rated by a local purchase order (needs the LPO number)."""
    C3 = "C3"
    """Zero-rated by nature."""
    D = "D"
    """Exempt."""
    E = "E"
    """Disbursement (a pass-through amount)."""
    RVAT = "RVAT"
    """Reverse VAT (an agent's sale for a principal)."""
    TOT = "TOT"
    """Turnover Tax: a seller not registered for VAT shows no tax."""


class Levy(StrEnum):
    """Levies a line may carry besides VAT (`tlCatCd`, `iplCatCd`, `exciseTxCatCd`)."""

    TL = "TL"
    """Tourism levy."""
    IPL1 = "IPL1"
    """Insurance premium levy."""
    IPL2 = "IPL2"
    """Re-insurance (levy at 0)."""
    ECM = "ECM"
    """Excise on coal."""
    EXEEG = "EXEEG"
    """Excise on electricity."""


NO_VAT = frozenset({TaxCategory.C1, TaxCategory.C2, TaxCategory.C3, TaxCategory.D, TaxCategory.E, TaxCategory.TOT})
"""Categories whose lines carry no VAT whatever the rate table says."""

_VAT_CODES = frozenset(category.value for category in TaxCategory)

BUCKET_SUFFIX: dict[str, str] = {
    "A": "A",
    "B": "B",
    "C1": "C1",
    "C2": "C2",
    "C3": "C3",
    "D": "D",
    "E": "E",
    "RVAT": "Rvat",
    "TOT": "Tot",
    "TL": "Tl",
    "IPL1": "Ipl1",
    "IPL2": "Ipl2",
    "ECM": "Ecm",
    "EXEEG": "Exeeg",
}
"""The suffix of each category's header fields (`taxblAmtRvat`, `taxAmtTl`, ...)."""


def round4(value: Decimal) -> Decimal:
    """`value` to 4 decimal places, half up (the precision of ZRA's amounts)."""
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def to_ngwee(value: Decimal) -> Decimal:
    """`value` to the ngwee, half up (the precision of the ledger)."""
    return value.quantize(NGWEE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TaxRate:
    """One rate of one tax code over a span of dates."""

    code: str
    """A VAT category or levy code (`A`, `TL`, ...)."""
    rate: Decimal
    """Percent, e.g. 16."""
    effective_from: date
    """First day the rate applies."""
    effective_to: date | None
    """Last day it applies; None while it is in force."""

    def applies_on(self, day: date) -> bool:
        """True if the rate is in force on `day`."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class RateTable:
    """Every dated rate the engine may use."""

    rates: tuple[TaxRate, ...]
    """All rows, any order; spans of one code must not overlap."""

    def rate(self, code: str, day: date) -> Decimal | None:
        """The percentage of `code` on `day`, or None if the table has none for that day."""
        found = [rate.rate for rate in self.rates if rate.code == code and rate.applies_on(day)]
        if len(found) > 1:
            raise ValueError(f"overlapping rates for {code} on {day}")
        return found[0] if found else None


def parse_rate_table(text: str) -> RateTable:
    """A rate table from its JSON form (`{"rates": [{code, rate, effective_from, effective_to}]}`)."""
    rows = json.loads(text)["rates"]
    return RateTable(
        tuple(
            TaxRate(
                code=row["code"],
                rate=Decimal(row["rate"]),
                effective_from=date.fromisoformat(row["effective_from"]),
                effective_to=date.fromisoformat(row["effective_to"]) if row["effective_to"] else None,
            )
            for row in rows
        )
    )


@cache
def default_rate_table() -> RateTable:
    """The rates shipped with IntelliFin (`sales/tax_rates.json`)."""
    return parse_rate_table(resources.files(__package__).joinpath("tax_rates.json").read_text("utf-8"))


@dataclass(frozen=True)
class LineIn:
    """What a line says before tax: quantity, price, discount, category, levy."""

    quantity: Decimal
    """Up to 4 decimals, above zero."""
    unit_price: Decimal
    """Up to 4 decimals, zero or more; VAT-inclusive unless the document says otherwise."""
    category: TaxCategory
    """The line's VAT category."""
    discount_rate: Decimal = ZERO
    """Percent off the supply amount, 0 to 100, up to 2 decimals."""
    levy: Levy | None = None
    """A levy the line carries, if any."""
    rrp: Decimal | None = None
    """Recommended retail price per unit (VAT-inclusive); category B only, and required there."""


@dataclass(frozen=True)
class LineTax:
    """A line's amounts as the document shows them (4 dp) and as the header sums them (exact)."""

    category: TaxCategory
    """The category the line was taxed under (TOT for a seller without VAT)."""
    vat_rate: Decimal
    """Percent of VAT applied."""
    levy: Levy | None
    """The levy charged, if any."""
    levy_rate: Decimal
    """Percent of levy applied."""
    unit_price: Decimal
    """The VAT-inclusive unit price (`prc`)."""
    supply_amount: Decimal
    """`qty x prc` (`splyAmt`); for category B the larger of that and the RRP base."""
    discount_amount: Decimal
    """The line discount (`dcAmt`)."""
    total_amount: Decimal
    """What the line charges, VAT-inclusive, after discount (`totAmt`)."""
    taxable_amount: Decimal
    """The VAT-exclusive base (`vatTaxblAmt`)."""
    vat_amount: Decimal
    """VAT (`vatAmt`)."""
    levy_amount: Decimal
    """Levy (`tlAmt`, `iplAmt` or `exciseTxAmt`)."""
    exact_taxable: Decimal
    """The unrounded base, which the header sums."""
    exact_levy: Decimal
    """The unrounded levy, which the header sums."""

    @property
    def tax_base(self) -> Decimal:
        """The VAT-inclusive amount the taxes are taken out of (the total, or the RRP base)."""
        return self.taxable_amount + self.vat_amount + self.levy_amount

    @property
    def net_amount(self) -> Decimal:
        """What the seller keeps as income: the total less VAT and levy."""
        return self.total_amount - self.vat_amount - self.levy_amount


@dataclass(frozen=True)
class Bucket:
    """One header bucket (`taxblAmtX`, `taxRtX`, `taxAmtX`)."""

    code: str
    """The category or levy code (`A`, `TL`, ...)."""
    rate: Decimal
    """Percent."""
    taxable_amount: Decimal
    """Rounded sum of the lines' unrounded bases."""
    tax_amount: Decimal
    """Rounded total of the bucket less its rounded taxable amount."""

    @property
    def suffix(self) -> str:
        """The header field suffix (`Rvat`, `Tl`, ...)."""
        return BUCKET_SUFFIX[self.code]


@dataclass(frozen=True)
class DocumentTax:
    """Every amount of a document: lines, buckets, totals."""

    lines: tuple[LineTax, ...]
    """Per line, in order."""
    buckets: tuple[Bucket, ...]
    """VAT buckets then levy buckets, in code order, only those used."""
    total_taxable: Decimal
    """Sum of the VAT buckets' taxable amounts (`totTaxblAmt`)."""
    total_tax: Decimal
    """Sum of every bucket's tax, VAT and levies (`totTaxAmt`)."""
    total_amount: Decimal
    """Sum of the lines' totals (`totAmt`), 4 dp."""

    @property
    def amount_due(self) -> Decimal:
        """What the customer owes, to the ngwee."""
        return to_ngwee(self.total_amount)

    def bucket(self, code: str) -> Bucket | None:
        """The bucket of `code`, if the document uses it."""
        return next((bucket for bucket in self.buckets if bucket.code == code), None)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def line_problems(path: str, line: LineIn, *, on: date, rates: RateTable, vat_registered: bool) -> list[FieldError]:
    """Every reason `line` cannot be taxed on `on` (empty if none); `path` prefixes the fields."""
    errors = []
    if not line.quantity.is_finite() or line.quantity <= 0:
        errors.append(FieldError(f"{path}.quantity", "quantity_not_positive", "The quantity must be above zero."))
    elif _places(line.quantity) > 4:
        errors.append(FieldError(f"{path}.quantity", "quantity_precision", "At most 4 decimal places."))
    elif line.quantity > MAX_QUANTITY:
        errors.append(FieldError(f"{path}.quantity", "quantity_too_large", f"At most {MAX_QUANTITY}."))
    if not line.unit_price.is_finite() or line.unit_price < 0:
        errors.append(FieldError(f"{path}.unit_price", "price_negative", "The price cannot be negative."))
    elif _places(line.unit_price) > 4:
        errors.append(FieldError(f"{path}.unit_price", "price_precision", "At most 4 decimal places."))
    elif line.unit_price > MAX_UNIT_PRICE:
        errors.append(FieldError(f"{path}.unit_price", "price_too_large", f"At most {MAX_UNIT_PRICE}."))
    if not line.discount_rate.is_finite() or not ZERO <= line.discount_rate <= HUNDRED:
        errors.append(FieldError(f"{path}.discount_rate", "discount_out_of_range", "A discount is 0 to 100 percent."))
    elif _places(line.discount_rate) > 2:
        errors.append(FieldError(f"{path}.discount_rate", "discount_precision", "At most 2 decimal places."))
    category = line.category if vat_registered else TaxCategory.TOT
    if category is TaxCategory.B and vat_registered:
        if line.rrp is None:
            errors.append(FieldError(f"{path}.rrp", "rrp_required", "A minimum-taxable-value (B) line needs the RRP."))
        elif not line.rrp.is_finite() or line.rrp < 0 or _places(line.rrp) > 4:
            errors.append(FieldError(f"{path}.rrp", "rrp_invalid", "The RRP is zero or more, at most 4 decimals."))
    if rates.rate(category.value, on) is None:
        errors.append(FieldError(f"{path}.tax_category", "tax_rate_missing", f"No {category} rate is set for {on}."))
    if line.levy is not None and rates.rate(line.levy.value, on) is None:
        errors.append(FieldError(f"{path}.levy", "tax_rate_missing", f"No {line.levy} rate is set for {on}."))
    return errors


def _rate(rates: RateTable, code: str, on: date) -> Decimal:
    found = rates.rate(code, on)
    if found is None:
        raise ValueError(f"no {code} rate on {on}; check line_problems first")
    return found


def tax_line(line: LineIn, *, on: date, rates: RateTable, prices_include_vat: bool, vat_registered: bool) -> LineTax:
    """The amounts of one valid line (see `line_problems`)."""
    category = line.category if vat_registered else TaxCategory.TOT
    vat_rate = ZERO if category in NO_VAT else _rate(rates, category.value, on)
    levy_rate = _rate(rates, line.levy.value, on) if line.levy is not None else ZERO
    factor = 1 + (vat_rate + levy_rate) / HUNDRED
    unit_price = line.unit_price if prices_include_vat else round4(line.unit_price * factor)
    supply = round4(line.quantity * unit_price)
    discount = round4(supply * line.discount_rate / HUNDRED)
    total = supply - discount
    base = total
    if category is TaxCategory.B and line.rrp is not None:
        base = max(total, round4(line.rrp * line.quantity))
        supply = max(supply, base)
    exact_taxable = base / factor
    exact_levy = exact_taxable * levy_rate / HUNDRED
    taxable = round4(exact_taxable)
    levy = round4(exact_levy)
    return LineTax(
        category=category,
        vat_rate=vat_rate,
        levy=line.levy,
        levy_rate=levy_rate,
        unit_price=unit_price,
        supply_amount=supply,
        discount_amount=discount,
        total_amount=total,
        taxable_amount=taxable,
        vat_amount=base - taxable - levy,
        levy_amount=levy,
        exact_taxable=exact_taxable,
        exact_levy=exact_levy,
    )


def tax_document(
    lines: Sequence[LineIn], *, on: date, rates: RateTable, prices_include_vat: bool, vat_registered: bool
) -> DocumentTax:
    """Every amount of a document of valid lines dated `on`."""
    taxed = tuple(
        tax_line(line, on=on, rates=rates, prices_include_vat=prices_include_vat, vat_registered=vat_registered)
        for line in lines
    )
    buckets = [*_vat_buckets(taxed), *_levy_buckets(taxed)]
    return DocumentTax(
        lines=taxed,
        buckets=tuple(buckets),
        total_taxable=sum((b.taxable_amount for b in buckets if b.code in _VAT_CODES), ZERO),
        total_tax=sum((b.tax_amount for b in buckets), ZERO),
        total_amount=sum((line.total_amount for line in taxed), ZERO),
    )


def _vat_buckets(lines: Iterable[LineTax]) -> list[Bucket]:
    by_category: dict[TaxCategory, list[LineTax]] = {}
    for line in lines:
        by_category.setdefault(line.category, []).append(line)
    buckets = []
    for category in TaxCategory:
        members = by_category.get(category)
        if not members:
            continue
        taxable = round4(sum((line.exact_taxable for line in members), ZERO))
        with_vat = round4(sum((line.tax_base - line.exact_levy for line in members), ZERO))
        buckets.append(Bucket(category.value, members[0].vat_rate, taxable, with_vat - taxable))
    return buckets


def _levy_buckets(lines: Iterable[LineTax]) -> list[Bucket]:
    by_levy: dict[Levy, list[LineTax]] = {}
    for line in lines:
        if line.levy is not None:
            by_levy.setdefault(line.levy, []).append(line)
    return [
        Bucket(
            levy.value,
            by_levy[levy][0].levy_rate,
            round4(sum((line.exact_taxable for line in by_levy[levy]), ZERO)),
            round4(sum((line.exact_levy for line in by_levy[levy]), ZERO)),
        )
        for levy in Levy
        if levy in by_levy
    ]
