"""The ledger plugs in its routes: accounts, journal, reports, periods."""

from __future__ import annotations

from shared_code.platform.registry import Capability

CAPABILITY = Capability(
    name="ledger",
    api_modules=(
        "shared_code.api.ledger.accounts",
        "shared_code.api.ledger.journal",
        "shared_code.api.ledger.reports",
        "shared_code.api.ledger.periods",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/accounts",
        "/api/v1/orgs/*/journal-entries",
        "/api/v1/orgs/*/ledger",
        "/api/v1/orgs/*/reports",
        "/api/v1/orgs/*/periods",
    ),
)
