"""Supplier payments across bills (tax withheld) and supplier credits against bills."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.sales.schemas import DecimalIn
from shared_code.api.types import Day, IdempotencyKey, Money, RequestBody, ServicesDep
from shared_code.purchases import settlements
from shared_code.purchases.model import PurchasePaymentMethod
from shared_code.purchases.settlement_repository import SupplierCredit, SupplierPayment
from shared_code.purchases.settlements import CreditRequest, PaymentRequest

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["purchases"])

Read = Annotated[OrgContext, Depends(require_permission("expenses:read"))]
Post = Annotated[OrgContext, Depends(require_permission("expenses:post"))]


class BillAllocationIn(RequestBody):
    """What a payment takes off one bill (cash plus tax withheld)."""

    bill_id: UUID
    amount: DecimalIn


class SupplierPaymentIn(RequestBody):
    """A payment to a supplier across its bills."""

    supplier_id: UUID
    allocations: list[BillAllocationIn] = Field(max_length=200)
    method: PurchasePaymentMethod
    payment_date: Day | None = None
    paid_from_account_id: UUID | None = None
    withhold_tax: bool | None = Field(
        default=None, description="Withhold the supplier's WHT; by default when it has a WHT type."
    )
    reference: str = Field(default="", max_length=100)


class BillAllocationOut(BaseModel):
    """One bill a payment paid."""

    bill_id: UUID
    amount: Money
    wht_amount: Money


class SupplierPaymentOut(BaseModel):
    """A payment to a supplier."""

    id: UUID
    number: str
    supplier_id: UUID
    payment_date: date
    method: str
    paid_from_account_id: UUID
    amount_cleared: Money
    wht_amount: Money
    wht_type: str | None
    amount_paid: Money
    reference: str
    journal_entry_id: UUID
    allocations: list[BillAllocationOut]


class SupplierPaymentList(BaseModel):
    """The latest payments."""

    items: list[SupplierPaymentOut]


def _payment_out(payment: SupplierPayment, allocations: list[tuple[UUID, Decimal, Decimal]]) -> SupplierPaymentOut:
    return SupplierPaymentOut(
        **payment.__dict__,
        allocations=[BillAllocationOut(bill_id=b, amount=a, wht_amount=w) for b, a, w in allocations],
    )


@router.post("/supplier-payments", status_code=status.HTTP_201_CREATED, response_model=SupplierPaymentOut)
def pay_supplier(
    body: SupplierPaymentIn, ctx: Post, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> SupplierPaymentOut:
    """Pay bills of one supplier: Dr 2010 per bill, Cr the bank with the cash, Cr 2240 with the WHT withheld."""
    request = PaymentRequest(
        supplier_id=body.supplier_id,
        allocations=tuple((a.bill_id, a.amount) for a in body.allocations),
        method=body.method,
        payment_date=body.payment_date,
        paid_from_account_id=body.paid_from_account_id,
        withhold_tax=body.withhold_tax,
        reference=body.reference,
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        payment = settlements.pay_supplier(
            uow, request, paid_by=ctx.user_id, clock=services.clock, idempotency_key=idempotency_key
        )
        out = _payment_out(*settlements.get_payment(uow, payment.id))
        uow.commit()
    return out


@router.get("/supplier-payments", response_model=SupplierPaymentList)
def list_payments(
    ctx: Read,
    services: ServicesDep,
    supplier_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> SupplierPaymentList:
    """The latest supplier payments, newest first."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        payments = settlements.list_payments(uow, supplier_id=supplier_id, limit=limit)
        return SupplierPaymentList(items=[_payment_out(*settlements.get_payment(uow, p.id)) for p in payments])


@router.get("/supplier-payments/{payment_id}", response_model=SupplierPaymentOut)
def get_payment(payment_id: UUID, ctx: Read, services: ServicesDep) -> SupplierPaymentOut:
    """One supplier payment and the bills it paid."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _payment_out(*settlements.get_payment(uow, payment_id))


class CreditIn(RequestBody):
    """A supplier's credit note against a posted bill."""

    bill_id: UUID
    amount: DecimalIn
    credit_date: Day | None = None
    reason: str = Field(default="", max_length=500)
    supplier_reference: str = Field(default="", max_length=100)


@router.post("/supplier-credits", status_code=status.HTTP_201_CREATED, response_model=SupplierCredit)
def record_supplier_credit(
    body: CreditIn, ctx: Post, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> SupplierCredit:
    """Take a supplier's credit off a posted bill (Dr 2010) and undo that share of the bill's entry."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        credit = settlements.record_supplier_credit(
            uow,
            CreditRequest(**body.model_dump()),
            recorded_by=ctx.user_id,
            clock=services.clock,
            idempotency_key=idempotency_key,
        )
        uow.commit()
    return credit


@router.get("/supplier-credits/{credit_id}", response_model=SupplierCredit)
def get_supplier_credit(credit_id: UUID, ctx: Read, services: ServicesDep) -> SupplierCredit:
    """One supplier credit."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return settlements.get_credit(uow, credit_id)
