"""The A4 invoice, credit note and statement, and the 80 mm payment receipt.

One layout code draws the three layouts: a `Layout` only chooses a `_Spec` (type sizes,
row height, whether the header is a band of the accent colour). Every function takes a
printed value and returns the PDF's bytes; nothing here reads a database or a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.colors import white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from shared_code.documents.model import (
    DocumentKind,
    DocumentStyle,
    FiscalReceipt,
    Layout,
    Party,
    PaymentDetails,
    PrintedDocument,
    PrintedReceipt,
    PrintedStatement,
)
from shared_code.documents.pdf_kit import (
    GREY,
    LIGHT,
    Op,
    PageFlow,
    accent,
    draw_logo,
    draw_qr,
    hline,
    money,
    prepared_logo,
    put,
    quantity,
    text,
    width_of,
    wrap,
)
from shared_code.documents.words import amount_in_words

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
RECEIPT_W = 80 * mm
RECEIPT_MARGIN = 4 * mm
NOT_FISCALISED = "Not a tax invoice \N{EM DASH} awaiting ZRA fiscalisation"

TAX_LABELS = {
    "A": "Standard rated",
    "B": "Minimum taxable value",
    "C1": "Exports",
    "C2": "Zero-rated (LPO)",
    "C3": "Zero-rated",
    "D": "Exempt",
    "E": "Disbursement",
    "RVAT": "Reverse VAT",
    "TOT": "Turnover Tax (no VAT)",
    "TL": "Tourism levy",
    "IPL1": "Insurance premium levy",
    "IPL2": "Re-insurance levy",
    "ECM": "Excise on coal",
    "EXEEG": "Excise on electricity",
}
"""What each tax category or levy code is called in the breakdown."""


@dataclass(frozen=True)
class _Spec:
    body: float
    """Type size of the body."""
    small: float
    """Type size of addresses and footers."""
    title: float
    """Type size of the document's title."""
    row: float
    """Height of one line of a table row."""
    band: bool
    """The header is a band of the accent colour."""


SPECS = {
    Layout.CLASSIC: _Spec(body=9, small=7.5, title=18, row=11, band=False),
    Layout.MODERN: _Spec(body=9, small=7.5, title=18, row=11, band=True),
    Layout.COMPACT: _Spec(body=7.5, small=6.5, title=14, row=9, band=False),
}


@dataclass(frozen=True)
class _Column:
    title: str
    width: float
    align: str = "right"
    wraps: bool = False


