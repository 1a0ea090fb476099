"""The tax engine against invoices worked by hand: each test is one invoice, its lines as a
customer would read them and the amounts ZRA's VSDC expects, to the fourth decimal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shared_code.sales.tax import (
    DocumentTax,
    Levy,
    LineIn,
    RateTable,
    TaxCategory,
    TaxRate,
    default_rate_table,
    line_problems,
    tax_document,
)

D = Decimal
A, B, C3, D_EXEMPT = TaxCategory.A, TaxCategory.B, TaxCategory.C3, TaxCategory.D
DAY = date(2026, 3, 2)


def invoice(*lines: LineIn, inclusive: bool = True, vat: bool = True, on: date = DAY) -> DocumentTax:
    return tax_document(lines, on=on, rates=default_rate_table(), prices_include_vat=inclusive, vat_registered=vat)


def amounts(tax: DocumentTax, code: str) -> tuple[D, D]:
    bucket = tax.bucket(code)
    assert bucket is not None, f"no {code} bucket"
    return bucket.taxable_amount, bucket.tax_amount


def test_the_references_example_one_standard_item_at_k116_is_k100_plus_k16_vat() -> None:
    tax = invoice(LineIn(quantity=D("1"), unit_price=D("116.00"), category=A))
    (line,) = tax.lines
    assert (line.supply_amount, line.total_amount) == (D("116.0000"), D("116.0000"))
    assert (line.taxable_amount, line.vat_amount) == (D("100.0000"), D("16.0000"))
    assert amounts(tax, "A") == (D("100.0000"), D("16.0000"))
    assert (tax.total_taxable, tax.total_tax, tax.total_amount) == (D("100.0000"), D("16.0000"), D("116.0000"))
    assert tax.amount_due == D("116.00")


def test_a_hardware_invoice_with_a_discount_a_zero_rated_and_an_exempt_line() -> None:
    #   3 x cement bags @ K57.99, 10% off (A)    supply 173.97, discount 17.397, charged 156.573
    #   2 x maize meal @ K25.00 (C3, zero-rated)  charged 50.00
    #   1 x school fees collected @ K100 (D)      charged 100.00
    tax = invoice(
        LineIn(quantity=D("3"), unit_price=D("57.99"), category=A, discount_rate=D("10")),
        LineIn(quantity=D("2"), unit_price=D("25.00"), category=C3),
        LineIn(quantity=D("1"), unit_price=D("100"), category=D_EXEMPT),
    )
    cement, maize, fees = tax.lines
    assert (cement.supply_amount, cement.discount_amount, cement.total_amount) == (
        D("173.9700"),
        D("17.3970"),
        D("156.5730"),
    )
    # 156.573 / 1.16 = 134.97672...
    assert (cement.taxable_amount, cement.vat_amount) == (D("134.9767"), D("21.5963"))
    assert (maize.taxable_amount, maize.vat_amount) == (D("50.0000"), D("0"))
    assert (fees.taxable_amount, fees.vat_amount) == (D("100.0000"), D("0"))
    assert amounts(tax, "A") == (D("134.9767"), D("21.5963"))
    assert amounts(tax, "C3") == (D("50.0000"), D("0"))
    assert amounts(tax, "D") == (D("100.0000"), D("0"))
    assert tax.total_taxable == D("284.9767")
    assert tax.total_tax == D("21.5963")
    assert tax.total_amount == D("306.5730")
    assert tax.amount_due == D("306.57")


def test_prices_stated_without_vat_become_the_vat_inclusive_price_zra_needs() -> None:
    # 10 hours of consulting at K100.00 before VAT
    tax = invoice(LineIn(quantity=D("10"), unit_price=D("100.00"), category=A), inclusive=False)
    (line,) = tax.lines
    assert line.unit_price == D("116.0000")
    assert (line.total_amount, line.taxable_amount, line.vat_amount) == (D("1160.0000"), D("1000.0000"), D("160.0000"))


def test_minimum_taxable_value_takes_vat_out_of_the_rrp_while_the_customer_pays_the_price() -> None:
    # 2 crates of beer sold at K100.00 each; the manufacturer's RRP is K125.00 a crate
    tax = invoice(LineIn(quantity=D("2"), unit_price=D("100"), category=B, rrp=D("125")))
    (line,) = tax.lines
    assert line.total_amount == D("200.0000")
    assert line.supply_amount == D("250.0000")
    # 250 / 1.16 = 215.51724...
    assert (line.taxable_amount, line.vat_amount) == (D("215.5172"), D("34.4828"))
    taxable, vat = amounts(tax, "B")
    assert taxable + vat == D("250.0000") > tax.total_amount == D("200.0000")
    assert line.net_amount == D("165.5172")


def test_minimum_taxable_value_uses_the_price_when_it_is_above_the_rrp() -> None:
    tax = invoice(LineIn(quantity=D("1"), unit_price=D("150"), category=B, rrp=D("125")))
    assert amounts(tax, "B") == (D("129.3103"), D("20.6897"))


def test_a_hotel_night_carries_vat_and_tourism_levy_inside_the_price() -> None:
    # one night at K1,175.00 including VAT (16%) and tourism levy (1.5%): 1,000 + 160 + 15
    tax = invoice(LineIn(quantity=D("1"), unit_price=D("1175"), category=A, levy=Levy.TL))
    (line,) = tax.lines
    assert (line.taxable_amount, line.vat_amount, line.levy_amount) == (D("1000.0000"), D("160.0000"), D("15.0000"))
    assert amounts(tax, "A") == (D("1000.0000"), D("160.0000"))
    assert amounts(tax, "TL") == (D("1000.0000"), D("15.0000"))
    assert tax.total_tax == D("175.0000")
    assert tax.bucket("TL") is not None and tax.bucket("TL").suffix == "Tl"  # type: ignore[union-attr]


def test_a_turnover_tax_business_issues_the_same_lines_without_vat() -> None:
    tax = invoice(LineIn(quantity=D("1"), unit_price=D("116"), category=A), vat=False)
    (line,) = tax.lines
    assert line.category is TaxCategory.TOT
    assert amounts(tax, "TOT") == (D("116.0000"), D("0"))
    assert tax.bucket("A") is None
    assert tax.total_tax == D("0")


def test_the_header_rounds_the_sum_of_unrounded_lines_not_the_sum_of_rounded_ones() -> None:
    # three sweets at K0.01: each line is 0.0086 + 0.0014 rounded, but the header is
    # round(3 x 0.00862068...) = 0.0259, not 3 x 0.0086 = 0.0258 (the VSDC's 910 trap)
    sweet = LineIn(quantity=D("1"), unit_price=D("0.01"), category=A)
    tax = invoice(sweet, sweet, sweet)
    assert [(line.taxable_amount, line.vat_amount) for line in tax.lines] == [(D("0.0086"), D("0.0014"))] * 3
    assert amounts(tax, "A") == (D("0.0259"), D("0.0041"))


def test_quantities_with_four_decimals_are_charged_to_four_decimals_and_owed_to_the_ngwee() -> None:
    # 2.3456 kg of nails at K13.3333 a kg: 31.27459... rounded to 31.2746, owed K31.27
    tax = invoice(LineIn(quantity=D("2.3456"), unit_price=D("13.3333"), category=A))
    assert tax.total_amount == D("31.2746")
    assert tax.amount_due == D("31.27")


def test_rates_come_from_the_dated_table_so_a_change_of_rate_applies_from_its_date() -> None:
    rates = RateTable(
        (
            TaxRate("A", D("16"), date(2023, 1, 1), date(2026, 12, 31)),
            TaxRate("A", D("18"), date(2027, 1, 1), None),
        )
    )
    line = LineIn(quantity=D("1"), unit_price=D("118"), category=A)
    before = tax_document([line], on=date(2026, 12, 31), rates=rates, prices_include_vat=True, vat_registered=True)
    after = tax_document([line], on=date(2027, 1, 1), rates=rates, prices_include_vat=True, vat_registered=True)
    assert amounts(before, "A") == (D("101.7241"), D("16.2759"))
    assert amounts(after, "A") == (D("100.0000"), D("18.0000"))
    assert [p.code for p in line_problems("l", line, on=date(2022, 12, 31), rates=rates, vat_registered=True)] == [
        "tax_rate_missing"
    ]


def test_every_bad_line_is_reported_with_its_field_and_code() -> None:
    def codes(line: LineIn) -> list[tuple[str, str]]:
        problems = line_problems("lines.0", line, on=DAY, rates=default_rate_table(), vat_registered=True)
        return [(p.field, p.code) for p in problems]

    assert codes(LineIn(quantity=D("0"), unit_price=D("1"), category=A)) == [
        ("lines.0.quantity", "quantity_not_positive")
    ]
    assert codes(LineIn(quantity=D("-2"), unit_price=D("1"), category=A)) == [
        ("lines.0.quantity", "quantity_not_positive")
    ]
    assert codes(LineIn(quantity=D("1.00001"), unit_price=D("1"), category=A)) == [
        ("lines.0.quantity", "quantity_precision")
    ]
    assert codes(LineIn(quantity=D("1"), unit_price=D("1.00001"), category=A)) == [
        ("lines.0.unit_price", "price_precision")
    ]
    assert codes(LineIn(quantity=D("1"), unit_price=D("-1"), category=A)) == [("lines.0.unit_price", "price_negative")]
    assert codes(LineIn(quantity=D("1"), unit_price=D("1"), category=A, discount_rate=D("101"))) == [
        ("lines.0.discount_rate", "discount_out_of_range")
    ]
    assert codes(LineIn(quantity=D("1"), unit_price=D("1"), category=B)) == [("lines.0.rrp", "rrp_required")]
    assert codes(LineIn(quantity=D("1.5000"), unit_price=D("2.1000"), category=A)) == []
