"""Approval failures, each with the stable code its problem response carries."""

from __future__ import annotations

from shared_code.platform.errors import Conflict, DomainError, FieldError, NotFound


def rejected(errors: list[FieldError], title: str = "The request is not valid.") -> DomainError:
    """A 422 listing every problem; its code is the first problem's; nothing was written."""
    if not errors:
        raise ValueError("a rejection needs at least one problem")
    return DomainError(code=errors[0].code, title=title, status=422, errors=list(errors))


def request_not_found() -> NotFound:
    """No such approval request in this organization."""
    return NotFound("approval request", code="approval_not_found")


def delegation_not_found() -> NotFound:
    """No such delegation."""
    return NotFound("delegation", code="delegation_not_found")


def self_approval_forbidden() -> DomainError:
    """Nobody decides their own request (403)."""
    return DomainError(
        code="self_approval_forbidden",
        title="You cannot decide your own request.",
        status=403,
        detail="Another approver must decide it.",
    )


def not_an_approver() -> DomainError:
    """The caller is not an approver of the open step, nor anyone's delegate for it (403)."""
    return DomainError(code="not_an_approver", title="You are not an approver of this step.", status=403)


def step_already_decided() -> Conflict:
    """The step was decided already, or the caller's version is stale (409)."""
    return Conflict(
        "step_already_decided",
        "This step was already decided.",
        "Reload the request to see its current state.",
    )


def not_withdrawable() -> Conflict:
    """Only an open request can be withdrawn (409)."""
    return Conflict("approval_not_open", "Only an open request can be withdrawn.")


def only_submitter_withdraws() -> DomainError:
    """Only the submitter withdraws (403)."""
    return DomainError(code="not_the_submitter", title="Only the submitter can withdraw a request.", status=403)


def workflow_active() -> Conflict:
    """The document is under an approval workflow; decide it there (409)."""
    return Conflict(
        "approval_workflow_active",
        "This document is being approved through the approval workflow.",
        "Decide it at /approvals.",
    )
