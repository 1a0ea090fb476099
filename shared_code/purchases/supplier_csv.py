"""Suppliers from CSV with sales' row-error preview: every row is checked first and each bad
one listed (row number, field, reason), duplicates by TPIN or phone included; only good
rows are saved."""

from __future__ import annotations

from shared_code.platform.csv_import import ImportResult, check_rows
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id
from shared_code.purchases import supplier_repository
from shared_code.purchases.model import Supplier
from shared_code.purchases.suppliers import checked_supplier

COLUMNS = ("name", "tpin", "vat_registered", "phone", "email", "payment_terms_days", "wht_type", "resident")
"""What an import reads (`name` is the only one required)."""
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}


def _supplier(uow: UnitOfWork, row: dict[str, str]) -> tuple[Supplier | None, list[FieldError]]:
    def text(name: str) -> str | None:
        return (row.get(name) or "").strip() or None

    errors = []
    flags = {}
    for name, default in (("vat_registered", "no"), ("resident", "yes")):
        value = (text(name) or default).lower()
        if value not in _TRUE | _FALSE:
            errors.append(FieldError(name, "flag_invalid", "yes or no"))
        flags[name] = value in _TRUE
    terms_text = text("payment_terms_days") or "30"
    if not terms_text.isdigit():
        errors.append(FieldError("payment_terms_days", "terms_invalid", "A whole number of days."))
    if errors:
        return None, errors
    return checked_supplier(
        uow,
        Supplier(
            id=new_id(),
            name=text("name") or "",
            tpin=text("tpin"),
            vat_registered=flags["vat_registered"],
            phone=text("phone"),
            email=text("email"),
            payment_terms_days=int(terms_text),
            default_category_id=None,
            wht_type=text("wht_type"),
            resident=flags["resident"],
        ),
    )


def _keys(supplier: Supplier) -> list[tuple[str, str]]:
    return [(field, value) for field, value in (("tpin", supplier.tpin), ("phone", supplier.phone)) if value]


def import_suppliers(uow: UnitOfWork, text: str, *, preview: bool) -> ImportResult:
    """Check every row of `text` (CSV with a header row); unless `preview`, save the good rows."""

    def existing_name(supplier: Supplier) -> str | None:
        found = supplier_repository.duplicates_of(uow, supplier)
        return found[0].name if found else None

    checked = check_rows(
        text, parse=lambda row: _supplier(uow, row), keys=_keys, existing_name=existing_name, noun="supplier"
    )
    if not preview:
        for supplier in checked.good:
            supplier_repository.insert_supplier(uow, supplier)
    return checked.result(saved=not preview)
