"""Customers to and from CSV: an import checks every row first and lists each bad one (row
number, field, reason), including duplicates by TPIN, e-mail or phone; only good rows are saved."""

from __future__ import annotations

import csv
import io

from shared_code.platform.csv_import import ImportResult, check_rows
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id
from shared_code.sales import customer_repository
from shared_code.sales.customers import clean_customer
from shared_code.sales.model import Customer, CustomerKind, customer_problems

COLUMNS = ("kind", "name", "tpin", "contact_person", "phone", "email", "address", "payment_terms_days", "currency")
"""The columns of an export, and what an import reads (`name` is the only one required)."""


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

    def existing_name(customer: Customer) -> str | None:
        found = customer_repository.duplicates_of(uow, customer)
        return found[0].name if found else None

    checked = check_rows(text, parse=_customer, keys=_keys, existing_name=existing_name, noun="customer")
    if not preview:
        for customer in checked.good:
            customer_repository.insert_customer(uow, customer)
    return checked.result(saved=not preview)


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
