"""Organizations: onboarding a new one, the ones the caller belongs to, profile, logo,
export, and deletion with a grace period."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, File, Header, Response, UploadFile, status
from pydantic import BaseModel, EmailStr, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.dependencies import get_durable_client
from shared_code.api.types import CallerDep, Day, MetaDep, ServicesDep
from shared_code.identity.memberships import active_membership, memberships_of, owned_organizations
from shared_code.organizations import deletion, onboarding_runs, repository
from shared_code.organizations import profile as profiles
from shared_code.organizations.export import export_organization
from shared_code.organizations.model import Address, BusinessProfile, BusinessType
from shared_code.organizations.onboarding_runs import OnboardingProgress
from shared_code.platform.errors import NotFound

router = APIRouter(prefix="/api/v1", tags=["organizations"])


class OrganizationOut(BaseModel):
    """An organization as one of its members sees it."""

    id: UUID
    name: str
    role: str
    require_mfa: bool
    status: str = "active"
    """`active`, or `pending_deletion` (listed for owners only, who can restore it)."""
    deletion_due_at: datetime | None = None
    """When a pending deletion drops the data, unless restored before."""


class OnboardingStarted(BaseModel):
    """Onboarding runs in the background; poll `status_url`."""

    instance_id: str
    status_url: str


class ProfileOut(BusinessProfile):
    """The business profile, with the logo's address if there is one."""

    logo_url: str | None = None
    tpin_locked: bool = False
    """Documents exist under this TPIN, so it can no longer change (a change is refused, 409 `tpin_locked`)."""


class ProfilePatch(BaseModel):
    """Fields of the business profile to change; absent fields stay as they are."""

    legal_name: str | None = Field(default=None, min_length=1, max_length=200)
    trading_name: str | None = Field(default=None, max_length=200)
    business_type: BusinessType | None = None
    tpin: str | None = Field(default=None, max_length=20)
    pacra_number: str | None = Field(default=None, max_length=20)
    vat_registered: bool | None = None
    vat_effective_date: Day | None = None
    turnover_tax: bool | None = None
    physical_address: Address | None = None
    postal_address: Address | None = None
    phone: str | None = Field(default=None, max_length=30)
    email: EmailStr | None = None
    fiscal_year_start_month: int | None = Field(default=None, ge=1, le=12)


class DeletionRequest(BaseModel):
    """Type the organization's name to confirm."""

    confirm_name: str = Field(min_length=1, max_length=200)


class DeletionScheduled(BaseModel):
    """When the organization's data will be dropped, unless restored before."""

    deletion_due_at: datetime


@router.get("/organizations", response_model=list[OrganizationOut])
def my_organizations(caller: CallerDep, services: ServicesDep) -> list[OrganizationOut]:
    """The organizations the caller belongs to (to switch between them), and those the caller
    owns that are scheduled for deletion (to restore them)."""
    with services.db.unit_of_work() as uow:
        memberships = memberships_of(uow, caller.user_id)
        pending = repository.pending_deletions_among(uow, owned_organizations(uow, caller.user_id))
    return [
        OrganizationOut(id=m.organization_id, name=m.organization_name, role=m.role, require_mfa=m.require_mfa)
        for m in memberships
    ] + [
        OrganizationOut(
            id=row["id"],
            name=row["name"],
            role="owner",
            require_mfa=row["require_mfa"],
            status="pending_deletion",
            deletion_due_at=row["deletion_due_at"],
        )
        for row in pending
    ]


@router.post("/organizations", status_code=status.HTTP_202_ACCEPTED, response_model=OnboardingStarted)
async def new_organization(
    profile: BusinessProfile,
    response: Response,
    caller: CallerDep,
    services: ServicesDep,
    meta: MetaDep,
    client: Annotated[Any, Depends(get_durable_client)],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)] = None,
) -> OnboardingStarted:
    """Start onboarding a new organization with the caller as its owner (202; poll the status URL).

    With an `Idempotency-Key`, a repeated request returns the first run and creates nothing more."""
    instance_id = await onboarding_runs.start_onboarding(
        services.db,
        client,
        user_id=caller.user_id,
        profile=profile,
        meta=meta,
        tpin_extra_pattern=services.settings.tpin_extra_pattern,
        retry_interval_ms=services.settings.onboarding_retry_interval_ms,
        idempotency_key=idempotency_key,
    )
    status_url = f"/api/v1/onboarding/{instance_id}"
    response.headers["Location"] = status_url
    return OnboardingStarted(instance_id=instance_id, status_url=status_url)


@router.get("/onboarding/{instance_id}", response_model=OnboardingProgress)
def onboarding_status(instance_id: str, caller: CallerDep, services: ServicesDep) -> OnboardingProgress:
    """Progress of the caller's onboarding run."""
    with services.db.unit_of_work() as uow:
        progress = onboarding_runs.onboarding_progress(uow, instance_id=instance_id[:100], user_id=caller.user_id)
    return progress


@router.get("/orgs/{org_id}", response_model=OrganizationOut)
def organization(
    ctx: Annotated[OrgContext, Depends(require_permission("organization:read"))], services: ServicesDep
) -> OrganizationOut:
    """One organization of the caller."""
    with services.db.unit_of_work() as uow:
        membership = active_membership(uow, ctx.organization_id, ctx.user_id)
    if membership is None:
        raise NotFound("organization", code="organization_not_found")
    return OrganizationOut(
        id=ctx.organization_id,
        name=membership.organization_name,
        role=membership.role,
        require_mfa=membership.require_mfa,
    )


