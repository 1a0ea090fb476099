"""The PDFs of invoices, credit notes, customer statements and payment receipts.

Each is drawn once per content and kept in Blob Storage; the response's ETag is the hash
that names the stored rendering, so a client can tell an unchanged document at a glance.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Day, ServicesDep
from shared_code.documents import printing
from shared_code.documents.printing import StoredPdf
from shared_code.platform.clock import today_in_zambia

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["documents"])

ReadInvoices = Annotated[OrgContext, Depends(require_permission("invoices:read"))]
ReadCustomers = Annotated[OrgContext, Depends(require_permission("customers:read"))]

_PDF: dict[int | str, dict[str, Any]] = {
    200: {"description": "The PDF.", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
}


def _pdf(stored: StoredPdf[Any]) -> Response:
    return Response(
        content=stored.data,
        media_type=printing.PDF,
        headers={
            "Content-Disposition": f'inline; filename="{stored.filename}"',
            "ETag": f'"{stored.content_hash}"',
            "Cache-Control": "private, no-cache",
        },
    )


@router.get("/invoices/{invoice_id}/pdf", response_class=Response, responses=_PDF)
def invoice_pdf(invoice_id: UUID, ctx: ReadInvoices, services: ServicesDep) -> Response:
    """The issued invoice as an A4 PDF; 404 `invoice_not_found`, 409 `invoice_not_issued` for a draft or void one."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _pdf(printing.invoice_pdf(uow, services.blob, invoice_id))


@router.get("/credit-notes/{credit_note_id}/pdf", response_class=Response, responses=_PDF)
def credit_note_pdf(credit_note_id: UUID, ctx: ReadInvoices, services: ServicesDep) -> Response:
    """The credit note as an A4 PDF; 404 `credit_note_not_found`."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _pdf(printing.credit_note_pdf(uow, services.blob, credit_note_id))


@router.get("/customers/{customer_id}/statement/pdf", response_class=Response, responses=_PDF)
def statement_pdf(
    customer_id: UUID, ctx: ReadCustomers, services: ServicesDep, as_of: Annotated[Day | None, Query()] = None
) -> Response:
    """The customer's statement as of `as_of` (today in Zambia by default) as an A4 PDF; 404 `customer_not_found`."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        day = as_of or today_in_zambia(services.clock)
        return _pdf(printing.statement_pdf(uow, services.blob, customer_id, as_of=day))


@router.get("/payments/{payment_id}/receipt.pdf", response_class=Response, responses=_PDF)
def receipt_pdf(payment_id: UUID, ctx: ReadInvoices, services: ServicesDep) -> Response:
    """The payment's receipt for an 80 mm printer; 404 `payment_not_found`, 409 `payment_is_refund`."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return _pdf(printing.receipt_pdf(uow, services.blob, payment_id))
