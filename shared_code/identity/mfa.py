"""Two-step sign-in (TOTP) of a signed-in user, and an organization's requirement of it.

Enrolment is two steps: `start_enrolment` (with the password) stores a pending secret,
encrypted; `confirm_enrolment` (with a code from the app) turns MFA on and hands out ten
recovery codes, once. Codes are checked with `totp.accepted_step` (each time step works
once) and recovery codes with `totp.use_recovery_code`, as at sign-in. Every attempt
counts against the `mfa:*` limits; a wrong password, or a wrong code for MFA already on,
also counts as a failed sign-in (the same progressive lock).

Sessions: confirming marks the session that confirmed as MFA-verified (it was opened with
the password and has just shown a code, which is what a sign-in with the code proves);
its next refresh issues an access token that says so. Other sessions stay password-only
until they sign in again. Disabling clears the mark on every session of the user, so an
organization that requires MFA refuses them from the next request.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import pyotp

from shared_code.identity import mfa_repository, repository, totp
from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.model import User, lock_duration, normalise_email
from shared_code.identity.password_reset import reauthenticate, signed_in_user
from shared_code.identity.ports import IdentityPorts
from shared_code.identity.throttling import throttle
from shared_code.notifications.email import queue_email
from shared_code.notifications.templates import render_email
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import Conflict, DomainError, FieldError, ValidationFailed

ISSUER = "IntelliFin"
"""The name authenticator apps show next to the account."""

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
"""Crockford's base 32 (no i, l, o, u): 12 symbols are 60 random bits, typed as xxxx-xxxx-xxxx."""


@dataclass(frozen=True)
class MfaStatus:
    """Where a user stands with two-step sign-in."""

    enabled: bool
    """True once enrolment was confirmed."""
    enabled_at: datetime | None
    """When it was turned on."""
    enrolment_pending: bool
    """True between `start_enrolment` and `confirm_enrolment`."""
    recovery_codes_remaining: int
    """Unused recovery codes."""


@dataclass(frozen=True)
class Enrolment:
    """What the authenticator app needs: shown once, never stored in the clear."""

    secret: str
    """Base32 secret, for typing in by hand."""
    otpauth_uri: str
    """The `otpauth://totp/...` URI the QR code carries."""


def new_recovery_codes() -> list[str]:
    """Ten fresh recovery codes as the user sees them."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes


def mfa_status(ports: IdentityPorts, *, user_id: UUID) -> MfaStatus:
    """The caller's two-step sign-in status."""
    with ports.db.unit_of_work() as uow:
        row = mfa_repository.mfa_state(uow, user_id)
    assert row is not None, "the caller's account exists (the access token was checked)"
    enabled = row["mfa_enabled_at"] is not None and row["has_secret"]
    return MfaStatus(
        enabled=enabled,
        enabled_at=row["mfa_enabled_at"] if enabled else None,
        enrolment_pending=row["pending"],
        recovery_codes_remaining=row["remaining"] if enabled else 0,
    )


def start_enrolment(ports: IdentityPorts, *, user_id: UUID, password: str, meta: RequestMeta) -> Enrolment:
    """Make a new TOTP secret, pending until confirmed with a code (replaces a pending one)."""
    now = _count_attempt(ports, user_id, meta)
    with ports.db.unit_of_work() as uow:
        user = signed_in_user(uow, user_id, for_update=True)
        reauthenticate(uow, user, password, purpose="mfa_enrol", now=now, meta=meta)
        if user.mfa_enabled:
            raise Conflict("mfa_already_enabled", "Two-step sign-in is already on. Turn it off to change the app.")
        secret = pyotp.random_base32()
        mfa_repository.set_pending_secret(uow, user.id, totp.encrypt_secret(ports.cipher, user.id, secret))
        record_event(uow, "mfa_enrolment_started", meta=meta, user_id=user.id)
        uow.commit()
    uri = pyotp.TOTP(secret, interval=totp.PERIOD_SECONDS).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Enrolment(secret=secret, otpauth_uri=uri)


def confirm_enrolment(
    ports: IdentityPorts, *, user_id: UUID, session_id: UUID, totp_code: str, meta: RequestMeta
) -> list[str]:
    """Turn MFA on with a code for the pending secret; returns the recovery codes (shown once)."""
    now = _count_attempt(ports, user_id, meta)
    with ports.db.unit_of_work() as uow:
        user = signed_in_user(uow, user_id, for_update=True)
        if user.mfa_enabled:
            raise Conflict("mfa_already_enabled", "Two-step sign-in is already on.")
        pending = mfa_repository.pending_secret(uow, user.id)
        if pending is None:
            raise Conflict("mfa_enrolment_not_started", "Start setting up two-step sign-in first.")
        secret = totp.decrypt_secret(ports.cipher, user.id, pending)
        step = totp.accepted_step(secret, totp_code, last_step=None, now=now)
        if step is None:
            raise _code_invalid()
        mfa_repository.enable_pending_secret(uow, user.id, now=now, step=step)
        codes = _replace_recovery_codes(uow, user.id)
        mfa_repository.mark_session_verified(uow, user.id, session_id)
        record_event(uow, "mfa_enabled", meta=meta, user_id=user.id, details={"session_id": str(session_id)})
        queue_email(uow, render_email("mfa_changed", [user.email], name=user.full_name, enabled=True))
        uow.commit()
    return codes