class _Page:
    """What every A4 document shares: the style, the flow, the header and the blocks."""

    def __init__(self, style: DocumentStyle, logo: ImageReader | None, seller: Party, title: str, number: str):
        self.spec = SPECS[style.layout]
        self.colour = accent(style.accent_colour)
        self.logo = logo
        self.seller = seller
        self.title = title
        self.number = number
        self.flow = PageFlow(PAGE_W, PAGE_H, top=PAGE_H - MARGIN, bottom=MARGIN + 10 * mm, continuation=self._continued)

    # -- header -------------------------------------------------------------------------

    def header(self, facts: Sequence[tuple[str, str]]) -> None:
        """The first page's header: logo and seller, the title and its facts (number, date)."""
        spec, flow, seller = self.spec, self.flow, self.seller
        top = flow.y
        seller_lines = [*seller.address]
        if seller.tpin:
            seller_lines.append(f"TPIN {seller.tpin}")
        seller_lines.extend(value for value in (seller.phone, seller.email) if value)
        if spec.band:
            band_h = 24 * mm
            band_y = PAGE_H - band_h
            logo_w = 0.0
            colour, logo, title = self.colour, self.logo, self.title

            def band(c: Canvas) -> None:
                c.setFillColor(colour)
                c.rect(0, band_y, PAGE_W, band_h, stroke=0, fill=1)
                if logo is not None:
                    draw_logo(c, logo, MARGIN, PAGE_H - 4 * mm, 36 * mm, band_h - 8 * mm)
                c.setFillColor(white)
                text(
                    c,
                    PAGE_W - MARGIN,
                    band_y + band_h / 2 - spec.title / 3,
                    title,
                    spec.title,
                    bold=True,
                    align="right",
                )

            flow.draw(band)
            logo_w = 40 * mm if logo is not None else 0.0
            name_y = band_y + band_h / 2 - spec.body / 2
            flow.draw(put(MARGIN + logo_w, name_y, seller.name, spec.body + 3, colour=white, bold=True))
            left_y = band_y - 6 * mm
            right_y = left_y
        else:
            left_y = top
            if self.logo is not None:
                logo = self.logo
                width, height = logo.getSize()
                logo_h = min(20 * mm, 45 * mm * height / width)
                flow.draw(lambda c: draw_logo(c, logo, MARGIN, top, 45 * mm, 20 * mm))
                left_y -= logo_h + 3 * mm
            name_y = left_y - spec.body
            flow.draw(put(MARGIN, name_y, seller.name, spec.body + 3, bold=True))
            left_y = name_y - 2 * mm
            colour, title = self.colour, self.title
            title_y = top - spec.title
            flow.draw(put(PAGE_W - MARGIN, title_y, title, spec.title, colour=colour, bold=True, align="right"))
            right_y = title_y - 4 * mm
        for line in seller_lines:
            left_y -= spec.small + 2
            flow.draw(_grey_line(MARGIN, left_y, line, spec.small))
        for label, value in facts:
            right_y -= spec.body + 3
            flow.draw(_fact(PAGE_W - MARGIN, right_y, label, value, spec.body))
        flow.y = min(left_y, right_y) - 4 * mm
        self.rule()

    def _continued(self, flow: PageFlow) -> float:
        spec, seller, title, number = self.spec, self.seller, self.title, self.number
        y = flow.top - spec.body
        flow.draw(put(MARGIN, y, seller.name, spec.body, bold=True))
        flow.draw(put(PAGE_W - MARGIN, y, f"{title} {number} (continued)", spec.body, align="right"))
        flow.y = y - 3 * mm
        self.rule()
        return flow.y

    def rule(self) -> None:
        """A line across the page in the accent colour."""
        y, colour = self.flow.y, self.colour
        self.flow.draw(hline(MARGIN, PAGE_W - MARGIN, y, colour))
        self.flow.y -= 4 * mm

    def footer(self, c: Canvas, page: int, pages: int) -> None:
        """Page x of y, and the document's number."""
        c.setFillColor(GREY)
        text(c, PAGE_W / 2, MARGIN, f"Page {page} of {pages}", self.spec.small, align="centre")
        text(c, PAGE_W - MARGIN, MARGIN, f"{self.title} {self.number}", self.spec.small, align="right")
        text(c, MARGIN, MARGIN, self.seller.name, self.spec.small)

    # -- blocks -------------------------------------------------------------------------

    def parties(self, heading: str, buyer: Party, details: Sequence[tuple[str, str]]) -> None:
        """The customer on the left, the document's further facts on the right."""
        spec, flow = self.spec, self.flow
        lines = [*buyer.address]
        if buyer.tpin:
            lines.append(f"TPIN {buyer.tpin}")
        lines.extend(value for value in (buyer.phone, buyer.email) if value)
        height = (len(lines) + 2) * (spec.body + 3)
        flow.need(max(height, len(details) * (spec.body + 3)))
        y = flow.y - spec.small
        colour = self.colour
        flow.draw(put(MARGIN, y, heading.upper(), spec.small, colour=colour, bold=True))
        y -= spec.body + 3
        name_y = y
        flow.draw(put(MARGIN, name_y, buyer.name, spec.body + 1, bold=True))
        for line in lines:
            y -= spec.body + 3
            flow.draw(_grey_line(MARGIN, y, line, spec.body))
        right = flow.y - spec.small
        for label, value in details:
            right -= spec.body + 3
            flow.draw(_fact(PAGE_W - MARGIN, right, label, value, spec.body))
        flow.y = min(y, right) - 5 * mm

    def table(self, columns: Sequence[_Column], rows: Sequence[Sequence[str]]) -> None:
        """Rows under a header in the accent colour, repeated on every page the table runs onto."""
        spec, flow = self.spec, self.flow
        self._table_header(columns)
        for index, row in enumerate(rows):
            cells = [
                wrap(value, col.width - 4, spec.body) if col.wraps else [value]
                for col, value in zip(columns, row, strict=True)
            ]
            height = max(len(cell) for cell in cells) * spec.row + 3
            if flow.y - height < flow.bottom:
                flow.new_page()
                self._table_header(columns)
            top = flow.y
            if index % 2:
                flow.draw(_shade(top, height))
            flow.draw(_row(columns, cells, top, spec))
            flow.y -= height
        flow.y -= 3 * mm

    def _table_header(self, columns: Sequence[_Column]) -> None:
        spec, flow, colour = self.spec, self.flow, self.colour
        height = spec.row + 4
        flow.need(height + spec.row * 2)
        top = flow.y

        def draw(c: Canvas) -> None:
            c.setFillColor(colour)
            c.rect(MARGIN, top - height, CONTENT_W, height, stroke=0, fill=1)
            c.setFillColor(white)
            x = MARGIN
            for col in columns:
                anchor = x + col.width - 2 if col.align == "right" else x + 2
                text(c, anchor, top - height + 4, col.title, spec.small + 0.5, bold=True, align=col.align)
                x += col.width

        flow.draw(draw)
        flow.y -= height

    def totals(
        self,
        breakdown: Sequence[tuple[str, str, str, str]],
        totals: Sequence[tuple[str, str, bool]],
        header: tuple[str, str, str, str] = ("Tax", "Rate", "Taxable", "Tax amount"),
    ) -> None:
        """A four-column breakdown (the tax by category) on the left, the totals on the right."""
        spec, flow = self.spec, self.flow
        step = spec.body + 4
        flow.need(max(len(breakdown) + 1, len(totals)) * step + 4 * mm)
        top = flow.y
        if breakdown:
            xs = (MARGIN, MARGIN + 52 * mm, MARGIN + 76 * mm, MARGIN + 98 * mm)
            flow.draw(_breakdown_row(xs, top - spec.small, header, spec.small, bold=True))
            for index, row in enumerate(breakdown, start=1):
                flow.draw(_breakdown_row(xs, top - spec.small - index * step, row, spec.body))
        y = top
        for label, value, bold in totals:
            y -= step
            size = spec.body + (1.5 if bold else 0)
            flow.draw(put(PAGE_W - MARGIN - 38 * mm, y, label, size, bold=bold, align="right"))
            flow.draw(put(PAGE_W - MARGIN, y, value, size, bold=bold, align="right"))
        flow.y = min(y, top - spec.small - len(breakdown) * step) - 4 * mm

    def paragraph(self, heading: str | None, body: str, *, size: float | None = None) -> None:
        """A heading in the accent colour and wrapped text under it."""
        spec, flow = self.spec, self.flow
        size = size or spec.body
        lines = wrap(body, CONTENT_W, size)
        flow.need((len(lines) + 1) * (size + 3))
        if heading:
            y, colour = flow.y - spec.small, self.colour
            flow.draw(put(MARGIN, y, heading.upper(), spec.small, colour=colour, bold=True))
            flow.y = y - 2
        for line in lines:
            flow.y -= size + 3
            y = flow.y
            flow.draw(put(MARGIN, y, line, size))
        flow.y -= 4 * mm

    def payment_details(self, payment: PaymentDetails, reference: str) -> None:
        """Bank and Airtel Money details, only those the organization gave."""
        if payment.is_empty:
            return
        parts = []
        if payment.has_bank:
            bank = payment.bank_name or ""
            if payment.bank_branch:
                bank += f", {payment.bank_branch}"
            parts.append(f"Bank: {bank}")
            if payment.bank_account_name:
                parts.append(f"Account name: {payment.bank_account_name}")
            parts.append(f"Account number: {payment.bank_account_number}")
        if payment.airtel_money_number:
            parts.append(f"Airtel Money: {payment.airtel_money_number}")
        parts.append(f"Please quote {reference} as the payment reference.")
        self.paragraph("Payment details", "\n".join(parts))

    def fiscal_block(self, fiscal: FiscalReceipt | None) -> None:
        """ZRA's signature with the QR code, or the mark of a document ZRA has not signed."""
        spec, flow, colour = self.spec, self.flow, self.colour
        if fiscal is None:
            height = spec.body + 12
            flow.need(height + 4 * mm)
            top = flow.y
            label_y = top - height / 2 - spec.body / 3

            def mark(c: Canvas) -> None:
                c.setStrokeColor(colour)
                c.setLineWidth(1.2)
                c.rect(MARGIN, top - height, CONTENT_W, height, stroke=1, fill=0)
                c.setFillColorRGB(0, 0, 0)
                text(c, PAGE_W / 2, label_y, NOT_FISCALISED, spec.body + 1, bold=True, align="centre")

            flow.draw(mark)
            flow.y = top - height - 5 * mm
            return
        qr = 30 * mm
        facts = [
            ("Receipt number", str(fiscal.receipt_number)),
            ("SDC ID", fiscal.sdc_id),
            ("Fiscal date and time", fiscal.fiscal_at.strftime("%Y-%m-%d %H:%M:%S")),
            ("Internal data", fiscal.internal_data),
            ("Signature", fiscal.signature),
        ]
        label_w = 32 * mm
        value_w = CONTENT_W - qr - label_w - 8 * mm
        wrapped = [(label, wrap(value, value_w, spec.small)) for label, value in facts]
        height = max(qr + 6 * mm, sum(len(lines) for _, lines in wrapped) * (spec.small + 3) + spec.body + 14)
        flow.need(height + 4 * mm)
        top = flow.y
        url = fiscal.qr_code_url

        def draw(c: Canvas) -> None:
            c.setStrokeColor(colour)
            c.setLineWidth(0.8)
            c.rect(MARGIN, top - height, CONTENT_W, height, stroke=1, fill=0)
            c.setFillColor(colour)
            text(c, MARGIN + 3 * mm, top - spec.body - 3, "ZRA SMART INVOICE", spec.body, bold=True)
            c.setFillColorRGB(0, 0, 0)
            y = top - spec.body - 6
            for label, lines in wrapped:
                for index, line in enumerate(lines):
                    y -= spec.small + 3
                    if index == 0:
                        text(c, MARGIN + 3 * mm, y, label, spec.small, bold=True)
                    text(c, MARGIN + 3 * mm + label_w, y, line, spec.small)
            draw_qr(c, url, PAGE_W - MARGIN - qr - 3 * mm, top - height + (height - qr) / 2, qr)

        flow.draw(draw)
        flow.y = top - height - 5 * mm

    def pdf(self) -> bytes:
        """The finished PDF."""
        return self.flow.render(f"{self.title} {self.number}", self.seller.name, self.footer)


