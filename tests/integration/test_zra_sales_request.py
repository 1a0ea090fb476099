"""Documents built by the sales tax engine and the saveSales builder, sent to the sandbox VSDC,
whose checks are written from the reference and not from our engine: 80 seeded random
invoices (every VAT category, levies, MTV, discounts, VAT-inclusive and -exclusive prices)
are each accepted with 000, and so are a credit note and a debit note against one of them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from shared_code.sales.tax import Levy, LineIn, TaxCategory, default_rate_table, tax_document
from shared_code.zra import wire
from shared_code.zra.client import VsdcClient
from shared_code.zra.integration_log import VsdcCall
from shared_code.zra.sales_request import (
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
from tests.fixtures.zra_sandbox import Vsdc

TPIN = "1002345678"
TODAY = datetime.now(UTC)
ITEMS = {
    "CEM50": ZraItem("CEM50", "30111601", "Cement 50 kg", "U", "BG", is_goods=True),
    "ROOM": ZraItem("ROOM", "30111601", "Room night", "U", "NT", is_goods=False),
    "BEER": ZraItem("BEER", "30111601", "Mosi 375 ml", "U", "BOTT", is_goods=True),
}


class Calls:
    """The integration log, kept in memory: this test is about the request, not the log."""

    def __init__(self) -> None:
        self.calls: list[VsdcCall] = []

    def record(self, call: VsdcCall) -> None:
        self.calls.append(call)


@pytest.fixture
def client(vsdc: Vsdc) -> Iterator[VsdcClient]:
    with VsdcClient(
        vsdc.base_url, TPIN, "000", timeout_seconds=10, init_timeout_seconds=10, log=Calls(), now=lambda: TODAY
    ) as made:
        assert made.initialise("SN-0001").succeeded
        for item in ITEMS.values():
            registered = made.save_item(
                {
                    "itemCd": item.code,
                    "itemClsCd": item.classification_code,
                    "itemTyCd": "2" if item.is_goods else "3",
                    "itemNm": item.name,
                    "orgnNatCd": "ZM",
                    "pkgUnitCd": item.packaging_code,
                    "qtyUnitCd": item.unit_code,
                    "vatCatCd": "A",
                    "dftPrc": Decimal(1),
                    "useYn": "Y",
                    "regrId": "u-1",
                    "regrNm": "Mwila Banda",
                    "modrId": "u-1",
                    "modrNm": "Mwila Banda",
                }
            )
            assert registered.succeeded, registered
        yield made


def bucket_rates(client: VsdcClient) -> dict[str, Decimal]:
    """Each tax type's and levy's rate as the VSDC's codes publish it (`userDfnCd1`)."""
    codes = client.select_codes("20000101000000").data["clsList"]
    return {
        entry["cd"]: Decimal(str(entry["userDfnCd1"]))
        for cls in codes
        if cls["cdCls"] in {"04", "60", "61", "62"}
        for entry in cls["dtlList"]
        if entry.get("userDfnCd1") not in (None, "")
    }


def random_line(rng: random.Random) -> tuple[ZraItem, LineIn]:
    category = rng.choice([TaxCategory.A, TaxCategory.A, TaxCategory.B, TaxCategory.C3, TaxCategory.D, TaxCategory.E])
    quantity = Decimal(rng.randint(1, 2000)) / rng.choice([1, 10, 100])
    price = Decimal(rng.randint(0, 5_000_000)) / rng.choice([1, 100, 10000])
    discount = rng.choice([Decimal(0), Decimal(0), Decimal("5"), Decimal("12.5"), Decimal(100)])
    if category is TaxCategory.B:
        return ITEMS["BEER"], LineIn(
            quantity,
            price,
            category,
            discount,
            rrp=(price * rng.choice([Decimal("0.5"), 2])).quantize(Decimal("0.0001")),
        )
    if rng.random() < 0.2:
        levy = rng.choice([Levy.TL, Levy.IPL1, Levy.IPL2, Levy.ECM])
        return ITEMS["ROOM"], LineIn(quantity, price, TaxCategory.A if levy is Levy.TL else category, discount, levy)
    return ITEMS["CEM50"], LineIn(quantity, price, category, discount)


