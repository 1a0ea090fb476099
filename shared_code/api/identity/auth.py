"""Registration, e-mail verification, sign-in, token refresh and sign-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Header, Response, status
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from shared_code.api.auth import Caller, access_claims, bearer_credentials, current_caller, require_user
from shared_code.api.types import MetaDep, ServicesDep
from shared_code.bootstrap import Services
from shared_code.identity import registration, sessions, sign_in
from shared_code.identity.ports import identity_ports
from shared_code.identity.sign_in import SignedIn
from shared_code.identity.tokens import DEVICE_LIFETIME

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

REFRESH_COOKIE = "intellifin_refresh"
CSRF_COOKIE = "intellifin_csrf"
CSRF_HEADER = "X-CSRF-Token"
REFRESH_COOKIE_PATH = "/api/v1/auth"
DEVICE_COOKIE = "intellifin_device"
DEVICE_COOKIE_PATH = "/api/v1/auth/login"
"""The device cookie goes only to the sign-in route; it is kept through sign-outs on purpose."""


class RegisterRequest(BaseModel):
    """A new account."""

    email: str = Field(min_length=3, max_length=254)
    full_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1024)


class Accepted(BaseModel):
    """The request was taken; what happens next arrives by e-mail."""

    status: str = "accepted"
    message: str


class TokenRequest(BaseModel):
    """A single-use token from an e-mail link."""

    token: str = Field(min_length=10, max_length=200)


class EmailRequest(BaseModel):
    """An e-mail address."""

    email: str = Field(min_length=3, max_length=254)


class LoginRequest(BaseModel):
    """E-mail and password, plus a TOTP code or a recovery code when MFA is on."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)
    totp_code: str | None = Field(default=None, max_length=12)
    recovery_code: str | None = Field(default=None, max_length=40)


class UserSummary(BaseModel):
    """Who signed in."""

    id: str
    email: str
    full_name: str
    mfa_enabled: bool


class TokenResponse(BaseModel):
    """An access token for the `Authorization: Bearer` header. The refresh token is only
    ever in the HttpOnly cookie; `csrf_token` must accompany cookie-authenticated calls."""

    access_token: str
    token_type: str = "Bearer"  # noqa: S105  (the OAuth token type, not a secret)
    expires_in: int
    csrf_token: str
    session_id: str
    user: UserSummary


def _set_auth_cookies(response: Response, services: Services, signed_in: SignedIn) -> None:
    secure = services.settings.auth_cookie_secure
    max_age = int((signed_in.session.expires_at - signed_in.session.created_at).total_seconds())
    response.set_cookie(
        REFRESH_COOKIE,
        signed_in.refresh_token,
        max_age=max_age,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        secure=secure,
        samesite="strict",
    )
    response.set_cookie(
        CSRF_COOKIE,
        signed_in.csrf_token,
        max_age=max_age,
        path="/",
        httponly=False,
        secure=secure,
        samesite="strict",
    )


def _clear_auth_cookies(response: Response, services: Services) -> None:
    secure = services.settings.auth_cookie_secure
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH, httponly=True, secure=secure, samesite="strict")
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite="strict")


def _double_submitted(header: str | None, cookie: str | None) -> str | None:
    """The CSRF token, only if the header repeats the cookie (the service then checks it
    against the session's stored hash)."""
    return header if header and header == cookie else None


def _token_response(signed_in: SignedIn) -> TokenResponse:
    user = signed_in.user
    return TokenResponse(
        access_token=signed_in.access_token,
        expires_in=signed_in.expires_in,
        csrf_token=signed_in.csrf_token,
        session_id=str(signed_in.session.id),
        user=UserSummary(id=str(user.id), email=user.email, full_name=user.full_name, mfa_enabled=user.mfa_enabled),
    )


CHECK_EMAIL = "If the address can be used, an e-mail is on its way. Follow the link in it."


@router.post("/register", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted)
def register(body: RegisterRequest, services: ServicesDep, meta: MetaDep) -> Accepted:
    """Create an account; a verification e-mail follows. The answer is the same whether
    or not the address already has an account."""
    registration.register(
        identity_ports(services), email=body.email, full_name=body.full_name, password=body.password, meta=meta
    )
    return Accepted(message=CHECK_EMAIL)


