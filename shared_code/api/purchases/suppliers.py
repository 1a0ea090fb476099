"""Suppliers: list, create, read, replace, import from CSV, statement."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Cursor, Day, RequestBody, ServicesDep
from shared_code.platform.clock import today_in_zambia
from shared_code.platform.csv_import import ImportResult
from shared_code.platform.ids import new_id
from shared_code.purchases import statements, supplier_csv, suppliers
from shared_code.purchases.model import Supplier
from shared_code.purchases.statements import SupplierStatement

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["purchases"])

Read = Annotated[OrgContext, Depends(require_permission("suppliers:read"))]
Manage = Annotated[OrgContext, Depends(require_permission("suppliers:manage"))]


class SupplierIn(RequestBody):
    """A supplier as a client writes it."""

    name: str = Field(max_length=500)
    tpin: str | None = Field(default=None, max_length=30)
    vat_registered: bool = False
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=254)
    payment_terms_days: int = 30
    default_category_id: UUID | None = None
    wht_type: str | None = Field(default=None, max_length=50)
    resident: bool = True

    def supplier(self, supplier_id: UUID) -> Supplier:
        """The domain supplier with `supplier_id`."""
        return Supplier(id=supplier_id, **self.model_dump())


class SupplierCreated(BaseModel):
    """A new supplier and the existing ones that look like the same (same TPIN or phone)."""

    supplier: Supplier
    possible_duplicates: list[Supplier]


class SupplierList(BaseModel):
    """One page of suppliers."""

    items: list[Supplier]
    next_cursor: str | None


@router.get("/suppliers", response_model=SupplierList)
def list_suppliers(
    ctx: Read,
    services: ServicesDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    include_archived: bool = False,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> SupplierList:
    """Suppliers by name; `q` searches name, TPIN and phone."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = suppliers.list_suppliers(uow, search=q, include_archived=include_archived, cursor=cursor, limit=limit)
    return SupplierList(items=list(page.items), next_cursor=page.next_cursor)


@router.post("/suppliers", status_code=status.HTTP_201_CREATED, response_model=SupplierCreated)
def create_supplier(body: SupplierIn, ctx: Manage, services: ServicesDep) -> SupplierCreated:
    """Add a supplier; possible duplicates (same TPIN or phone) are listed, not refused."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        supplier, duplicates = suppliers.create_supplier(uow, body.supplier(new_id()))
        uow.commit()
    return SupplierCreated(supplier=supplier, possible_duplicates=duplicates)


class ImportIn(RequestBody):
    """A CSV file's text (header row first) and whether only to check it."""

    csv: str = Field(max_length=2_000_000)
    preview: bool = True


@router.post("/suppliers/import", response_model=ImportResult)
def import_suppliers(body: ImportIn, ctx: Manage, services: ServicesDep) -> ImportResult:
    """Check a CSV of suppliers and list every bad row (row, field, reason); without `preview`, save the good rows."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        result = supplier_csv.import_suppliers(uow, body.csv, preview=body.preview)
        if result.saved:
            uow.commit()
    return result


@router.get("/suppliers/{supplier_id}/statement", response_model=SupplierStatement)
def supplier_statement(
    supplier_id: UUID, ctx: Read, services: ServicesDep, as_of: Annotated[Day | None, Query()] = None
) -> SupplierStatement:
    """Bills, supplier credits and payments with a running balance owed, and the aging of what is unpaid."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return statements.supplier_statement(uow, supplier_id, as_of=as_of or today_in_zambia(services.clock))


@router.get("/suppliers/{supplier_id}", response_model=Supplier)
def get_supplier(supplier_id: UUID, ctx: Read, services: ServicesDep) -> Supplier:
    """One supplier."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return suppliers.get_supplier(uow, supplier_id)


@router.put("/suppliers/{supplier_id}", response_model=Supplier)
def replace_supplier(supplier_id: UUID, body: SupplierIn, ctx: Manage, services: ServicesDep) -> Supplier:
    """Replace a supplier's details."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        current = suppliers.get_supplier(uow, supplier_id)
        supplier = suppliers.update_supplier(uow, replace(body.supplier(supplier_id), archived_at=current.archived_at))
        uow.commit()
    return supplier


@router.post("/suppliers/{supplier_id}/archive", response_model=Supplier)
def archive_supplier(supplier_id: UUID, ctx: Manage, services: ServicesDep) -> Supplier:
    """Archive a supplier: it takes no new expenses or bills; its history stays."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        supplier = suppliers.set_supplier_archived(uow, supplier_id, archived=True, clock=services.clock)
        uow.commit()
    return supplier


@router.post("/suppliers/{supplier_id}/unarchive", response_model=Supplier)
def unarchive_supplier(supplier_id: UUID, ctx: Manage, services: ServicesDep) -> Supplier:
    """Bring an archived supplier back."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        supplier = suppliers.set_supplier_archived(uow, supplier_id, archived=False, clock=services.clock)
        uow.commit()
    return supplier
