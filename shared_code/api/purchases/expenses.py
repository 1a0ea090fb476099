"""Expenses (paid now): drafts (CRUD), submit, approve or reject, post, void, reimburse staff."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from shared_code.api.purchases.lifecycle import Kind, Post, add_lifecycle_routes
from shared_code.api.purchases.schemas import PurchaseOut, purchase_out
from shared_code.api.types import Day, RequestBody, ServicesDep
from shared_code.purchases import purchasing
from shared_code.purchases.model import PurchaseKind

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["purchases"])

KIND = PurchaseKind.EXPENSE


add_lifecycle_routes(router, Kind(PurchaseKind.EXPENSE, noun="expense", article="an", listed="Expenses (paid now)"))


class ReimburseIn(RequestBody):
    """Where the money to pay the member of staff back came from, and when."""

    paid_from_account_id: UUID
    reimbursed_on: Day | None = None


@router.post("/expenses/{purchase_id}/reimburse", response_model=PurchaseOut)
def reimburse_expense(purchase_id: UUID, body: ReimburseIn, ctx: Post, services: ServicesDep) -> PurchaseOut:
    """Pay back the member of staff who paid a posted expense (Dr 2020, Cr the account); once only."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        purchasing.reimburse_staff(
            uow,
            purchase_id,
            paid_from=body.paid_from_account_id,
            on=body.reimbursed_on,
            paid_by=ctx.user_id,
            clock=services.clock,
        )
        purchase = purchasing.get_purchase(uow, KIND, purchase_id)
        uow.commit()
    return purchase_out(purchase)
