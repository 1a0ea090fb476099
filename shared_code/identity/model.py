"""Identity types and pure rules: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from email_validator import EmailNotValidError, validate_email

from shared_code.platform.errors import FieldError


@dataclass(frozen=True)
class User:
    """A person who can sign in."""

    id: UUID
    email: str
    full_name: str
    password_hash: str
    email_verified_at: datetime | None
    status: str
    mfa_secret: str | None
    mfa_enabled_at: datetime | None
    mfa_last_step: int | None
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime

    @property
    def mfa_enabled(self) -> bool:
        """True once TOTP enrolment was confirmed."""
        return self.mfa_enabled_at is not None and self.mfa_secret is not None


@dataclass(frozen=True)
class Session:
    """A signed-in device: one refresh-token family."""

    id: UUID
    user_id: UUID
    mfa_verified: bool
    csrf_hash: str
    user_agent: str | None
    ip_address: str | None
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


def normalise_email(email: str) -> str:
    """The form used to compare addresses: trimmed and lower-cased."""
    return email.strip().lower()


def email_problems(email: str, field: str = "email") -> list[FieldError]:
    """Why `email` is not a usable address (no DNS look-up)."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        return [FieldError(field, "email_invalid", str(error))]
    return []


def lock_duration(failed_logins: int) -> timedelta | None:
    """Progressive delay, then a temporary lock, after repeated failed sign-ins.

    From the 5th consecutive failure the account waits 2^(n-5) minutes before the next
    attempt (1, 2, 4, 8 …), capped at one hour.
    """
    if failed_logins < 5:
        return None
    return timedelta(minutes=min(2 ** (failed_logins - 5), 60))
