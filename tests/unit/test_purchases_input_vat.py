"""The input VAT rule as a table: per tax mode of the buyer, kind of supply, supplier and
evidence, and the date (Smart Invoice is the only evidence from 1 January 2025)."""

from __future__ import annotations

from datetime import date

import pytest

from shared_code.purchases.input_vat import InputVatFacts, VatReason, VatRoute, decide_input_vat
from shared_code.purchases.model import Evidence, SupplyKind, is_zra_qr

SMART = Evidence(zra_receipt_number="0001-00042", sdc_id="SDC0123456")
QR = Evidence(zra_qr="https://sandbox.zra.org.zm/verify?Data=1000000001000ABCDEF")
PAPER = Evidence()
CUSTOMS = Evidence(customs_entry_number="C 1234 2026")
BEFORE = date(2024, 12, 31)
AFTER = date(2025, 1, 1)
TPIN = "1000000001"

VAT, TOT, INCOME_TAX_ONLY = True, False, False
R = VatReason
ROWS = [
    # buyer VAT-registered, supply, supplier VAT-registered, supplier TPIN, evidence, date, claim → route, reason
    (VAT, SupplyKind.LOCAL, True, TPIN, SMART, AFTER, None, VatRoute.CLAIM, None),
    (VAT, SupplyKind.LOCAL, True, TPIN, QR, AFTER, None, VatRoute.CLAIM, None),
    (VAT, SupplyKind.LOCAL, True, TPIN, PAPER, AFTER, None, VatRoute.COST, R.SMART_INVOICE_MISSING),
    (
        VAT,
        SupplyKind.LOCAL,
        True,
        TPIN,
        Evidence(zra_receipt_number="1"),
        AFTER,
        None,
        VatRoute.COST,
        R.SMART_INVOICE_MISSING,
    ),
    (
        VAT,
        SupplyKind.LOCAL,
        True,
        TPIN,
        Evidence(zra_qr="https://evil.example/zra.org.zm/x"),
        AFTER,
        None,
        VatRoute.COST,
        R.SMART_INVOICE_MISSING,
    ),
    (VAT, SupplyKind.LOCAL, True, TPIN, PAPER, BEFORE, None, VatRoute.CLAIM, None),
    (VAT, SupplyKind.LOCAL, True, None, SMART, AFTER, None, VatRoute.COST, R.SUPPLIER_TPIN_MISSING),
    (VAT, SupplyKind.LOCAL, True, None, PAPER, BEFORE, None, VatRoute.COST, R.SUPPLIER_TPIN_MISSING),
    (VAT, SupplyKind.LOCAL, False, TPIN, SMART, AFTER, None, VatRoute.NONE, R.SUPPLIER_NOT_VAT_REGISTERED),
    (VAT, SupplyKind.LOCAL, True, TPIN, SMART, AFTER, False, VatRoute.COST, R.CLAIM_DECLINED),
    (VAT, SupplyKind.IMPORT, False, None, CUSTOMS, AFTER, None, VatRoute.CLAIM, None),
    (VAT, SupplyKind.IMPORT, False, None, PAPER, AFTER, None, VatRoute.COST, R.CUSTOMS_ENTRY_MISSING),
    (
        VAT,
        SupplyKind.IMPORTED_SERVICE,
        False,
        None,
        PAPER,
        AFTER,
        None,
        VatRoute.REVERSE_CHARGE,
        R.REVERSE_CHARGE_NOT_CLAIMABLE,
    ),
    (
        VAT,
        SupplyKind.IMPORTED_SERVICE,
        False,
        None,
        PAPER,
        BEFORE,
        None,
        VatRoute.REVERSE_CHARGE,
        R.REVERSE_CHARGE_NOT_CLAIMABLE,
    ),
    (TOT, SupplyKind.LOCAL, True, TPIN, SMART, AFTER, None, VatRoute.COST, R.BUYER_NOT_VAT_REGISTERED),
    (TOT, SupplyKind.LOCAL, True, TPIN, SMART, AFTER, True, VatRoute.COST, R.BUYER_NOT_VAT_REGISTERED),
    (TOT, SupplyKind.LOCAL, True, TPIN, PAPER, BEFORE, None, VatRoute.COST, R.BUYER_NOT_VAT_REGISTERED),
    (TOT, SupplyKind.IMPORT, False, None, CUSTOMS, AFTER, None, VatRoute.COST, R.BUYER_NOT_VAT_REGISTERED),
    (TOT, SupplyKind.IMPORTED_SERVICE, False, None, PAPER, AFTER, None, VatRoute.NONE, R.BUYER_NOT_VAT_REGISTERED),
    (INCOME_TAX_ONLY, SupplyKind.LOCAL, True, TPIN, QR, AFTER, None, VatRoute.COST, R.BUYER_NOT_VAT_REGISTERED),
    (INCOME_TAX_ONLY, SupplyKind.LOCAL, False, None, PAPER, AFTER, None, VatRoute.NONE, R.SUPPLIER_NOT_VAT_REGISTERED),
]


@pytest.mark.parametrize(
    ("buyer_vat", "supply", "supplier_vat", "tpin", "evidence", "on", "claim", "route", "reason"), ROWS
)
def test_the_input_vat_rule_table(
    buyer_vat: bool,
    supply: SupplyKind,
    supplier_vat: bool,
    tpin: str | None,
    evidence: Evidence,
    on: date,
    claim: bool | None,
    route: VatRoute,
    reason: VatReason | None,
) -> None:
    decision = decide_input_vat(
        InputVatFacts(
            on=on,
            buyer_vat_registered=buyer_vat,
            supply_kind=supply,
            supplier_vat_registered=supplier_vat,
            supplier_tpin=tpin,
            evidence=evidence,
            claim_requested=claim,
        )
    )
    assert (decision.route, decision.reason) == (route, reason)
    assert decision.claimable == (route is VatRoute.CLAIM)


def test_the_smart_invoice_date_is_a_setting_not_a_constant() -> None:
    facts = InputVatFacts(
        on=date(2025, 6, 1),
        buyer_vat_registered=True,
        supply_kind=SupplyKind.LOCAL,
        supplier_vat_registered=True,
        supplier_tpin=TPIN,
        evidence=PAPER,
        smart_invoice_required_from=date(2026, 1, 1),
    )
    assert decide_input_vat(facts).route is VatRoute.CLAIM


def test_a_zra_qr_is_an_address_on_zra_org_zm() -> None:
    assert is_zra_qr("https://portal.zra.org.zm/invoice?Data=1000000001000XYZ")
    assert not is_zra_qr("http://portal.zra.org.zm/invoice")
    assert not is_zra_qr("https://zra.org.zm.evil.example/x")
    assert not is_zra_qr(None)
