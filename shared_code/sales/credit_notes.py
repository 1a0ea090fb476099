"""Credit notes: take all or part of an issued invoice back, by line and quantity, with
ZRA's reason; numbered and posted (revenue, VAT and levies reversed) in one transaction."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.ledger.service import post_entry
from shared_code.platform.clock import Clock, today_in_zambia
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import Conflict, FieldError, NotFound
from shared_code.platform.ids import new_id
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of
from shared_code.sales import credit_note_repository, invoice_repository
from shared_code.sales.credit_note_repository import CreditNoteRow
from shared_code.sales.errors import invoice_not_found, rejected
from shared_code.sales.history import InvoiceEvent, InvoiceEventKind, record_event
from shared_code.sales.invoicing import sales_accounts, zra_quantity_problems
from shared_code.sales.model import CREDIT_NOTE_REASONS, DocumentLine, Invoice, format_number
from shared_code.sales.posting import credit_note_draft
from shared_code.sales.tax import DocumentTax, LineIn, default_rate_table, tax_document
from shared_code.zra import fiscalisation

DEFAULT_CREDIT_NOTE_FORMAT = "CN-{year}-{seq:05d}"
_CURSOR = "credit-notes"


@dataclass(frozen=True)
class CreditLine:
    """How much of one invoice line to credit."""

    line_number: int
    """The invoice's line number (from 1)."""
    quantity: Decimal
    """Up to what remains uncredited on that line."""


@dataclass(frozen=True)
class CreditNoteRequest:
    """A credit note as a client asks for it; no lines means the whole of what remains."""

    invoice_id: UUID
    """The issued invoice it credits."""
    reason_code: str
    """ZRA's reason (01 to 07)."""
    reason: str = ""
    """Free text (required for 07, other)."""
    issue_date: date | None = None
    """Today in Zambia by default; not before the invoice."""
    lines: tuple[CreditLine, ...] = ()
    """Lines and quantities to credit."""


def issue_credit_note(
    uow: UnitOfWork,
    request: CreditNoteRequest,
    *,
    created_by: UUID,
    clock: Clock,
    zra_quantity_places: int,
    idempotency_key: str | None = None,
) -> CreditNoteRow:
    """Issue a credit note; 422 with every problem (above what remains, bad reason, a quantity finer
    than ZRA takes when the invoice was fiscalised) and nothing written."""
    if idempotency_key is not None:
        existing = credit_note_repository.credit_note_id_for_key(uow, idempotency_key)
        if existing is not None:
            return get_credit_note(uow, existing)
    invoice = invoice_repository.get_invoice(uow, request.invoice_id, for_update=True)
    if invoice is None:
        raise invoice_not_found()
    if invoice.status != "issued" or invoice.number is None:
        raise Conflict("invoice_not_issued", "Only an issued invoice can be credited.")
    issue_date = request.issue_date or today_in_zambia(clock)
    credited = credit_note_repository.credited_quantities(uow, invoice.id)
    wanted = request.lines or tuple(
        CreditLine(number, line.quantity - credited.get(number, Decimal(0)))
        for number, line in enumerate(invoice.lines, start=1)
        if line.quantity > credited.get(number, Decimal(0))
    )
    errors = _problems(request, wanted, invoice.lines, credited, issue_date, invoice.header.issue_date)
    fiscalised = fiscalisation.submission_of(uow, "invoice", invoice.id) is not None
    if fiscalised:
        errors += zra_quantity_problems([line.quantity for line in wanted], zra_quantity_places)
    if errors:
        raise rejected(errors, "The credit note cannot be issued.")
    source = [invoice.lines[line.line_number - 1] for line in wanted]
    tax = _credited_tax(
        invoice, [dataclasses.replace(o, quantity=w.quantity) for w, o in zip(wanted, source, strict=True)]
    )
    if tax.amount_due > invoice.outstanding:
        raise rejected(
            [FieldError("lines", "credit_exceeds_remaining", f"At most {invoice.outstanding} remains on the invoice.")],
            "The credit note cannot be issued.",
        )
    sequence = invoice_repository.next_number(uow, "credit_note")
    template = invoice_repository.setting(uow, "sales.credit_note_number_format")
    number = format_number(
        template if isinstance(template, str) else DEFAULT_CREDIT_NOTE_FORMAT, year=issue_date.year, sequence=sequence
    )
    note_id = new_id()
    entry = post_entry(
        uow,
        credit_note_draft(
            credit_note_id=note_id,
            number=number,
            invoice_number=invoice.number,
            customer_id=invoice.header.customer_id,
            entry_date=issue_date,
            tax=tax,
            income_accounts=[line.income_account_id for line in source],
            exchange_rate=invoice.header.exchange_rate or Decimal(1),
            accounts=sales_accounts(
                uow,
                vat=any(line.vat_amount != 0 for line in tax.lines),
                levies={line.levy for line in source if line.levy is not None},
            ),
        ),
        posted_by=created_by,
        clock=clock,
    )
    note = CreditNoteRow(
        id=note_id,
        invoice_id=invoice.id,
        number=number,
        issue_date=issue_date,
        reason_code=request.reason_code,
        reason=request.reason.strip(),
        amount=tax.amount_due,
        journal_entry_id=entry.id,
    )
    credit_note_repository.insert_credit_note(
        uow,
        note,
        sequence_number=sequence,
        tax=tax,
        line_numbers=[line.line_number for line in wanted],
        quantities=[line.quantity for line in wanted],
        created_by=created_by,
        key=idempotency_key,
    )
    if fiscalised:
        fiscalisation.queue_submission(
            uow, document_type="credit_note", document_id=note_id, document_number=number, issued_by=created_by
        )
    record_event(
        uow,
        invoice.id,
        InvoiceEvent(
            InvoiceEventKind.CREDIT_NOTE_ISSUED,
            clock.now(),
            created_by,
            amount=note.amount,
            reference=number,
            related_id=note_id,
        ),
    )
    return note


