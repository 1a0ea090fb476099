"""Property: for any lines, the engine's line and header amounts satisfy the relationships
the VSDC checks (reference section 4.5), within the half-unit each rounding allows."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from shared_code.sales.tax import FOUR_PLACES, Levy, LineIn, TaxCategory, default_rate_table, tax_document

D = Decimal
HALF = FOUR_PLACES / 2
DAY = date(2026, 6, 30)


def _decimal(max_value: str, places: int, min_value: str = "0") -> st.SearchStrategy[D]:
    return st.decimals(
        min_value=D(min_value), max_value=D(max_value), places=places, allow_nan=False, allow_infinity=False
    )


lines = st.builds(
    LineIn,
    quantity=_decimal("10000", 4, min_value="0.0001"),
    unit_price=_decimal("100000", 4),
    category=st.sampled_from([c for c in TaxCategory if c is not TaxCategory.B]),
    discount_rate=_decimal("100", 2),
    levy=st.one_of(st.none(), st.sampled_from(list(Levy))),
    rrp=st.none(),
)
mtv_lines = st.builds(
    LineIn,
    quantity=_decimal("1000", 4, min_value="0.0001"),
    unit_price=_decimal("10000", 4),
    category=st.just(TaxCategory.B),
    discount_rate=_decimal("100", 2),
    levy=st.none(),
    rrp=_decimal("10000", 4),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(lines, mtv_lines), min_size=1, max_size=12), st.booleans(), st.booleans())
@example(  # an RRP base ending in 5 at the fifth decimal is rounded half up, like every amount
    [LineIn(quantity=D("0.0001"), unit_price=D(0), category=TaxCategory.B, rrp=D("132.5"))], True, True
)
def test_line_and_header_buckets_reconcile_as_the_vsdc_checks_them(
    document: list[LineIn], inclusive: bool, vat_registered: bool
) -> None:
    tax = tax_document(
        document, on=DAY, rates=default_rate_table(), prices_include_vat=inclusive, vat_registered=vat_registered
    )
    for given_line, line in zip(document, tax.lines, strict=True):
        assert line.total_amount == line.supply_amount - line.discount_amount or line.category is TaxCategory.B
        assert line.taxable_amount + line.vat_amount + line.levy_amount == line.tax_base
        factor = 1 + (line.vat_rate + line.levy_rate) / 100
        assert abs(line.taxable_amount * factor - line.tax_base) <= HALF * factor
        vat_error = abs(line.vat_amount - line.taxable_amount * line.vat_rate / 100)
        assert vat_error <= HALF * (1 + line.vat_rate / 100) + (HALF if line.levy else 0)
        if line.category in {
            TaxCategory.C1,
            TaxCategory.C2,
            TaxCategory.C3,
            TaxCategory.D,
            TaxCategory.E,
            TaxCategory.TOT,
        }:
            assert line.vat_amount == 0
        if line.category is TaxCategory.B:
            rrp_base = ((given_line.rrp or 0) * given_line.quantity).quantize(FOUR_PLACES, ROUND_HALF_UP)
            assert line.tax_base == max(line.total_amount, rrp_base)
        if not vat_registered:
            assert line.category is TaxCategory.TOT

    vat_buckets = [b for b in tax.buckets if b.code in {c.value for c in TaxCategory}]
    for bucket in tax.buckets:
        members = [
            line
            for line in tax.lines
            if line.category.value == bucket.code or (line.levy is not None and line.levy.value == bucket.code)
        ]
        assert abs(bucket.taxable_amount - sum(m.taxable_amount for m in members)) <= HALF * (len(members) + 1)
        rate = bucket.rate / 100
        assert abs(bucket.tax_amount - bucket.taxable_amount * rate) <= HALF * (2 + rate)
        if bucket in vat_buckets and not any(m.levy for m in members):
            assert bucket.taxable_amount + bucket.tax_amount == sum(m.tax_base for m in members)
    assert tax.total_amount == sum(line.total_amount for line in tax.lines)
    assert tax.total_taxable == sum(b.taxable_amount for b in vat_buckets)
    assert tax.total_tax == sum(b.tax_amount for b in tax.buckets)
    assert tax.amount_due == tax.total_amount.quantize(D("0.01"), rounding=ROUND_HALF_UP)