def regenerate_recovery_codes(
    ports: IdentityPorts, *, user_id: UUID, password: str, totp_code: str, meta: RequestMeta
) -> list[str]:
    """Replace every recovery code (password and a TOTP code needed); the old ones stop working."""
    now = _count_attempt(ports, user_id, meta)
    with ports.db.unit_of_work() as uow:
        user = signed_in_user(uow, user_id, for_update=True)
        reauthenticate(uow, user, password, purpose="mfa_recovery_codes", now=now, meta=meta)
        _require_enabled(user)
        _check_second_factor(ports, uow, user, totp_code=totp_code, recovery_code=None, now=now, meta=meta)
        codes = _replace_recovery_codes(uow, user.id)
        record_event(uow, "recovery_codes_regenerated", meta=meta, user_id=user.id)
        uow.commit()
    return codes


def disable(
    ports: IdentityPorts,
    *,
    user_id: UUID,
    password: str,
    totp_code: str | None,
    recovery_code: str | None,
    meta: RequestMeta,
) -> None:
    """Turn MFA off with the password and a TOTP or recovery code."""
    if not totp_code and not recovery_code:
        raise ValidationFailed(
            [FieldError("totp_code", "required", "Enter the code from your authenticator app or a recovery code.")]
        )
    now = _count_attempt(ports, user_id, meta)
    with ports.db.unit_of_work() as uow:
        user = signed_in_user(uow, user_id, for_update=True)
        reauthenticate(uow, user, password, purpose="mfa_disable", now=now, meta=meta)
        _require_enabled(user)
        _check_second_factor(ports, uow, user, totp_code=totp_code, recovery_code=recovery_code, now=now, meta=meta)
        mfa_repository.disable(uow, user.id)
        record_event(uow, "mfa_disabled", meta=meta, user_id=user.id, details={"with_recovery_code": not totp_code})
        queue_email(uow, render_email("mfa_changed", [user.email], name=user.full_name, enabled=False))
        uow.commit()


def organization_requires_mfa(ports: IdentityPorts, *, organization_id: UUID) -> bool:
    """True if every member must sign in with a second factor to act in the organization."""
    with ports.db.unit_of_work() as uow:
        required = mfa_repository.organization_requires_mfa(uow, organization_id)
    assert required is not None, "the organization exists (membership was checked)"
    return required


def set_organization_requirement(
    ports: IdentityPorts,
    *,
    organization_id: UUID,
    actor_id: UUID,
    actor_session_mfa: bool,
    require_mfa: bool,
    meta: RequestMeta,
) -> bool:
    """Require (or stop requiring) MFA of every member; returns the setting now in force.

    Turning it on needs the actor's own session to be MFA-verified, so an owner cannot
    lock themselves out of their organization.
    """
    if require_mfa and not actor_session_mfa:
        raise Conflict(
            "mfa_session_required",
            "Turn on two-step sign-in for yourself and sign in with it before requiring it of everyone.",
        )
    with ports.db.unit_of_work() as uow:
        current = mfa_repository.organization_requires_mfa(uow, organization_id, for_update=True)
        assert current is not None, "the organization exists (membership was checked)"
        if current != require_mfa:
            mfa_repository.set_organization_requires_mfa(uow, organization_id, require_mfa)
            record_event(
                uow,
                "organization_mfa_required_changed",
                meta=meta,
                user_id=actor_id,
                organization_id=organization_id,
                details={"require_mfa": require_mfa},
            )
        uow.commit()
    return require_mfa


def _count_attempt(ports: IdentityPorts, user_id: UUID, meta: RequestMeta) -> datetime:
    """Count an MFA attempt against the same limits as a code at sign-in; the time now."""
    with ports.db.unit_of_work() as uow:
        user = signed_in_user(uow, user_id)
    throttle(ports, [("mfa:ip", meta.ip_address), ("mfa:account", normalise_email(user.email))])
    return ports.clock.now()


def _require_enabled(user: User) -> None:
    if not user.mfa_enabled:
        raise Conflict("mfa_not_enabled", "Two-step sign-in is not on.")


def _code_invalid() -> DomainError:
    return DomainError(code="mfa_invalid", status=400, title="That code is not correct.")


def _check_second_factor(
    ports: IdentityPorts,
    uow: UnitOfWork,
    user: User,
    *,
    totp_code: str | None,
    recovery_code: str | None,
    now: datetime,
    meta: RequestMeta,
) -> None:
    """Accept a TOTP code (once per time step) or spend a recovery code; a wrong one counts
    as a failed sign-in and answers 400 `mfa_invalid`."""
    if totp_code:
        assert user.mfa_secret is not None
        secret = totp.decrypt_secret(ports.cipher, user.id, user.mfa_secret)
        step = totp.accepted_step(secret, totp_code, last_step=user.mfa_last_step, now=now)
        if step is not None:
            repository.set_mfa_last_step(uow, user.id, step)
            return
    elif recovery_code and totp.use_recovery_code(uow, user.id, recovery_code):
        return
    duration = lock_duration(user.failed_logins + 1)
    repository.record_failed_login(uow, user.id, now + duration if duration else None)
    record_event(uow, "mfa_failed", meta=meta, user_id=user.id)
    uow.commit()
    raise _code_invalid()


def _replace_recovery_codes(uow: UnitOfWork, user_id: UUID) -> list[str]:
    codes = new_recovery_codes()
    mfa_repository.replace_recovery_codes(uow, user_id, [totp.hash_recovery_code(user_id, code) for code in codes])
    return codes