@router.post("/verify-email", response_model=Accepted)
def verify_email(body: TokenRequest, services: ServicesDep, meta: MetaDep) -> Accepted:
    """Confirm an e-mail address with the token from the verification e-mail.

    400 `token_invalid` (unknown, or spent while the address is still unconfirmed); 409
    `email_already_verified` when a spent link of a confirmed address is opened again.
    """
    registration.verify_email(identity_ports(services), token=body.token, meta=meta)
    return Accepted(status="verified", message="Your e-mail address is confirmed. You can sign in.")


@router.post("/verify-email/resend", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted)
def resend_verification(body: EmailRequest, services: ServicesDep, meta: MetaDep) -> Accepted:
    """Send the verification e-mail again (same answer for any address)."""
    registration.resend_verification(identity_ports(services), email=body.email, meta=meta)
    return Accepted(message=CHECK_EMAIL)


@router.post("/login", response_model=TokenResponse)
def login(
    body: LoginRequest,
    response: Response,
    services: ServicesDep,
    meta: MetaDep,
    device_cookie: Annotated[str | None, Cookie(alias=DEVICE_COOKIE, max_length=2000)] = None,
) -> TokenResponse:
    """Sign in. Answers 401 `mfa_required` when a second factor is needed; send the code then.

    The `intellifin_device` cookie marks a browser that signed in to the account before:
    failures from elsewhere do not lock it out (docs/security/abuse-limits.md).
    """
    signed_in = sign_in.login(
        identity_ports(services),
        email=body.email,
        password=body.password,
        totp_code=body.totp_code,
        recovery_code=body.recovery_code,
        meta=meta,
        device_token=device_cookie,
    )
    _set_auth_cookies(response, services, signed_in)
    if signed_in.device_token:
        response.set_cookie(
            DEVICE_COOKIE,
            signed_in.device_token,
            max_age=int(DEVICE_LIFETIME.total_seconds()),
            path=DEVICE_COOKIE_PATH,
            httponly=True,
            secure=services.settings.auth_cookie_secure,
            samesite="strict",
        )
    response.headers["Cache-Control"] = "no-store"
    return _token_response(signed_in)


@router.post("/refresh", response_model=TokenResponse)
def refresh(
    response: Response,
    services: ServicesDep,
    meta: MetaDep,
    refresh_cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE)] = None,
    csrf_cookie: Annotated[str | None, Cookie(alias=CSRF_COOKIE)] = None,
    csrf_header: Annotated[str | None, Header(alias=CSRF_HEADER)] = None,
) -> TokenResponse:
    """Rotate the refresh cookie and get a new access token. Cookie-authenticated: needs
    the CSRF token in `X-CSRF-Token`, equal to the `intellifin_csrf` cookie."""
    signed_in = sign_in.refresh(
        identity_ports(services),
        refresh_token=refresh_cookie,
        csrf_token=_double_submitted(csrf_header, csrf_cookie),
        meta=meta,
    )
    _set_auth_cookies(response, services, signed_in)
    response.headers["Cache-Control"] = "no-store"
    return _token_response(signed_in)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    response: Response,
    services: ServicesDep,
    meta: MetaDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_credentials)],
    refresh_cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE)] = None,
    csrf_cookie: Annotated[str | None, Cookie(alias=CSRF_COOKIE)] = None,
    csrf_header: Annotated[str | None, Header(alias=CSRF_HEADER)] = None,
) -> Response:
    """Sign out of this session: with the access token, or with the refresh cookie and CSRF token."""
    if credentials is not None:
        caller = current_caller(services, access_claims(services, credentials))
        sign_in.logout(identity_ports(services), user_id=caller.user_id, session_id=caller.session_id, meta=meta)
    elif refresh_cookie:
        signed_in = sign_in.refresh(
            identity_ports(services),
            refresh_token=refresh_cookie,
            csrf_token=_double_submitted(csrf_header, csrf_cookie),
            meta=meta,
        )
        sign_in.logout(identity_ports(services), user_id=signed_in.user.id, session_id=signed_in.session.id, meta=meta)
    response.status_code = status.HTTP_204_NO_CONTENT
    _clear_auth_cookies(response, services)
    return response


@router.post("/logout-all", status_code=status.HTTP_204_NO_CONTENT)
def logout_all(
    caller: Annotated[Caller, Depends(require_user())],
    response: Response,
    services: ServicesDep,
    meta: MetaDep,
) -> Response:
    """Sign out everywhere: every session of the caller ends, this one included."""
    sessions.logout_everywhere(identity_ports(services), user_id=caller.user_id, meta=meta)
    response.status_code = status.HTTP_204_NO_CONTENT
    _clear_auth_cookies(response, services)
    return response
