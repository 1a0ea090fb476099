"""Printing: the PDF of an invoice, credit note, customer statement or payment receipt.

Each document is first turned into its printed value; a hash of that value, the style and
the logo names the file in Blob Storage (`orgs/<org>/documents/<kind>/<id>/<hash>.pdf`). A
request for an unchanged document reads the stored file; a change (a payment on the
statement, ZRA's signature, another accent colour or logo) gives a new hash and one new
rendering. Old renderings stay until the organization is purged with its `orgs/<org>/` files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Generic, TypeVar
from uuid import UUID

from shared_code.documents.errors import document_not_issued, logo_not_printable
from shared_code.documents.fiscal import zra_receipt
from shared_code.documents.layout import render_document, render_receipt, render_statement
from shared_code.documents.model import (
    DocumentKind,
    DocumentSettings,
    DocumentStyle,
    FiscalReceipt,
    Party,
    PrintedDocument,
    PrintedLine,
    PrintedReceipt,
    PrintedStatement,
    StatementRow,
    TaxRow,
    content_hash,
)
from shared_code.documents.pdf_kit import LogoNotPrintable
from shared_code.documents.settings_repository import get_settings
from shared_code.organizations.model import BusinessProfile
from shared_code.organizations.profile import get_profile
from shared_code.platform.blob import BlobNotFound
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import Conflict
from shared_code.platform.ports import FileStore
from shared_code.sales.credit_notes import credited_document
from shared_code.sales.customers import get_customer
from shared_code.sales.invoicing import get_invoice, stored_amounts
from shared_code.sales.model import CREDIT_NOTE_REASONS, Customer, DocumentLine, PaymentMethod
from shared_code.sales.payments import get_payment, payment_allocations
from shared_code.sales.statements import customer_statement
from shared_code.sales.tax import DocumentTax

PDF = "application/pdf"
NGWEE = Decimal("0.01")
STATEMENT_LABELS = {
    "invoice": "Invoice",
    "credit_note": "Credit note",
    "debit_note": "Debit note",
    "receipt": "Payment",
    "refund": "Refund",
}
METHOD_LABELS = {
    PaymentMethod.CASH: "Cash",
    PaymentMethod.BANK: "Bank transfer",
    PaymentMethod.MOBILE_MONEY: "Mobile money",
    PaymentMethod.CARD: "Card",
    PaymentMethod.CHEQUE: "Cheque",
}


Printed = TypeVar("Printed", PrintedDocument, PrintedStatement, PrintedReceipt)


@dataclass(frozen=True)
class StoredPdf(Generic[Printed]):
    """A document's PDF as stored."""

    kind: DocumentKind
    """What it is."""
    document_id: UUID
    """The document (the customer, for a statement)."""
    filename: str
    """What a download is called, e.g. `INV-2026-00001.pdf`."""
    content_hash: str
    """Names the stored rendering; an ETag for clients."""
    data: bytes
    """The PDF."""
    rendered: bool
    """True if this request drew it, False if it was read from storage."""
    blob_name: str
    """Where it is stored."""
    printed: Printed
    """What it shows."""


@dataclass(frozen=True)
class Letterhead:
    """What every document of the organization is printed with."""

    profile: BusinessProfile
    """Names, TPIN, address, phone, e-mail."""
    settings: DocumentSettings
    """Layout, accent colour, payment details, terms, reply-to."""
    logo: bytes | None
    """The profile's logo, if one was uploaded."""


def _organization(uow: UnitOfWork, files: FileStore) -> Letterhead:
    profile, logo_blob = get_profile(uow, uow.require_tenant())
    logo = None
    if logo_blob is not None:
        try:
            logo = files.get(logo_blob)
        except BlobNotFound:
            logo = None
    return Letterhead(profile, get_settings(uow), logo)


def seller_of(profile: BusinessProfile) -> Party:
    """The organization as printed."""
    address = profile.physical_address
    lines = [address.line1, *([address.line2] if address.line2 else [])]
    town = address.town + (f" {address.postal_code}" if address.postal_code else "")
    lines.append(f"{town}, {address.province.value.replace('_', '-').title()} Province")
    return Party(profile.display_name, profile.tpin, tuple(lines), profile.phone, str(profile.email))


def buyer_of(customer: Customer) -> Party:
    """The customer as printed."""
    address = tuple(line.strip() for line in (customer.address or "").splitlines() if line.strip())
    return Party(customer.name, customer.tpin, address, customer.phone, customer.email)


def _ngwee(value: Decimal) -> Decimal:
    return value.quantize(NGWEE, rounding=ROUND_HALF_UP)


