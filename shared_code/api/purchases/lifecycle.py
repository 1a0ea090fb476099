"""The routes an expense and a bill share: drafts (CRUD), preview, submit, approve or reject,
post, void. `expenses.py` and `bills.py` each add them for their kind (and the expense its
reimbursement); the operation names and texts are the kind's own, as if written out twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal
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

Read = Annotated[OrgContext, Depends(require_permission("expenses:read"))]
Create = Annotated[OrgContext, Depends(require_permission("expenses:create"))]
Approve = Annotated[OrgContext, Depends(require_permission("expenses:approve"))]
Post = Annotated[OrgContext, Depends(require_permission("expenses:post"))]

StatusFilter = Literal["draft", "submitted", "approved", "posted", "unpaid", "partly_paid", "paid", "void"]


@dataclass(frozen=True)
class Kind:
    """How the routes of one kind of purchase are named and described."""

    kind: PurchaseKind
    noun: str
    """`expense` or `bill`: the operations are `create_expense`, `list_bills`, …"""
    article: str
    """`an` or `a`."""
    listed: str
    """What the list holds, for its description (`Expenses (paid now)`)."""

    @property
    def plural(self) -> str:
        return f"{self.noun}s"


def _route(
    router: APIRouter, kind: Kind, method: str, path: str, name: str, doc: str, **options: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        endpoint.__doc__ = doc
        router.add_api_route(f"/{kind.plural}{path}", endpoint, methods=[method], name=name, **options)
        return endpoint

    return register


def add_lifecycle_routes(router: APIRouter, kind: Kind) -> None:
    """Add the shared routes for `kind` to `router`."""
    noun, a_noun, k = kind.noun, f"{kind.article} {kind.noun}", kind.kind

    @_route(
        router,
        kind,
        "POST",
        "/preview",
        f"preview_{noun}",
        f"Compute {a_noun}'s lines, totals and VAT decision with the server's tax engine; nothing is saved.",
        response_model=PurchasePreviewOut,
    )
    def preview(body: PurchaseIn, ctx: Create, services: ServicesDep) -> PurchasePreviewOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            computed = purchasing.preview_purchase(uow, body.request(k), drafted_by=ctx.user_id, clock=services.clock)
        return preview_out(computed)

    @_route(
        router,
        kind,
        "POST",
        "",
        f"create_{noun}",
        f"Save a draft {noun}. With an `Idempotency-Key`, a retry returns the first draft.",
        status_code=status.HTTP_201_CREATED,
        response_model=PurchaseOut,
    )
    def create(
        body: PurchaseIn, ctx: Create, services: ServicesDep, idempotency_key: IdempotencyKey = None
    ) -> PurchaseOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            purchase = purchasing.create_draft(
                uow, body.request(k), created_by=ctx.user_id, clock=services.clock, idempotency_key=idempotency_key
            )
            uow.commit()
        return purchase_out(purchase)

    @_route(
        router,
        kind,
        "GET",
        "",
        f"list_{kind.plural}",
        f"{kind.listed}, newest first; filter by status, supplier, category, dates, claimed VAT, receipt, search.",
        response_model=PurchaseList,
    )
    def list_all(
        ctx: Read,
        services: ServicesDep,
        status_filter: Annotated[StatusFilter | None, Query(alias="status")] = None,
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
        where = PurchaseFilter(
            kind=k,
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

    @_route(
        router,
        kind,
        "GET",
        "/{purchase_id}",
        f"get_{noun}",
        f"One {noun} with its lines, totals and VAT decision.",
        response_model=PurchaseOut,
    )
    def get(purchase_id: UUID, ctx: Read, services: ServicesDep) -> PurchaseOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            return purchase_out(purchasing.get_purchase(uow, k, purchase_id))

    @_route(
        router,
        kind,
        "PUT",
        "/{purchase_id}",
        f"replace_{noun}",
        f"Replace a draft; 409 once submitted, and `{noun}_posted` once posted (void it or credit it instead).",
        response_model=PurchaseOut,
    )
    def replace(purchase_id: UUID, body: PurchaseIn, ctx: Create, services: ServicesDep) -> PurchaseOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            purchase = purchasing.update_draft(
                uow, purchase_id, body.request(k), updated_by=ctx.user_id, clock=services.clock
            )
            uow.commit()
        return purchase_out(purchase)

    @_route(
        router,
        kind,
        "DELETE",
        "/{purchase_id}",
        f"delete_{noun}",
        "Delete a draft (anything further along is voided instead).",
        status_code=status.HTTP_204_NO_CONTENT,
        response_class=Response,
    )
    def delete(purchase_id: UUID, ctx: Create, services: ServicesDep) -> Response:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            purchasing.delete_draft(uow, k, purchase_id)
            uow.commit()
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @_route(
        router,
        kind,
        "POST",
        "/{purchase_id}/submit",
        f"submit_{noun}",
        "Submit a draft for approval (checked again as it is now).",
        response_model=PurchaseOut,
    )
    def submit(purchase_id: UUID, ctx: Create, services: ServicesDep) -> PurchaseOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            purchase = purchasing.submit_purchase(uow, k, purchase_id, submitted_by=ctx.user_id, clock=services.clock)
            started = approval_hooks.on_submitted(
                uow,
                purchase,
                submitted_by=ctx.user_id,
                clock=services.clock,
                base_url=services.settings.public_base_url,
            )
            uow.commit()
        if started is not None:
            approval_starting.start_from_sync(approval_client(), started, ctx.organization_id)
        return purchase_out(purchase)

    @_route(
        router,
        kind,
        "POST",
        "/{purchase_id}/approve",
        f"approve_{noun}",
        f"Approve a submitted {noun}; nobody approves what they drafted or submitted (403 `approval_by_submitter`).",
        response_model=PurchaseOut,
    )
    def approve(purchase_id: UUID, ctx: Approve, services: ServicesDep) -> PurchaseOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            approval_hooks.ensure_direct_decision_allowed(uow, purchase_id)
            purchase = purchasing.approve_purchase(uow, k, purchase_id, approved_by=ctx.user_id, clock=services.clock)
            uow.commit()
        return purchase_out(purchase)

    @_route(
        router,
        kind,
        "POST",
        "/{purchase_id}/reject",
        f"reject_{noun}",
        f"Send a submitted {noun} back to draft with the reason.",
        response_model=PurchaseOut,
    )
    def reject(purchase_id: UUID, body: RejectIn, ctx: Approve, services: ServicesDep) -> PurchaseOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            approval_hooks.ensure_direct_decision_allowed(uow, purchase_id)
            purchase = purchasing.reject_purchase(uow, k, purchase_id, rejected_by=ctx.user_id, reason=body.reason)
            uow.commit()
        return purchase_out(purchase)

    @_route(
        router,
        kind,
        "POST",
        "/{purchase_id}/post",
        f"post_{noun}",
        f"Number an approved {noun} and post it to the ledger in one transaction (repeating it changes nothing).",
        response_model=PurchaseOut,
    )
    def post(purchase_id: UUID, ctx: Post, services: ServicesDep) -> PurchaseOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            purchase = purchasing.post_purchase(uow, k, purchase_id, posted_by=ctx.user_id, clock=services.clock)
            uow.commit()
        return purchase_out(purchase)

    @_route(
        router,
        kind,
        "POST",
        "/{purchase_id}/void",
        f"void_{noun}",
        f"Void {a_noun}; a posted one is reversed in the ledger.",
        response_model=PurchaseOut,
    )
    def void(purchase_id: UUID, ctx: Post, services: ServicesDep) -> PurchaseOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            purchase = purchasing.void_purchase(uow, k, purchase_id, voided_by=ctx.user_id, clock=services.clock)
            uow.commit()
        return purchase_out(purchase)
