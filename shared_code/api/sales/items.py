"""Items (goods and services): list, create, read, replace.

Items have no permission of their own: whoever drafts invoices (`invoices:create`) keeps
the items they sell, and whoever sees invoices (`invoices:read`) sees them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.sales.schemas import Amount4, DecimalIn
from shared_code.api.types import Cursor, RequestBody, ServicesDep
from shared_code.platform.ids import new_id
from shared_code.sales import items
from shared_code.sales.model import Item, ItemKind
from shared_code.sales.tax import Levy, TaxCategory

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["sales"])

Read = Annotated[OrgContext, Depends(require_permission("invoices:read"))]
Manage = Annotated[OrgContext, Depends(require_permission("invoices:create"))]


class ItemIn(RequestBody):
    """An item as a client writes it."""

    code: str = Field(max_length=50)
    name: str = Field(max_length=500)
    kind: ItemKind
    classification_code: str | None = Field(default=None, max_length=10)
    unit_code: str = Field(default="U", max_length=10)
    packaging_code: str = Field(default="NT", max_length=10)
    tax_category: TaxCategory
    levy: Levy | None = None
    rrp: DecimalIn | None = None
    default_price: DecimalIn = Decimal(0)
    price_includes_vat: bool = True
    income_account_id: UUID | None = None
    stock_tracked: bool = False
    origin_country: str = Field(
        default="ZM", max_length=2, description="Where the goods come from (ZRA's `orgnNatCd`)."
    )

    def item(self, item_id: UUID) -> Item:
        """The domain item with `item_id`."""
        return Item(id=item_id, **self.model_dump())


class ItemOut(BaseModel):
    """An item as the API shows it."""

    id: UUID
    code: str
    name: str
    kind: ItemKind
    classification_code: str | None
    unit_code: str
    packaging_code: str
    tax_category: TaxCategory
    levy: Levy | None
    rrp: Amount4 | None
    default_price: Amount4
    price_includes_vat: bool
    income_account_id: UUID | None
    stock_tracked: bool
    origin_country: str

    @classmethod
    def of(cls, item: Item) -> ItemOut:
        """The response form of `item`."""
        return cls.model_validate(item, from_attributes=True)


class ItemList(BaseModel):
    """One page of items."""

    items: list[ItemOut]
    next_cursor: str | None


@router.get("/items", response_model=ItemList)
def list_items(
    ctx: Read,
    services: ServicesDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    kind: ItemKind | None = None,
    tax_category: TaxCategory | None = None,
    include_archived: bool = False,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ItemList:
    """Items by name; `q` searches name and code; `kind` and `tax_category` filter."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = items.list_items(
            uow,
            search=q,
            kind=kind,
            tax_category=tax_category,
            include_archived=include_archived,
            cursor=cursor,
            limit=limit,
        )
    return ItemList(items=[ItemOut.of(item) for item in page.items], next_cursor=page.next_cursor)


@router.post("/items", status_code=status.HTTP_201_CREATED, response_model=ItemOut)
def create_item(body: ItemIn, ctx: Manage, services: ServicesDep) -> ItemOut:
    """Add an item."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        item = items.create_item(uow, body.item(new_id()))
        uow.commit()
    return ItemOut.of(item)


@router.get("/items/{item_id}", response_model=ItemOut)
def get_item(item_id: UUID, ctx: Read, services: ServicesDep) -> ItemOut:
    """One item."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return ItemOut.of(items.get_item(uow, item_id))


@router.put("/items/{item_id}", response_model=ItemOut)
def replace_item(item_id: UUID, body: ItemIn, ctx: Manage, services: ServicesDep) -> ItemOut:
    """Replace an item's details."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        item = items.update_item(uow, body.item(item_id))
        uow.commit()
    return ItemOut.of(item)
