"""Categorisation rules: counterparty, text, amount range and direction → an account and tax treatment."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Money, MoneyIn, RequestBody, ServicesDep
from shared_code.mobile_money import categorising, rule_repository
from shared_code.mobile_money.errors import rule_not_found
from shared_code.platform.db import Row

router = APIRouter(prefix="/api/v1/orgs/{org_id}/categorisation-rules", tags=["mobile money"])

Manage = Annotated[OrgContext, Depends(require_permission("mobile_money:manage"))]
Read = Annotated[OrgContext, Depends(require_permission("mobile_money:read"))]


class RuleIn(RequestBody):
    """A rule: every condition given must hold; the first matching rule by priority wins."""

    name: str = Field(min_length=1, max_length=100, examples=["ZESCO tokens"])
    account_id: UUID
    vat_rate: Annotated[Decimal | None, Field(ge=0, le=100, max_digits=5, decimal_places=2)] = None
    """The tax treatment: VAT at this rate is inside the amount; omit for none."""
    counterparty: str | None = Field(default=None, max_length=200)
    """A 9-digit number (exact) or words of the counterparty's name."""
    text_contains: str | None = Field(default=None, max_length=200)
    """Words the reference or counterparty name contains."""
    min_amount: MoneyIn | None = None
    max_amount: MoneyIn | None = None
    direction: Literal["in", "out"] | None = None
    priority: int = Field(default=100, ge=0, le=10000)
    """Lower is tried first."""

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.strip(),
            "account_id": self.account_id,
            "vat_rate": self.vat_rate,
            "counterparty": (self.counterparty or "").strip() or None,
            "text_contains": (self.text_contains or "").strip() or None,
            "min_amount": Decimal(self.min_amount) if self.min_amount is not None else None,
            "max_amount": Decimal(self.max_amount) if self.max_amount is not None else None,
            "direction": self.direction,
            "priority": self.priority,
        }


class RuleOut(BaseModel):
    """A categorisation rule."""

    id: UUID
    name: str
    account_id: UUID
    vat_rate: Decimal | None
    counterparty: str | None
    text_contains: str | None
    min_amount: Money | None
    max_amount: Money | None
    direction: str | None
    priority: int
    created_at: datetime
    updated_at: datetime


class RuleList(BaseModel):
    """Every rule, in the order they are tried."""

    items: list[RuleOut]


def _out(row: Row) -> RuleOut:
    return RuleOut(**{key: row[key] for key in RuleOut.model_fields})


@router.get("", response_model=RuleList)
def list_rules(ctx: Read, services: ServicesDep) -> RuleList:
    """Every rule, in the order they are tried."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return RuleList(items=[_out(row) for row in rule_repository.list_rules(uow)])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=RuleOut)
def create_rule(body: RuleIn, ctx: Manage, services: ServicesDep) -> RuleOut:
    """Add a rule; 422 listing every problem (an unknown account, no condition at all, …)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        row = categorising.create_rule(uow, body.values(), created_by=ctx.user_id, clock=services.clock)
        uow.commit()
    return _out(row)


@router.get("/{rule_id}", response_model=RuleOut)
def get_rule(rule_id: UUID, ctx: Read, services: ServicesDep) -> RuleOut:
    """One rule."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        row = rule_repository.get_rule(uow, rule_id)
    if row is None:
        raise rule_not_found()
    return _out(row)


@router.put("/{rule_id}", response_model=RuleOut)
def update_rule(rule_id: UUID, body: RuleIn, ctx: Manage, services: ServicesDep) -> RuleOut:
    """Replace a rule."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        row = categorising.update_rule(uow, rule_id, body.values(), clock=services.clock)
        uow.commit()
    return _out(row)


@router.delete("/{rule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_rule(rule_id: UUID, ctx: Manage, services: ServicesDep) -> Response:
    """Remove a rule (what it categorised stays posted)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        categorising.delete_rule(uow, rule_id)
        uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
