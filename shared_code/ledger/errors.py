"""The ledger's failures, each with the stable code its problem response carries."""

from __future__ import annotations

from shared_code.platform.errors import Conflict, DomainError, FieldError, NotFound


def rejected(errors: list[FieldError], title: str) -> DomainError:
    """A 422 listing every problem; its code is the first problem's, so a client that
    sent one mistake can branch on it directly (`entry_unbalanced`, `period_locked`, …)."""
    if not errors:
        raise ValueError("a rejection needs at least one problem")
    return DomainError(code=errors[0].code, title=title, status=422, errors=list(errors))


def entry_rejected(errors: list[FieldError]) -> DomainError:
    """A journal entry that cannot be posted; nothing was written."""
    return rejected(errors, "The journal entry cannot be posted.")


def account_rejected(errors: list[FieldError]) -> DomainError:
    """An account change that breaks the chart's rules; nothing was written."""
    return rejected(errors, "The account cannot be saved.")


def account_not_found() -> NotFound:
    """No such account in this organization."""
    return NotFound("account", code="account_not_found")


def entry_not_found() -> NotFound:
    """No such journal entry in this organization."""
    return NotFound("journal entry", code="journal_entry_not_found")


def conflict(code: str, title: str, detail: str | None = None) -> Conflict:
    """The ledger's current state forbids the change (409)."""
    return Conflict(code=code, title=title, detail=detail)
