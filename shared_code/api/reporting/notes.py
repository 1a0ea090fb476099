"""The notes page of the statements: basis of preparation, framework, policies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import RequestBody, ServicesDep
from shared_code.platform.clock import today_in_zambia
from shared_code.reporting.model import Framework, Notes
from shared_code.reporting.notes import current_notes, save_notes

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["reporting"])

Read = Annotated[OrgContext, Depends(require_permission("reports:read"))]
Manage = Annotated[OrgContext, Depends(require_permission("reports:manage"))]


class NotesIn(RequestBody):
    """A new version of the notes."""

    basis_of_preparation: str = Field(min_length=1, max_length=20_000)
    framework: Framework
    policies: str = Field(min_length=1, max_length=50_000)


class NotesOut(BaseModel):
    """The notes shown with the statements (`id` null while they are the unsaved defaults)."""

    id: UUID | None
    basis_of_preparation: str
    framework: Framework
    policies: str
    saved_by: UUID | None
    saved_at: datetime | None


def _out(notes: Notes) -> NotesOut:
    return NotesOut(
        id=notes.id,
        basis_of_preparation=notes.basis_of_preparation,
        framework=notes.framework,
        policies=notes.policies,
        saved_by=notes.saved_by,
        saved_at=notes.saved_at,
    )


@router.get("/reports/notes", response_model=NotesOut)
def get_notes(ctx: Read, services: ServicesDep) -> NotesOut:
    """The newest notes, or the defaults of the tier the turnover suggests."""
    with services.db.read_snapshot(ctx.organization_id) as uow:
        notes = current_notes(uow, today_in_zambia(services.clock))
    return _out(notes)


@router.put("/reports/notes", response_model=NotesOut)
def put_notes(body: NotesIn, ctx: Manage, services: ServicesDep) -> NotesOut:
    """Save a new version of the notes (earlier versions are kept)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        notes = save_notes(
            uow,
            basis_of_preparation=body.basis_of_preparation,
            framework=body.framework,
            policies=body.policies,
            saved_by=ctx.user_id,
            clock=services.clock,
        )
        uow.commit()
    return _out(notes)
