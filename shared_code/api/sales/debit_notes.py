"""Debit notes: charge more against an issued invoice, read one."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.sales.invoices import LineIn
from shared_code.api.types import Day, IdempotencyKey, Money, RequestBody, ServicesDep
from shared_code.platform.db import UnitOfWork
from shared_code.sales import debit_notes
from shared_code.sales.debit_note_repository import DebitNoteRow
from shared_code.sales.debit_notes import DebitNoteRequest
from shared_code.sales.invoicing import LineRequest
from shared_code.zra import fiscalisation
from shared_code.zra.model import FiscalStatus

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["sales"])

Read = Annotated[OrgContext, Depends(require_permission("invoices:read"))]
ManageZra = Annotated[OrgContext, Depends(require_permission("zra:manage"))]
Issue = Annotated[OrgContext, Depends(require_permission("invoices:issue"))]


class DebitNoteIn(RequestBody):
    """A debit note: its reason and the lines charged on top of the invoice."""

    invoice_id: UUID
    reason_code: str = Field(max_length=2, description="ZRA's reason: 01 wrong quantity … 04 other.")
    reason: str = Field(default="", max_length=500)
    issue_date: Day | None = None
    lines: list[LineIn] = Field(min_length=1, max_length=500)


class DebitNoteOut(BaseModel):
    """An issued debit note."""

    id: UUID
    invoice_id: UUID
    number: str
    issue_date: date
    reason_code: str
    reason: str
    amount: Money
    journal_entry_id: UUID
    fiscal: FiscalStatus = Field(description="Where it stands with ZRA (`not_required` if its invoice was not).")

    @classmethod
    def of(cls, note: DebitNoteRow, fiscal: FiscalStatus) -> DebitNoteOut:
        """The response form of `note`."""
        return cls(**{**note.__dict__, "fiscal": fiscal})


def _out(uow: UnitOfWork, note: DebitNoteRow) -> DebitNoteOut:
    return DebitNoteOut.of(note, fiscalisation.fiscal_status_of(uow, "debit_note", note.id, issued=True))


@router.post("/debit-notes", status_code=status.HTTP_201_CREATED, response_model=DebitNoteOut)
def issue_debit_note(
    body: DebitNoteIn, ctx: Issue, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> DebitNoteOut:
    """Issue a debit note: numbered and posted like an invoice of its lines, in one transaction."""
    request = DebitNoteRequest(
        invoice_id=body.invoice_id,
        reason_code=body.reason_code,
        reason=body.reason,
        issue_date=body.issue_date,
        lines=tuple(LineRequest(**line.model_dump()) for line in body.lines),
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        note = debit_notes.issue_debit_note(
            uow,
            request,
            created_by=ctx.user_id,
            clock=services.clock,
            zra_quantity_places=services.settings.zra_quantity_places,
            idempotency_key=idempotency_key,
        )
        out = _out(uow, note)
        uow.commit()
    return out


@router.get("/debit-notes/{debit_note_id}", response_model=DebitNoteOut)
def get_debit_note(debit_note_id: UUID, ctx: Read, services: ServicesDep) -> DebitNoteOut:
    """One debit note."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _out(uow, debit_notes.get_debit_note(uow, debit_note_id))


@router.post("/debit-notes/{debit_note_id}/fiscalise", response_model=DebitNoteOut)
def fiscalise_debit_note(debit_note_id: UUID, ctx: ManageZra, services: ServicesDep) -> DebitNoteOut:
    """Send a note ZRA refused again, once its cause is fixed (its invoice fiscalised, say);
    409 `zra_not_rejected` otherwise. Pending notes are retried by themselves."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        note = debit_notes.get_debit_note(uow, debit_note_id)
        fiscalisation.retry_rejected(uow, "debit_note", note.id, clock=services.clock)
        out = _out(uow, note)
        uow.commit()
    return out
