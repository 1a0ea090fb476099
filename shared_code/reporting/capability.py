"""Reporting plugs in its routes: the four statements, layouts, sign-offs and the notes page."""

from __future__ import annotations

from shared_code.platform.registry import Capability

CAPABILITY = Capability(
    name="reporting",
    api_modules=(
        "shared_code.api.reporting.statements",
        "shared_code.api.reporting.layouts",
        "shared_code.api.reporting.notes",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/reports/profit-and-loss",
        "/api/v1/orgs/*/reports/financial-position",
        "/api/v1/orgs/*/reports/cash-flows",
        "/api/v1/orgs/*/reports/changes-in-equity",
        "/api/v1/orgs/*/reports/sign-offs",
        "/api/v1/orgs/*/reports/notes",
        "/api/v1/orgs/*/report-layouts",
    ),
)