def _printed_lines(lines: tuple[DocumentLine, ...], tax: DocumentTax) -> tuple[PrintedLine, ...]:
    return tuple(
        PrintedLine(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount_rate=line.discount_rate,
            tax_category=taxed.category.value,
            vat_amount=_ngwee(taxed.vat_amount + taxed.levy_amount),
            amount=_ngwee(taxed.total_amount),
        )
        for line, taxed in zip(lines, tax.lines, strict=True)
    )


def _tax_rows(tax: DocumentTax) -> tuple[TaxRow, ...]:
    return tuple(TaxRow(b.code, b.rate, _ngwee(b.taxable_amount), _ngwee(b.tax_amount)) for b in tax.buckets)


def _stored(
    files: FileStore,
    organization_id: UUID,
    kind: DocumentKind,
    document_id: UUID,
    filename: str,
    printed: Printed,
    organization: Letterhead,
    render: Callable[[Any, DocumentStyle, bytes | None], bytes],
) -> StoredPdf[Printed]:
    style = organization.settings.style
    digest = content_hash(printed, style, logo=organization.logo)
    name = f"orgs/{organization_id}/documents/{kind.value}/{document_id}/{digest}.pdf"
    try:
        return StoredPdf(kind, document_id, filename, digest, files.get(name), False, name, printed)
    except BlobNotFound:
        pass
    try:
        data = render(printed, style, organization.logo)
    except LogoNotPrintable as error:
        raise logo_not_printable(str(error)) from error
    files.put(name, data, PDF)
    return StoredPdf(kind, document_id, filename, digest, data, True, name, printed)


def printed_invoice(
    uow: UnitOfWork, files: FileStore, invoice_id: UUID, *, fiscal: FiscalReceipt | None = None
) -> tuple[PrintedDocument, Letterhead]:
    """The invoice as printed, with the organization it is printed for; 409 for a draft."""
    invoice = get_invoice(uow, invoice_id)
    if invoice.status != "issued" or invoice.number is None:
        raise document_not_issued("invoice")
    organization = _organization(uow, files)
    header = invoice.header
    computed = stored_amounts(invoice)
    details = [("Due date", header.due_date.isoformat())]
    if header.currency != "ZMW" and header.exchange_rate:
        details.append(("Exchange rate", f"ZMW {header.exchange_rate} per {header.currency}"))
    details.extend(
        (label, value)
        for label, value in (
            ("Reference", header.reference),
            ("LPO number", header.lpo_number),
            ("Destination", header.destination_country),
        )
        if value
    )
    signed, fiscal_required = zra_receipt(uow, "invoice", invoice_id)
    printed = PrintedDocument(
        kind=DocumentKind.INVOICE,
        number=invoice.number,
        issue_date=header.issue_date,
        currency=header.currency,
        seller=seller_of(organization.profile),
        buyer=buyer_of(get_customer(uow, header.customer_id)),
        lines=_printed_lines(invoice.lines, computed.tax),
        tax_rows=_tax_rows(computed.tax),
        total_taxable=_ngwee(computed.tax.total_taxable),
        total_tax=_ngwee(computed.tax.total_tax),
        amount_due=invoice.amount_due,
        details=tuple(details),
        notes=header.notes,
        fiscal=fiscal or signed,
        fiscal_required=fiscal_required,
        payment=organization.settings.payment,
        terms=organization.settings.terms,
    )
    return printed, organization


def invoice_pdf(
    uow: UnitOfWork, files: FileStore, invoice_id: UUID, *, fiscal: FiscalReceipt | None = None
) -> StoredPdf[PrintedDocument]:
    """The PDF of an issued invoice; 404 `invoice_not_found`, 409 `invoice_not_issued`.

    `fiscal` is ZRA's signature once the invoice is fiscalised; without it the PDF says it
    is not a tax invoice.
    """
    printed, organization = printed_invoice(uow, files, invoice_id, fiscal=fiscal)
    return _stored(
        files,
        uow.require_tenant(),
        DocumentKind.INVOICE,
        invoice_id,
        f"{printed.number}.pdf",
        printed,
        organization,
        render_document,
    )


