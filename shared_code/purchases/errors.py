"""Purchases failures, each with the stable code its problem response carries."""

from __future__ import annotations

from shared_code.platform.errors import Conflict, DomainError, FieldError, NotFound


def rejected(errors: list[FieldError], title: str) -> DomainError:
    """A 422 listing every problem; its code is the first problem's; nothing was written."""
    if not errors:
        raise ValueError("a rejection needs at least one problem")
    return DomainError(code=errors[0].code, title=title, status=422, errors=list(errors))


def supplier_not_found() -> NotFound:
    """No such supplier in this organization."""
    return NotFound("supplier", code="supplier_not_found")


def category_not_found() -> NotFound:
    """No such expense category in this organization."""
    return NotFound("expense category", code="expense_category_not_found")


def purchase_not_found(kind: str) -> NotFound:
    """No such expense or bill in this organization."""
    return NotFound(kind, code=f"{kind}_not_found")


def payment_not_found() -> NotFound:
    """No such supplier payment."""
    return NotFound("supplier payment", code="supplier_payment_not_found")


def credit_not_found() -> NotFound:
    """No such supplier credit."""
    return NotFound("supplier credit", code="supplier_credit_not_found")


def action_not_allowed(kind: str, status: str, action: str) -> Conflict:
    """The document's status does not allow `action` (409)."""
    if action == "edit" and status == "posted":
        return Conflict(
            f"{kind}_posted",
            f"A posted {kind} cannot be changed.",
            "Correct it by voiding it (a reversal) or, for a bill, with a supplier credit.",
        )
    return Conflict(f"{kind}_not_{_state_for(action)}", f"A {status} {kind} cannot be {_past(action)}.")


_EXPECTED_STATE = {
    "edit": "draft",
    "submit": "draft",
    "approve": "submitted",
    "reject": "submitted",
    "post": "approved",
}
_PAST = {"edit": "changed", "submit": "submitted", "approve": "approved", "reject": "rejected", "post": "posted"}


def _state_for(action: str) -> str:
    return _EXPECTED_STATE.get(action, "voidable")


def _past(action: str) -> str:
    return _PAST.get(action, "voided")


def own_approval() -> DomainError:
    """Nobody approves what they drafted or submitted themselves (403)."""
    return DomainError(
        code="approval_by_submitter",
        title="You cannot approve your own expense.",
        status=403,
        detail="Ask another member with the expenses:approve permission.",
    )
