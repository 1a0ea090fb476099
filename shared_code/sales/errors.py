"""Sales failures, each with the stable code its problem response carries."""

from __future__ import annotations

from shared_code.platform.errors import Conflict, DomainError, FieldError, NotFound


def rejected(errors: list[FieldError], title: str) -> DomainError:
    """A 422 listing every problem; its code is the first problem's; nothing was written."""
    if not errors:
        raise ValueError("a rejection needs at least one problem")
    return DomainError(code=errors[0].code, title=title, status=422, errors=list(errors))


def customer_not_found() -> NotFound:
    """No such customer in this organization."""
    return NotFound("customer", code="customer_not_found")


def item_not_found() -> NotFound:
    """No such item in this organization."""
    return NotFound("item", code="item_not_found")


def invoice_not_found() -> NotFound:
    """No such invoice in this organization."""
    return NotFound("invoice", code="invoice_not_found")


def invoice_not_draft(status: str) -> Conflict:
    """The invoice is no longer a draft, so it cannot change (409)."""
    return Conflict(
        "invoice_not_draft",
        "Only a draft invoice can be changed.",
        f"The invoice is {status}; cancel an issued invoice with a credit note.",
    )
