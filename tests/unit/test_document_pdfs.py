"""Printed documents read back the way a customer's phone reads them: the text pypdf extracts
has the numbers, totals, TPINs and ZRA's fields; the QR code decodes to ZRA's URL; fonts are
embedded; page 1 of each is kept as a PNG under test-artifacts/documents/."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from shared_code.documents.layout import NOT_FISCALISED, render_document, render_receipt, render_statement
from shared_code.documents.model import (
    DocumentKind,
    DocumentStyle,
    FiscalReceipt,
    Layout,
    Party,
    PaymentDetails,
    PrintedDocument,
    PrintedLine,
    PrintedReceipt,
    PrintedStatement,
    StatementRow,
    TaxRow,
)
from shared_code.documents.pdf_kit import LogoNotPrintable

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
SELLER = Party(
    "Chanda Hardware Ltd",
    "1001234567",
    ("Plot 12, Cairo Road", "Lusaka"),
    "+260977123456",
    "accounts@chanda.co.zm",
)
BUYER = Party("Mwale Builders", "1002003004", ("Box 3100", "Kitwe"), None, "accounts@mwale.co.zm")
FISCAL = FiscalReceipt(
    receipt_number=42,
    sdc_id="SDC0012345",
    fiscal_at=datetime(2026, 3, 2, 10, 15, 30),
    internal_data="WXYZ4PQR7STU2VAB",
    signature="3F2A9B7C1D4E5F60",
    qr_code_url="https://sandbox.zra.example/invoice?tpin=1001234567&rcpt=42",
)
BANK = PaymentDetails("Zanaco", "Cairo Road", "Chanda Hardware Ltd", "0123456789012", "+260971234567")


def invoice(
    lines: int = 2, *, fiscal: FiscalReceipt | None = FISCAL, payment: PaymentDetails = BANK
) -> PrintedDocument:
    """Cement at K116 (VAT-inclusive, A) and a zero-rated bag of mealie meal, `lines` in all."""
    printed = [
        PrintedLine("Cement 50 kg", Decimal(2), Decimal("116.00"), Decimal(0), "A", Decimal("32.00"), Decimal("232.00"))
        if n % 2 == 0
        else PrintedLine(
            "Mealie meal 25 kg", Decimal(1), Decimal("250"), Decimal(0), "C3", Decimal(0), Decimal("250.00")
        )
        for n in range(lines)
    ]
    cement, meal = (lines + 1) // 2, lines // 2
    return PrintedDocument(
        kind=DocumentKind.INVOICE,
        number="INV-2026-00007",
        issue_date=date(2026, 3, 2),
        currency="ZMW",
        seller=SELLER,
        buyer=BUYER,
        lines=tuple(printed),
        tax_rows=(
            TaxRow("A", Decimal(16), Decimal("200.00") * cement, Decimal("32.00") * cement),
            TaxRow("C3", Decimal(0), Decimal("250.00") * meal, Decimal(0)),
        ),
        total_taxable=Decimal("200.00") * cement + Decimal("250.00") * meal,
        total_tax=Decimal("32.00") * cement,
        amount_due=Decimal("232.00") * cement + Decimal("250.00") * meal,
        details=(("Due date", "2026-04-01"),),
        fiscal=fiscal,
        payment=payment,
        terms="Goods remain ours until paid.",
    )


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_image(pdf: bytes, page: int = 0, scale: float = 3.0) -> Image.Image:
    image: Image.Image = pypdfium2.PdfDocument(pdf)[page].render(scale=scale).to_pil()
    return image


def keep(name: str, pdf: bytes) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page_image(pdf, scale=1.5).save(ARTIFACTS / f"{name}.png")


def test_an_invoice_prints_its_number_parties_tpins_tax_breakdown_totals_and_words() -> None:
    pdf = render_document(invoice(), DocumentStyle())
    keep("invoice-classic", pdf)
    text = text_of(pdf)
    for expected in (
        "TAX INVOICE",
        "INV-2026-00007",
        "Chanda Hardware Ltd",
        "TPIN 1001234567",
        "Mwale Builders",
        "TPIN 1002003004",
        "A Standard rated",
        "C3 Zero-rated",
        "Total due ZMW",
        "482.00",
        "Four hundred and eighty-two Kwacha",
        "Bank: Zanaco, Cairo Road",
        "Account number: 0123456789012",
        "Airtel Money: +260971234567",
        "Goods remain ours until paid.",
        "Page 1 of 1",
    ):
        assert expected in text, expected


def test_the_zra_block_prints_receipt_number_sdc_id_fiscal_time_internal_data_and_signature() -> None:
    text = text_of(render_document(invoice(), DocumentStyle()))
    assert "ZRA SMART INVOICE" in text
    for label, value in (
        ("Receipt number", "42"),
        ("SDC ID", "SDC0012345"),
        ("Fiscal date and time", "2026-03-02 10:15:30"),
        ("Internal data", "WXYZ4PQR7STU2VAB"),
        ("Signature", "3F2A9B7C1D4E5F60"),
    ):
        assert f"{label}\n{value}" in text


def test_the_qr_code_decodes_to_zras_url() -> None:
    image = page_image(render_document(invoice(), DocumentStyle()))
    codes = zxingcpp.read_barcodes(image)
    assert [code.text for code in codes] == [FISCAL.qr_code_url]
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode


def test_an_invoice_zra_has_not_signed_is_marked_not_a_tax_invoice_and_has_no_qr_code() -> None:
    pdf = render_document(invoice(fiscal=None), DocumentStyle())
    keep("invoice-not-fiscalised", pdf)
    text = text_of(pdf)
    assert NOT_FISCALISED in text and "TAX INVOICE" not in text and "ZRA SMART INVOICE" not in text
    assert zxingcpp.read_barcodes(page_image(pdf)) == []


def test_payment_details_are_left_out_when_the_organization_gave_none() -> None:
    text = text_of(render_document(invoice(payment=PaymentDetails()), DocumentStyle()))
    assert "PAYMENT DETAILS" not in text and "Bank:" not in text


def test_a_long_invoice_runs_over_pages_numbered_x_of_y_with_the_table_header_repeated() -> None:
    pdf = render_document(invoice(300), DocumentStyle())
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert pages > 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {pages}" in text
        assert "Description" in text
    assert "INV-2026-00007 (continued)" in reader.pages[1].extract_text()
    last = reader.pages[-1].extract_text()
    assert "Total due ZMW" in last and "ZRA SMART INVOICE" in last


def test_fonts_are_embedded_subsets_of_one_ttf_and_no_base_14_font_is_used() -> None:
    reader = PdfReader(io.BytesIO(render_document(invoice(), DocumentStyle())))
    resources: Any = reader.pages[0]["/Resources"]
    fonts = resources["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert sorted(str(ref.get_object()["/BaseFont"]).split("+")[1] for ref in fonts.values()) == [
        "IntelliFinSans-Bold",
        "IntelliFinSans-Regular",
    ]


def test_a_ten_line_invoice_with_a_logo_and_zras_block_is_well_under_60_kb() -> None:
    logo = io.BytesIO()
    Image.new("RGB", (1200, 600), (200, 20, 20)).save(logo, format="PNG")
    assert len(render_document(invoice(10), DocumentStyle(), logo.getvalue())) < 40 * 1024


def test_the_same_document_renders_to_the_same_bytes() -> None:
    assert render_document(invoice(), DocumentStyle()) == render_document(invoice(), DocumentStyle())


@pytest.mark.parametrize("layout", list(Layout))
def test_every_layout_prints_the_same_facts_in_the_organizations_accent_colour(layout: Layout) -> None:
    pdf = render_document(invoice(), DocumentStyle(layout, "#AA3300"))
    keep(f"invoice-{layout}", pdf)
    text = text_of(pdf)
    assert "INV-2026-00007" in text and "482.00" in text and "SDC0012345" in text
    pixels = page_image(pdf, scale=1).convert("RGB").get_flattened_data()
    assert (0xAA, 0x33, 0x00) in set(pixels)


def test_a_logo_is_printed_scaled_down_and_a_logo_with_too_many_pixels_is_refused() -> None:
    logo = io.BytesIO()
    Image.new("RGB", (1200, 600), (200, 20, 20)).save(logo, format="PNG")
    pdf = render_document(invoice(), DocumentStyle(), logo.getvalue())
    keep("invoice-with-logo", pdf)
    reader = PdfReader(io.BytesIO(pdf))
    [image] = reader.pages[0].images
    assert image.image is not None and image.image.width <= 360
    huge = io.BytesIO()
    Image.new("1", (6000, 5000)).save(huge, format="PNG")
    with pytest.raises(LogoNotPrintable):
        render_document(invoice(), DocumentStyle(), huge.getvalue())
    with pytest.raises(LogoNotPrintable):
        render_document(invoice(), DocumentStyle(), b"not an image")


def test_a_credit_note_prints_its_title_and_what_it_credits() -> None:
    note = PrintedDocument(
        **{
            **invoice().__dict__,
            "kind": DocumentKind.CREDIT_NOTE,
            "number": "CN-2026-00001",
            "details": (("Credits invoice", "INV-2026-00007"), ("Reason", "03 Damaged goods")),
        }
    )
    pdf = render_document(note, DocumentStyle(Layout.MODERN))
    keep("credit-note", pdf)
    text = text_of(pdf)
    assert (
        "CREDIT NOTE" in text and "CN-2026-00001" in text and "Credits invoice INV-2026-00007" in " ".join(text.split())
    )
    assert "Total credited ZMW" in text and "PAYMENT DETAILS" not in text


def test_a_statement_prints_the_running_balance_aging_and_the_balance_in_words() -> None:
    statement = PrintedStatement(
        seller=SELLER,
        buyer=BUYER,
        as_of=date(2026, 3, 31),
        currency="ZMW",
        rows=(
            StatementRow(
                date(2026, 3, 2), "Invoice", "INV-2026-00007", Decimal("482.00"), Decimal(0), Decimal("482.00")
            ),
            StatementRow(date(2026, 3, 9), "Payment", "MM-778", Decimal(0), Decimal("200.00"), Decimal("282.00")),
        ),
        balance=Decimal("282.00"),
        aging=(("current", Decimal("282.00")), ("1_30", Decimal(0))),
        payment=BANK,
    )
    pdf = render_statement(statement, DocumentStyle(Layout.COMPACT))
    keep("statement", pdf)
    text = text_of(pdf)
    for expected in (
        "STATEMENT",
        "INV-2026-00007",
        "MM-778",
        "Balance ZMW",
        "282.00",
        "Current",
        "Two hundred and eighty-two Kwacha",
    ):
        assert expected in text, expected


def test_a_receipt_is_80_mm_wide_and_prints_what_was_paid_against_which_invoice() -> None:
    receipt = PrintedReceipt(
        seller=SELLER,
        customer="Mwale Builders",
        reference="MM-778",
        payment_date=date(2026, 3, 9),
        method="Mobile money",
        currency="ZMW",
        amount=Decimal("250.50"),
        allocations=(("INV-2026-00007", Decimal("200.00")),),
        unallocated=Decimal("50.50"),
    )
    pdf = render_receipt(receipt, DocumentStyle())
    keep("receipt", pdf)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 80
    text = page.extract_text()
    for expected in ("PAYMENT RECEIPT", "MM-778", "INV-2026-00007", "Kept as credit", "50.50", "Paid ZMW", "250.50"):
        assert expected in text, expected
    assert "Two hundred and fifty Kwacha and fifty ngwee" in text
