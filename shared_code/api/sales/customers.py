"""Customers: list, create, read, replace."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Cursor, Day, RequestBody, ServicesDep
from shared_code.platform.clock import today_in_zambia
from shared_code.platform.csv_import import ImportResult
from shared_code.platform.ids import new_id
from shared_code.sales import customer_csv, customers, statements
from shared_code.sales.model import Customer, CustomerKind
from shared_code.sales.statements import Statement

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["sales"])

Read = Annotated[OrgContext, Depends(require_permission("customers:read"))]
Manage = Annotated[OrgContext, Depends(require_permission("customers:manage"))]


class CustomerIn(RequestBody):
    """A customer as a client writes it."""

    kind: CustomerKind
    name: str = Field(max_length=500)
    tpin: str | None = Field(default=None, max_length=30)
    contact_person: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=254)
    address: str | None = Field(default=None, max_length=500)
    payment_terms_days: int = 30
    currency: str = Field(default="ZMW", max_length=3)

    def customer(self, customer_id: UUID) -> Customer:
        """The domain customer with `customer_id`."""
        return Customer(id=customer_id, **self.model_dump())


class CustomerCreated(BaseModel):
    """A new customer and the existing ones that look like the same (same TPIN, e-mail or phone)."""

    customer: Customer
    possible_duplicates: list[Customer]


class CustomerList(BaseModel):
    """One page of customers."""

    items: list[Customer]
    next_cursor: str | None


@router.get("/customers", response_model=CustomerList)
def list_customers(
    ctx: Read,
    services: ServicesDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    kind: CustomerKind | None = None,
    currency: Annotated[str | None, Query(pattern="^[A-Z]{3}$")] = None,
    include_archived: bool = False,
    sort: Literal["name", "-name"] = "name",
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CustomerList:
    """Customers by name (`-name`: Z to A); `q` searches name, TPIN, e-mail and phone; `kind`
    and `currency` filter."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = customers.list_customers(
            uow,
            search=q,
            kind=kind,
            currency=currency,
            include_archived=include_archived,
            descending=sort == "-name",
            cursor=cursor,
            limit=limit,
        )
    return CustomerList(items=list(page.items), next_cursor=page.next_cursor)


@router.post("/customers", status_code=status.HTTP_201_CREATED, response_model=CustomerCreated)
def create_customer(body: CustomerIn, ctx: Manage, services: ServicesDep) -> CustomerCreated:
    """Add a customer; possible duplicates are listed, not refused."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        customer, duplicates = customers.create_customer(uow, body.customer(new_id()))
        uow.commit()
    return CustomerCreated(customer=customer, possible_duplicates=duplicates)


class ImportIn(RequestBody):
    """A CSV file's text (header row first) and whether only to check it."""

    csv: str = Field(max_length=2_000_000)
    preview: bool = True


@router.post("/customers/import", response_model=ImportResult)
def import_customers(body: ImportIn, ctx: Manage, services: ServicesDep) -> ImportResult:
    """Check a CSV of customers and list every bad row (row, field, reason); without `preview`, save the good rows."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        result = customer_csv.import_customers(uow, body.csv, preview=body.preview)
        if result.saved:
            uow.commit()
    return result


@router.get("/customers/export", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_customers(ctx: Read, services: ServicesDep) -> Response:
    """Every customer as CSV (the columns an import reads)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        text = customer_csv.export_customers(uow)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="customers.csv"'},
    )


@router.get("/customers/{customer_id}/statement", response_model=Statement)
def customer_statement(
    customer_id: UUID, ctx: Read, services: ServicesDep, as_of: Annotated[Day | None, Query()] = None
) -> Statement:
    """Invoices, credit notes and payments with a running balance, and the aging of what is outstanding."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return statements.customer_statement(uow, customer_id, as_of=as_of or today_in_zambia(services.clock))


@router.get("/customers/{customer_id}", response_model=Customer)
def get_customer(customer_id: UUID, ctx: Read, services: ServicesDep) -> Customer:
    """One customer."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return customers.get_customer(uow, customer_id)


@router.put("/customers/{customer_id}", response_model=Customer)
def replace_customer(customer_id: UUID, body: CustomerIn, ctx: Manage, services: ServicesDep) -> Customer:
    """Replace a customer's details."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        current = customers.get_customer(uow, customer_id)
        customer = customers.update_customer(uow, replace(body.customer(customer_id), archived_at=current.archived_at))
        uow.commit()
    return customer
