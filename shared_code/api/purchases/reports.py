"""The payables aging: what is owed to each supplier by days past due."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Day, ServicesDep
from shared_code.platform.clock import today_in_zambia
from shared_code.purchases import statements
from shared_code.purchases.statements import PayablesAging

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["purchases"])

Read = Annotated[OrgContext, Depends(require_permission("suppliers:read"))]


@router.get("/reports/payables-aging", response_model=PayablesAging)
def payables_aging(ctx: Read, services: ServicesDep, as_of: Annotated[Day | None, Query()] = None) -> PayablesAging:
    """Unpaid posted bills of every supplier, by days past due (current, 1-30, 31-60, 61-90, over 90)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return statements.payables_aging(uow, as_of=as_of or today_in_zambia(services.clock))
