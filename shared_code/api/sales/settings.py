"""Sales settings: how invoices and credit notes are numbered."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import RequestBody, ServicesDep
from shared_code.sales import settings
from shared_code.sales.settings import SalesSettings

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["sales"])

Read = Annotated[OrgContext, Depends(require_permission("organization:read"))]
Manage = Annotated[OrgContext, Depends(require_permission("organization:manage"))]


class SalesSettingsIn(RequestBody):
    """Number formats: `{seq}` (e.g. `{seq:05d}`) required, `{year}` optional."""

    invoice_number_format: str = Field(min_length=1, max_length=50)
    credit_note_number_format: str = Field(min_length=1, max_length=50)
    debit_note_number_format: str = Field(default="DN-{year}-{seq:05d}", min_length=1, max_length=50)


@router.get("/sales-settings", response_model=SalesSettings)
def get_sales_settings(ctx: Read, services: ServicesDep) -> SalesSettings:
    """The number formats in use."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return settings.get_sales_settings(uow)


@router.put("/sales-settings", response_model=SalesSettings)
def update_sales_settings(body: SalesSettingsIn, ctx: Manage, services: ServicesDep) -> SalesSettings:
    """Change the number formats (the sequences carry on)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        saved = settings.update_sales_settings(uow, SalesSettings(**body.model_dump()))
        uow.commit()
    return saved
