"""Purchases plugs in its routes: suppliers, expense categories, expenses, bills, supplier
payments and credits, the payables aging and spending by category or supplier."""

from __future__ import annotations

from shared_code.platform.registry import Capability

CAPABILITY = Capability(
    name="purchases",
    api_modules=(
        "shared_code.api.purchases.suppliers",
        "shared_code.api.purchases.categories",
        "shared_code.api.purchases.expenses",
        "shared_code.api.purchases.bills",
        "shared_code.api.purchases.payments",
        "shared_code.api.purchases.reports",
        "shared_code.api.purchases.receipts",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/suppliers",
        "/api/v1/orgs/*/expense-categories",
        "/api/v1/orgs/*/expenses",
        "/api/v1/orgs/*/bills",
        "/api/v1/orgs/*/supplier-payments",
        "/api/v1/orgs/*/supplier-credits",
        "/api/v1/orgs/*/reports/payables-aging",
        "/api/v1/orgs/*/reports/spending",
    ),
)
