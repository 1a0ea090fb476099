"""Signing in and staying signed in: password and second factor, refresh-token rotation
with reuse detection, signing out.

Every answer that could tell whether an e-mail address has an account is the same for
known and unknown addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from shared_code.identity import rate_limits, repository, totp
from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.model import Session, User, lock_duration, normalise_email
from shared_code.identity.passwords import (
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
)
from shared_code.identity.ports import IdentityPorts
from shared_code.identity.throttling import throttle
from shared_code.identity.tokens import hash_token, new_opaque_token
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import DomainError
from shared_code.platform.ids import new_id


class AuthError(DomainError):
    """Sign-in or token failure: 401 with a stable code."""

    def __init__(self, code: str, title: str) -> None:
        super().__init__(code=code, title=title, status=401, headers={"WWW-Authenticate": "Bearer"})


def invalid_credentials() -> AuthError:
    """The one answer for an unknown e-mail, a wrong password or a disabled account."""
    return AuthError("invalid_credentials", "The e-mail address or password is not correct.")


@dataclass(frozen=True)
class SignedIn:
    """What a successful sign-in or refresh hands back."""

    access_token: str
    expires_in: int
    refresh_token: str
    csrf_token: str
    session: Session
    user: User
    device_token: str | None = None
    """For a password sign-in: the signed device token this browser keeps (OWASP device cookies)."""


def _failure_buckets(meta: RequestMeta, login: str, device: str | None) -> list[tuple[str, str | None]]:
    """Where a failed sign-in counts: a known device by itself, anyone else per address and account.

    So failures from elsewhere never lock out the browser the owner signed in with before,
    and a shared address (an office, a carrier NAT) is refused only after many failures.
    """
    if device is not None:
        return [("login:device", device)]
    return [("login:ip", meta.ip_address), ("login:account", login)]


def _refuse_if_exhausted(ports: IdentityPorts, buckets: list[tuple[str, str | None]]) -> None:
    now = ports.clock.now()
    with ports.db.unit_of_work() as uow:
        for bucket, subject in buckets:
            rate_limits.refuse_if_exhausted(uow, bucket, subject, now)


def _record_failure(ports: IdentityPorts, buckets: list[tuple[str, str | None]]) -> None:
    """Count a failure in its own committed transaction (the request then fails)."""
    now = ports.clock.now()
    with ports.db.unit_of_work() as uow:
        for bucket, subject in buckets:
            rate_limits.record(uow, bucket, subject, now)
        uow.commit()


def _check_second_factor(
    ports: IdentityPorts, uow: UnitOfWork, user: User, totp_code: str | None, recovery_code: str | None
) -> None:
    if not totp_code and not recovery_code:
        raise AuthError("mfa_required", "Enter the 6-digit code from your authenticator app.")
    if recovery_code:
        if not totp.use_recovery_code(uow, user.id, recovery_code):
            raise AuthError("mfa_invalid", "That code is not correct.")
        return
    assert user.mfa_secret is not None
    assert totp_code is not None
    secret = totp.decrypt_secret(ports.cipher, user.id, user.mfa_secret)
    step = totp.accepted_step(secret, totp_code, last_step=user.mfa_last_step, now=ports.clock.now())
    if step is None:
        raise AuthError("mfa_invalid", "That code is not correct.")
    repository.set_mfa_last_step(uow, user.id, step)


def login(
    ports: IdentityPorts,
    *,
    email: str,
    password: str,
    totp_code: str | None,
    recovery_code: str | None,
    meta: RequestMeta,
    device_token: str | None = None,
) -> SignedIn:
    """Sign in with e-mail and password (and the second factor if the user has one).

    `device_token` is the browser's device cookie: valid for this account, it makes the
    browser a known device, limited by its own failures only and never by the account's lock.
    """
    normalized = normalise_email(email)
    tokens = ports.access_tokens()
    device = tokens.device_id(device_token, login=normalized)
    buckets = _failure_buckets(meta, normalized, device)
    _refuse_if_exhausted(ports, buckets)
    if totp_code or recovery_code:
        throttle(ports, [("mfa:ip", meta.ip_address), ("mfa:account", normalized)])
    now = ports.clock.now()
    unknown_user_hash = dummy_hash()  # made (once per process) whoever signs in, so it times nobody
    with ports.db.unit_of_work() as uow:
        user = repository.user_by_email(uow, normalized, for_update=True)
        password_ok = verify_password(user.password_hash if user else unknown_user_hash, password)
        locked_until = user.locked_until if user is not None else None
        if device is None and locked_until is not None and locked_until > now:
            raise rate_limits.RateLimited(int((locked_until - now).total_seconds()) + 1)
        if user is None or user.status != "active" or not password_ok:
            _record_failure(ports, buckets)
            if user is not None:
                # The account's lock binds untrusted devices only; a known device has its own limit.
                lock = _lock_until(user.failed_logins + 1, now) if device is None else user.locked_until
                repository.record_failed_login(uow, user.id, lock)
                record_event(uow, "login_failed", meta=meta, user_id=user.id, details={"reason": "password"})
                uow.commit()
            raise invalid_credentials()
        if user.email_verified_at is None:
            raise DomainError(
                code="email_not_verified",
                status=403,
                title="Confirm your e-mail address first: we sent you a link.",
            )
        if user.mfa_enabled:
            try:
                _check_second_factor(ports, uow, user, totp_code, recovery_code)
            except AuthError as failure:
                if failure.code == "mfa_invalid":
                    _record_failure(ports, buckets)
                    lock = _lock_until(user.failed_logins + 1, now) if device is None else user.locked_until
                    repository.record_failed_login(uow, user.id, lock)
                    record_event(uow, "mfa_failed", meta=meta, user_id=user.id)
                    uow.commit()
                raise
        rehashed = hash_password(password) if needs_rehash(user.password_hash) else None
        repository.record_successful_login(uow, user.id, rehashed)
        signed_in = _open_session(ports, uow, user, mfa=user.mfa_enabled, meta=meta, now=now)
        record_event(
            uow,
            "login_succeeded",
            meta=meta,
            user_id=user.id,
            details={
                "session_id": str(signed_in.session.id),
                "mfa": user.mfa_enabled,
                "recovery_code": bool(recovery_code and user.mfa_enabled),
            },
        )
        uow.commit()
    return replace(signed_in, device_token=tokens.issue_device(login=normalized, now=now))


def _lock_until(failed_logins: int, now: datetime) -> datetime | None:
    duration = lock_duration(failed_logins)
    return now + duration if duration else None


def _open_session(
    ports: IdentityPorts, uow: UnitOfWork, user: User, *, mfa: bool, meta: RequestMeta, now: datetime
) -> SignedIn:
    csrf_token = new_opaque_token()
    session = Session(
        id=new_id(),
        user_id=user.id,
        mfa_verified=mfa,
        csrf_hash=hash_token(csrf_token),
        user_agent=(meta.user_agent or "")[:300] or None,
        ip_address=meta.ip_address,
        created_at=now,
        last_used_at=now,
        expires_at=now + timedelta(days=ports.policy.session_days),
        revoked_at=None,
    )
    repository.insert_session(uow, session)
    refresh_token = new_opaque_token()
    repository.insert_refresh_token(uow, token_hash=hash_token(refresh_token), session_id=session.id)
    tokens = ports.access_tokens()
    return SignedIn(
        access_token=tokens.issue(user_id=user.id, session_id=session.id, email=user.email, mfa=mfa, now=now),
        expires_in=int(tokens.lifetime.total_seconds()),
        refresh_token=refresh_token,
        csrf_token=csrf_token,
        session=session,
        user=user,
    )


def refresh(ports: IdentityPorts, *, refresh_token: str | None, csrf_token: str | None, meta: RequestMeta) -> SignedIn:
    """Rotate the refresh token and issue a new access token.

    Presenting a refresh token that was already rotated means it was copied: the whole
    session (token family) is revoked.
    """
    if not refresh_token:
        raise AuthError("refresh_token_missing", "You are signed out.")
    now = ports.clock.now()
    token_hash = hash_token(refresh_token)
    with ports.db.unit_of_work() as uow:
        row = repository.lock_refresh_token(uow, token_hash)
        if row is None:
            raise AuthError("refresh_token_invalid", "You are signed out.")
        session = repository.session_by_id(uow, row["session_id"], for_update=True)
        assert session is not None
        if row["used_at"] is not None:
            if session.revoked_at is None:
                repository.revoke_sessions(
                    uow, user_id=session.user_id, session_id=session.id, reason="refresh_token_reuse"
                )
                record_event(
                    uow,
                    "refresh_token_reuse_detected",
                    meta=meta,
                    user_id=session.user_id,
                    details={"session_id": str(session.id)},
                )
                uow.commit()
            raise AuthError("refresh_token_reused", "This session was ended for your safety. Sign in again.")
        idle_since = now - timedelta(hours=ports.policy.session_idle_hours)
        if session.revoked_at is not None or session.expires_at <= now or session.last_used_at <= idle_since:
            raise AuthError("session_ended", "Your session has ended. Sign in again.")
        if not csrf_token or hash_token(csrf_token) != session.csrf_hash:
            raise DomainError(code="csrf_failed", status=403, title="The request could not be verified.")
        user = repository.user_by_id(uow, session.user_id)
        if user is None or user.status != "active":
            raise AuthError("session_ended", "Your session has ended. Sign in again.")
        repository.mark_refresh_token_used(uow, token_hash, now)
        new_refresh = new_opaque_token()
        repository.insert_refresh_token(uow, token_hash=hash_token(new_refresh), session_id=session.id)
        repository.touch_session(uow, session.id, now)
        tokens = ports.access_tokens()
        uow.commit()
    return SignedIn(
        access_token=tokens.issue(
            user_id=user.id, session_id=session.id, email=user.email, mfa=session.mfa_verified, now=now
        ),
        expires_in=int(tokens.lifetime.total_seconds()),
        refresh_token=new_refresh,
        csrf_token=csrf_token,
        session=session,
        user=user,
    )


def logout(ports: IdentityPorts, *, user_id: UUID, session_id: UUID, meta: RequestMeta) -> None:
    """End one session."""
    with ports.db.unit_of_work() as uow:
        if repository.revoke_sessions(uow, user_id=user_id, session_id=session_id, reason="logout"):
            record_event(uow, "logout", meta=meta, user_id=user_id, details={"session_id": str(session_id)})
        uow.commit()
