"""Documents plug in their routes: the PDFs of invoices, credit notes, statements and
receipts, and the organization's document settings."""

from __future__ import annotations

from shared_code.platform.registry import Capability

CAPABILITY = Capability(
    name="documents",
    api_modules=(
        "shared_code.api.documents.pdfs",
        "shared_code.api.documents.settings",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/invoices/*/pdf",
        "/api/v1/orgs/*/credit-notes/*/pdf",
        "/api/v1/orgs/*/customers/*/statement/pdf",
        "/api/v1/orgs/*/payments/*/receipt.pdf",
        "/api/v1/orgs/*/document-settings",
    ),
)
