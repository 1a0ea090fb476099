"""Identity plugs in its routes: sign-in and accounts, MFA, passwords, invitations, team, audit."""

from __future__ import annotations

from shared_code.platform.registry import Capability

CAPABILITY = Capability(
    name="identity",
    api_modules=(
        "shared_code.api.identity.auth",
        "shared_code.api.identity.me",
        "shared_code.api.identity.invitations",
        "shared_code.api.identity.team",
        "shared_code.api.identity.audit_log",
        "shared_code.api.identity.mfa",
        "shared_code.api.identity.password",
    ),
    api_prefixes=(
        "/api/v1/auth",
        "/api/v1/me",
        "/api/v1/invitations",
        "/api/v1/orgs/*/members",
        "/api/v1/orgs/*/invitations",
        "/api/v1/orgs/*/roles",
        "/api/v1/orgs/*/audit-log",
        "/api/v1/orgs/*/security",
    ),
)