def printed_credit_note(
    uow: UnitOfWork, files: FileStore, credit_note_id: UUID, *, fiscal: FiscalReceipt | None = None
) -> tuple[PrintedDocument, Letterhead]:
    """The credit note as printed, with the organization it is printed for."""
    credited = credited_document(uow, credit_note_id)
    note, invoice = credited.note, credited.invoice
    organization = _organization(uow, files)
    reason = f"{note.reason_code} {CREDIT_NOTE_REASONS.get(note.reason_code, '')}".strip()
    details = [
        ("Credits invoice", invoice.number or ""),
        ("Invoice date", invoice.header.issue_date.isoformat()),
        ("Reason", reason),
    ]
    signed, fiscal_required = zra_receipt(uow, "credit_note", credit_note_id)
    printed = PrintedDocument(
        kind=DocumentKind.CREDIT_NOTE,
        number=note.number,
        issue_date=note.issue_date,
        currency=invoice.header.currency,
        seller=seller_of(organization.profile),
        buyer=buyer_of(get_customer(uow, invoice.header.customer_id)),
        lines=_printed_lines(credited.lines, credited.tax),
        tax_rows=_tax_rows(credited.tax),
        total_taxable=_ngwee(credited.tax.total_taxable),
        total_tax=_ngwee(credited.tax.total_tax),
        amount_due=note.amount,
        details=tuple(details),
        notes=note.reason,
        fiscal=fiscal or signed,
        fiscal_required=fiscal_required,
    )
    return printed, organization


def credit_note_pdf(
    uow: UnitOfWork, files: FileStore, credit_note_id: UUID, *, fiscal: FiscalReceipt | None = None
) -> StoredPdf[PrintedDocument]:
    """The PDF of a credit note; 404 `credit_note_not_found`."""
    printed, organization = printed_credit_note(uow, files, credit_note_id, fiscal=fiscal)
    return _stored(
        files,
        uow.require_tenant(),
        DocumentKind.CREDIT_NOTE,
        credit_note_id,
        f"{printed.number}.pdf",
        printed,
        organization,
        render_document,
    )


def printed_statement(
    uow: UnitOfWork, files: FileStore, customer_id: UUID, *, as_of: date
) -> tuple[PrintedStatement, Letterhead]:
    """The customer's statement as of `as_of`, as printed."""
    statement = customer_statement(uow, customer_id, as_of=as_of)
    organization = _organization(uow, files)
    printed = PrintedStatement(
        seller=seller_of(organization.profile),
        buyer=buyer_of(get_customer(uow, customer_id)),
        as_of=as_of,
        currency=statement.currency,
        rows=tuple(
            StatementRow(
                day=line.day,
                description=STATEMENT_LABELS.get(line.document_type, line.document_type),
                reference=line.reference
                if line.currency == statement.currency
                else f"{line.reference} ({line.currency})",
                debit=line.debit,
                credit=line.credit,
                balance=line.balance,
            )
            for line in statement.lines
        ),
        balance=statement.balance,
        aging=tuple(statement.aging.items()),
        payment=organization.settings.payment,
    )
    return printed, organization


def statement_pdf(uow: UnitOfWork, files: FileStore, customer_id: UUID, *, as_of: date) -> StoredPdf[PrintedStatement]:
    """The PDF of a customer's statement as of `as_of`; 404 `customer_not_found`."""
    printed, organization = printed_statement(uow, files, customer_id, as_of=as_of)
    return _stored(
        files,
        uow.require_tenant(),
        DocumentKind.STATEMENT,
        customer_id,
        f"statement-{as_of.isoformat()}.pdf",
        printed,
        organization,
        render_statement,
    )


def printed_receipt(uow: UnitOfWork, files: FileStore, payment_id: UUID) -> tuple[PrintedReceipt, Letterhead]:
    """The payment's receipt as printed; 404 `payment_not_found`."""
    payment = get_payment(uow, payment_id)
    if payment.kind != "receipt":
        raise Conflict("payment_is_refund", "A refund has no receipt; the customer's statement shows it.")
    organization = _organization(uow, files)
    allocations = tuple(
        (get_invoice(uow, invoice_id).number or "", amount)
        for invoice_id, amount in payment_allocations(uow, payment_id)
    )
    printed = PrintedReceipt(
        seller=seller_of(organization.profile),
        customer=get_customer(uow, payment.customer_id).name,
        reference=payment.reference or str(payment.id)[:8].upper(),
        payment_date=payment.payment_date,
        method=METHOD_LABELS.get(PaymentMethod(payment.method), payment.method),
        currency=payment.currency,
        amount=payment.amount,
        allocations=allocations,
        unallocated=payment.unallocated,
    )
    return printed, organization


def receipt_pdf(uow: UnitOfWork, files: FileStore, payment_id: UUID) -> StoredPdf[PrintedReceipt]:
    """The 80 mm receipt PDF of a payment; 404 `payment_not_found`."""
    printed, organization = printed_receipt(uow, files, payment_id)
    return _stored(
        files,
        uow.require_tenant(),
        DocumentKind.RECEIPT,
        payment_id,
        f"receipt-{printed.reference}.pdf",
        printed,
        organization,
        render_receipt,
    )
