"""The approval policy: read it, store a new version, list versions, simulate a route."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends

from shared_code.api.approvals.schemas import (
    PolicyIn,
    PolicyOut,
    PolicyVersionList,
    PolicyVersionOut,
    SimulatedStep,
    SimulateIn,
    SimulateOut,
)
from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import ServicesDep
from shared_code.approvals import policies
from shared_code.approvals.model import Subject, policy_to_dict

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["approvals"])

Read = Annotated[OrgContext, Depends(require_permission("expenses:read"))]
Manage = Annotated[OrgContext, Depends(require_permission("approvals:manage"))]


@router.get("/approval-policy", response_model=PolicyOut)
def get_policy(ctx: Read, services: ServicesDep) -> PolicyOut:
    """The policy in force (version 0 is the built-in default: off, owners approve)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        policy = policies.current_policy(uow)
    return PolicyOut.model_validate(policy_to_dict(policy))


@router.put("/approval-policy", response_model=PolicyOut)
def put_policy(body: PolicyIn, ctx: Manage, services: ServicesDep) -> PolicyOut:
    """Store the policy as a new version; requests in flight keep theirs. 422 with a stable code
    for a policy without a default rule, a rule without approvers, a minimum above the maximum,
    an unknown category, role or member; nothing is written then."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        policy = policies.save_policy(uow, body.model_dump(mode="json"), saved_by=ctx.user_id)
        uow.commit()
    return PolicyOut.model_validate(policy_to_dict(policy))


@router.get("/approval-policy/versions", response_model=PolicyVersionList)
def policy_versions(ctx: Manage, services: ServicesDep) -> PolicyVersionList:
    """Every stored version, newest first."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        history = policies.policy_history(uow)
    return PolicyVersionList(
        items=[
            PolicyVersionOut.model_validate({**policy_to_dict(p), "created_by": by, "created_at": at})
            for p, by, at in history
        ]
    )


@router.post("/approval-policy/simulate", response_model=SimulateOut)
def simulate(body: SimulateIn, ctx: Read, services: ServicesDep) -> SimulateOut:
    """Who would approve this document, under the policy in force or the one sent (not stored)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        candidate = policies.parse_and_check(uow, body.policy.model_dump(mode="json")) if body.policy else None
        route = policies.simulate_route(
            uow,
            Subject(
                document_type=body.document_type,
                amount=Decimal(body.amount),
                categories=tuple(body.categories),
                supplier=body.supplier_id,
                payment_method=body.payment_method,
                submitter_role=policies.directory(uow).role_of.get(body.submitter_id) if body.submitter_id else None,
            ),
            submitter=body.submitter_id,
            policy=candidate,
        )
    return SimulateOut(
        rule=route.rule.name,
        steps=[
            SimulatedStep(name=step.name, quorum=step.quorum.value, approver_ids=list(ids))
            for step, ids in zip(route.rule.steps, route.approvers, strict=True)
        ],
    )
