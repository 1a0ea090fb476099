"""Suppliers: create, change, read and list them."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from shared_code.platform.clock import Clock
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of
from shared_code.purchases import category_repository, supplier_repository
from shared_code.purchases.errors import rejected, supplier_not_found
from shared_code.purchases.model import Supplier, clean_supplier, supplier_problems
from shared_code.purchases.wht import WHT_TYPES

_CURSOR = "suppliers"


def checked_supplier(uow: UnitOfWork, supplier: Supplier) -> tuple[Supplier, list[FieldError]]:
    """`supplier` cleaned, and every rule it breaks (its default category must exist)."""
    clean = clean_supplier(supplier)
    problems = supplier_problems(clean, wht_types=frozenset(WHT_TYPES))
    if clean.default_category_id is not None:
        category = category_repository.get_category(uow, clean.default_category_id)
        if category is None or category.archived_at is not None:
            problems.append(FieldError("default_category_id", "expense_category_not_found", "No such category."))
    return clean, problems


def create_supplier(uow: UnitOfWork, supplier: Supplier) -> tuple[Supplier, list[Supplier]]:
    """Save a new supplier; returns it and any existing suppliers that look like the same one
    (same TPIN or phone). 422 with every problem if it breaks a rule."""
    clean, problems = checked_supplier(uow, supplier)
    if problems:
        raise rejected(problems, "The supplier cannot be saved.")
    supplier_repository.insert_supplier(uow, clean)
    return clean, supplier_repository.duplicates_of(uow, clean)


def update_supplier(uow: UnitOfWork, supplier: Supplier) -> Supplier:
    """Replace a supplier's fields; 404 if there is none, 422 if the change breaks a rule."""
    if supplier_repository.get_supplier(uow, supplier.id, for_update=True) is None:
        raise supplier_not_found()
    clean, problems = checked_supplier(uow, supplier)
    if problems:
        raise rejected(problems, "The supplier cannot be saved.")
    supplier_repository.update_supplier(uow, clean)
    return clean


def set_supplier_archived(uow: UnitOfWork, supplier_id: UUID, *, archived: bool, clock: Clock) -> Supplier:
    """Archive a supplier (it takes no new purchases; its history stays) or bring it back."""
    current = supplier_repository.get_supplier(uow, supplier_id, for_update=True)
    if current is None:
        raise supplier_not_found()
    if (current.archived_at is not None) == archived:
        return current
    changed = replace(current, archived_at=clock.now() if archived else None)
    supplier_repository.update_supplier(uow, changed)
    return changed


def get_supplier(uow: UnitOfWork, supplier_id: UUID) -> Supplier:
    """One supplier; 404 `supplier_not_found` if there is none."""
    supplier = supplier_repository.get_supplier(uow, supplier_id)
    if supplier is None:
        raise supplier_not_found()
    return supplier


def list_suppliers(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    include_archived: bool = False,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Supplier]:
    """Suppliers by name, a page at a time; `search` matches name, TPIN and phone."""
    after = None
    if cursor:
        key, last_id = decode_cursor(_CURSOR, cursor, 2)
        after = (key, cursor_part(UUID, last_id))
    rows = supplier_repository.list_suppliers(
        uow, search=search or None, include_archived=include_archived, after=after, limit=limit + 1
    )
    keys = {supplier.id: key for key, supplier in rows}
    return page_of([s for _, s in rows], limit, lambda s: encode_cursor(_CURSOR, keys[s.id], str(s.id)))