def _shade(top: float, height: float) -> Op:
    def draw(c: Canvas) -> None:
        c.setFillColor(LIGHT)
        c.rect(MARGIN, top - height, CONTENT_W, height, stroke=0, fill=1)

    return draw


def _grey_line(x: float, y: float, value: str, size: float) -> Op:
    return put(x, y, value, size, colour=GREY)


def _fact(x: float, y: float, label: str, value: str, size: float) -> Op:
    def draw(c: Canvas) -> None:
        c.setFillColor(GREY)
        text(c, x - width_of(value, size, bold=True) - 4, y, label, size, align="right")
        c.setFillColorRGB(0, 0, 0)
        text(c, x, y, value, size, bold=True, align="right")

    return draw


def _breakdown_row(xs: Sequence[float], y: float, row: Sequence[str], size: float, bold: bool = False) -> Op:
    def draw(c: Canvas) -> None:
        c.setFillColorRGB(0, 0, 0)
        text(c, xs[0], y, row[0], size, bold=bold)
        for x, value in zip(xs[1:], row[1:], strict=True):
            text(c, x, y, value, size, bold=bold, align="right")

    return draw


def _row(columns: Sequence[_Column], cells: Sequence[list[str]], top: float, spec: _Spec) -> Op:
    def draw(c: Canvas) -> None:
        c.setFillColorRGB(0, 0, 0)
        x = MARGIN
        for col, lines in zip(columns, cells, strict=True):
            anchor = x + col.width - 2 if col.align == "right" else x + 2
            for index, line in enumerate(lines):
                text(c, anchor, top - (index + 1) * spec.row + 1, line, spec.body, align=col.align)
            x += col.width

    return draw


