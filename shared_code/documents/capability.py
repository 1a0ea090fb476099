"""Documents plug in their routes (the PDFs of invoices, credit notes, statements and
receipts, their e-mails to customers, the organization's document settings) and the
handler that delivers those e-mails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_code.documents.messages import SEND_DOCUMENT_EMAIL
from shared_code.platform.registry import Capability

if TYPE_CHECKING:
    from shared_code.platform.messaging import Message
    from shared_code.platform.ports import Ports


def send_document_email(ports: Ports, message: Message) -> None:
    """Handle a `documents.email` message."""
    from shared_code.documents.emailing import deliver_document_email

    deliver_document_email(
        ports.db,
        ports.blob,
        ports.email,
        message,
        clock=ports.clock,
        max_attempts=ports.settings.queue_max_attempts,
    )


CAPABILITY = Capability(
    name="documents",
    api_modules=(
        "shared_code.api.documents.pdfs",
        "shared_code.api.documents.emails",
        "shared_code.api.documents.settings",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/invoices/*/pdf",
        "/api/v1/orgs/*/invoices/*/send",
        "/api/v1/orgs/*/invoices/*/emails",
        "/api/v1/orgs/*/credit-notes/*/pdf",
        "/api/v1/orgs/*/credit-notes/*/send",
        "/api/v1/orgs/*/credit-notes/*/emails",
        "/api/v1/orgs/*/customers/*/statement/pdf",
        "/api/v1/orgs/*/customers/*/statement/send",
        "/api/v1/orgs/*/customers/*/statement/emails",
        "/api/v1/orgs/*/payments/*/receipt.pdf",
        "/api/v1/orgs/*/payments/*/receipt/send",
        "/api/v1/orgs/*/payments/*/receipt/emails",
        "/api/v1/orgs/*/document-settings",
    ),
    queues=(SEND_DOCUMENT_EMAIL.queue,),
    message_handlers={SEND_DOCUMENT_EMAIL.name: send_document_email},
)
