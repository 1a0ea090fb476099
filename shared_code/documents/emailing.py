"""E-mailing a document to its customer, the PDF attached.

Sending records a `document_emails` row and an outbox message in the request's own
transaction: the e-mail exists if and only if the request commits, and nothing is queued
when the request is refused. The `documents.email` handler then delivers it once: a mail
server that is down or refuses for now leaves it queued with the reason, retried with the
queue's backoff; a permanent refusal, or the last attempt, marks it failed with the reason.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from shared_code.documents import email_repository, printing
from shared_code.documents.errors import document_not_issued, rejected
from shared_code.documents.messages import SEND_DOCUMENT_EMAIL
from shared_code.documents.model import DocumentEmail, DocumentKind, EmailPreview, EmailStatus, email_problems
from shared_code.documents.pdf_kit import money
from shared_code.documents.printing import StoredPdf
from shared_code.documents.settings_repository import get_settings
from shared_code.notifications.templates import render_email
from shared_code.platform.blob import BlobNotFound
from shared_code.platform.clock import Clock
from shared_code.platform.db import Transactions, UnitOfWork
from shared_code.platform.email import EmailDeliveryError, EmailMessage, EmailSender
from shared_code.platform.ids import new_id
from shared_code.platform.messaging import Message, PermanentMessageError, claim_processing, enqueue
from shared_code.platform.ports import FileStore
from shared_code.sales.credit_notes import get_credit_note
from shared_code.sales.customers import get_customer
from shared_code.sales.invoicing import get_invoice, mark_invoice_sent
from shared_code.sales.model import Customer
from shared_code.sales.payments import get_payment

DOCUMENT_WORDS = {
    DocumentKind.INVOICE: "invoice",
    DocumentKind.CREDIT_NOTE: "credit note",
    DocumentKind.STATEMENT: "statement",
    DocumentKind.RECEIPT: "receipt",
}


@dataclass(frozen=True)
class Recipient:
    """The customer a document is e-mailed to."""

    name: str
    """As addressed."""
    email: str
    """A checked address."""


@dataclass(frozen=True)
class EmailRequest:
    """What the sender may change in a document's e-mail."""

    subject: str | None = None
    """The subject; the template's (e.g. `Invoice INV-2026-00001 from …`) when None."""
    message: str = ""
    """The sender's own words, printed above the document's summary."""


def email_invoice(
    uow: UnitOfWork, files: FileStore, invoice_id: UUID, request: EmailRequest, *, sent_by: UUID, clock: Clock
) -> DocumentEmail:
    """Queue the issued invoice's e-mail with its PDF and mark the invoice sent; 404, 409
    `invoice_not_issued`, 422 (`customer_email_missing`, `customer_email_invalid`,
    `subject_invalid`, `message_too_long`) with nothing queued."""
    queued = _queue(uow, compose_invoice(uow, files, invoice_id, request), sent_by=sent_by, clock=clock)
    mark_invoice_sent(uow, invoice_id, recipient=queued.recipient, sent_by=sent_by, clock=clock)
    return queued


def email_credit_note(
    uow: UnitOfWork, files: FileStore, credit_note_id: UUID, request: EmailRequest, *, sent_by: UUID, clock: Clock
) -> DocumentEmail:
    """Queue the credit note's e-mail with its PDF; 404, or 422 as for an invoice."""
    return _queue(uow, compose_credit_note(uow, files, credit_note_id, request), sent_by=sent_by, clock=clock)


def email_statement(
    uow: UnitOfWork,
    files: FileStore,
    customer_id: UUID,
    request: EmailRequest,
    *,
    as_of: date,
    sent_by: UUID,
    clock: Clock,
) -> DocumentEmail:
    """Queue the customer's statement as of `as_of` with its PDF; 404, or 422 as for an invoice."""
    composed = compose_statement(uow, files, customer_id, request, as_of=as_of)
    return _queue(uow, composed, sent_by=sent_by, clock=clock)


def email_receipt(
    uow: UnitOfWork, files: FileStore, payment_id: UUID, request: EmailRequest, *, sent_by: UUID, clock: Clock
) -> DocumentEmail:
    """Queue the payment's receipt with its PDF; 404, 409 `payment_is_refund`, or 422 as for an invoice."""
    return _queue(uow, compose_receipt(uow, files, payment_id, request), sent_by=sent_by, clock=clock)


