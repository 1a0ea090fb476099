"""What purchases' routes call: start an approval when a purchase is submitted (if the policy is
on), and refuse the direct approve/reject while the workflow owns the decision."""

from __future__ import annotations

from uuid import UUID

from shared_code.approvals import approval_repository as repo
from shared_code.approvals.errors import workflow_active
from shared_code.approvals.requests import Started, start_for_purchase
from shared_code.platform.clock import Clock
from shared_code.platform.db import UnitOfWork
from shared_code.purchases.model import Purchase


def on_submitted(
    uow: UnitOfWork, purchase: Purchase, *, submitted_by: UUID, clock: Clock, base_url: str
) -> Started | None:
    """Open an approval round in the submission's transaction when the organization's policy is on."""
    return start_for_purchase(uow, purchase, submitted_by=submitted_by, clock=clock, base_url=base_url)


def ensure_direct_decision_allowed(uow: UnitOfWork, purchase_id: UUID) -> None:
    """409 `approval_workflow_active` while an approval request of the purchase is open."""
    request = repo.request_for_purchase(uow, purchase_id)
    if request is not None and request["status"] == "open":
        raise workflow_active()
