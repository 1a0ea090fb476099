"""The customer statement: invoices, credit notes and payments with a running balance, and
the aging of what is outstanding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import UnitOfWork
from shared_code.sales import credit_note_repository, debit_note_repository, invoice_repository, payment_repository
from shared_code.sales.customers import get_customer

AGING_BUCKETS = (("current", 0), ("1_30", 30), ("31_60", 60), ("61_90", 90))
"""Aging buckets by days past due (upper bound); anything older is `over_90`."""


@dataclass(frozen=True)
class StatementLine:
    """One document on the statement."""

    day: date
    """Document date."""
    document_type: str
    """`invoice`, `credit_note`, `debit_note`, `receipt` (a payment) or `refund`."""
    document_id: UUID
    """The document."""
    reference: str
    """Its number or reference."""
    currency: str
    """Its currency."""
    debit: Decimal
    """What it adds to the customer's balance."""
    credit: Decimal
    """What it takes off."""
    balance: Decimal
    """The running balance after it (in the customer's currency; other currencies are listed, not summed)."""


@dataclass(frozen=True)
class Statement:
    """A customer's statement as of a date."""

    customer_id: UUID
    """Whose statement."""
    currency: str
    """The currency the balance is kept in (the customer's)."""
    as_of: date
    """Documents up to this date."""
    lines: tuple[StatementLine, ...]
    """Oldest first."""
    balance: Decimal
    """Owed by the customer (negative: the customer is in credit)."""
    aging: dict[str, Decimal]
    """Outstanding invoice amounts by days past due."""


def _bucket(days_overdue: int) -> str:
    for name, limit in AGING_BUCKETS:
        if days_overdue <= limit:
            return name
    return "over_90"


def customer_statement(uow: UnitOfWork, customer_id: UUID, *, as_of: date) -> Statement:
    """The statement of `customer_id` up to `as_of`; 404 if there is no such customer."""
    customer = get_customer(uow, customer_id)
    entries: list[tuple[date, int, str, UUID, str, str, Decimal, Decimal]] = []
    aging = {name: Decimal("0.00") for name, _ in AGING_BUCKETS} | {"over_90": Decimal("0.00")}
    invoices = invoice_repository.issued_invoices_of_customer(uow, customer_id)
    currency_of = {invoice.id: invoice.header.currency for invoice in invoices}
    for invoice in invoices:
        if invoice.header.issue_date > as_of:
            continue
        entries.append(
            (
                invoice.header.issue_date,
                0,
                "invoice",
                invoice.id,
                invoice.number or "",
                invoice.header.currency,
                invoice.amount_due,
                Decimal(0),
            )
        )
        if invoice.outstanding > 0 and invoice.header.currency == customer.currency:
            aging[_bucket((as_of - invoice.header.due_date).days)] += invoice.outstanding
    for note in credit_note_repository.credit_notes_of_customer(uow, customer_id):
        if note.issue_date <= as_of:
            entries.append(
                (
                    note.issue_date,
                    1,
                    "credit_note",
                    note.id,
                    note.number,
                    currency_of[note.invoice_id],
                    Decimal(0),
                    note.amount,
                )
            )
    for debit_note in debit_note_repository.debit_notes_of_customer(uow, customer_id):
        if debit_note.issue_date <= as_of:
            entries.append(
                (
                    debit_note.issue_date,
                    1,
                    "debit_note",
                    debit_note.id,
                    debit_note.number,
                    currency_of[debit_note.invoice_id],
                    debit_note.amount,
                    Decimal(0),
                )
            )
    for payment in payment_repository.payments_of_customer(uow, customer_id):
        if payment.payment_date <= as_of:
            refund = payment.kind == "refund"
            entries.append(
                (
                    payment.payment_date,
                    3 if refund else 2,
                    payment.kind,
                    payment.id,
                    payment.reference,
                    payment.currency,
                    payment.amount if refund else Decimal(0),
                    Decimal(0) if refund else payment.amount,
                )
            )
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    balance = Decimal("0.00")
    lines = []
    for day, _, kind, document_id, reference, currency, debit, credit in entries:
        if currency == customer.currency:
            balance += debit - credit
        lines.append(StatementLine(day, kind, document_id, reference, currency, debit, credit, balance))
    return Statement(
        customer_id=customer_id,
        currency=customer.currency,
        as_of=as_of,
        lines=tuple(lines),
        balance=balance,
        aging=aging,
    )
