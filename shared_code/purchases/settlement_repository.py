"""SQL for supplier payments (with their allocations to bills) and supplier credits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import UnitOfWork
from shared_code.purchases.posting import BillSettlement


@dataclass(frozen=True)
class SupplierPayment:
    """A payment to a supplier as stored."""

    id: UUID
    number: str
    supplier_id: UUID
    payment_date: date
    method: str
    paid_from_account_id: UUID
    amount_cleared: Decimal
    """Taken off the bills (cash plus tax withheld)."""
    wht_amount: Decimal
    """Withheld and owed to ZRA (2240)."""
    wht_type: str | None
    amount_paid: Decimal
    """Cash that left the account."""
    reference: str
    journal_entry_id: UUID


@dataclass(frozen=True)
class SupplierCredit:
    """A supplier's credit against a bill as stored."""

    id: UUID
    number: str
    supplier_id: UUID
    bill_id: UUID
    credit_date: date
    amount: Decimal
    reason: str
    supplier_reference: str
    journal_entry_id: UUID


_PAYMENT_COLUMNS = """id, number, supplier_id, payment_date, method, paid_from_account_id, amount_cleared, wht_amount,
    wht_type, amount_paid, reference, journal_entry_id"""
_CREDIT_COLUMNS = """id, number, supplier_id, bill_id, credit_date, amount, reason, supplier_reference,
    journal_entry_id"""


def payment_id_for_key(uow: UnitOfWork, key: str) -> UUID | None:
    """The payment made with the idempotency key `key`, if any."""
    row = uow.fetch_one("SELECT id FROM supplier_payments WHERE idempotency_key = %(key)s", {"key": key})
    return row["id"] if row else None


def insert_payment(
    uow: UnitOfWork,
    payment: SupplierPayment,
    settlements: Sequence[BillSettlement],
    *,
    key: str | None,
    created_by: UUID,
) -> None:
    """Insert a payment and its allocations."""
    uow.execute(
        f"""
        INSERT INTO supplier_payments ({_PAYMENT_COLUMNS}, idempotency_key, created_by)
        VALUES (%(id)s, %(number)s, %(supplier_id)s, %(payment_date)s, %(method)s, %(paid_from_account_id)s,
                %(amount_cleared)s, %(wht_amount)s, %(wht_type)s, %(amount_paid)s, %(reference)s,
                %(journal_entry_id)s, %(key)s, %(created_by)s)
        """,
        {**payment.__dict__, "key": key, "created_by": created_by},
    )
    with uow.connection.cursor() as cursor:
        cursor.executemany(
            """
            INSERT INTO supplier_payment_allocations (payment_id, bill_id, amount, wht_amount)
            VALUES (%(payment)s, %(bill)s, %(amount)s, %(wht)s)
            """,
            [{"payment": payment.id, "bill": s.bill_id, "amount": s.amount, "wht": s.withheld} for s in settlements],
        )


def get_payment(
    uow: UnitOfWork, payment_id: UUID
) -> tuple[SupplierPayment, list[tuple[UUID, Decimal, Decimal]]] | None:
    """A payment and its allocations (bill, amount, withheld), or None."""
    row = uow.fetch_one(f"SELECT {_PAYMENT_COLUMNS} FROM supplier_payments WHERE id = %(id)s", {"id": payment_id})
    if row is None:
        return None
    allocations = uow.fetch_all(
        """
        SELECT bill_id, amount, wht_amount FROM supplier_payment_allocations
        WHERE payment_id = %(id)s ORDER BY bill_id
        """,
        {"id": payment_id},
    )
    return SupplierPayment(**row), [(a["bill_id"], a["amount"], a["wht_amount"]) for a in allocations]


def payments_of_supplier(uow: UnitOfWork, supplier_id: UUID) -> list[SupplierPayment]:
    """Every payment to the supplier, oldest first."""
    rows = uow.fetch_all(
        f"SELECT {_PAYMENT_COLUMNS} FROM supplier_payments WHERE supplier_id = %(id)s ORDER BY payment_date, number",
        {"id": supplier_id},
    )
    return [SupplierPayment(**row) for row in rows]


def list_payments(uow: UnitOfWork, *, supplier_id: UUID | None, limit: int) -> list[SupplierPayment]:
    """The latest payments, of one supplier or all."""
    rows = uow.fetch_all(
        f"""
        SELECT {_PAYMENT_COLUMNS} FROM supplier_payments
        WHERE %(supplier)s::uuid IS NULL OR supplier_id = %(supplier)s
        ORDER BY payment_date DESC, number DESC LIMIT %(limit)s
        """,
        {"supplier": supplier_id, "limit": limit},
    )
    return [SupplierPayment(**row) for row in rows]


def credit_id_for_key(uow: UnitOfWork, key: str) -> UUID | None:
    """The supplier credit made with the idempotency key `key`, if any."""
    row = uow.fetch_one("SELECT id FROM supplier_credits WHERE idempotency_key = %(key)s", {"key": key})
    return row["id"] if row else None


def insert_credit(uow: UnitOfWork, credit: SupplierCredit, *, key: str | None, created_by: UUID) -> None:
    """Insert a supplier credit."""
    uow.execute(
        f"""
        INSERT INTO supplier_credits ({_CREDIT_COLUMNS}, idempotency_key, created_by)
        VALUES (%(id)s, %(number)s, %(supplier_id)s, %(bill_id)s, %(credit_date)s, %(amount)s, %(reason)s,
                %(supplier_reference)s, %(journal_entry_id)s, %(key)s, %(created_by)s)
        """,
        {**credit.__dict__, "key": key, "created_by": created_by},
    )


def get_credit(uow: UnitOfWork, credit_id: UUID) -> SupplierCredit | None:
    """A supplier credit, or None."""
    row = uow.fetch_one(f"SELECT {_CREDIT_COLUMNS} FROM supplier_credits WHERE id = %(id)s", {"id": credit_id})
    return SupplierCredit(**row) if row else None


def credits_of_supplier(uow: UnitOfWork, supplier_id: UUID) -> list[SupplierCredit]:
    """Every credit from the supplier, oldest first."""
    rows = uow.fetch_all(
        f"SELECT {_CREDIT_COLUMNS} FROM supplier_credits WHERE supplier_id = %(id)s ORDER BY credit_date, number",
        {"id": supplier_id},
    )
    return [SupplierCredit(**row) for row in rows]


def settled_by_bill(uow: UnitOfWork, *, as_of: date, supplier_id: UUID | None = None) -> dict[UUID, Decimal]:
    """What payments and credits dated up to `as_of` took off each bill (of one supplier or all)."""
    rows = uow.fetch_all(
        """
        SELECT bill_id, sum(amount) AS settled FROM (
            SELECT a.bill_id, a.amount FROM supplier_payment_allocations a
            JOIN supplier_payments p ON p.id = a.payment_id
            WHERE p.payment_date <= %(as_of)s AND (%(supplier)s::uuid IS NULL OR p.supplier_id = %(supplier)s)
            UNION ALL
            SELECT bill_id, amount FROM supplier_credits
            WHERE credit_date <= %(as_of)s AND (%(supplier)s::uuid IS NULL OR supplier_id = %(supplier)s)
        ) settlements
        GROUP BY bill_id
        """,
        {"as_of": as_of, "supplier": supplier_id},
    )
    return {row["bill_id"]: row["settled"] for row in rows}
