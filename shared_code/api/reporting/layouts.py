"""The layout routes: defaults and saved layouts, copies, new versions and the validator."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.reporting.schemas import LayoutIO, LayoutVersionOut, ProblemOut, ValidationOut
from shared_code.api.types import IdempotencyKey, ServicesDep
from shared_code.reporting.layouts import check_layout, get_layout_version, layout_history, list_layouts, save_layout

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["reporting"])

Read = Annotated[OrgContext, Depends(require_permission("reports:read"))]
Manage = Annotated[OrgContext, Depends(require_permission("reports:manage"))]


@router.get("/report-layouts", response_model=list[LayoutVersionOut])
def list_report_layouts(ctx: Read, services: ServicesDep) -> list[LayoutVersionOut]:
    """The built-in defaults, then the newest version of each of the organization's layouts."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        versions = list_layouts(uow)
    return [LayoutVersionOut.of(v) for v in versions]


@router.get("/report-layouts/versions/{version_id}", response_model=LayoutVersionOut)
def get_report_layout_version(version_id: UUID, ctx: Read, services: ServicesDep) -> LayoutVersionOut:
    """One saved layout version."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        version = get_layout_version(uow, str(version_id))
    return LayoutVersionOut.of(version)


@router.get("/report-layouts/{layout_id}", response_model=list[LayoutVersionOut])
def get_report_layout(layout_id: UUID, ctx: Read, services: ServicesDep) -> list[LayoutVersionOut]:
    """Every version of one of the organization's layouts, newest first."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        versions = layout_history(uow, layout_id)
    return [LayoutVersionOut.of(v) for v in versions]


@router.post("/report-layouts", response_model=LayoutVersionOut, status_code=201)
def create_report_layout(
    body: LayoutIO, ctx: Manage, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> LayoutVersionOut:
    """Save a layout of the organization's own (a copy of a default, edited): version 1.

    Refused (422, every problem listed, nothing saved) unless it places every account
    exactly once and its formulas resolve. With an `Idempotency-Key`, a retry returns the
    version first saved."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        version = save_layout(uow, body.to_model(), saved_by=ctx.user_id, idempotency_key=idempotency_key)
        uow.commit()
    return LayoutVersionOut.of(version)


@router.post("/report-layouts/{layout_id}/versions", response_model=LayoutVersionOut, status_code=201)
def create_report_layout_version(
    layout_id: UUID, body: LayoutIO, ctx: Manage, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> LayoutVersionOut:
    """Save the next immutable version of a layout (same checks as a new layout). With an
    `Idempotency-Key`, a retry returns the version first saved."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        version = save_layout(
            uow, body.to_model(), saved_by=ctx.user_id, layout_id=layout_id, idempotency_key=idempotency_key
        )
        uow.commit()
    return LayoutVersionOut.of(version)


@router.post("/report-layouts/validate", response_model=ValidationOut)
def validate_report_layout(body: LayoutIO, ctx: Read, services: ServicesDep) -> ValidationOut:
    """The validator's problems with a layout against the chart today (nothing saved)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        problems = check_layout(uow, body.to_model())
    return ValidationOut(
        valid=not problems, problems=[ProblemOut(field=p.field, code=p.code, message=p.message) for p in problems]
    )
