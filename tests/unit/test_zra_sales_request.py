"""The saveSales request, read like the invoices it carries: a K116 cement bag, a hotel night
with tourism levy, a beer at its MTV, a credit note; and every problem found at once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from shared_code.sales.tax import Levy, LineIn, TaxCategory, default_rate_table, tax_document
from shared_code.zra import wire
from shared_code.zra.sales_request import (
    HEADER_BUCKETS,
    Confirmer,
    OriginalReceipt,
    PaymentType,
    ReceiptType,
    SaleDocument,
    SaleLine,
    SalesOptions,
    ZraItem,
    sale_problems,
    sales_request,
)

DAY = date(2026, 3, 2)
CEMENT = ZraItem("CEM50", "30111601", "Cement 50 kg", "U", "BG", is_goods=True)
ROOM = ZraItem("ROOM", "90111501", "Room night", "U", "NT", is_goods=False)
BEER = ZraItem("BEER", "50202203", "Mosi 375 ml", "U", "BOTT", is_goods=True)


def document(
    *lines: tuple[ZraItem | None, LineIn], receipt: ReceiptType = ReceiptType.SALE, **fields: object
) -> SaleDocument:
    tax = tax_document(
        [line for _, line in lines], on=DAY, rates=default_rate_table(), prices_include_vat=True, vat_registered=True
    )
    defaults: dict[str, object] = {
        "cis_invoice_number": "INV-2026-00001",
        "receipt_type": receipt,
        "sale_date": DAY,
        "confirmed_at": datetime(2026, 3, 2, 8, 30, 5, tzinfo=UTC),
        "customer_name": "Mwale Builders",
        "customer_tpin": "1002003004",
        "payment_type": PaymentType.CREDIT,
        "currency": "ZMW",
        "exchange_rate": Decimal(1),
        "lines": tuple(
            SaleLine(item, line.quantity, line.discount_rate, taxed, line.rrp)
            for (item, line), taxed in zip(lines, tax.lines, strict=True)
        ),
        "tax": tax,
        "confirmer": Confirmer("u-1", "Mwila Banda"),
    }
    return SaleDocument(**{**defaults, **fields})  # type: ignore[arg-type]


def test_one_bag_of_cement_at_k116_is_k100_taxable_and_k16_vat_with_all_45_bucket_fields() -> None:
    body = sales_request(document((CEMENT, LineIn(Decimal(1), Decimal(116), TaxCategory.A))), SalesOptions())
    assert (body["taxblAmtA"], body["taxRtA"], body["taxAmtA"]) == (
        Decimal("100.0000"),
        Decimal(16),
        Decimal("16.0000"),
    )
    assert (body["totTaxblAmt"], body["totTaxAmt"], body["totAmt"]) == (
        Decimal("100.0000"),
        Decimal("16.0000"),
        Decimal("116.0000"),
    )
    assert len([k for k in body if k.startswith(("taxblAmt", "taxRt", "taxAmt"))]) == 45 == 3 * len(HEADER_BUCKETS)
    assert body["taxblAmtB"] == body["taxAmtRvat"] == body["taxblAmtTl"] == 0
    [line] = body["itemList"]
    assert (line["itemSeq"], line["itemCd"], line["itemClsCd"], line["qtyUnitCd"], line["pkgUnitCd"]) == (
        1,
        "CEM50",
        "30111601",
        "U",
        "BG",
    )
    assert (line["prc"], line["splyAmt"], line["vatTaxblAmt"], line["vatAmt"], line["totAmt"]) == (
        Decimal(116),
        Decimal("116.0000"),
        Decimal("100.0000"),
        Decimal("16.0000"),
        Decimal("116.0000"),
    )
    assert (body["salesTyCd"], body["rcptTyCd"], body["pmtTyCd"], body["salesSttsCd"]) == ("N", "S", "02", "02")
    assert body["cfmDt"] == "20260302103005", "the VSDC's clock is Lusaka's (UTC+2)"
    assert (body["salesDt"], body["stockRlsDt"], body["orgInvcNo"]) == ("20260302", "20260302103005", 0)
    assert "floats" not in wire.dumps(body) and '"totAmt":116.0000' in wire.dumps(body)


def test_a_room_night_with_tourism_levy_fills_the_levy_fields_and_releases_no_stock() -> None:
    line = LineIn(Decimal(1), Decimal("1175"), TaxCategory.A, levy=Levy.TL)
    body = sales_request(document((ROOM, line)), SalesOptions())
    [item] = body["itemList"]
    assert item["tlCatCd"] == "TL" and item["iplCatCd"] is None
    assert item["tlTaxblAmt"] == item["vatTaxblAmt"]
    assert item["vatTaxblAmt"] + item["vatAmt"] + item["tlAmt"] == Decimal("1175.0000")
    assert body["taxblAmtTl"] == item["tlTaxblAmt"] and body["taxAmtTl"] == item["tlAmt"]
    assert body["stockRlsDt"] is None


def test_a_beer_at_its_minimum_taxable_value_carries_the_rrp() -> None:
    line = LineIn(Decimal(10), Decimal(20), TaxCategory.B, rrp=Decimal(25))
    body = sales_request(document((BEER, line)), SalesOptions())
    [item] = body["itemList"]
    assert (item["rrp"], item["splyAmt"], item["totAmt"]) == (Decimal(25), Decimal("250.0000"), Decimal("200.0000"))
    assert body["taxblAmtB"] + body["taxAmtB"] == Decimal("250.0000") > body["totAmt"]


def test_a_credit_note_names_the_original_receipt_and_its_reason() -> None:
    options = SalesOptions(credit_note_status="05")
    body = sales_request(
        document(
            (CEMENT, LineIn(Decimal(2), Decimal(116), TaxCategory.A)),
            receipt=ReceiptType.CREDIT_NOTE,
            cis_invoice_number="CN-2026-00001",
            original=OriginalReceipt(41, "SDC0012345"),
            reason_code="03",
            reason="Two bags arrived split",
        ),
        options,
    )
    assert (body["rcptTyCd"], body["orgInvcNo"], body["orgSdcId"], body["rfdRsnCd"]) == ("R", 41, "SDC0012345", "03")
    assert body["salesSttsCd"] == "05" and body["rfdDt"] == body["cfmDt"]
    assert body["remark"] == "Two bags arrived split" and body["totAmt"] == Decimal("232.0000")


def test_a_debit_note_says_why_in_its_own_field() -> None:
    body = sales_request(
        document(
            (CEMENT, LineIn(Decimal(1), Decimal(58), TaxCategory.A)),
            receipt=ReceiptType.DEBIT_NOTE,
            original=OriginalReceipt(41, "SDC0012345"),
            reason_code="03",
            reason="Delivery omitted",
        ),
        SalesOptions(),
    )
    assert (body["rcptTyCd"], body["dbtRsnCd"], body["invcAdjustReason"], body["rfdRsnCd"]) == (
        "D",
        "03",
        "Delivery omitted",
        None,
    )


def test_unused_buckets_carry_the_rate_zras_codes_give_them() -> None:
    body = sales_request(
        document((CEMENT, LineIn(Decimal(1), Decimal(116), TaxCategory.A))),
        SalesOptions(bucket_rates={"TL": Decimal("1.5"), "IPL1": Decimal(5)}),
    )
    assert (body["taxRtTl"], body["taxRtIpl1"], body["taxRtEcm"]) == (Decimal("1.5"), Decimal(5), 0)


def test_every_reason_zra_would_refuse_a_document_is_listed_at_once() -> None:
    bad = document(
        (None, LineIn(Decimal(1), Decimal(116), TaxCategory.A)),
        (ZraItem("X", None, "Unclassified", "U", "NT", True), LineIn(Decimal("1.125"), Decimal(10), TaxCategory.C2)),
        (CEMENT, LineIn(Decimal(1), Decimal(10), TaxCategory.C1)),
        receipt=ReceiptType.CREDIT_NOTE,
        customer_tpin="123",
    )
    assert {(p.field, p.code) for p in sale_problems(bad, SalesOptions())} == {
        ("lines.0.item_id", "zra_item_required"),
        ("lines.1.item_id", "zra_item_classification_missing"),
        ("lines.1.quantity", "zra_quantity_precision"),
        ("lpo_number", "lpo_number_required"),
        ("destination_country", "destination_required"),
        ("customer_id", "tpin_invalid"),
        ("invoice_id", "zra_original_not_fiscalised"),
        ("reason_code", "reason_code_required"),
    }
    assert sale_problems(bad, SalesOptions(max_quantity_places=4)) != sale_problems(bad, SalesOptions())
    with pytest.raises(ValueError, match="zra_item_required"):
        sales_request(bad, SalesOptions())


def test_an_lpo_number_makes_every_line_c2() -> None:
    mixed = document(
        (CEMENT, LineIn(Decimal(1), Decimal(116), TaxCategory.A)),
        (CEMENT, LineIn(Decimal(1), Decimal(100), TaxCategory.C2)),
        lpo_number="LPO-77",
    )
    assert [p.code for p in sale_problems(mixed, SalesOptions())] == ["zra_lpo_lines_not_c2"]
