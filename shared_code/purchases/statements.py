"""What the business owes its suppliers: a supplier's statement (bills, credits and payments
with a running balance) and the payables aging (unpaid bills by days past due)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import UnitOfWork
from shared_code.purchases import purchase_repository, settlement_repository, supplier_repository
from shared_code.purchases.suppliers import get_supplier
from shared_code.sales.statements import AGING_BUCKETS

ZERO = Decimal("0.00")
BUCKETS = (*(name for name, _ in AGING_BUCKETS), "over_90")
"""The aging buckets, as sales' customer statement has them."""


@dataclass(frozen=True)
class SupplierStatementLine:
    """One document on a supplier's statement."""

    day: date
    """Document date."""
    document_type: str
    """`bill`, `supplier_credit` or `supplier_payment`."""
    document_id: UUID
    """The document."""
    reference: str
    """Its number (and the supplier's reference for a bill)."""
    credit: Decimal
    """What it adds to what is owed (a bill)."""
    debit: Decimal
    """What it takes off (a payment, including tax withheld, or a credit)."""
    balance: Decimal
    """What is owed after it."""


@dataclass(frozen=True)
class SupplierStatement:
    """A supplier's statement as of a date."""

    supplier_id: UUID
    """Whose statement."""
    as_of: date
    """Documents up to this date."""
    lines: tuple[SupplierStatementLine, ...]
    """Oldest first."""
    balance: Decimal
    """Owed to the supplier."""
    aging: dict[str, Decimal]
    """What was unpaid on its bills on `as_of`, by days past due."""


def _bucket(days_overdue: int) -> str:
    for name, limit in AGING_BUCKETS:
        if days_overdue <= limit:
            return name
    return "over_90"


def supplier_statement(uow: UnitOfWork, supplier_id: UUID, *, as_of: date) -> SupplierStatement:
    """The statement of `supplier_id` up to `as_of`; 404 `supplier_not_found`."""
    get_supplier(uow, supplier_id)
    entries: list[tuple[date, int, str, UUID, str, Decimal, Decimal]] = []
    aging = dict.fromkeys(BUCKETS, ZERO)
    settled = settlement_repository.settled_by_bill(uow, as_of=as_of, supplier_id=supplier_id)
    for bill in purchase_repository.posted_bills(uow, supplier_id):
        if bill.header.document_date > as_of:
            continue
        reference = f"{bill.number} {bill.header.supplier_reference}".strip()
        entries.append((bill.header.document_date, 0, "bill", bill.id, reference, bill.amount_due, ZERO))
        unpaid = bill.amount_due - settled.get(bill.id, ZERO)
        if unpaid > 0:
            aging[_bucket((as_of - bill.header.due_date).days)] += unpaid
    for credit in settlement_repository.credits_of_supplier(uow, supplier_id):
        if credit.credit_date <= as_of:
            entries.append((credit.credit_date, 1, "supplier_credit", credit.id, credit.number, ZERO, credit.amount))
    for payment in settlement_repository.payments_of_supplier(uow, supplier_id):
        if payment.payment_date <= as_of:
            entries.append(
                (payment.payment_date, 2, "supplier_payment", payment.id, payment.number, ZERO, payment.amount_cleared)
            )
    entries.sort(key=lambda entry: (entry[0], entry[1], entry[4]))
    balance = ZERO
    lines = []
    for day, _, kind, document_id, reference, owed, taken in entries:
        balance += owed - taken
        lines.append(SupplierStatementLine(day, kind, document_id, reference, owed, taken, balance))
    return SupplierStatement(supplier_id=supplier_id, as_of=as_of, lines=tuple(lines), balance=balance, aging=aging)


@dataclass(frozen=True)
class AgingRow:
    """What one supplier is owed, by days past due."""

    supplier_id: UUID
    """The supplier."""
    supplier_name: str
    """Its name."""
    buckets: dict[str, Decimal]
    """Unpaid amounts by bucket."""
    total: Decimal
    """Everything unpaid."""


@dataclass(frozen=True)
class PayablesAging:
    """Unpaid bills of every supplier as of a date."""

    as_of: date
    """The date days past due are counted to."""
    rows: tuple[AgingRow, ...]
    """One per supplier owed anything, by name."""
    totals: dict[str, Decimal]
    """Each bucket over all suppliers."""
    total: Decimal
    """Everything owed."""


def payables_aging(uow: UnitOfWork, *, as_of: date) -> PayablesAging:
    """What was owed to each supplier on `as_of` on posted bills, by days past due (payments and
    credits dated later do not count)."""
    by_supplier: dict[UUID, dict[str, Decimal]] = {}
    settled = settlement_repository.settled_by_bill(uow, as_of=as_of)
    for bill in purchase_repository.posted_bills(uow):
        unpaid = bill.amount_due - settled.get(bill.id, ZERO)
        if bill.header.document_date > as_of or unpaid <= 0 or bill.header.supplier_id is None:
            continue
        buckets = by_supplier.setdefault(bill.header.supplier_id, dict.fromkeys(BUCKETS, ZERO))
        buckets[_bucket((as_of - bill.header.due_date).days)] += unpaid
    names = supplier_repository.suppliers_by_ids(uow, list(by_supplier))
    rows = sorted(
        (
            AgingRow(supplier_id, names[supplier_id].name, buckets, sum(buckets.values(), ZERO))
            for supplier_id, buckets in by_supplier.items()
        ),
        key=lambda row: (row.supplier_name.lower(), row.supplier_id),
    )
    totals = {name: sum((row.buckets[name] for row in rows), ZERO) for name in BUCKETS}
    return PayablesAging(as_of=as_of, rows=tuple(rows), totals=totals, total=sum(totals.values(), ZERO))
