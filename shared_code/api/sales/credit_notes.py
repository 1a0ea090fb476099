"""Credit notes: issue one against an issued invoice (all of it or by line and quantity), read it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.sales.schemas import DecimalIn
from shared_code.api.types import Cursor, Day, IdempotencyKey, Money, RequestBody, ServicesDep
from shared_code.platform.db import UnitOfWork
from shared_code.sales import credit_notes
from shared_code.sales.credit_note_repository import CreditNoteRow
from shared_code.sales.credit_notes import CreditLine, CreditNoteRequest
from shared_code.zra import fiscalisation
from shared_code.zra.model import FiscalStatus

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["sales"])

Read = Annotated[OrgContext, Depends(require_permission("invoices:read"))]
ManageZra = Annotated[OrgContext, Depends(require_permission("zra:manage"))]
Issue = Annotated[OrgContext, Depends(require_permission("invoices:issue"))]


class CreditLineIn(RequestBody):
    """How much of one invoice line to credit."""

    line_number: int = Field(ge=1, le=1000)
    quantity: DecimalIn


class CreditNoteIn(RequestBody):
    """A credit note; no lines credits everything that remains on the invoice."""

    invoice_id: UUID
    reason_code: str = Field(max_length=2, description="ZRA's reason: 01 wrong products … 07 other.")
    reason: str = Field(default="", max_length=500)
    issue_date: Day | None = None
    lines: list[CreditLineIn] = Field(default_factory=list, max_length=500)


class CreditNoteOut(BaseModel):
    """An issued credit note."""

    id: UUID
    invoice_id: UUID
    number: str
    issue_date: date
    reason_code: str
    reason: str
    amount: Money
    journal_entry_id: UUID
    fiscal: FiscalStatus = Field(
        description="Where it stands with ZRA (`not_required` if its invoice was not fiscalised)."
    )

    @classmethod
    def of(cls, note: CreditNoteRow, fiscal: FiscalStatus) -> CreditNoteOut:
        """The response form of `note`."""
        return cls(**{**note.__dict__, "fiscal": fiscal})


def _out(uow: UnitOfWork, note: CreditNoteRow) -> CreditNoteOut:
    return CreditNoteOut.of(note, fiscalisation.fiscal_status_of(uow, "credit_note", note.id, issued=True))


@router.post("/credit-notes", status_code=status.HTTP_201_CREATED, response_model=CreditNoteOut)
def issue_credit_note(
    body: CreditNoteIn, ctx: Issue, services: ServicesDep, idempotency_key: IdempotencyKey = None
) -> CreditNoteOut:
    """Issue a credit note: numbered and posted (revenue, VAT and levies reversed) in one transaction."""
    request = CreditNoteRequest(
        invoice_id=body.invoice_id,
        reason_code=body.reason_code,
        reason=body.reason,
        issue_date=body.issue_date,
        lines=tuple(CreditLine(line.line_number, Decimal(line.quantity)) for line in body.lines),
    )
    with services.db.unit_of_work(ctx.organization_id) as uow:
        note = credit_notes.issue_credit_note(
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


class CreditNoteList(BaseModel):
    """A page of credit notes, newest first."""

    items: list[CreditNoteOut]
    next_cursor: str | None


@router.get("/credit-notes", response_model=CreditNoteList)
def list_credit_notes(
    ctx: Read,
    services: ServicesDep,
    invoice_id: UUID | None = None,
    customer_id: UUID | None = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CreditNoteList:
    """Credit notes, newest first; those against one invoice, or one customer's."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        page = credit_notes.list_credit_notes(
            uow, invoice_id=invoice_id, customer_id=customer_id, cursor=cursor, limit=limit
        )
        statuses = fiscalisation.fiscal_statuses_of(uow, "credit_note", [n.id for n in page.items])
    return CreditNoteList(items=[CreditNoteOut.of(n, statuses[n.id]) for n in page.items], next_cursor=page.next_cursor)


@router.get("/credit-notes/{credit_note_id}", response_model=CreditNoteOut)
def get_credit_note(credit_note_id: UUID, ctx: Read, services: ServicesDep) -> CreditNoteOut:
    """One credit note."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _out(uow, credit_notes.get_credit_note(uow, credit_note_id))


@router.post("/credit-notes/{credit_note_id}/fiscalise", response_model=CreditNoteOut)
def fiscalise_credit_note(credit_note_id: UUID, ctx: ManageZra, services: ServicesDep) -> CreditNoteOut:
    """Send a note ZRA refused again, once its cause is fixed (its invoice fiscalised, say);
    409 `zra_not_rejected` otherwise. Pending notes are retried by themselves."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        note = credit_notes.get_credit_note(uow, credit_note_id)
        fiscalisation.retry_rejected(uow, "credit_note", note.id, clock=services.clock)
        out = _out(uow, note)
        uow.commit()
    return out
