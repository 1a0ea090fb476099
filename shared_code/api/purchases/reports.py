"""The payables aging (what is owed to each supplier by days past due) and spending by category or supplier."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Day, ServicesDep
from shared_code.platform.clock import today_in_zambia
from shared_code.purchases import spending, statements
from shared_code.purchases.spending import SpendingGroup, SpendingReport
from shared_code.purchases.statements import PayablesAging

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["purchases"])

Read = Annotated[OrgContext, Depends(require_permission("suppliers:read"))]
ReadExpenses = Annotated[OrgContext, Depends(require_permission("expenses:read"))]


@router.get("/reports/payables-aging", response_model=PayablesAging)
def payables_aging(ctx: Read, services: ServicesDep, as_of: Annotated[Day | None, Query()] = None) -> PayablesAging:
    """Unpaid posted bills of every supplier, by days past due (current, 1-30, 31-60, 61-90, over 90)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return statements.payables_aging(uow, as_of=as_of or today_in_zambia(services.clock))


@router.get("/reports/spending", response_model=SpendingReport)
def spending_report(
    ctx: ReadExpenses,
    services: ServicesDep,
    by: Literal["category", "supplier"] = "category",
    date_from: Annotated[Day | None, Query(alias="from")] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
) -> SpendingReport:
    """What posted expenses and bills dated in the period cost, by category or by supplier, largest first.
    The period defaults to this month so far; at most five years (422 `date_range_too_long`)."""
    today = today_in_zambia(services.clock)
    last = date_to or today
    first = date_from or last.replace(day=1)
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return spending.spending(uow, date_from=first, date_to=last, group=SpendingGroup(by))