def _profile_out(organization_id: UUID, profile: BusinessProfile, logo: str | None, *, tpin_locked: bool) -> ProfileOut:
    return ProfileOut(
        **profile.model_dump(),
        logo_url=f"/api/v1/orgs/{organization_id}/profile/logo" if logo else None,
        tpin_locked=tpin_locked,
    )


@router.get("/orgs/{org_id}/profile", response_model=ProfileOut)
def get_profile(
    ctx: Annotated[OrgContext, Depends(require_permission("organization:read"))], services: ServicesDep
) -> ProfileOut:
    """The business profile."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        profile, logo = profiles.get_profile(uow, ctx.organization_id)
        locked = profiles.tpin_locked(uow)
    return _profile_out(ctx.organization_id, profile, logo, tpin_locked=locked)


@router.patch("/orgs/{org_id}/profile", response_model=ProfileOut)
def update_profile(
    body: ProfilePatch,
    ctx: Annotated[OrgContext, Depends(require_permission("organization:manage"))],
    services: ServicesDep,
    meta: MetaDep,
) -> ProfileOut:
    """Change the business profile (audited). A TPIN change is refused once documents exist."""
    changes = body.model_dump(mode="json", exclude_unset=True)
    with services.db.unit_of_work(ctx.organization_id) as uow:
        profiles.update_profile(
            uow,
            organization_id=ctx.organization_id,
            changes=changes,
            actor_id=ctx.user_id,
            meta=meta,
            tpin_extra_pattern=services.settings.tpin_extra_pattern,
        )
        profile, logo = profiles.get_profile(uow, ctx.organization_id)
        locked = profiles.tpin_locked(uow)
        uow.commit()
    return _profile_out(ctx.organization_id, profile, logo, tpin_locked=locked)


@router.put("/orgs/{org_id}/profile/logo", status_code=status.HTTP_204_NO_CONTENT)
async def upload_logo(
    logo: Annotated[UploadFile, File(description="PNG, JPEG or WebP, at most LOGO_MAX_BYTES.")],
    ctx: Annotated[OrgContext, Depends(require_permission("organization:manage"))],
    services: ServicesDep,
    meta: MetaDep,
) -> Response:
    """Upload the logo shown on invoices and reports."""
    data = await logo.read(services.settings.logo_max_bytes + 1)

    def store() -> None:
        with services.db.unit_of_work() as uow:
            profiles.set_logo(
                uow,
                services.blob,
                organization_id=ctx.organization_id,
                data=data,
                max_bytes=services.settings.logo_max_bytes,
                actor_id=ctx.user_id,
                meta=meta,
            )
            uow.commit()

    await asyncio.to_thread(store)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


_BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/orgs/{org_id}/profile/logo",
    response_class=Response,
    responses={
        200: {"description": "The logo.", "content": dict.fromkeys(("image/png", "image/jpeg", "image/webp"), _BINARY)}
    },
)
def download_logo(
    ctx: Annotated[OrgContext, Depends(require_permission("organization:read"))], services: ServicesDep
) -> Response:
    """The logo image."""
    with services.db.unit_of_work() as uow:
        data, content_type = profiles.get_logo(uow, services.blob, ctx.organization_id)
    return Response(content=data, media_type=content_type, headers={"Cache-Control": "private, max-age=300"})


@router.get(
    "/orgs/{org_id}/export",
    response_class=Response,
    responses={200: {"description": "Everything the organization holds.", "content": {"application/zip": _BINARY}}},
)
def export(
    ctx: Annotated[OrgContext, Depends(require_permission("organization:export"))],
    services: ServicesDep,
    meta: MetaDep,
) -> Response:
    """Everything the organization has, as a zip of JSON and CSV with its files."""
    from shared_code.identity.audit import record_event

    now = services.clock.now()
    archive = export_organization(services.db, services.blob, ctx.organization_id, now=now)
    with services.db.unit_of_work() as uow:
        record_event(
            uow,
            "organization_exported",
            meta=meta,
            user_id=ctx.user_id,
            organization_id=ctx.organization_id,
            details={"bytes": len(archive)},
        )
        uow.commit()
    return Response(
        content=archive,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="intellifin-export-{now:%Y%m%d}.zip"',
            "Cache-Control": "no-store",
        },
    )


@router.delete("/orgs/{org_id}", status_code=status.HTTP_202_ACCEPTED, response_model=DeletionScheduled)
def delete_organization(
    body: DeletionRequest,
    ctx: Annotated[OrgContext, Depends(require_permission("organization:delete"))],
    services: ServicesDep,
    meta: MetaDep,
) -> DeletionScheduled:
    """Schedule the organization's deletion; it can be restored until the date returned."""
    with services.db.unit_of_work() as uow:
        due = deletion.request_deletion(
            uow,
            organization_id=ctx.organization_id,
            confirm_name=body.confirm_name,
            actor_id=ctx.user_id,
            meta=meta,
            now=services.clock.now(),
            grace_days=services.settings.organization_deletion_grace_days,
        )
        uow.commit()
    return DeletionScheduled(deletion_due_at=due)


@router.post("/orgs/{org_id}/restore", status_code=status.HTTP_204_NO_CONTENT)
def restore_organization(
    ctx: Annotated[
        OrgContext, Depends(require_permission("organization:delete", organization_statuses=("pending_deletion",)))
    ],
    services: ServicesDep,
    meta: MetaDep,
) -> Response:
    """Cancel a scheduled deletion (owners, during the grace period)."""
    with services.db.unit_of_work() as uow:
        deletion.restore(uow, organization_id=ctx.organization_id, actor_id=ctx.user_id, meta=meta)
        uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
