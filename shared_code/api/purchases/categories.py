"""Expense categories: list (seeded from the default chart), create, read, replace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.sales.schemas import DecimalIn
from shared_code.api.types import Day, RequestBody, ServicesDep
from shared_code.platform.ids import new_id
from shared_code.purchases import categories
from shared_code.purchases.model import CategoryKind, CategoryTreatment, ExpenseCategory, VatTreatment

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["purchases"])

Read = Annotated[OrgContext, Depends(require_permission("expenses:read"))]
Manage = Annotated[OrgContext, Depends(require_permission("accounts:manage"))]


class TreatmentIn(RequestBody):
    """A VAT treatment over a span of dates."""

    effective_from: Day
    effective_to: Day | None = None
    treatment: VatTreatment
    claimable_share: DecimalIn = Decimal(1)


class CategoryIn(RequestBody):
    """A category as a client writes it."""

    code: str = Field(max_length=50)
    name: str = Field(max_length=500)
    kind: CategoryKind
    account_id: UUID
    income_tax_deductible: bool = True
    treatments: list[TreatmentIn] = Field(min_length=1, max_length=50)

    def category(self, category_id: UUID) -> ExpenseCategory:
        """The domain category with `category_id`."""
        return ExpenseCategory(
            id=category_id,
            code=self.code,
            name=self.name,
            kind=self.kind,
            account_id=self.account_id,
            income_tax_deductible=self.income_tax_deductible,
            treatments=tuple(
                CategoryTreatment(t.effective_from, t.effective_to, t.treatment, t.claimable_share)
                for t in self.treatments
            ),
        )


class TreatmentOut(BaseModel):
    """A dated VAT treatment."""

    effective_from: date
    effective_to: date | None
    treatment: VatTreatment
    claimable_share: Decimal


class CategoryOut(BaseModel):
    """A category, its account and its dated VAT treatments."""

    id: UUID
    code: str
    name: str
    kind: CategoryKind
    account_id: UUID
    income_tax_deductible: bool
    treatments: list[TreatmentOut]
    archived: bool


class CategoryList(BaseModel):
    """Every category."""

    items: list[CategoryOut]


def _out(category: ExpenseCategory) -> CategoryOut:
    return CategoryOut(
        id=category.id,
        code=category.code,
        name=category.name,
        kind=category.kind,
        account_id=category.account_id,
        income_tax_deductible=category.income_tax_deductible,
        treatments=[
            TreatmentOut(
                effective_from=t.effective_from,
                effective_to=t.effective_to,
                treatment=t.treatment,
                claimable_share=t.claimable_share,
            )
            for t in category.treatments
        ],
        archived=category.archived_at is not None,
    )


@router.get("/expense-categories", response_model=CategoryList)
def list_categories(ctx: Read, services: ServicesDep, include_archived: bool = False) -> CategoryList:
    """Every category by name; the defaults of the chart are seeded the first time."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        found = categories.list_categories(uow, include_archived=include_archived)
        uow.commit()
    return CategoryList(items=[_out(category) for category in found])


@router.post("/expense-categories", status_code=status.HTTP_201_CREATED, response_model=CategoryOut)
def create_category(body: CategoryIn, ctx: Manage, services: ServicesDep) -> CategoryOut:
    """Add a category mapped to an expense, cost-of-sales or fixed-asset account."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        category = categories.create_category(uow, body.category(new_id()))
        uow.commit()
    return _out(category)


@router.get("/expense-categories/{category_id}", response_model=CategoryOut)
def get_category(category_id: UUID, ctx: Read, services: ServicesDep) -> CategoryOut:
    """One category."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _out(categories.get_category(uow, category_id))


@router.put("/expense-categories/{category_id}", response_model=CategoryOut)
def replace_category(category_id: UUID, body: CategoryIn, ctx: Manage, services: ServicesDep) -> CategoryOut:
    """Replace a category's name, kind, account, treatments and income-tax flag (the code stays)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        category = categories.update_category(uow, body.category(category_id))
        uow.commit()
    return _out(category)


@router.post("/expense-categories/{category_id}/archive", response_model=CategoryOut)
def archive_category(category_id: UUID, ctx: Manage, services: ServicesDep) -> CategoryOut:
    """Archive a category: no new purchase line takes it; what was posted keeps it."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        category = categories.set_category_archived(uow, category_id, archived=True, clock=services.clock)
        uow.commit()
    return _out(category)


@router.post("/expense-categories/{category_id}/unarchive", response_model=CategoryOut)
def unarchive_category(category_id: UUID, ctx: Manage, services: ServicesDep) -> CategoryOut:
    """Bring an archived category back."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        category = categories.set_category_archived(uow, category_id, archived=False, clock=services.clock)
        uow.commit()
    return _out(category)
