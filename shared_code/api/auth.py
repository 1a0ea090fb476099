"""Who is calling, in which organization, with which permissions.

Every endpoint declares the permission it needs with `require_permission("ledger:post")`
(organization-scoped routes under `/api/v1/orgs/{org_id}/...`) or `require_user()`
(routes about the caller, such as `/api/v1/me`). A test walks the route table and fails
on any route that declares neither and is not in the short list of public routes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared_code.api.dependencies import get_services
from shared_code.api.middleware import client_address
from shared_code.bootstrap import Services
from shared_code.identity.audit import RequestMeta
from shared_code.identity.memberships import active_membership
from shared_code.identity.permissions import PERMISSIONS
from shared_code.identity.ports import identity_ports
from shared_code.identity.sessions import open_session_mfa
from shared_code.identity.sign_in import AuthError
from shared_code.identity.tokens import AccessClaims, InvalidAccessToken
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import DomainError, NotFound


@dataclass(frozen=True)
class Caller:
    """An authenticated user, from a verified access token."""

    user_id: UUID
    """The user's id."""
    session_id: UUID
    """The session (refresh-token family) the access token belongs to."""
    email: str
    """The user's e-mail address."""
    mfa: bool
    """True if the session was opened with a second factor (and MFA was not turned off since)."""


@dataclass(frozen=True)
class OrgContext:
    """An authenticated user acting in one organization they belong to."""

    organization_id: UUID
    """The organization in the path; also the tenant whose schema the request uses."""
    user_id: UUID
    """The acting user."""
    session_id: UUID
    """The acting session."""
    role: str
    """The member's role in this organization (built-in or custom)."""
    permissions: frozenset[str]
    """Everything the role allows, inheritance resolved."""

    def can(self, permission: str) -> bool:
        """True if the member's role grants `permission`."""
        return permission in self.permissions


PERMISSION_ATTRIBUTE = "intellifin_permission"
"""Set on every dependency made by `require_permission`/`require_user`; the route test reads it."""

Dependency = Callable[..., object]


PUBLIC_ROUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/api/health"),
        ("GET", "/api/ready"),
        ("GET", "/api/v1/dev/mailbox"),
        ("GET", "/api/v1/dev/sandboxes"),
        ("POST", "/api/v1/auth/register"),
        ("POST", "/api/v1/auth/verify-email"),
        ("POST", "/api/v1/auth/verify-email/resend"),
        ("POST", "/api/v1/auth/login"),
        ("POST", "/api/v1/auth/refresh"),
        ("POST", "/api/v1/auth/logout"),
        ("POST", "/api/v1/auth/password-reset/request"),
        ("POST", "/api/v1/auth/password-reset/confirm"),
        ("POST", "/api/v1/invitations/preview"),
        ("POST", "/api/v1/invitations/register"),
    }
)
"""Routes anyone may call; every other route must declare a permission (tested)."""

_bearer = HTTPBearer(auto_error=False)


def request_meta(request: Request) -> RequestMeta:
    """The caller's address and user agent, for the audit log and rate limits."""
    settings = request.app.state.services.settings
    address = client_address(
        dict(request.scope), trusted_hops=settings.forwarded_hops, trusted_ranges=settings.trusted_proxy_ranges
    )
    return RequestMeta(ip_address=address, user_agent=request.headers.get("user-agent"))


def _unauthenticated() -> AuthError:
    return AuthError("unauthenticated", "Sign in to continue.")


AUTHORIZATION_FALLBACK_HEADER = "X-IntelliFin-Authorization"
"""Azure Static Web Apps replaces `Authorization` on requests it forwards to a linked
backend (Azure/static-web-apps#34), so the web app sends its token in this header too;
when present it wins."""


def bearer_credentials(
    request: Request, standard: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> HTTPAuthorizationCredentials | None:
    """The caller's bearer credentials: `X-IntelliFin-Authorization` if sent, else `Authorization`."""
    fallback = request.headers.get(AUTHORIZATION_FALLBACK_HEADER)
    if fallback:
        scheme, _, token = fallback.strip().partition(" ")
        return HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip())
    return standard


def access_claims(
    services: Annotated[Services, Depends(get_services)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_credentials)],
) -> AccessClaims:
    """The claims of a valid bearer access token; 401 otherwise (the session is not read yet)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthenticated()
    try:
        return identity_ports(services).access_tokens().verify(credentials.credentials)
    except InvalidAccessToken:
        raise _unauthenticated() from None


def _caller(uow: UnitOfWork, claims: AccessClaims) -> Caller:
    session_mfa = open_session_mfa(uow, session_id=claims.session_id, user_id=claims.user_id)
    if session_mfa is None:
        raise _unauthenticated()
    # The session has the last word on MFA: turning MFA off takes effect before the token expires.
    mfa = claims.mfa and session_mfa
    return Caller(user_id=claims.user_id, session_id=claims.session_id, email=claims.email, mfa=mfa)


def current_caller(
    services: Annotated[Services, Depends(get_services)],
    claims: Annotated[AccessClaims, Depends(access_claims)],
) -> Caller:
    """The caller of a valid access token whose session is still open; 401 otherwise."""
    with services.db.unit_of_work() as uow:
        return _caller(uow, claims)


def _declare(dependency: Dependency, permission: str) -> Dependency:
    setattr(dependency, PERMISSION_ATTRIBUTE, permission)
    return dependency


@cache
def require_user() -> Callable[..., Caller]:
    """Dependency for routes about the caller themself (`/api/v1/me/...`)."""

    def dependency(caller: Annotated[Caller, Depends(current_caller)]) -> Caller:
        return caller

    return _declare(dependency, "authenticated")  # type: ignore[return-value]


@cache
def require_permission(
    permission: str, organization_statuses: tuple[str, ...] = ("active",)
) -> Callable[..., OrgContext]:
    """Dependency for `/api/v1/orgs/{org_id}/...` routes: the caller must be an active
    member of the organization (else 404, as if it did not exist) whose role grants
    `permission` (else 403), and must have used MFA if the organization requires it."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def dependency(
        org_id: Annotated[UUID, Path(description="The organization's id.")],
        claims: Annotated[AccessClaims, Depends(access_claims)],
        services: Annotated[Services, Depends(get_services)],
    ) -> OrgContext:
        # The session and the membership in one transaction: one pooled connection a request.
        with services.db.unit_of_work() as uow:
            caller = _caller(uow, claims)
            membership = active_membership(uow, org_id, caller.user_id, organization_statuses)
        if membership is None:
            raise NotFound("organization", code="organization_not_found")
        if membership.require_mfa and not caller.mfa:
            raise DomainError(
                code="mfa_required_by_organization",
                status=403,
                title="This organization requires two-step sign-in. Turn it on, then sign in again.",
            )
        if permission not in membership.permissions:
            raise DomainError(
                code="permission_denied",
                status=403,
                title="Your role does not allow this.",
                detail=f"Needs {permission}.",
            )
        return OrgContext(
            organization_id=org_id,
            user_id=caller.user_id,
            session_id=caller.session_id,
            role=membership.role,
            permissions=membership.permissions,
        )

    return _declare(dependency, permission)  # type: ignore[return-value]
