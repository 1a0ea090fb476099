"""Sales plugs in its routes: customers, items, invoices."""

from __future__ import annotations

from shared_code.platform.registry import Capability

CAPABILITY = Capability(
    name="sales",
    api_modules=(
        "shared_code.api.sales.customers",
        "shared_code.api.sales.items",
        "shared_code.api.sales.invoices",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/customers",
        "/api/v1/orgs/*/items",
        "/api/v1/orgs/*/invoices",
    ),
)
