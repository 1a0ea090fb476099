"""SQL for payments and their allocations to invoices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import UnitOfWork


@dataclass(frozen=True)
class PaymentRow:
    """A payment as stored."""

    id: UUID
    """Stable identity."""
    customer_id: UUID
    """Who paid."""
    payment_date: date
    """When the money arrived."""
    method: str
    """Cash, bank, mobile money, card or cheque."""
    amount: Decimal
    """What was paid, in `currency`."""
    currency: str
    """ISO code."""
    exchange_rate: Decimal
    """ZMW per unit on the payment date."""
    unallocated: Decimal
    """What no invoice has taken yet: the customer's credit."""
    deposit_account_id: UUID
    """Where the money went."""
    reference: str
    """Bank or mobile-money reference."""
    journal_entry_id: UUID
    """The entry that posted it."""
    kind: str = "receipt"
    """`receipt` (money in) or `refund` (customer credit paid back)."""


_COLUMNS = """id, customer_id, payment_date, method, amount, currency, exchange_rate, unallocated,
    deposit_account_id, reference, journal_entry_id, kind"""


def payment_id_for_key(uow: UnitOfWork, key: str) -> UUID | None:
    """The payment recorded with idempotency key `key`, if any."""
    row = uow.fetch_one("SELECT id FROM payments WHERE idempotency_key = %(key)s", {"key": key})
    return row["id"] if row else None


def insert_payment(
    uow: UnitOfWork, payment: PaymentRow, allocations: list[tuple[UUID, Decimal]], *, created_by: UUID, key: str | None
) -> None:
    """Insert a payment and its allocations, and add each allocation to its invoice's paid total."""
    uow.execute(
        f"""
        INSERT INTO payments ({_COLUMNS}, idempotency_key, created_by)
        VALUES (%(id)s, %(customer_id)s, %(payment_date)s, %(method)s, %(amount)s, %(currency)s,
                %(exchange_rate)s, %(unallocated)s, %(deposit_account_id)s, %(reference)s,
                %(journal_entry_id)s, %(kind)s, %(key)s, %(created_by)s)
        """,
        {**payment.__dict__, "key": key, "created_by": created_by},
    )
    for invoice_id, amount in allocations:
        uow.execute(
            """
            INSERT INTO payment_allocations (payment_id, invoice_id, amount, applied_on)
            VALUES (%(payment)s, %(invoice)s, %(amount)s, %(day)s)
            """,
            {"payment": payment.id, "invoice": invoice_id, "amount": amount, "day": payment.payment_date},
        )
        uow.execute(
            "UPDATE invoices SET amount_paid = amount_paid + %(amount)s, updated_at = now() WHERE id = %(id)s",
            {"amount": amount, "id": invoice_id},
        )


def get_payment(uow: UnitOfWork, payment_id: UUID) -> PaymentRow | None:
    """One payment, or None."""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM payments WHERE id = %(id)s", {"id": payment_id})
    return PaymentRow(**row) if row else None


def allocations_of(uow: UnitOfWork, payment_id: UUID) -> list[tuple[UUID, Decimal]]:
    """(invoice, amount) of each allocation of the payment."""
    rows = uow.fetch_all(
        "SELECT invoice_id, amount FROM payment_allocations WHERE payment_id = %(id)s ORDER BY invoice_id",
        {"id": payment_id},
    )
    return [(row["invoice_id"], row["amount"]) for row in rows]


def allocations_of_payments(uow: UnitOfWork, payment_ids: list[UUID]) -> dict[UUID, list[tuple[UUID, Decimal]]]:
    """(invoice, amount) of each allocation of each of the payments (one read), by payment."""
    rows = uow.fetch_all(
        """
        SELECT payment_id, invoice_id, amount FROM payment_allocations
        WHERE payment_id = ANY(%(ids)s) ORDER BY payment_id, invoice_id
        """,
        {"ids": payment_ids},
    )
    found: dict[UUID, list[tuple[UUID, Decimal]]] = {payment_id: [] for payment_id in payment_ids}
    for row in rows:
        found[row["payment_id"]].append((row["invoice_id"], row["amount"]))
    return found


def list_payments(
    uow: UnitOfWork,
    *,
    customer_id: UUID | None,
    invoice_id: UUID | None,
    after: tuple[date, UUID] | None,
    limit: int,
) -> list[PaymentRow]:
    """Up to `limit` payments and refunds, newest first, of one customer or applied to one
    invoice if given, after the keyset position `after`."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM payments p
        WHERE (%(customer_id)s::uuid IS NULL OR customer_id = %(customer_id)s)
          AND (%(invoice_id)s::uuid IS NULL OR EXISTS (
                SELECT 1 FROM payment_allocations a WHERE a.payment_id = p.id AND a.invoice_id = %(invoice_id)s))
          AND (%(after_date)s::date IS NULL OR (payment_date, id) < (%(after_date)s, %(after_id)s))
        ORDER BY payment_date DESC, id DESC
        LIMIT %(limit)s
        """,
        {
            "customer_id": customer_id,
            "invoice_id": invoice_id,
            "after_date": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        },
    )
    return [PaymentRow(**row) for row in rows]


def payments_of_customer(uow: UnitOfWork, customer_id: UUID) -> list[PaymentRow]:
    """Every payment of the customer, oldest first."""
    rows = uow.fetch_all(
        f"SELECT {_COLUMNS} FROM payments WHERE customer_id = %(id)s ORDER BY payment_date, created_at",
        {"id": customer_id},
    )
    return [PaymentRow(**row) for row in rows]


def lock_invoices(uow: UnitOfWork, invoice_ids: list[UUID]) -> dict[UUID, dict[str, object]]:
    """The issued invoices among `invoice_ids`, locked, with customer, currency, rate and what is outstanding."""
    rows = uow.fetch_all(
        """
        SELECT id, customer_id, currency, exchange_rate, number, status,
               amount_due + amount_debited - amount_paid - amount_credited AS outstanding
        FROM invoices WHERE id = ANY(%(ids)s)
        ORDER BY id
        FOR UPDATE
        """,
        {"ids": invoice_ids},
    )
    return {row["id"]: row for row in rows}


def lock_payment(uow: UnitOfWork, payment_id: UUID) -> PaymentRow | None:
    """The payment, locked until the transaction ends (its credit is about to be used)."""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM payments WHERE id = %(id)s FOR UPDATE", {"id": payment_id})
    return PaymentRow(**row) if row else None


def use_credit(uow: UnitOfWork, payment_id: UUID, amount: Decimal) -> None:
    """Take `amount` off the payment's unallocated credit."""
    uow.execute(
        "UPDATE payments SET unallocated = unallocated - %(amount)s WHERE id = %(id)s",
        {"amount": amount, "id": payment_id},
    )


def add_allocation(uow: UnitOfWork, payment_id: UUID, invoice_id: UUID, amount: Decimal, day: date) -> None:
    """Apply `amount` more of the payment to the invoice and add it to the invoice's paid total."""
    uow.execute(
        """
        INSERT INTO payment_allocations (payment_id, invoice_id, amount, applied_on)
        VALUES (%(payment)s, %(invoice)s, %(amount)s, %(day)s)
        ON CONFLICT (payment_id, invoice_id) DO UPDATE SET amount = payment_allocations.amount + excluded.amount
        """,
        {"payment": payment_id, "invoice": invoice_id, "amount": amount, "day": day},
    )
    uow.execute(
        "UPDATE invoices SET amount_paid = amount_paid + %(amount)s, updated_at = now() WHERE id = %(id)s",
        {"amount": amount, "id": invoice_id},
    )
