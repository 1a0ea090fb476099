"""Customers: create, change, read and list them."""

from __future__ import annotations

from uuid import UUID

from shared_code.platform.db import UnitOfWork
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of
from shared_code.sales import customer_repository
from shared_code.sales.errors import customer_not_found, rejected
from shared_code.sales.model import Customer, CustomerKind, customer_problems, normalised_customer_fields

_CURSOR = "customers"
_CURSOR_DESCENDING = "customers-desc"


def clean_customer(customer: Customer) -> Customer:
    """`customer` with its name single-spaced, TPIN digits only and phone in +260 form."""
    tpin, phone = normalised_customer_fields(customer.tpin, customer.phone)
    return Customer(
        **{
            **customer.__dict__,
            "name": " ".join(customer.name.split()),
            "tpin": tpin,
            "phone": phone,
            "email": customer.email.strip() if customer.email else None,
        }
    )


def create_customer(uow: UnitOfWork, customer: Customer) -> tuple[Customer, list[Customer]]:
    """Save a new customer; returns it and any existing customers that look like the same one
    (same TPIN, e-mail or phone). 422 with every problem if it breaks a rule."""
    clean = clean_customer(customer)
    problems = customer_problems(clean)
    if problems:
        raise rejected(problems, "The customer cannot be saved.")
    customer_repository.insert_customer(uow, clean)
    return clean, customer_repository.duplicates_of(uow, clean)


def update_customer(uow: UnitOfWork, customer: Customer) -> Customer:
    """Replace a customer's fields; 404 if there is none, 422 if the change breaks a rule."""
    if customer_repository.get_customer(uow, customer.id, for_update=True) is None:
        raise customer_not_found()
    clean = clean_customer(customer)
    problems = customer_problems(clean)
    if problems:
        raise rejected(problems, "The customer cannot be saved.")
    customer_repository.update_customer(uow, clean)
    return clean


def get_customer(uow: UnitOfWork, customer_id: UUID) -> Customer:
    """One customer; 404 `customer_not_found` if there is none."""
    customer = customer_repository.get_customer(uow, customer_id)
    if customer is None:
        raise customer_not_found()
    return customer


def list_customers(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    kind: CustomerKind | None = None,
    currency: str | None = None,
    include_archived: bool = False,
    descending: bool = False,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Customer]:
    """Customers by name (Z to A if `descending`), a page at a time, filtered by a search
    term, kind and currency."""
    # A cursor of one order cannot carry on the other.
    tag = _CURSOR_DESCENDING if descending else _CURSOR
    after = None
    if cursor:
        key, last_id = decode_cursor(tag, cursor, 2)
        after = (key, cursor_part(UUID, last_id))
    rows = customer_repository.list_customers(
        uow,
        search=search or None,
        kind=kind,
        currency=currency,
        include_archived=include_archived,
        descending=descending,
        after=after,
        limit=limit + 1,
    )
    keys = {customer.id: key for key, customer in rows}
    return page_of([customer for _, customer in rows], limit, lambda c: encode_cursor(tag, keys[c.id], str(c.id)))
