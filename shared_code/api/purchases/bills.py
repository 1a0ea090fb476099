"""Bills (on credit): drafts (CRUD), submit, approve or reject, post, void."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status

from shared_code.api.approvals.requests import durable_client_or_none as approval_client
from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.purchases.schemas import (
    PurchaseIn,
    PurchaseList,
    PurchaseOut,
    PurchasePreviewOut,
    RejectIn,
    preview_out,
    purchase_out,
    summary_out,
)
from shared_code.api.types import Cursor, Day, IdempotencyKey, ServicesDep
from shared_code.approvals import hooks as approval_hooks
from shared_code.approvals import starting as approval_starting
from shared_code.purchases import purchasing
from shared_code.purchases.model import PurchaseKind
from shared_code.purchases.purchase_repository import PurchaseFilter

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["purchases"])

Read = Annotated[OrgContext, Depends(require_permission("expenses:read"))]
Create = Annotated[OrgContext, Depends(require_permission("expenses:create"))]
Approve = Annotated[OrgContext, Depends(require_permission("expenses:approve"))]
Post = Annotated[OrgContext, Depends(require_permission("expenses:post"))]
KIND = PurchaseKind.BILL


@router.post("/bills/preview", response_model=PurchasePreviewOut)
def preview_bill(body: PurchaseIn, ctx: Create, services: ServicesDep) -> PurchasePreviewOut:
    """Compute a bill's lines, totals and VAT decision with the server's tax engine; nothing is saved."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        computed = purchasing.preview_purchase(uow, body.request(KIND), drafted_by=ctx.user_id, clock=services.clock)
    return preview_out(computed)


@router.post("/bills", status_code=status.HTTP_201_CREATED, response_model=PurchaseOut)
def create_bill(
    body: PurchaseIn, ctx: Create, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> PurchaseOut:
    """Save a draft bill. With an `Idempotency-Key`, a retry returns the first draft."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        purchase = purchasing.create_draft(
            uow, body.request(KIND), created_by=ctx.user_id, clock=services.clock, idempotency_key=idempotency_key
        )
        uow.commit()
    return purchase_out(purchase)


@router.get("/bills", response_model=PurchaseList)
def list_bills(
    ctx: Read,
    services: ServicesDep,
    status_filter: Annotated[
        Literal["draft", "submitted", "approved", "posted", "unpaid", "partly_paid", "paid", "void"] | None,
        Query(alias="status"),
    ] = None,
    supplier_id: UUID | None = None,
    category_id: UUID | None = None,
    date_from: Annotated[Day | None, Query(alias="from")] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
    claimable_vat: bool | None = None,
    has_receipt: bool | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PurchaseList:
    """Bills (on credit), newest first; filter by status, supplier, category, dates, claimed VAT, receipt, search."""
    where = PurchaseFilter(
        kind=KIND,
        status=status_filter,
        supplier_id=supplier_id,
        category_id=category_id,
        date_from=date_from,
        date_to=date_to,
        claimable_vat=claimable_vat,
        has_receipt=has_receipt,
        search=(q or "").strip() or None,
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = purchasing.list_purchases(uow, where, cursor=cursor, limit=limit)
    return PurchaseList(items=[summary_out(p) for p in page.items], next_cursor=page.next_cursor)


@router.get("/bills/{purchase_id}", response_model=PurchaseOut)
def get_bill(purchase_id: UUID, ctx: Read, services: ServicesDep) -> PurchaseOut:
    """One bill with its lines, totals and VAT decision."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return purchase_out(purchasing.get_purchase(uow, KIND, purchase_id))


@router.put("/bills/{purchase_id}", response_model=PurchaseOut)
def replace_bill(purchase_id: UUID, body: PurchaseIn, ctx: Create, services: ServicesDep) -> PurchaseOut:
    """Replace a draft; 409 once submitted, and `bill_posted` once posted (void it or credit it instead)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        purchase = purchasing.update_draft(
            uow, purchase_id, body.request(KIND), updated_by=ctx.user_id, clock=services.clock
        )
        uow.commit()
    return purchase_out(purchase)


@router.delete("/bills/{purchase_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
def delete_bill(purchase_id: UUID, ctx: Create, services: ServicesDep) -> Response:
    """Delete a draft (anything further along is voided instead)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        purchasing.delete_draft(uow, KIND, purchase_id)
        uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/bills/{purchase_id}/submit", response_model=PurchaseOut)
def submit_bill(purchase_id: UUID, ctx: Create, services: ServicesDep) -> PurchaseOut:
    """Submit a draft for approval (checked again as it is now)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        purchase = purchasing.submit_purchase(uow, KIND, purchase_id, submitted_by=ctx.user_id, clock=services.clock)
        started = approval_hooks.on_submitted(
            uow, purchase, submitted_by=ctx.user_id, clock=services.clock, base_url=services.settings.public_base_url
        )
        uow.commit()
    if started is not None:
        approval_starting.start_from_sync(approval_client(), started, ctx.organization_id)
    return purchase_out(purchase)


@router.post("/bills/{purchase_id}/approve", response_model=PurchaseOut)
def approve_bill(purchase_id: UUID, ctx: Approve, services: ServicesDep) -> PurchaseOut:
    """Approve a submitted bill; nobody approves what they drafted or submitted (403 `approval_by_submitter`)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        approval_hooks.ensure_direct_decision_allowed(uow, purchase_id)
        purchase = purchasing.approve_purchase(uow, KIND, purchase_id, approved_by=ctx.user_id, clock=services.clock)
        uow.commit()
    return purchase_out(purchase)


@router.post("/bills/{purchase_id}/reject", response_model=PurchaseOut)
def reject_bill(purchase_id: UUID, body: RejectIn, ctx: Approve, services: ServicesDep) -> PurchaseOut:
    """Send a submitted bill back to draft with the reason."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        approval_hooks.ensure_direct_decision_allowed(uow, purchase_id)
        purchase = purchasing.reject_purchase(uow, KIND, purchase_id, rejected_by=ctx.user_id, reason=body.reason)
        uow.commit()
    return purchase_out(purchase)


@router.post("/bills/{purchase_id}/post", response_model=PurchaseOut)
def post_bill(purchase_id: UUID, ctx: Post, services: ServicesDep) -> PurchaseOut:
    """Number an approved bill and post it to the ledger in one transaction (repeating it changes nothing)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        purchase = purchasing.post_purchase(uow, KIND, purchase_id, posted_by=ctx.user_id, clock=services.clock)
        uow.commit()
    return purchase_out(purchase)


@router.post("/bills/{purchase_id}/void", response_model=PurchaseOut)
def void_bill(purchase_id: UUID, ctx: Post, services: ServicesDep) -> PurchaseOut:
    """Void a bill; a posted one is reversed in the ledger."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        purchase = purchasing.void_purchase(uow, KIND, purchase_id, voided_by=ctx.user_id, clock=services.clock)
        uow.commit()
    return purchase_out(purchase)