def _breakdown(document: PrintedDocument) -> list[tuple[str, str, str, str]]:
    return [
        (
            f"{row.code} {TAX_LABELS.get(row.code, '')}".strip(),
            f"{row.rate:g}%",
            money(row.taxable_amount),
            money(row.tax_amount),
        )
        for row in document.tax_rows
    ]


def render_document(document: PrintedDocument, style: DocumentStyle, logo: bytes | None = None) -> bytes:
    """The A4 PDF of an invoice or a credit note. Raises `LogoNotPrintable` for a bad logo."""
    if document.kind is DocumentKind.CREDIT_NOTE:
        title = "CREDIT NOTE"
    else:
        title = "TAX INVOICE" if document.fiscal is not None else "INVOICE"
    page = _Page(style, prepared_logo(logo), document.seller, title, document.number)
    page.header([("Number", document.number), ("Date", document.issue_date.isoformat())])
    page.parties("Bill to" if document.kind is DocumentKind.INVOICE else "Customer", document.buyer, document.details)
    w = CONTENT_W
    columns = [
        _Column("#", 0.05 * w, "left"),
        _Column("Description", 0.37 * w, "left", wraps=True),
        _Column("Qty", 0.09 * w),
        _Column("Unit price", 0.13 * w),
        _Column("Disc %", 0.07 * w),
        _Column("Tax", 0.06 * w, "left"),
        _Column("VAT", 0.10 * w),
        _Column(f"Amount {document.currency}", 0.13 * w),
    ]
    rows = [
        [
            str(number),
            line.description,
            quantity(line.quantity),
            quantity(line.unit_price)
            if line.unit_price != line.unit_price.quantize(Decimal("0.01"))
            else money(line.unit_price),
            f"{line.discount_rate:g}" if line.discount_rate else "",
            line.tax_category,
            money(line.vat_amount),
            money(line.amount),
        ]
        for number, line in enumerate(document.lines, start=1)
    ]
    page.table(columns, rows)
    label = "Total credited" if document.kind is DocumentKind.CREDIT_NOTE else "Total due"
    page.totals(
        _breakdown(document),
        [
            ("Taxable amount", money(document.total_taxable), False),
            ("VAT and levies", money(document.total_tax), False),
            (f"{label} {document.currency}", money(document.amount_due), True),
        ],
    )
    page.paragraph("Amount in words", amount_in_words(document.amount_due, document.currency))
    if document.kind is DocumentKind.INVOICE:
        page.payment_details(document.payment, document.number)
    if document.fiscal_required:
        page.fiscal_block(document.fiscal)
    if document.notes:
        page.paragraph("Notes", document.notes)
    if document.terms:
        page.paragraph("Terms", document.terms, size=page.spec.small)
    return page.pdf()


