"""Organizations the caller belongs to, and creating one."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field

from shared_code.api.auth import Caller, OrgContext, request_meta, require_permission, require_user
from shared_code.api.dependencies import get_services
from shared_code.bootstrap import Services
from shared_code.identity.audit import RequestMeta
from shared_code.identity.organizations import active_membership, create_organization, memberships_of
from shared_code.platform.errors import NotFound

router = APIRouter(prefix="/api/v1", tags=["organizations"])

ServicesDep = Annotated[Services, Depends(get_services)]


class OrganizationIn(BaseModel):
    """A new organization."""

    name: str = Field(min_length=1, max_length=200)


class OrganizationOut(BaseModel):
    """An organization as one of its members sees it."""

    id: UUID
    name: str
    role: str
    require_mfa: bool


@router.get("/organizations", response_model=list[OrganizationOut])
def my_organizations(
    caller: Annotated[Caller, Depends(require_user())], services: ServicesDep
) -> list[OrganizationOut]:
    """The organizations the caller belongs to."""
    with services.db.unit_of_work() as uow:
        memberships = memberships_of(uow, caller.user_id)
    return [
        OrganizationOut(id=m.organization_id, name=m.organization_name, role=m.role, require_mfa=m.require_mfa)
        for m in memberships
    ]


@router.post("/organizations", status_code=status.HTTP_201_CREATED, response_model=OrganizationOut)
def new_organization(
    body: OrganizationIn,
    caller: Annotated[Caller, Depends(require_user())],
    services: ServicesDep,
    meta: Annotated[RequestMeta, Depends(request_meta)],
) -> OrganizationOut:
    """Create an organization with the caller as its owner."""
    organization_id = create_organization(
        services, name=" ".join(body.name.split()), owner_id=caller.user_id, meta=meta
    )
    return _organization(services, organization_id, caller.user_id)


@router.get("/orgs/{org_id}", response_model=OrganizationOut)
def organization(
    ctx: Annotated[OrgContext, Depends(require_permission("organization:read"))], services: ServicesDep
) -> OrganizationOut:
    """One organization of the caller."""
    return _organization(services, ctx.organization_id, ctx.user_id)


def _organization(services: Services, organization_id: UUID, user_id: UUID) -> OrganizationOut:
    with services.db.unit_of_work() as uow:
        membership = active_membership(uow, organization_id, user_id)
    if membership is None:
        raise NotFound("organization", code="organization_not_found")
    return OrganizationOut(
        id=organization_id,
        name=membership.organization_name,
        role=membership.role,
        require_mfa=membership.require_mfa,
    )
