"""Reporting's failures, each with the stable code its problem response carries."""

from __future__ import annotations

from shared_code.platform.errors import Conflict, DomainError, FieldError, NotFound


def layout_not_found() -> NotFound:
    """No such layout version in this organization (another organization's included)."""
    return NotFound("layout version", code="layout_version_not_found")


def layout_invalid(errors: list[FieldError]) -> DomainError:
    """A layout that does not place every account exactly once, or whose formulas break;
    its code is the first problem's (`account_unmapped`, `formula_cycle`, …). Nothing saved."""
    return DomainError(code=errors[0].code, title="The layout cannot be used.", status=422, errors=errors)


def layout_kind_mismatch(expected: str, found: str) -> DomainError:
    """A layout of another statement than the one asked for."""
    return DomainError(
        code="layout_kind_mismatch",
        title="The layout is for another statement.",
        status=422,
        errors=[FieldError("layout_version", "layout_kind_mismatch", f"A {found} layout, not {expected}.")],
    )


def nothing_posted() -> DomainError:
    """A sign-off needs books to sign."""
    return DomainError(code="ledger_empty", title="Nothing has been posted yet.", status=409)


def idempotency_key_reused(what: str) -> Conflict:
    """An `Idempotency-Key` already used for a different request."""
    return Conflict(
        "idempotency_key_reused",
        f"This Idempotency-Key was used for a different {what}.",
        "Send a new key for a different request.",
    )
