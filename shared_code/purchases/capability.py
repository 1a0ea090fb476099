"""Purchases plugs in its routes: suppliers, expense categories, expenses, bills, supplier
payments and credits, and the payables aging."""

from __future__ import annotations

from shared_code.platform.registry import Capability

CAPABILITY = Capability(
    name="purchases",
    api_modules=(
        "shared_code.api.purchases.suppliers",
        "shared_code.api.purchases.categories",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/suppliers",
        "/api/v1/orgs/*/expense-categories",
    ),
)
