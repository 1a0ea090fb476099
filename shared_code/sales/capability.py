"""Sales plugs in its routes: customers, items, invoices, credit and debit notes, payments."""

from __future__ import annotations

from shared_code.platform.registry import Capability

CAPABILITY = Capability(
    name="sales",
    api_modules=(
        "shared_code.api.sales.customers",
        "shared_code.api.sales.items",
        "shared_code.api.sales.invoices",
        "shared_code.api.sales.credit_notes",
        "shared_code.api.sales.debit_notes",
        "shared_code.api.sales.payments",
        "shared_code.api.sales.settings",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/customers",
        "/api/v1/orgs/*/items",
        "/api/v1/orgs/*/invoices",
        "/api/v1/orgs/*/credit-notes",
        "/api/v1/orgs/*/debit-notes",
        "/api/v1/orgs/*/payments",
        "/api/v1/orgs/*/sales-settings",
    ),
)
