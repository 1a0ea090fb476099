"""The `SaleDocument` of an issued invoice, read from the sales capability's stored document.

The amounts are recomputed by the sales tax engine from the stored lines and the rates of
the invoice's date (`invoicing.stored_amounts`), which gives exactly what was posted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from shared_code.identity.memberships import user_names
from shared_code.platform.db import UnitOfWork
from shared_code.sales import credit_notes, debit_notes, invoicing
from shared_code.sales.customers import get_customer
from shared_code.sales.items import get_item
from shared_code.sales.model import DocumentLine, Invoice, Item, ItemKind
from shared_code.sales.tax import DocumentTax
from shared_code.zra import codes, submission_repository
from shared_code.zra.fiscalisation import BuiltRequest
from shared_code.zra.item_registration import ItemRegistration
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
from shared_code.zra.submission_repository import Submission


def _sale_document(
    uow: UnitOfWork,
    submission: Submission,
    *,
    invoice: Invoice,
    lines: Sequence[DocumentLine],
    tax: DocumentTax,
    receipt_type: ReceiptType,
    sale_date: date,
    confirmed_at: datetime,
    remark: str,
    original: OriginalReceipt | None = None,
    reason_code: str | None = None,
    reason: str = "",
) -> tuple[SaleDocument, list[Item]]:
    """One document as ZRA is told it, with the items its lines name: what invoices and notes
    share (the invoice's customer, currency and variants; who issued it)."""
    customer = get_customer(uow, invoice.header.customer_id)
    items = {line.item_id: get_item(uow, line.item_id) for line in lines if line.item_id is not None}
    name = user_names(uow, [submission.submitted_by]).get(submission.submitted_by, "IntelliFin")
    document = SaleDocument(
        cis_invoice_number=submission.document_number,
        receipt_type=receipt_type,
        sale_date=sale_date,
        confirmed_at=confirmed_at,
        customer_name=customer.name,
        customer_tpin=customer.tpin,
        payment_type=PaymentType.CREDIT,
        currency=invoice.header.currency,
        exchange_rate=invoice.header.exchange_rate or Decimal(1),
        lines=tuple(
            SaleLine(
                item=_zra_item(items[line.item_id]) if line.item_id is not None else None,
                quantity=line.quantity,
                discount_rate=line.discount_rate,
                tax=taxed,
                rrp=line.rrp,
            )
            for line, taxed in zip(lines, tax.lines, strict=True)
        ),
        tax=tax,
        confirmer=Confirmer(str(submission.submitted_by), name),
        lpo_number=invoice.header.lpo_number,
        destination_country=invoice.header.destination_country,
        principal_id=invoice.header.principal_id,
        original=original,
        reason_code=reason_code,
        reason=reason,
        remark=remark,
    )
    return document, list(items.values())


def invoice_document(
    uow: UnitOfWork, submission: Submission, *, confirmed_at: datetime
) -> tuple[SaleDocument, list[Item]]:
    """The sale an issued invoice is, as ZRA is told it, and the items its lines name."""
    invoice = invoicing.get_invoice(uow, submission.document_id)
    computed = invoicing.stored_amounts(invoice)
    return _sale_document(
        uow,
        submission,
        invoice=invoice,
        lines=invoice.lines,
        tax=computed.tax,
        receipt_type=ReceiptType.SALE,
        sale_date=invoice.header.issue_date,
        confirmed_at=confirmed_at,
        remark=invoice.header.reference,
    )


def credit_note_document(
    uow: UnitOfWork, submission: Submission, *, confirmed_at: datetime
) -> tuple[SaleDocument, list[Item]]:
    """A credit note as ZRA is told it: receipt type `R`, the invoice's receipt as `orgInvcNo`
    and `orgSdcId` (None until the invoice is fiscalised: the builder says so), its reason."""
    credited = credit_notes.credited_document(uow, submission.document_id)
    return _sale_document(
        uow,
        submission,
        invoice=credited.invoice,
        lines=credited.lines,
        tax=credited.tax,
        receipt_type=ReceiptType.CREDIT_NOTE,
        sale_date=credited.note.issue_date,
        confirmed_at=confirmed_at,
        remark=f"Credit note for {credited.invoice.number}",
        original=_original_receipt(uow, credited.invoice.id),
        reason_code=credited.note.reason_code,
        reason=credited.note.reason,
    )


def debit_note_document(
    uow: UnitOfWork, submission: Submission, *, confirmed_at: datetime
) -> tuple[SaleDocument, list[Item]]:
    """A debit note as ZRA is told it: receipt type `D`, the invoice's receipt as `orgInvcNo` and
    `orgSdcId`, its reason (`dbtRsnCd`) and its words (`invcAdjustReason`)."""
    debited = debit_notes.debited_document(uow, submission.document_id)
    return _sale_document(
        uow,
        submission,
        invoice=debited.invoice,
        lines=debited.lines,
        tax=debited.tax,
        receipt_type=ReceiptType.DEBIT_NOTE,
        sale_date=debited.note.issue_date,
        confirmed_at=confirmed_at,
        remark=f"Debit note for {debited.invoice.number}",
        original=_original_receipt(uow, debited.invoice.id),
        reason_code=debited.note.reason_code,
        reason=debited.note.reason,
    )


def _original_receipt(uow: UnitOfWork, invoice_id: UUID) -> OriginalReceipt | None:
    """The invoice's ZRA receipt, once it has one."""
    original = submission_repository.of_document(uow, "invoice", invoice_id)
    receipt = original.receipt if original is not None and original.status == "fiscalised" else None
    return OriginalReceipt(int(receipt["rcptNo"]), str(receipt["sdcId"])) if receipt else None


def _zra_item(item: Item) -> ZraItem:
    return ZraItem(
        code=item.code,
        classification_code=item.classification_code,
        name=item.name,
        unit_code=item.unit_code,
        packaging_code=item.packaging_code,
        is_goods=item.kind is ItemKind.GOODS,
    )


def _registration(item: Item) -> ItemRegistration | None:
    """What ZRA must hold about an item before a line names it (None without a classification:
    the builder reports that line)."""
    if not item.classification_code:
        return None
    return ItemRegistration(
        item_id=item.id,
        code=item.code,
        classification_code=item.classification_code,
        name=item.name,
        is_goods=item.kind is ItemKind.GOODS,
        unit_code=item.unit_code,
        packaging_code=item.packaging_code,
        vat_category=item.tax_category.value,
        levy=item.levy.value if item.levy is not None else None,
        default_price=item.default_price,
        rrp=item.rrp,
        origin_country=item.origin_country,
    )


def build_request(uow: UnitOfWork, submission: Submission, *, options: SalesOptions, now: datetime) -> BuiltRequest:
    """The `saveSales` body of a queued document, or every reason it cannot be sent."""
    if submission.document_type == "invoice":
        document, items = invoice_document(uow, submission, confirmed_at=now)
    elif submission.document_type == "credit_note":
        document, items = credit_note_document(uow, submission, confirmed_at=now)
    else:
        document, items = debit_note_document(uow, submission, confirmed_at=now)
    problems = sale_problems(document, options)
    if problems:
        return BuiltRequest(None, tuple(f"{p.field}: {p.message}" for p in problems))
    registrations = tuple(r for r in (_registration(item) for item in items) if r is not None)
    unknown = codes.reference_problems(
        uow,
        [(r.code, r.classification_code, r.packaging_code, r.unit_code, r.origin_country) for r in registrations],
    )
    if unknown:
        return BuiltRequest(None, tuple(unknown))
    return BuiltRequest(
        sales_request(document, options),
        items=registrations,
        user=(document.confirmer.user_id, document.confirmer.name),
    )