@dataclass(frozen=True)
class ComposedEmail:
    """A document's e-mail as it would be sent: the customer, the words, the PDF to attach."""

    stored: StoredPdf[Any]
    """The PDF attached."""
    recipient: Recipient
    """To whom."""
    subject: str
    """The sender's subject, or the template's."""
    message: str
    """The sender's own words, trimmed."""
    text: str
    """The plain-text body, the message filled in."""
    html: str | None
    """The HTML alternative."""
    reply_to: str | None
    """Where the customer's replies go."""

    @property
    def to(self) -> str:
        """The recipient as addressed, `Name <address>`."""
        return email.utils.formataddr((self.recipient.name, self.recipient.email))

    def preview(self) -> EmailPreview:
        """What the customer will receive, as the sender sees it before sending."""
        return EmailPreview(
            recipient=self.recipient.email,
            recipient_name=self.recipient.name,
            reply_to=self.reply_to,
            subject=self.subject,
            text=self.text,
            html=self.html,
            attachment=self.stored.filename,
        )


def compose_invoice(uow: UnitOfWork, files: FileStore, invoice_id: UUID, request: EmailRequest) -> ComposedEmail:
    """The issued invoice's e-mail; 404, 409 `invoice_not_issued`, or 422 (see `email_invoice`)."""
    invoice = get_invoice(uow, invoice_id)
    if invoice.status != "issued" or invoice.number is None:
        raise document_not_issued("invoice")
    customer = _addressable(get_customer(uow, invoice.header.customer_id), request)
    return _compose(
        uow,
        printing.invoice_pdf(uow, files, invoice_id),
        customer,
        request,
        number=invoice.number,
        issue_date=invoice.header.issue_date.isoformat(),
        due_date=invoice.header.due_date.isoformat(),
        currency=invoice.header.currency,
        amount_due=money(invoice.outstanding),
        reference=invoice.header.reference,
    )


def compose_credit_note(
    uow: UnitOfWork, files: FileStore, credit_note_id: UUID, request: EmailRequest
) -> ComposedEmail:
    """The credit note's e-mail; 404, or 422 as for an invoice."""
    note = get_credit_note(uow, credit_note_id)
    invoice = get_invoice(uow, note.invoice_id)
    customer = _addressable(get_customer(uow, invoice.header.customer_id), request)
    return _compose(
        uow,
        printing.credit_note_pdf(uow, files, credit_note_id),
        customer,
        request,
        number=note.number,
        invoice_number=invoice.number or "",
        issue_date=note.issue_date.isoformat(),
        currency=invoice.header.currency,
        amount=money(note.amount),
    )


def compose_statement(
    uow: UnitOfWork, files: FileStore, customer_id: UUID, request: EmailRequest, *, as_of: date
) -> ComposedEmail:
    """The e-mail of the customer's statement as of `as_of`; 404, or 422 as for an invoice."""
    customer = _addressable(get_customer(uow, customer_id), request)
    stored = printing.statement_pdf(uow, files, customer_id, as_of=as_of)
    statement = stored.printed
    return _compose(
        uow,
        stored,
        customer,
        request,
        as_of=as_of.isoformat(),
        currency=statement.currency,
        balance=money(statement.balance),
        owed=statement.balance > 0,
    )


def compose_receipt(uow: UnitOfWork, files: FileStore, payment_id: UUID, request: EmailRequest) -> ComposedEmail:
    """The payment receipt's e-mail; 404, 409 `payment_is_refund`, or 422 as for an invoice."""
    payment = get_payment(uow, payment_id)
    customer = _addressable(get_customer(uow, payment.customer_id), request)
    stored = printing.receipt_pdf(uow, files, payment_id)
    receipt = stored.printed
    return _compose(
        uow,
        stored,
        customer,
        request,
        reference=receipt.reference,
        payment_date=receipt.payment_date.isoformat(),
        currency=receipt.currency,
        amount=money(receipt.amount),
    )


def document_emails(uow: UnitOfWork, kind: DocumentKind, document_id: UUID) -> list[DocumentEmail]:
    """Every e-mail of a document with its status, newest first; 404 if there is no such document."""
    if kind is DocumentKind.INVOICE:
        get_invoice(uow, document_id)
    elif kind is DocumentKind.CREDIT_NOTE:
        get_credit_note(uow, document_id)
    elif kind is DocumentKind.STATEMENT:
        get_customer(uow, document_id)
    else:
        get_payment(uow, document_id)
    return email_repository.emails_of(uow, kind, document_id)


