"""SQL of two-step sign-in: TOTP secrets, recovery codes, the organization's requirement."""

from __future__ import annotations

from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork


def mfa_state(uow: UnitOfWork, user_id: UUID) -> Row | None:
    """When MFA was turned on, whether a secret (and a pending one) exists, unused recovery codes."""
    return uow.fetch_one(
        """
        SELECT u.mfa_enabled_at, u.mfa_secret IS NOT NULL AS has_secret,
               u.mfa_pending_secret IS NOT NULL AS pending,
               (SELECT count(*) FROM platform.mfa_recovery_codes c
                WHERE c.user_id = u.id AND c.used_at IS NULL) AS remaining
        FROM platform.users u WHERE u.id = %(id)s
        """,
        {"id": user_id},
    )


def set_pending_secret(uow: UnitOfWork, user_id: UUID, encrypted_secret: str) -> None:
    """Store a new secret, pending until confirmed (replaces a pending one)."""
    uow.execute(
        "UPDATE platform.users SET mfa_pending_secret = %(secret)s, updated_at = now() WHERE id = %(id)s",
        {"id": user_id, "secret": encrypted_secret},
    )


def pending_secret(uow: UnitOfWork, user_id: UUID) -> str | None:
    """The encrypted pending secret, if enrolment was started."""
    row = uow.fetch_one("SELECT mfa_pending_secret FROM platform.users WHERE id = %(id)s", {"id": user_id})
    return row["mfa_pending_secret"] if row else None


def enable_pending_secret(uow: UnitOfWork, user_id: UUID, *, now: object, step: int) -> None:
    """Turn MFA on with the pending secret; `step` is the time step just used."""
    uow.execute(
        """
        UPDATE platform.users SET mfa_secret = mfa_pending_secret, mfa_pending_secret = NULL,
               mfa_enabled_at = %(now)s, mfa_last_step = %(step)s, updated_at = now()
        WHERE id = %(id)s
        """,
        {"id": user_id, "now": now, "step": step},
    )


def disable(uow: UnitOfWork, user_id: UUID) -> None:
    """Turn MFA off: secrets and recovery codes go, and no session counts as MFA-verified."""
    uow.execute(
        """
        UPDATE platform.users SET mfa_secret = NULL, mfa_pending_secret = NULL, mfa_enabled_at = NULL,
               mfa_last_step = NULL, updated_at = now()
        WHERE id = %(id)s
        """,
        {"id": user_id},
    )
    uow.execute("DELETE FROM platform.mfa_recovery_codes WHERE user_id = %(id)s", {"id": user_id})
    uow.execute("UPDATE platform.sessions SET mfa_verified = false WHERE user_id = %(id)s", {"id": user_id})


def mark_session_verified(uow: UnitOfWork, user_id: UUID, session_id: UUID) -> None:
    """The session that confirmed MFA counts as signed in with it."""
    uow.execute(
        "UPDATE platform.sessions SET mfa_verified = true WHERE id = %(session)s AND user_id = %(user)s",
        {"session": session_id, "user": user_id},
    )


def replace_recovery_codes(uow: UnitOfWork, user_id: UUID, code_hashes: list[str]) -> None:
    """Replace every recovery code of the user by these (hashed) ones."""
    uow.execute("DELETE FROM platform.mfa_recovery_codes WHERE user_id = %(id)s", {"id": user_id})
    for code_hash in code_hashes:
        uow.execute(
            "INSERT INTO platform.mfa_recovery_codes (user_id, code_hash) VALUES (%(id)s, %(hash)s)",
            {"id": user_id, "hash": code_hash},
        )


def spend_recovery_code(uow: UnitOfWork, user_id: UUID, code_hash: str) -> bool:
    """Mark one unused recovery code used; False if there is no such unused code."""
    row = uow.fetch_one(
        """
        UPDATE platform.mfa_recovery_codes SET used_at = now()
        WHERE user_id = %(user)s AND code_hash = %(hash)s AND used_at IS NULL
        RETURNING user_id
        """,
        {"user": user_id, "hash": code_hash},
    )
    return row is not None


def organization_requires_mfa(uow: UnitOfWork, organization_id: UUID, *, for_update: bool = False) -> bool | None:
    """The organization's MFA requirement (None if there is no such organization)."""
    lock = " FOR UPDATE" if for_update else ""
    row = uow.fetch_one(
        f"SELECT require_mfa FROM platform.organizations WHERE id = %(id)s{lock}", {"id": organization_id}
    )
    return bool(row["require_mfa"]) if row else None


def set_organization_requires_mfa(uow: UnitOfWork, organization_id: UUID, require_mfa: bool) -> None:
    """Require (or stop requiring) MFA of every member."""
    uow.execute(
        "UPDATE platform.organizations SET require_mfa = %(on)s, updated_at = now() WHERE id = %(id)s",
        {"id": organization_id, "on": require_mfa},
    )
