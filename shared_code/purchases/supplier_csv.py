"""Suppliers from CSV with sales' row-error preview: every row is checked first and each bad
one listed (row number, field, reason), duplicates by TPIN or phone included; only good
rows are saved."""

from __future__ import annotations

import csv
import io

from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id
from shared_code.purchases import supplier_repository
from shared_code.purchases.errors import rejected
from shared_code.purchases.model import Supplier
from shared_code.purchases.suppliers import checked_supplier
from shared_code.sales.customer_csv import ImportResult, RowProblem

COLUMNS = ("name", "tpin", "vat_registered", "phone", "email", "payment_terms_days", "wht_type", "resident")
"""What an import reads (`name` is the only one required)."""
MAX_ROWS = 5000
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
    reader = csv.DictReader(io.StringIO(text))
    if "name" not in set(reader.fieldnames or ()):
        raise rejected([FieldError("csv", "columns_missing", "The header row needs a name column.")], "Not imported.")
    problems: list[RowProblem] = []
    good: list[Supplier] = []
    seen: dict[tuple[str, str], int] = {}
    count = 0
    for count, row in enumerate(reader, start=1):
        if count > MAX_ROWS:
            raise rejected([FieldError("csv", "too_many_rows", f"At most {MAX_ROWS} rows.")], "Not imported.")
        line = count + 1
        supplier, errors = _supplier(uow, row)
        row_problems = [RowProblem(line, e.field, e.code, e.message) for e in errors]
        if supplier is not None and not errors:
            for key in _keys(supplier):
                if key in seen:
                    row_problems.append(
                        RowProblem(line, key[0], "duplicate_in_file", f"Same {key[0]} as row {seen[key]}.")
                    )
            for existing in supplier_repository.duplicates_of(uow, supplier)[:1]:
                row_problems.append(
                    RowProblem(line, "name", "duplicate_supplier", f"Looks like existing supplier {existing.name}.")
                )
            for key in _keys(supplier):
                seen.setdefault(key, line)
        problems.extend(row_problems)
        if supplier is not None and not row_problems:
            good.append(supplier)
    if not preview:
        for supplier in good:
            supplier_repository.insert_supplier(uow, supplier)
    return ImportResult(rows=count, good=len(good), problems=tuple(problems), saved=not preview)