def build(lines: list[tuple[ZraItem, LineIn]], number: str, *, inclusive: bool = True, **fields: Any) -> SaleDocument:
    tax = tax_document(
        [line for _, line in lines],
        on=TODAY.date(),
        rates=default_rate_table(),
        prices_include_vat=inclusive,
        vat_registered=True,
    )
    return SaleDocument(
        cis_invoice_number=number,
        receipt_type=fields.pop("receipt_type", ReceiptType.SALE),
        sale_date=TODAY.date(),
        confirmed_at=TODAY,
        customer_name="Mwale Builders",
        customer_tpin="1002003004",
        payment_type=PaymentType.CREDIT,
        currency="ZMW",
        exchange_rate=Decimal(1),
        lines=tuple(
            SaleLine(item, line.quantity, line.discount_rate, taxed, line.rrp)
            for (item, line), taxed in zip(lines, tax.lines, strict=True)
        ),
        tax=tax,
        confirmer=Confirmer("u-1", "Mwila Banda"),
        **fields,
    )


def send(client: VsdcClient, document: SaleDocument, options: SalesOptions) -> dict[str, Any]:
    assert sale_problems(document, options) == []
    answer = client.save_sales(client.body(sales_request(document, options)), document=document.cis_invoice_number)
    assert answer.result_code == "000", (
        answer.result_code,
        answer.message,
        wire.dumps(sales_request(document, options)),
    )
    data: dict[str, Any] = answer.data
    return data


def test_eighty_random_invoices_are_each_accepted_by_the_vsdcs_own_arithmetic(client: VsdcClient) -> None:
    options = SalesOptions(bucket_rates=bucket_rates(client))
    rng = random.Random(20260302)
    receipts = []
    for number in range(1, 81):
        lines = [random_line(rng) for _ in range(rng.randint(1, 8))]
        document = build(lines, f"INV-{number:05d}", inclusive=rng.random() < 0.7)
        if document.tax.total_amount > 0:
            receipts.append(send(client, document, options)["rcptNo"])
    assert receipts == list(range(1, len(receipts) + 1)) and len(receipts) > 60


def test_a_credit_note_and_a_debit_note_against_an_invoice_are_accepted(client: VsdcClient) -> None:
    options = SalesOptions(bucket_rates=bucket_rates(client))
    cement = ITEMS["CEM50"], LineIn(Decimal(10), Decimal(116), TaxCategory.A)
    room = ITEMS["ROOM"], LineIn(Decimal(2), Decimal("1175"), TaxCategory.A, levy=Levy.TL)
    sale = send(client, build([cement, room], "INV-00001"), options)
    original = OriginalReceipt(sale["rcptNo"], sale["sdcId"])
    credit = build(
        [(ITEMS["CEM50"], LineIn(Decimal(4), Decimal(116), TaxCategory.A))],
        "CN-00001",
        receipt_type=ReceiptType.CREDIT_NOTE,
        original=original,
        reason_code="03",
        reason="Four bags split in transit",
    )
    assert send(client, credit, options)["rcptNo"] == 2
    debit = build(
        [(ITEMS["CEM50"], LineIn(Decimal(1), Decimal(58), TaxCategory.A))],
        "DN-00001",
        receipt_type=ReceiptType.DEBIT_NOTE,
        original=original,
        reason_code="03",
        reason="Delivery omitted",
    )
    assert send(client, debit, options)["rcptNo"] == 3
    too_much = build(
        [(ITEMS["CEM50"], LineIn(Decimal(7), Decimal(116), TaxCategory.A))],
        "CN-00002",
        receipt_type=ReceiptType.CREDIT_NOTE,
        original=original,
        reason_code="03",
    )
    refused = client.save_sales(client.body(sales_request(too_much, options)), document="CN-00002")
    assert refused.result_code == "934", "the sandbox holds the line: 4 of 10 bags credited, 7 more is too many"
