"""Customers to and from CSV: an import checks every row first and lists each bad one (row
number, field, reason), including duplicates by TPIN, e-mail or phone; only good rows are saved."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id
from shared_code.sales import customer_repository
from shared_code.sales.customers import clean_customer
from shared_code.sales.errors import rejected
from shared_code.sales.model import Customer, CustomerKind, customer_problems

COLUMNS = ("kind", "name", "tpin", "contact_person", "phone", "email", "address", "payment_terms_days", "currency")
"""The columns of an export, and what an import reads (`name` is the only one required)."""
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowProblem:
    """Why one row of an import cannot be saved."""

    row: int
    """Its line in the file (the header is line 1)."""
    field: str
    """The column."""
    code: str
    """Stable code."""
    message: str
    """For people."""


@dataclass(frozen=True)
class ImportResult:
    """What an import found, and saved unless it was a preview."""

    rows: int
    """Data rows read."""
    good: int
    """Rows without problems (saved unless a preview)."""
    problems: tuple[RowProblem, ...]
    """Every problem of every bad row."""
    saved: bool
    """False for a preview."""


def _customer(row: dict[str, str]) -> tuple[Customer | None, list[FieldError]]:
    def text(name: str) -> str | None:
        return (row.get(name) or "").strip() or None

    errors = []
    kind_text = text("kind") or CustomerKind.BUSINESS.value
    if kind_text not in {kind.value for kind in CustomerKind}:
        errors.append(FieldError("kind", "kind_invalid", "individual or business"))
    terms_text = text("payment_terms_days") or "30"
    if not terms_text.isdigit():
        errors.append(FieldError("payment_terms_days", "terms_invalid", "A whole number of days."))
    if errors:
        return None, errors
    customer = clean_customer(
        Customer(
            id=new_id(),
            kind=CustomerKind(kind_text),
            name=text("name") or "",
            tpin=text("tpin"),
            contact_person=text("contact_person"),
            phone=text("phone"),
            email=text("email"),
            address=text("address"),
            payment_terms_days=int(terms_text),
            currency=(text("currency") or "ZMW").upper(),
        )
    )
    return customer, customer_problems(customer)


def _keys(customer: Customer) -> list[tuple[str, str]]:
    return [
        (field, value)
        for field, value in (
            ("tpin", customer.tpin),
            ("email", (customer.email or "").lower()),
            ("phone", customer.phone),
        )
        if value
    ]


def import_customers(uow: UnitOfWork, text: str, *, preview: bool) -> ImportResult:
    """Check every row of `text` (CSV with a header row); unless `preview`, save the good rows."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name"} - set(reader.fieldnames or ())
    if missing:
        raise rejected([FieldError("csv", "columns_missing", "The header row needs a name column.")], "Not imported.")
    problems: list[RowProblem] = []
    good: list[Customer] = []
    seen: dict[tuple[str, str], int] = {}
    count = 0
    for count, row in enumerate(reader, start=1):
        if count > MAX_ROWS:
            raise rejected([FieldError("csv", "too_many_rows", f"At most {MAX_ROWS} rows.")], "Not imported.")
        line = count + 1
        customer, errors = _customer(row)
        row_problems = [RowProblem(line, e.field, e.code, e.message) for e in errors]
        if customer is not None and not errors:
            for key in _keys(customer):
                if key in seen:
                    row_problems.append(
                        RowProblem(line, key[0], "duplicate_in_file", f"Same {key[0]} as row {seen[key]}.")
                    )
            for existing in customer_repository.duplicates_of(uow, customer)[:1]:
                row_problems.append(
                    RowProblem(line, "name", "duplicate_customer", f"Looks like existing customer {existing.name}.")
                )
            for key in _keys(customer):
                seen.setdefault(key, line)
        problems.extend(row_problems)
        if customer is not None and not row_problems:
            good.append(customer)
    if not preview:
        for customer in good:
            customer_repository.insert_customer(uow, customer)
    return ImportResult(rows=count, good=len(good), problems=tuple(problems), saved=not preview)


def _cell(text: str) -> str:
    """Free text made safe for spreadsheets: a leading =, +, - or @ would run as a formula."""
    return f"'{text}" if text[:1] in {"=", "+", "-", "@"} else text


def export_customers(uow: UnitOfWork) -> str:
    """Every customer (archived too) as CSV, by name."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    after = None
    while True:
        rows = customer_repository.list_customers(
            uow, search=None, kind=None, include_archived=True, after=after, limit=500
        )
        for _, customer in rows:
            writer.writerow(
                [
                    customer.kind.value,
                    _cell(customer.name),
                    customer.tpin or "",
                    _cell(customer.contact_person or ""),
                    customer.phone or "",
                    _cell(customer.email or ""),
                    _cell(customer.address or ""),
                    customer.payment_terms_days,
                    customer.currency,
                ]
            )
        if len(rows) < 500:
            return out.getvalue()
        after = (rows[-1][0], rows[-1][1].id)
