"""Two-step sign-in (TOTP): the caller's own enrolment, recovery codes and switch-off, and
the organization setting that requires it of every member.

`/api/v1/me/mfa/...` needs only a signed-in user, so a member refused by an organization
that requires MFA (403 `mfa_required_by_organization`) can still turn it on here.
Responses that carry a secret or recovery codes are `Cache-Control: no-store`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, Field

from shared_code.api.auth import Caller, OrgContext, current_caller, require_permission
from shared_code.api.types import CallerDep, MetaDep, ServicesDep
from shared_code.identity import mfa
from shared_code.identity.ports import identity_ports

router = APIRouter(prefix="/api/v1", tags=["mfa"])


PasswordField = Annotated[str, Field(min_length=1, max_length=1024, description="The caller's current password.")]
TotpField = Annotated[str, Field(min_length=6, max_length=12, description="The 6-digit code from the app.")]


class MfaStatusOut(BaseModel):
    """Where the caller stands with two-step sign-in."""

    enabled: bool
    enabled_at: datetime | None
    enrolment_pending: bool
    recovery_codes_remaining: int


class EnrolRequest(BaseModel):
    """Start enrolment: the current password, again."""

    password: PasswordField


class EnrolmentOut(BaseModel):
    """Add the account to an authenticator app: scan `qr_svg_data_uri`, or type `secret`."""

    secret: str
    otpauth_uri: str
    qr_svg_data_uri: str


class ConfirmRequest(BaseModel):
    """A code from the app, for the secret from enrolment."""

    totp_code: TotpField


class RecoveryCodesOut(BaseModel):
    """Ten single-use recovery codes. Shown this once: they are stored only hashed."""

    recovery_codes: list[str]


class RegenerateRequest(BaseModel):
    """New recovery codes: the current password and a code from the app."""

    password: PasswordField
    totp_code: TotpField


class DisableRequest(BaseModel):
    """Turn two-step sign-in off: the current password and either a code or a recovery code."""

    password: PasswordField
    totp_code: str | None = Field(default=None, max_length=12)
    recovery_code: str | None = Field(default=None, max_length=40)


class OrganizationSecurity(BaseModel):
    """The organization's sign-in requirements."""

    require_mfa: bool = Field(description="Every member must sign in with a second factor.")


def _qr_svg_data_uri(uri: str) -> str:
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=4))


def _no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"


@router.get("/me/mfa", response_model=MfaStatusOut)
def mfa_status(caller: CallerDep, services: ServicesDep) -> MfaStatusOut:
    """The caller's two-step sign-in status and how many recovery codes are left."""
    found = mfa.mfa_status(identity_ports(services), user_id=caller.user_id)
    return MfaStatusOut(
        enabled=found.enabled,
        enabled_at=found.enabled_at,
        enrolment_pending=found.enrolment_pending,
        recovery_codes_remaining=found.recovery_codes_remaining,
    )


@router.post("/me/mfa/enrol", response_model=EnrolmentOut)
def enrol(
    body: EnrolRequest, caller: CallerDep, services: ServicesDep, meta: MetaDep, response: Response
) -> EnrolmentOut:
    """Start enrolment: a new secret for the authenticator app, pending until confirmed.

    400 `current_password_incorrect`; 409 `mfa_already_enabled`; 429 `rate_limited`.
    """
    enrolment = mfa.start_enrolment(identity_ports(services), user_id=caller.user_id, password=body.password, meta=meta)
    _no_store(response)
    return EnrolmentOut(
        secret=enrolment.secret,
        otpauth_uri=enrolment.otpauth_uri,
        qr_svg_data_uri=_qr_svg_data_uri(enrolment.otpauth_uri),
    )


@router.post("/me/mfa/confirm", response_model=RecoveryCodesOut)
def confirm(
    body: ConfirmRequest, caller: CallerDep, services: ServicesDep, meta: MetaDep, response: Response
) -> RecoveryCodesOut:
    """Turn two-step sign-in on with a code from the app; returns the recovery codes once.

    This session becomes MFA-verified: refresh to get an access token that says so.
    400 `mfa_invalid`; 409 `mfa_already_enabled`, `mfa_enrolment_not_started`; 429.
    """
    codes = mfa.confirm_enrolment(
        identity_ports(services),
        user_id=caller.user_id,
        session_id=caller.session_id,
        totp_code=body.totp_code,
        meta=meta,
    )
    _no_store(response)
    return RecoveryCodesOut(recovery_codes=codes)


@router.post("/me/mfa/recovery-codes", response_model=RecoveryCodesOut)
def regenerate_recovery_codes(
    body: RegenerateRequest, caller: CallerDep, services: ServicesDep, meta: MetaDep, response: Response
) -> RecoveryCodesOut:
    """Replace the recovery codes; the old ones stop working.

    400 `current_password_incorrect`, `mfa_invalid`; 409 `mfa_not_enabled`; 429.
    """
    codes = mfa.regenerate_recovery_codes(
        identity_ports(services), user_id=caller.user_id, password=body.password, totp_code=body.totp_code, meta=meta
    )
    _no_store(response)
    return RecoveryCodesOut(recovery_codes=codes)


@router.post("/me/mfa/disable", status_code=status.HTTP_204_NO_CONTENT)
def disable(body: DisableRequest, caller: CallerDep, services: ServicesDep, meta: MetaDep) -> Response:
    """Turn two-step sign-in off. Every session of the caller stops counting as MFA-verified.

    400 `current_password_incorrect`, `mfa_invalid`; 409 `mfa_not_enabled`; 422 (no code); 429.
    """
    mfa.disable(
        identity_ports(services),
        user_id=caller.user_id,
        password=body.password,
        totp_code=body.totp_code,
        recovery_code=body.recovery_code,
        meta=meta,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/orgs/{org_id}/security", response_model=OrganizationSecurity)
def organization_security(
    ctx: Annotated[OrgContext, Depends(require_permission("organization:read"))], services: ServicesDep
) -> OrganizationSecurity:
    """The organization's sign-in requirements."""
    return OrganizationSecurity(
        require_mfa=mfa.organization_requires_mfa(identity_ports(services), organization_id=ctx.organization_id)
    )


@router.put("/orgs/{org_id}/security", response_model=OrganizationSecurity)
def set_organization_security(
    body: OrganizationSecurity,
    ctx: Annotated[OrgContext, Depends(require_permission("security:manage"))],
    caller: Annotated[Caller, Depends(current_caller)],
    services: ServicesDep,
    meta: MetaDep,
) -> OrganizationSecurity:
    """Require (or stop requiring) two-step sign-in of every member.

    409 `mfa_session_required` when turning it on from a session that did not use MFA.
    """
    require = mfa.set_organization_requirement(
        identity_ports(services),
        organization_id=ctx.organization_id,
        actor_id=ctx.user_id,
        actor_session_mfa=caller.mfa,
        require_mfa=body.require_mfa,
        meta=meta,
    )
    return OrganizationSecurity(require_mfa=require)
