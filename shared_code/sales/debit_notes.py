"""Debit notes: charge more against an issued invoice (an omitted item, a wrong quantity or
price), with ZRA's reason; numbered and posted like an invoice in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.ledger.service import post_entry
from shared_code.platform.clock import Clock, today_in_zambia
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import Conflict, FieldError, NotFound
from shared_code.platform.ids import new_id
from shared_code.sales import customer_repository, debit_note_repository, invoice_repository
from shared_code.sales.debit_note_repository import DebitNoteRow
from shared_code.sales.errors import invoice_not_found, rejected
from shared_code.sales.history import InvoiceEvent, InvoiceEventKind, record_event
from shared_code.sales.invoicing import LineRequest, resolve_lines, sales_accounts, tax_lines, zra_quantity_problems
from shared_code.sales.model import DEBIT_NOTE_REASONS, DocumentLine, Invoice, format_number, invoice_problems
from shared_code.sales.posting import debit_note_draft
from shared_code.sales.tax import DocumentTax
from shared_code.zra import fiscalisation

DEFAULT_DEBIT_NOTE_FORMAT = "DN-{year}-{seq:05d}"


@dataclass(frozen=True)
class DebitNoteRequest:
    """A debit note as a client asks for it."""

    invoice_id: UUID
    """The issued invoice it adds to."""
    reason_code: str
    """ZRA's reason (01 to 04)."""
    lines: tuple[LineRequest, ...]
    """What is charged on top, like invoice lines."""
    reason: str = ""
    """Free text (`invcAdjustReason`; required for 04, other)."""
    issue_date: date | None = None
    """Today in Zambia by default; not before the invoice."""


def issue_debit_note(
    uow: UnitOfWork,
    request: DebitNoteRequest,
    *,
    created_by: UUID,
    clock: Clock,
    zra_quantity_places: int,
    idempotency_key: str | None = None,
) -> DebitNoteRow:
    """Issue a debit note; 422 with every problem and nothing written. Against an invoice that
    went to ZRA it goes too, after it, and its quantities must be ones the VSDC takes."""
    if idempotency_key is not None:
        existing = debit_note_repository.debit_note_id_for_key(uow, idempotency_key)
        if existing is not None:
            return get_debit_note(uow, existing)
    invoice = invoice_repository.get_invoice(uow, request.invoice_id, for_update=True)
    if invoice is None:
        raise invoice_not_found()
    if invoice.status != "issued" or invoice.number is None:
        raise Conflict("invoice_not_issued", "Only an issued invoice can take a debit note.")
    customer = customer_repository.get_customer(uow, invoice.header.customer_id)
    if customer is None:
        raise invoice_not_found()
    issue_date = request.issue_date or today_in_zambia(clock)
    lines, vat_registered, errors = resolve_lines(uow, request.lines, on=issue_date)
    errors = invoice_problems(invoice.header, lines, customer, vat_registered=vat_registered) + errors
    if request.reason_code not in DEBIT_NOTE_REASONS:
        errors.append(FieldError("reason_code", "reason_code_invalid", "One of ZRA's reasons, 01 to 04."))
    elif request.reason_code == "04" and not request.reason.strip():
        errors.append(FieldError("reason", "reason_required", "Say why when the reason is 04 (other)."))
    if issue_date < invoice.header.issue_date:
        errors.append(FieldError("issue_date", "before_invoice", "A debit note cannot be dated before its invoice."))
    fiscalised = fiscalisation.submission_of(uow, "invoice", invoice.id) is not None
    if fiscalised:
        errors += zra_quantity_problems([line.quantity for line in lines], zra_quantity_places)
    if errors:
        raise rejected(errors, "The debit note cannot be issued.")
    tax = tax_lines(lines, on=issue_date, prices_include_vat=invoice.header.prices_include_vat)
    if tax.amount_due <= 0:
        raise rejected(
            [FieldError("lines", "debit_note_total_zero", "A debit note must charge something.")], "Not issued."
        )
    sequence = invoice_repository.next_number(uow, "debit_note")
    template = invoice_repository.setting(uow, "sales.debit_note_number_format")
    number = format_number(
        template if isinstance(template, str) else DEFAULT_DEBIT_NOTE_FORMAT, year=issue_date.year, sequence=sequence
    )
    note_id = new_id()
    entry = post_entry(
        uow,
        debit_note_draft(
            debit_note_id=note_id,
            number=number,
            invoice_number=invoice.number,
            customer_id=customer.id,
            entry_date=issue_date,
            tax=tax,
            income_accounts=[line.income_account_id for line in lines],
            exchange_rate=invoice.header.exchange_rate or Decimal(1),
            accounts=sales_accounts(
                uow,
                vat=any(line.vat_amount != 0 for line in tax.lines),
                levies={line.levy for line in lines if line.levy is not None},
            ),
        ),
        posted_by=created_by,
        clock=clock,
    )
    note = DebitNoteRow(
        id=note_id,
        invoice_id=invoice.id,
        number=number,
        issue_date=issue_date,
        reason_code=request.reason_code,
        reason=request.reason.strip(),
        amount=tax.amount_due,
        journal_entry_id=entry.id,
    )
    debit_note_repository.insert_debit_note(
        uow, note, sequence_number=sequence, lines=lines, tax=tax, created_by=created_by, key=idempotency_key
    )
    if fiscalised:
        fiscalisation.queue_submission(
            uow, document_type="debit_note", document_id=note_id, document_number=number, issued_by=created_by
        )
    record_event(
        uow,
        invoice.id,
        InvoiceEvent(
            InvoiceEventKind.DEBIT_NOTE_ISSUED,
            clock.now(),
            created_by,
            amount=note.amount,
            reference=number,
            related_id=note_id,
        ),
    )
    return note


def get_debit_note(uow: UnitOfWork, debit_note_id: UUID) -> DebitNoteRow:
    """One debit note; 404 `debit_note_not_found` if there is none."""
    note = debit_note_repository.get_debit_note(uow, debit_note_id)
    if note is None:
        raise NotFound("debit note", code="debit_note_not_found")
    return note


@dataclass(frozen=True)
class DebitedDocument:
    """A debit note with what it charges: its invoice, its lines and their tax."""

    note: DebitNoteRow
    invoice: Invoice
    lines: tuple[DocumentLine, ...]
    tax: DocumentTax
    """The same engine run as when it was issued (its date's rates, the invoice's price basis)."""


def debited_document(uow: UnitOfWork, debit_note_id: UUID) -> DebitedDocument:
    """A debit note with its lines and amounts, for those who must describe it (ZRA, the PDF)."""
    note = get_debit_note(uow, debit_note_id)
    invoice = invoice_repository.get_invoice(uow, note.invoice_id)
    if invoice is None:
        raise invoice_not_found()
    lines = debit_note_repository.lines_of(uow, note.id)
    tax = tax_lines(lines, on=note.issue_date, prices_include_vat=invoice.header.prices_include_vat)
    return DebitedDocument(note=note, invoice=invoice, lines=tuple(lines), tax=tax)
