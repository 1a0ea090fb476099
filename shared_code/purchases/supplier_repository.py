"""SQL for suppliers, inside the caller's tenant unit of work."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork
from shared_code.purchases.model import Supplier

_COLUMNS = """id, name, tpin, vat_registered, phone, email, payment_terms_days, default_category_id, wht_type,
    resident, archived_at"""


def supplier_from_row(row: Row) -> Supplier:
    """A `Supplier` from a row of `suppliers`."""
    return Supplier(**row)


def insert_supplier(uow: UnitOfWork, supplier: Supplier) -> None:
    """Insert `supplier`."""
    uow.execute(
        f"""
        INSERT INTO suppliers ({_COLUMNS})
        VALUES (%(id)s, %(name)s, %(tpin)s, %(vat_registered)s, %(phone)s, %(email)s, %(payment_terms_days)s,
                %(default_category_id)s, %(wht_type)s, %(resident)s, %(archived_at)s)
        """,
        asdict(supplier),
    )


def update_supplier(uow: UnitOfWork, supplier: Supplier) -> None:
    """Write every field of `supplier`."""
    uow.execute(
        """
        UPDATE suppliers
        SET name = %(name)s, tpin = %(tpin)s, vat_registered = %(vat_registered)s, phone = %(phone)s,
            email = %(email)s, payment_terms_days = %(payment_terms_days)s,
            default_category_id = %(default_category_id)s, wht_type = %(wht_type)s, resident = %(resident)s,
            archived_at = %(archived_at)s, updated_at = now()
        WHERE id = %(id)s
        """,
        asdict(supplier),
    )


def get_supplier(uow: UnitOfWork, supplier_id: UUID, *, for_update: bool = False) -> Supplier | None:
    """The supplier with `supplier_id`, or None."""
    lock = "FOR UPDATE" if for_update else ""
    row = uow.fetch_one(f"SELECT {_COLUMNS} FROM suppliers WHERE id = %(id)s {lock}", {"id": supplier_id})
    return supplier_from_row(row) if row else None


def suppliers_by_ids(uow: UnitOfWork, supplier_ids: list[UUID]) -> dict[UUID, Supplier]:
    """The suppliers among `supplier_ids`, by id."""
    if not supplier_ids:
        return {}
    rows = uow.fetch_all(f"SELECT {_COLUMNS} FROM suppliers WHERE id = ANY(%(ids)s)", {"ids": supplier_ids})
    return {row["id"]: supplier_from_row(row) for row in rows}


def duplicates_of(uow: UnitOfWork, supplier: Supplier) -> list[Supplier]:
    """Other suppliers with the same TPIN or phone."""
    rows = uow.fetch_all(
        f"""
        SELECT {_COLUMNS} FROM suppliers
        WHERE id <> %(id)s
          AND ((tpin IS NOT NULL AND tpin = %(tpin)s) OR (phone IS NOT NULL AND phone = %(phone)s))
        ORDER BY lower(name), id
        LIMIT 10
        """,
        {"id": supplier.id, "tpin": supplier.tpin, "phone": supplier.phone},
    )
    return [supplier_from_row(row) for row in rows]


def list_suppliers(
    uow: UnitOfWork, *, search: str | None, include_archived: bool, after: tuple[str, UUID] | None, limit: int
) -> list[tuple[str, Supplier]]:
    """Up to `limit` suppliers by name after the keyset position `after`, each with its sort key."""
    rows = uow.fetch_all(
        f"""
        SELECT lower(name) AS sort_key, {_COLUMNS} FROM suppliers
        WHERE (%(search)s::text IS NULL
               OR name ILIKE '%%' || %(search)s || '%%' OR tpin = %(search)s
               OR phone LIKE '%%' || %(search)s || '%%')
          AND (%(include_archived)s OR archived_at IS NULL)
          AND (%(after_key)s::text IS NULL OR (lower(name), id) > (%(after_key)s, %(after_id)s))
        ORDER BY lower(name), id
        LIMIT %(limit)s
        """,
        {
            "search": search,
            "include_archived": include_archived,
            "after_key": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        },
    )
    return [(row.pop("sort_key"), supplier_from_row(row)) for row in rows]