def _addressable(customer: Customer, request: EmailRequest) -> Recipient:
    errors = email_problems(customer.email, request.subject, request.message)
    if errors or customer.email is None:
        raise rejected(errors, "The document cannot be e-mailed.")
    return Recipient(customer.name, customer.email)


def _compose(
    uow: UnitOfWork, stored: StoredPdf[Any], customer: Recipient, request: EmailRequest, **facts: Any
) -> ComposedEmail:
    seller = stored.printed.seller
    message = request.message.strip()
    rendered = render_email(
        stored.kind.value,
        [email.utils.formataddr((customer.name, customer.email))],
        customer=customer.name,
        organization=seller.name,
        document=DOCUMENT_WORDS[stored.kind],
        filename=stored.filename,
        message=message,
        **facts,
    )
    return ComposedEmail(
        stored=stored,
        recipient=customer,
        subject=request.subject.strip() if request.subject is not None else rendered.subject,
        message=message,
        text=rendered.text,
        html=rendered.html,
        reply_to=get_settings(uow).reply_to or seller.email,
    )


def _queue(uow: UnitOfWork, composed: ComposedEmail, *, sent_by: UUID, clock: Clock) -> DocumentEmail:
    stored = composed.stored
    queued = DocumentEmail(
        id=new_id(),
        document_type=stored.kind,
        document_id=stored.document_id,
        recipient=composed.recipient.email,
        subject=composed.subject,
        message=composed.message,
        attachment=stored.filename,
        status=EmailStatus.QUEUED,
        attempts=0,
        last_error=None,
        queued_by=sent_by,
        queued_at=clock.now(),
        sent_at=None,
    )
    email_repository.insert_email(uow, queued)
    enqueue(
        uow,
        SEND_DOCUMENT_EMAIL,
        {
            "email_id": str(queued.id),
            "to": [composed.to],
            "subject": composed.subject,
            "text": composed.text,
            "html": composed.html,
            "reply_to": composed.reply_to,
            "pdf": stored.blob_name,
            "filename": stored.filename,
        },
    )
    return queued


def deliver_document_email(
    db: Transactions, files: FileStore, sender: EmailSender, message: Message, *, clock: Clock, max_attempts: int
) -> None:
    """Send the e-mail of a `documents.email` message once, however often it is delivered.

    Raises `EmailDeliveryError` (so the queue retries with backoff) while the mail server
    is down or refuses for now, after recording the attempt and its reason; on a permanent
    refusal or the last attempt the e-mail is marked failed and the message is done.
    """
    try:
        payload = message.payload
        email_id = UUID(str(payload["email_id"]))
        tenant = message.tenant_id
        if tenant is None:
            raise ValueError("no organization")
        pdf_name, filename = str(payload["pdf"]), str(payload["filename"])
        to = [str(address) for address in payload["to"]]
    except (KeyError, TypeError, ValueError) as error:
        raise PermanentMessageError(f"malformed documents.email payload: {error}") from error
    failure: EmailDeliveryError
    with db.unit_of_work(tenant) as uow:
        if not claim_processing(uow, message.id, SEND_DOCUMENT_EMAIL.name):
            return
        record = email_repository.get_email(uow, email_id, for_update=True)
        if record is None or record.status is not EmailStatus.QUEUED:
            uow.commit()
            return
        try:
            attachment = (filename, printing.PDF, files.get(pdf_name))
            smtp_message_id = sender.send(
                EmailMessage(
                    to=to,
                    subject=str(payload["subject"]),
                    text=str(payload["text"]),
                    html=payload.get("html"),
                    reply_to=payload.get("reply_to"),
                    attachments=[attachment],
                )
            )
        except BlobNotFound:
            failure = EmailDeliveryError("the PDF to attach is no longer stored", permanent=True)
        except EmailDeliveryError as error:
            failure = error
        else:
            email_repository.mark_sent(uow, email_id, smtp_message_id=smtp_message_id, at=clock.now())
            uow.commit()
            return
    final = failure.permanent or message.attempts >= max_attempts
    with db.unit_of_work(tenant) as uow:
        email_repository.record_failure(uow, email_id, reason=str(failure), final=final, at=clock.now())
        uow.commit()
    if not final:
        raise failure