AGING_LABELS = {
    "current": "Current",
    "1_30": "1-30 days",
    "31_60": "31-60 days",
    "61_90": "61-90 days",
    "over_90": "Over 90 days",
}


def render_statement(statement: PrintedStatement, style: DocumentStyle, logo: bytes | None = None) -> bytes:
    """The A4 PDF of a customer statement: documents with a running balance, then the aging."""
    number = statement.as_of.isoformat()
    page = _Page(style, prepared_logo(logo), statement.seller, "STATEMENT", number)
    page.header([("As of", number), ("Currency", statement.currency)])
    page.parties("Customer", statement.buyer, ())
    w = CONTENT_W
    columns = [
        _Column("Date", 0.14 * w, "left"),
        _Column("Document", 0.17 * w, "left"),
        _Column("Reference", 0.24 * w, "left", wraps=True),
        _Column("Debit", 0.15 * w),
        _Column("Credit", 0.15 * w),
        _Column("Balance", 0.15 * w),
    ]
    rows = [
        [
            row.day.isoformat(),
            row.description,
            row.reference,
            money(row.debit) if row.debit else "",
            money(row.credit) if row.credit else "",
            money(row.balance),
        ]
        for row in statement.rows
    ]
    page.table(columns, rows)
    page.totals(
        [(AGING_LABELS.get(name, name), "", "", money(amount)) for name, amount in statement.aging],
        [(f"Balance {statement.currency}", money(statement.balance), True)],
        header=("Outstanding by age", "", "", "Amount"),
    )
    page.paragraph("Amount in words", amount_in_words(statement.balance, statement.currency))
    page.payment_details(statement.payment, statement.buyer.name)
    return page.pdf()