def _problems(
    request: CreditNoteRequest,
    wanted: tuple[CreditLine, ...],
    lines: tuple[DocumentLine, ...],
    credited: dict[int, Decimal],
    issue_date: date,
    invoice_date: date,
) -> list[FieldError]:
    errors = []
    if request.reason_code not in CREDIT_NOTE_REASONS:
        errors.append(FieldError("reason_code", "reason_code_invalid", "One of ZRA's reasons, 01 to 07."))
    elif request.reason_code == "07" and not request.reason.strip():
        errors.append(FieldError("reason", "reason_required", "Say why when the reason is 07 (other)."))
    if issue_date < invoice_date:
        errors.append(FieldError("issue_date", "before_invoice", "A credit note cannot be dated before its invoice."))
    if not wanted:
        errors.append(FieldError("lines", "nothing_to_credit", "Everything on the invoice has been credited."))
    seen = set()
    for index, line in enumerate(wanted):
        path = f"lines.{index}"
        if not 1 <= line.line_number <= len(lines) or line.line_number in seen:
            errors.append(
                FieldError(f"{path}.line_number", "line_not_found", "No such line on the invoice (or twice).")
            )
            continue
        seen.add(line.line_number)
        original = lines[line.line_number - 1]
        remaining = original.quantity - credited.get(line.line_number, Decimal(0))
        if line.quantity <= 0 or line.quantity != line.quantity.quantize(Decimal("0.0001")):
            errors.append(FieldError(f"{path}.quantity", "quantity_invalid", "Above zero, at most 4 decimals."))
        elif line.quantity > remaining:
            errors.append(FieldError(f"{path}.quantity", "credit_exceeds_remaining", f"At most {remaining} remains."))
    return errors


def list_credit_notes(
    uow: UnitOfWork,
    *,
    invoice_id: UUID | None = None,
    customer_id: UUID | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[CreditNoteRow]:
    """Credit notes, newest first, of one invoice or one customer if given."""
    after = None
    if cursor:
        day, last_id = decode_cursor(_CURSOR, cursor, 2)
        after = (cursor_part(date.fromisoformat, day), cursor_part(UUID, last_id))
    rows = credit_note_repository.list_credit_notes(
        uow, invoice_id=invoice_id, customer_id=customer_id, after=after, limit=limit + 1
    )
    return page_of(rows, limit, lambda n: encode_cursor(_CURSOR, n.issue_date.isoformat(), str(n.id)))


def get_credit_note(uow: UnitOfWork, credit_note_id: UUID) -> CreditNoteRow:
    """One credit note; 404 `credit_note_not_found` if there is none."""
    note = credit_note_repository.get_credit_note(uow, credit_note_id)
    if note is None:
        raise NotFound("credit note", code="credit_note_not_found")
    return note


@dataclass(frozen=True)
class CreditedDocument:
    """A credit note with what it credits, as printed: the invoice's lines at the credited quantities."""

    note: CreditNoteRow
    """The credit note."""
    invoice: Invoice
    """The invoice it credits."""
    lines: tuple[DocumentLine, ...]
    """The credited invoice lines, each with the quantity credited."""
    tax: DocumentTax
    """Their amounts, computed as when the note was issued (the invoice's date and prices)."""


def credited_document(uow: UnitOfWork, credit_note_id: UUID) -> CreditedDocument:
    """A credit note with its lines and amounts; 404 `credit_note_not_found` if there is none."""
    note = get_credit_note(uow, credit_note_id)
    invoice = invoice_repository.get_invoice(uow, note.invoice_id)
    if invoice is None:
        raise invoice_not_found()
    lines = tuple(
        dataclasses.replace(invoice.lines[number - 1], quantity=quantity)
        for number, quantity in credit_note_repository.lines_of(uow, note.id)
    )
    return CreditedDocument(note=note, invoice=invoice, lines=lines, tax=_credited_tax(invoice, lines))


def _credited_tax(invoice: Invoice, lines: Sequence[DocumentLine]) -> DocumentTax:
    """The amounts of invoice lines at the credited quantities, as on the invoice's date and prices."""
    return tax_document(
        [
            LineIn(
                quantity=line.quantity,
                unit_price=line.unit_price,
                category=line.tax_category,
                discount_rate=line.discount_rate,
                levy=line.levy,
                rrp=line.rrp,
            )
            for line in lines
        ],
        on=invoice.header.issue_date,
        rates=default_rate_table(),
        prices_include_vat=invoice.header.prices_include_vat,
        vat_registered=True,
    )
