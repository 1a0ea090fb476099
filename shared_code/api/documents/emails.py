"""E-mailing invoices, credit notes, statements and receipts to the customer with the PDF
attached, and each document's e-mail history with its delivery status."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import Day, RequestBody, ServicesDep
from shared_code.documents import emailing
from shared_code.documents.emailing import EmailRequest
from shared_code.documents.model import DocumentEmail, DocumentKind, EmailPreview
from shared_code.platform.clock import today_in_zambia

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["documents"])

Send = Annotated[OrgContext, Depends(require_permission("invoices:issue"))]
ReadInvoices = Annotated[OrgContext, Depends(require_permission("invoices:read"))]
ReadCustomers = Annotated[OrgContext, Depends(require_permission("customers:read"))]


class EmailIn(RequestBody):
    """The e-mail as the sender edits it; the template's subject when none is given (no body: all defaults)."""

    subject: str | None = Field(default=None, max_length=1000, description="At most 200 characters, one line.")
    message: str = Field(default="", max_length=10_000, description="At most 5000 characters.")

    def request(self) -> EmailRequest:
        """The domain request."""
        return EmailRequest(subject=self.subject, message=self.message)


class StatementEmailIn(EmailIn):
    """A statement's e-mail: the statement as of `as_of` (today in Zambia by default)."""

    as_of: Day | None = None


class EmailHistory(BaseModel):
    """Every e-mail of a document, newest first."""

    items: list[DocumentEmail]


@router.post("/invoices/{invoice_id}/send", status_code=status.HTTP_202_ACCEPTED, response_model=DocumentEmail)
def send_invoice(invoice_id: UUID, ctx: Send, services: ServicesDep, body: EmailIn | None = None) -> DocumentEmail:
    """E-mail the issued invoice to the customer with its PDF and mark it sent; the e-mail is queued with this
    change and delivered once it commits (409 `invoice_not_issued`, 422 with nothing queued)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        queued = emailing.email_invoice(
            uow, services.blob, invoice_id, (body or EmailIn()).request(), sent_by=ctx.user_id, clock=services.clock
        )
        uow.commit()
    return queued


@router.post("/invoices/{invoice_id}/send/preview", response_model=EmailPreview)
def preview_invoice_email(
    invoice_id: UUID, ctx: Send, services: ServicesDep, body: EmailIn | None = None
) -> EmailPreview:
    """The invoice's e-mail as the customer would receive it with this subject and message; nothing is queued
    or marked sent (409 `invoice_not_issued`, 422 as for sending)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        composed = emailing.compose_invoice(uow, services.blob, invoice_id, (body or EmailIn()).request())
        return composed.preview()


@router.get("/invoices/{invoice_id}/emails", response_model=EmailHistory)
def invoice_emails(invoice_id: UUID, ctx: ReadInvoices, services: ServicesDep) -> EmailHistory:
    """The invoice's e-mails: queued, sent, or failed with the reason."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return EmailHistory(items=emailing.document_emails(uow, DocumentKind.INVOICE, invoice_id))


@router.post("/credit-notes/{credit_note_id}/send", status_code=status.HTTP_202_ACCEPTED, response_model=DocumentEmail)
def send_credit_note(
    credit_note_id: UUID, ctx: Send, services: ServicesDep, body: EmailIn | None = None
) -> DocumentEmail:
    """E-mail the credit note to the customer with its PDF (422 with nothing queued)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        queued = emailing.email_credit_note(
            uow, services.blob, credit_note_id, (body or EmailIn()).request(), sent_by=ctx.user_id, clock=services.clock
        )
        uow.commit()
    return queued


@router.post("/credit-notes/{credit_note_id}/send/preview", response_model=EmailPreview)
def preview_credit_note_email(
    credit_note_id: UUID, ctx: Send, services: ServicesDep, body: EmailIn | None = None
) -> EmailPreview:
    """The credit note's e-mail as the customer would receive it; nothing is queued (422 as for sending)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        composed = emailing.compose_credit_note(uow, services.blob, credit_note_id, (body or EmailIn()).request())
        return composed.preview()


@router.get("/credit-notes/{credit_note_id}/emails", response_model=EmailHistory)
def credit_note_emails(credit_note_id: UUID, ctx: ReadInvoices, services: ServicesDep) -> EmailHistory:
    """The credit note's e-mails: queued, sent, or failed with the reason."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return EmailHistory(items=emailing.document_emails(uow, DocumentKind.CREDIT_NOTE, credit_note_id))


@router.post(
    "/customers/{customer_id}/statement/send", status_code=status.HTTP_202_ACCEPTED, response_model=DocumentEmail
)
def send_statement(
    customer_id: UUID, ctx: Send, services: ServicesDep, body: StatementEmailIn | None = None
) -> DocumentEmail:
    """E-mail the customer's statement with its PDF (422 with nothing queued)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        queued = emailing.email_statement(
            uow,
            services.blob,
            customer_id,
            (body or EmailIn()).request(),
            as_of=(body.as_of if body else None) or today_in_zambia(services.clock),
            sent_by=ctx.user_id,
            clock=services.clock,
        )
        uow.commit()
    return queued


@router.post("/customers/{customer_id}/statement/send/preview", response_model=EmailPreview)
def preview_statement_email(
    customer_id: UUID, ctx: Send, services: ServicesDep, body: StatementEmailIn | None = None
) -> EmailPreview:
    """The statement's e-mail as the customer would receive it; nothing is queued (422 as for sending)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        composed = emailing.compose_statement(
            uow,
            services.blob,
            customer_id,
            (body or EmailIn()).request(),
            as_of=(body.as_of if body else None) or today_in_zambia(services.clock),
        )
        return composed.preview()


@router.get("/customers/{customer_id}/statement/emails", response_model=EmailHistory)
def statement_emails(customer_id: UUID, ctx: ReadCustomers, services: ServicesDep) -> EmailHistory:
    """The statements e-mailed to the customer: queued, sent, or failed with the reason."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return EmailHistory(items=emailing.document_emails(uow, DocumentKind.STATEMENT, customer_id))


@router.post("/payments/{payment_id}/receipt/send", status_code=status.HTTP_202_ACCEPTED, response_model=DocumentEmail)
def send_receipt(payment_id: UUID, ctx: Send, services: ServicesDep, body: EmailIn | None = None) -> DocumentEmail:
    """E-mail the payment's receipt with its PDF (409 `payment_is_refund`, 422 with nothing queued)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        queued = emailing.email_receipt(
            uow, services.blob, payment_id, (body or EmailIn()).request(), sent_by=ctx.user_id, clock=services.clock
        )
        uow.commit()
    return queued


@router.post("/payments/{payment_id}/receipt/send/preview", response_model=EmailPreview)
def preview_receipt_email(
    payment_id: UUID, ctx: Send, services: ServicesDep, body: EmailIn | None = None
) -> EmailPreview:
    """The receipt's e-mail as the customer would receive it; nothing is queued (409 `payment_is_refund`, 422)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        composed = emailing.compose_receipt(uow, services.blob, payment_id, (body or EmailIn()).request())
        return composed.preview()


@router.get("/payments/{payment_id}/receipt/emails", response_model=EmailHistory)
def receipt_emails(payment_id: UUID, ctx: ReadInvoices, services: ServicesDep) -> EmailHistory:
    """The receipt's e-mails: queued, sent, or failed with the reason."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return EmailHistory(items=emailing.document_emails(uow, DocumentKind.RECEIPT, payment_id))