def render_receipt(receipt: PrintedReceipt, style: DocumentStyle, logo: bytes | None = None) -> bytes:
    """The 80 mm roll PDF of a payment receipt, as long as its content."""
    image = prepared_logo(logo)
    colour = accent(style.accent_colour)
    flow = PageFlow(RECEIPT_W, 0, top=-RECEIPT_MARGIN, bottom=-1e9)
    inner = RECEIPT_W - 2 * RECEIPT_MARGIN
    centre = RECEIPT_W / 2
    seller = receipt.seller

    def centred(value: str, size: float, *, bold: bool = False, gap: float = 2) -> None:
        for line in wrap(value, inner, size, bold):
            flow.y -= size + gap
            flow.draw(put(centre, flow.y, line, size, bold=bold, align="centre"))

    def pair(label: str, value: str, size: float = 8, *, bold: bool = False) -> None:
        flow.y -= size + 3
        flow.draw(put(RECEIPT_MARGIN, flow.y, label, size, bold=bold))
        flow.draw(put(RECEIPT_W - RECEIPT_MARGIN, flow.y, value, size, bold=bold, align="right"))

    def rule() -> None:
        flow.y -= 3 * mm
        flow.draw(hline(RECEIPT_MARGIN, RECEIPT_W - RECEIPT_MARGIN, flow.y, colour, 0.6))

    if image is not None:
        width, height = image.getSize()
        logo_w = min(40 * mm, 18 * mm * width / height)
        logo_h = logo_w * height / width
        top = flow.y
        flow.draw(lambda c: draw_logo(c, image, centre - logo_w / 2, top, logo_w, logo_h))
        flow.y -= logo_h + 2 * mm
    centred(seller.name, 10, bold=True)
    for line in seller.address:
        centred(line, 7)
    if seller.tpin:
        centred(f"TPIN {seller.tpin}", 7)
    if seller.phone:
        centred(seller.phone, 7)
    rule()
    centred("PAYMENT RECEIPT", 11, bold=True, gap=4)
    pair("Receipt", receipt.reference)
    pair("Date", receipt.payment_date.isoformat())
    pair("Received from", receipt.customer)
    pair("Method", receipt.method)
    rule()
    for number, amount in receipt.allocations:
        pair(number, money(amount))
    if receipt.unallocated:
        pair("Kept as credit", money(receipt.unallocated))
    rule()
    pair(f"Paid {receipt.currency}", money(receipt.amount), 11, bold=True)
    flow.y -= 2 * mm
    centred(amount_in_words(receipt.amount, receipt.currency), 7)
    rule()
    centred("Thank you.", 8)
    flow.height = -flow.y + RECEIPT_MARGIN
    flow.translate_y = flow.height
    return flow.render(f"Receipt {receipt.reference}", seller.name, lambda c, page, pages: None)
