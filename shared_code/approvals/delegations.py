"""Delegation: an approver hands their approvals to another member for a date range.

The delegate must hold `expenses:approve`; no delegating to oneself, no chains (a delegate
who delegates, or a delegator who is someone's delegate, over the same days) and so no cycles,
no two delegations of one approver over the same days."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from shared_code.approvals import approval_repository as repo
from shared_code.approvals.errors import delegation_not_found, rejected
from shared_code.approvals.policies import directory
from shared_code.platform.clock import Clock
from shared_code.platform.db import Row, UnitOfWork
from shared_code.platform.errors import DomainError, FieldError
from shared_code.platform.ids import new_id

MAX_DAYS = 366


def delegate_approvals(
    uow: UnitOfWork, *, delegator: UUID, delegate: UUID, starts_on: date, ends_on: date, by: UUID
) -> Row:
    """Store a delegation; 422 with a stable code for each way it can be wrong, nothing written."""
    team = directory(uow)
    problems: list[FieldError] = []
    if delegate == delegator:
        problems.append(FieldError("delegate_id", "delegation_to_self", "You cannot delegate to yourself."))
    elif delegate not in team.role_of:
        problems.append(FieldError("delegate_id", "unknown_member", "No such member."))
    elif delegate not in team.can_approve:
        problems.append(FieldError("delegate_id", "delegate_lacks_permission", "The delegate cannot approve expenses."))
    if ends_on < starts_on:
        problems.append(FieldError("ends_on", "ends_before_start", "The end is before the start."))
    elif (ends_on - starts_on).days >= MAX_DAYS:
        problems.append(FieldError("ends_on", "too_long", f"At most {MAX_DAYS} days."))
    if problems:
        raise rejected(problems, "The delegation is not valid.")
    for row in repo.overlapping(uow, [delegator, delegate], starts_on, ends_on):
        if row["delegator"] == delegator:
            raise rejected([FieldError("starts_on", "delegation_overlaps", "You already delegate over these days.")])
        raise rejected(
            [FieldError("delegate_id", "delegation_chain", "Delegations cannot be chained over the same days.")]
        )
    delegation_id = new_id()
    repo.insert_delegation(
        uow,
        delegation_id=delegation_id,
        delegator=delegator,
        delegate=delegate,
        starts_on=starts_on,
        ends_on=ends_on,
        by=by,
    )
    stored = repo.delegation(uow, delegation_id)
    assert stored is not None
    return stored


def revoke(uow: UnitOfWork, delegation_id: UUID, *, actor: UUID, may_manage: bool, clock: Clock) -> None:
    """End a delegation (its delegator, or someone with `approvals:manage`)."""
    row = repo.delegation(uow, delegation_id)
    if row is None or row["revoked_at"] is not None:
        raise delegation_not_found()
    if row["delegator"] != actor and not may_manage:
        raise DomainError(code="not_your_delegation", title="Only the delegator can end it.", status=403)
    repo.revoke_delegation(uow, delegation_id, clock.now())
