"""Payments received: record one against invoices (the rest kept as customer credit), read it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.sales.schemas import DecimalIn
from shared_code.api.types import Cursor, Day, IdempotencyKey, Money, MoneyIn, RequestBody, ServicesDep
from shared_code.sales import payment_repository, payments
from shared_code.sales.model import PaymentMethod
from shared_code.sales.payment_repository import PaymentRow
from shared_code.sales.payments import AllocationRequest, PaymentRequest

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["sales"])

Read = Annotated[OrgContext, Depends(require_permission("invoices:read"))]
Record = Annotated[OrgContext, Depends(require_permission("payments:record"))]


class AllocationIn(RequestBody):
    """Part of the payment applied to one invoice."""

    invoice_id: UUID
    amount: MoneyIn


class PaymentIn(RequestBody):
    """A payment received."""

    customer_id: UUID
    method: PaymentMethod
    amount: MoneyIn
    allocations: list[AllocationIn] = Field(default_factory=list, max_length=200)
    payment_date: Day | None = None
    currency: str = Field(default="ZMW", max_length=3)
    exchange_rate: DecimalIn | None = None
    deposit_account_id: UUID | None = None
    reference: str = Field(default="", max_length=100)


class AllocationOut(BaseModel):
    """Part of a payment applied to one invoice."""

    invoice_id: UUID
    amount: Money


class PaymentOut(BaseModel):
    """A recorded payment."""

    id: UUID
    customer_id: UUID
    payment_date: date
    method: str
    amount: Money
    currency: str
    exchange_rate: Decimal
    unallocated: Money
    deposit_account_id: UUID
    reference: str
    journal_entry_id: UUID
    kind: str
    allocations: list[AllocationOut]


def _out(payment: PaymentRow, allocations: list[tuple[UUID, Decimal]]) -> PaymentOut:
    return PaymentOut(
        **payment.__dict__,
        allocations=[AllocationOut(invoice_id=i, amount=a) for i, a in allocations],
    )


@router.post("/payments", status_code=status.HTTP_201_CREATED, response_model=PaymentOut)
def record_payment(
    body: PaymentIn, ctx: Record, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> PaymentOut:
    """Record a payment and post it; an over-payment stays as the customer's credit."""
    request = PaymentRequest(
        customer_id=body.customer_id,
        method=body.method,
        amount=body.amount,
        allocations=tuple(AllocationRequest(a.invoice_id, a.amount) for a in body.allocations),
        payment_date=body.payment_date,
        currency=body.currency,
        exchange_rate=body.exchange_rate,
        deposit_account_id=body.deposit_account_id,
        reference=body.reference,
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        payment = payments.record_payment(
            uow, request, recorded_by=ctx.user_id, clock=services.clock, idempotency_key=idempotency_key
        )
        out = _out(payment, payment_repository.allocations_of(uow, payment.id))
        uow.commit()
    return out


class PaymentList(BaseModel):
    """A page of payments and refunds, newest first."""

    items: list[PaymentOut]
    next_cursor: str | None


@router.get("/payments", response_model=PaymentList)
def list_payments(
    ctx: Read,
    services: ServicesDep,
    customer_id: UUID | None = None,
    invoice_id: UUID | None = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PaymentList:
    """Payments and refunds, newest first, each with its allocations; one customer's, or
    those applied to one invoice."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = payments.list_payments(uow, customer_id=customer_id, invoice_id=invoice_id, cursor=cursor, limit=limit)
    return PaymentList(items=[_out(p.payment, p.allocations) for p in page.items], next_cursor=page.next_cursor)


@router.get("/payments/{payment_id}", response_model=PaymentOut)
def get_payment(payment_id: UUID, ctx: Read, services: ServicesDep) -> PaymentOut:
    """One payment with its allocations."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        payment = payments.get_payment(uow, payment_id)
        return _out(payment, payment_repository.allocations_of(uow, payment.id))


class ApplyCreditIn(RequestBody):
    """Unused credit of a payment applied to an invoice."""

    invoice_id: UUID
    amount: MoneyIn
    applied_on: Day | None = None


class RefundIn(RequestBody):
    """Unused credit of a payment paid back to the customer."""

    amount: MoneyIn
    paid_from_account_id: UUID | None = None
    refund_date: Day | None = None
    reference: str = Field(default="", max_length=100)


@router.post("/payments/{payment_id}/apply", response_model=PaymentOut)
def apply_credit(
    payment_id: UUID, body: ApplyCreditIn, ctx: Record, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> PaymentOut:
    """Apply the payment's unused credit (an earlier over-payment) to an invoice."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        payment = payments.apply_credit(
            uow,
            payment_id,
            invoice_id=body.invoice_id,
            amount=body.amount,
            on=body.applied_on,
            applied_by=ctx.user_id,
            clock=services.clock,
            idempotency_key=idempotency_key,
        )
        out = _out(payment, payment_repository.allocations_of(uow, payment.id))
        uow.commit()
    return out


@router.post("/payments/{payment_id}/refund", status_code=status.HTTP_201_CREATED, response_model=PaymentOut)
def refund_credit(
    payment_id: UUID, body: RefundIn, ctx: Record, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> PaymentOut:
    """Pay the payment's unused credit back to the customer; the refund is returned."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        refund = payments.refund_credit(
            uow,
            payment_id,
            amount=body.amount,
            paid_from=body.paid_from_account_id,
            on=body.refund_date,
            reference=body.reference,
            refunded_by=ctx.user_id,
            clock=services.clock,
            idempotency_key=idempotency_key,
        )
        uow.commit()
    return _out(refund, [])
