"""Approval requests: list (waiting for me, submitted by me, all), read with the timeline,
decide, decide in bulk, withdraw.

A decision is stored first (in the request's transaction, version checked) and only then is
the request's orchestration woken; the orchestration acts on the stored state."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from shared_code.api.approvals.schemas import (
    ApprovalDetail,
    ApprovalList,
    ApprovalOut,
    BulkDecisionIn,
    BulkDecisionResult,
    BulkOut,
    DecisionIn,
    DecisionOut,
    EventOut,
    WithdrawIn,
    approval_out,
    step_out,
)
from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.dependencies import get_durable_client
from shared_code.api.types import ServicesDep
from shared_code.approvals import approval_repository, requests, starting
from shared_code.approvals.errors import request_not_found
from shared_code.platform.errors import DomainError

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["approvals"])

Read = Annotated[OrgContext, Depends(require_permission("expenses:read"))]
Create = Annotated[OrgContext, Depends(require_permission("expenses:create"))]
Approve = Annotated[OrgContext, Depends(require_permission("expenses:approve"))]


def durable_client_or_none() -> Any:
    """The durable client if there is one (none: the resume hook and the sweeper catch up)."""
    try:
        return get_durable_client()
    except DomainError:
        return None


_client = durable_client_or_none


@router.get("/approvals", response_model=ApprovalList)
def list_approvals(
    ctx: Read,
    services: ServicesDep,
    waiting_for: Annotated[Literal["me"] | None, Query()] = None,
    submitted_by: Annotated[Literal["me"] | None, Query()] = None,
    status: Annotated[
        Literal["open", "approved", "rejected", "sent_back", "withdrawn", "posted"] | None, Query()
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ApprovalList:
    """Requests, newest first: `waiting_for=me` those whose open step the caller (or whoever
    delegated to them) has still to decide; `submitted_by=me` the caller's own."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        rows = approval_repository.list_requests(
            uow,
            waiting_for=requests.waiting_for(uow, ctx.user_id, services.clock) if waiting_for else None,
            submitted_by=ctx.user_id if submitted_by else None,
            status=status,
            limit=limit,
        )
    return ApprovalList(items=[approval_out(r) for r in rows])


@router.get("/approvals/{request_id}", response_model=ApprovalDetail)
def get_approval(request_id: UUID, ctx: Read, services: ServicesDep) -> ApprovalDetail:
    """A request with its chain step by step, every decision and the timeline (reading decides nothing)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        detail = requests.request_detail(uow, request_id)
    return ApprovalDetail.model_validate(
        {
            **approval_out(dict(detail)).model_dump(),
            "steps": [step_out(s) for s in detail["steps"]],
            "decisions": [DecisionOut.model_validate(d) for d in detail["decisions"]],
            "events": [EventOut.model_validate(e) for e in detail["events"]],
        }
    )


def _decide(ctx: OrgContext, services: Any, request_id: UUID, body: DecisionIn) -> dict[str, Any]:
    with services.db.unit_of_work(ctx.organization_id) as uow:
        row = requests.decide(
            uow,
            request_id,
            actor=ctx.user_id,
            decision=body.decision,
            comment=body.comment,
            expected_version=body.expected_version,
            clock=services.clock,
            base_url=services.settings.public_base_url,
        )
        uow.commit()
    return dict(row)


@router.post("/approvals/{request_id}/decision", response_model=ApprovalOut)
async def decide(request_id: UUID, body: DecisionIn, ctx: Approve, services: ServicesDep) -> ApprovalOut:
    """Approve, reject (reason required) or send back the open step. 403 `self_approval_forbidden`
    for one's own request, 409 `step_already_decided` for a decided step or a stale version."""
    row = await asyncio.to_thread(_decide, ctx, services, request_id, body)
    await starting.wake(_client(), row["id"], row["round"], ctx.organization_id)
    return approval_out(row)


@router.post("/approvals/bulk-decision", response_model=BulkOut)
async def bulk_decide(body: BulkDecisionIn, ctx: Approve, services: ServicesDep) -> BulkOut:
    """Decide up to 100 requests alike, each in its own transaction; a result per item."""

    def run() -> list[BulkDecisionResult]:
        results = []
        for request_id in dict.fromkeys(body.request_ids):
            try:
                row = _decide(ctx, services, request_id, DecisionIn(decision=body.decision, comment=body.comment))
                results.append(BulkDecisionResult(request_id=request_id, status=200, request=approval_out(row)))
            except DomainError as error:
                results.append(BulkDecisionResult(request_id=request_id, status=error.status, code=error.code))
        return results

    results = await asyncio.to_thread(run)
    client = _client()
    for item in results:
        if item.request is not None:
            await starting.wake(client, item.request.id, item.request.round, ctx.organization_id)
    return BulkOut(results=results)


@router.post("/approvals/{request_id}/withdraw", response_model=ApprovalOut)
async def withdraw(request_id: UUID, body: WithdrawIn, ctx: Create, services: ServicesDep) -> ApprovalOut:
    """The submitter takes an open request back; the purchase returns to draft."""

    def run() -> dict[str, Any]:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            if approval_repository.request(uow, request_id) is None:
                raise request_not_found()
            row = requests.withdraw(uow, request_id, actor=ctx.user_id, comment=body.comment, clock=services.clock)
            uow.commit()
        return dict(row)

    row = await asyncio.to_thread(run)
    await starting.wake(_client(), row["id"], row["round"], ctx.organization_id)
    return approval_out(row)
