"""Delegations: hand your approvals to another member for a date range; list; end one."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status

from shared_code.api.approvals.schemas import DelegationIn, DelegationList, DelegationOut
from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import ServicesDep
from shared_code.approvals import approval_repository, delegations
from shared_code.platform.errors import DomainError

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["approvals"])

Approve = Annotated[OrgContext, Depends(require_permission("expenses:approve"))]
MANAGE = "approvals:manage"


@router.get("/approval-delegations", response_model=DelegationList)
def list_delegations(ctx: Approve, services: ServicesDep) -> DelegationList:
    """Live delegations: the caller's given and received (everyone's with approvals:manage)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        rows = approval_repository.delegations(uow, involving=None if MANAGE in ctx.permissions else ctx.user_id)
    return DelegationList(items=[DelegationOut.model_validate(r) for r in rows])


@router.post("/approval-delegations", status_code=status.HTTP_201_CREATED, response_model=DelegationOut)
def create_delegation(body: DelegationIn, ctx: Approve, services: ServicesDep) -> DelegationOut:
    """Delegate; 422 `delegation_to_self`, `delegate_lacks_permission`, `delegation_overlaps`,
    `delegation_chain`; nothing is written then."""
    delegator = body.delegator_id or ctx.user_id
    if delegator != ctx.user_id and MANAGE not in ctx.permissions:
        raise DomainError(code="forbidden", title="You may only delegate your own approvals.", status=403)
    with services.db.unit_of_work(ctx.organization_id) as uow:
        row = delegations.delegate_approvals(
            uow,
            delegator=delegator,
            delegate=body.delegate_id,
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            by=ctx.user_id,
        )
        uow.commit()
    return DelegationOut.model_validate(row)


@router.delete("/approval-delegations/{delegation_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
def end_delegation(delegation_id: UUID, ctx: Approve, services: ServicesDep) -> Response:
    """End a delegation (its delegator, or someone with approvals:manage)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        delegations.revoke(
            uow, delegation_id, actor=ctx.user_id, may_manage=MANAGE in ctx.permissions, clock=services.clock
        )
        uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
