"""SQL for customers, inside the caller's tenant unit of work."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork
from shared_code.sales.model import Customer, CustomerKind

_COLUMNS = "id, kind, name, tpin, contact_person, phone, email, address, payment_terms_days, currency, archived_at"


def customer_from_row(row: Row) -> Customer:
    """A `Customer` from a row of `customers`."""
    return Customer(**{**row, "kind": CustomerKind(row["kind"])})


def _params(customer: Customer) -> dict[str, object]:
    return {**asdict(customer), "kind": customer.kind.value}


def insert_customer(uow: UnitOfWork, customer: Customer) -> None:
    """Insert `customer`."""
    uow.execute(
        f"""
        INSERT INTO customers ({_COLUMNS})
        VALUES (%(id)s, %(kind)s, %(name)s, %(tpin)s, %(contact_person)s, %(phone)s, %(email)s,
                %(address)s, %(payment_terms_days)s, %(currency)s, %(archived_at)s)
        """,
        _params(customer),
    )


def update_customer(uow: UnitOfWork, customer: Customer) -> None:
    """Write every field of `customer`."""
    uow.execute(
        """
        UPDATE customers
        SET kind = %(kind)s, name = %(name)s, tpin = %(tpin)s, contact_person = %(contact_person)s,
            phone = %(phone)s, email = %(email)s, address = %(address)s,
            payment_terms_days = %(payment_terms_days)s, currency = %(currency)s,
            archived_at = %(archived_at)s, updated_at = now()
        WHERE id = %(id)s
        """,
        _params(customer),
    )


def get_customer(uow: UnitOfWork, customer_id: UUID, *, for_update: bool = False) -> Customer | None:
    """The customer with `customer_id`, or None."""
    lock = "FOR UPDATE" if for_update else ""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM customers WHERE id = %(id)s {lock}", {"id": customer_id})
    return customer_from_row(row) if row else None


def duplicates_of(uow: UnitOfWork, customer: Customer) -> list[Customer]:
    """Other customers with the same TPIN, e-mail (any case) or phone."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM customers
        WHERE id <> %(id)s
          AND ((tpin IS NOT NULL AND tpin = %(tpin)s)
               OR (email IS NOT NULL AND lower(email) = lower(%(email)s))
               OR (phone IS NOT NULL AND phone = %(phone)s))
        ORDER BY lower(name), id
        LIMIT 10
        """,
        _params(customer),
    )
    return [customer_from_row(row) for row in rows]


def list_customers(
    uow: UnitOfWork,
    *,
    search: str | None,
    kind: CustomerKind | None,
    include_archived: bool,
    after: tuple[str, UUID] | None,
    limit: int,
    currency: str | None = None,
    descending: bool = False,
) -> list[tuple[str, Customer]]:
    """Up to `limit` customers by name (A to Z, or Z to A if `descending`) after the keyset
    position `after`, each with its sort key."""
    # Two fixed orders, never text from the request.
    after_clause, order = (
        ("(lower(name), id) < (%(after_key)s, %(after_id)s)", "lower(name) DESC, id DESC")
        if descending
        else ("(lower(name), id) > (%(after_key)s, %(after_id)s)", "lower(name), id")
    )
    rows = uow.fetch_all(
        f"""
        SELECT lower(name) AS sort_key, {_COLUMNS} FROM customers
        WHERE (%(search)s::text IS NULL
               OR name ILIKE '%%' || %(search)s || '%%' OR tpin = %(search)s
               OR email ILIKE '%%' || %(search)s || '%%' OR phone LIKE '%%' || %(search)s || '%%')
          AND (%(kind)s::text IS NULL OR kind = %(kind)s)
          AND (%(currency)s::text IS NULL OR currency = %(currency)s)
          AND (%(include_archived)s OR archived_at IS NULL)
          AND (%(after_key)s::text IS NULL OR {after_clause})
        ORDER BY {order}
        LIMIT %(limit)s
        """,
        {
            "search": search,
            "kind": kind.value if kind else None,
            "currency": currency,
            "include_archived": include_archived,
            "after_key": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        },
    )
    return [(row.pop("sort_key"), customer_from_row(row)) for row in rows]
