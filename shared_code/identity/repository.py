"""SQL for users, sessions, refresh tokens and single-use tokens (platform schema)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from shared_code.identity.model import Session, User
from shared_code.platform.db import Row, UnitOfWork

_USER_COLUMNS = """
    id, email, full_name, password_hash, email_verified_at, status, mfa_secret, mfa_enabled_at,
    mfa_last_step, failed_logins, locked_until, created_at
"""


def _user(row: Row | None) -> User | None:
    return User(**row) if row else None


def insert_user(
    uow: UnitOfWork, *, user_id: UUID, email: str, email_normalized: str, full_name: str, password_hash: str
) -> bool:
    """Create a user; False if the e-mail address is taken."""
    row = uow.fetch_one(
        """
        INSERT INTO platform.users (id, email, email_normalized, full_name, password_hash)
        VALUES (%(id)s, %(email)s, %(normalized)s, %(name)s, %(hash)s)
        ON CONFLICT (email_normalized) DO NOTHING RETURNING id
        """,
        {
            "id": user_id,
            "email": email,
            "normalized": email_normalized,
            "name": full_name,
            "hash": password_hash,
        },
    )
    return row is not None


def user_by_email(uow: UnitOfWork, email_normalized: str, *, for_update: bool = False) -> User | None:
    """The user with this (normalised) e-mail address."""
    lock = " FOR UPDATE" if for_update else ""
    return _user(
        uow.fetch_one(
            f"SELECT {_USER_COLUMNS} FROM platform.users WHERE email_normalized = %(email)s{lock}",
            {"email": email_normalized},
        )
    )


def user_by_id(uow: UnitOfWork, user_id: UUID, *, for_update: bool = False) -> User | None:
    """The user with this id."""
    lock = " FOR UPDATE" if for_update else ""
    return _user(uow.fetch_one(f"SELECT {_USER_COLUMNS} FROM platform.users WHERE id = %(id)s{lock}", {"id": user_id}))


def full_names(uow: UnitOfWork, user_ids: list[UUID]) -> dict[UUID, str]:
    """The names of these users (one read), by id; an id with no user is left out."""
    rows = uow.fetch_all("SELECT id, full_name FROM platform.users WHERE id = ANY(%(ids)s)", {"ids": user_ids})
    return {row["id"]: row["full_name"] for row in rows}


def record_failed_login(uow: UnitOfWork, user_id: UUID, locked_until: datetime | None) -> None:
    """Count a failed sign-in and set the lock, if any."""
    uow.execute(
        "UPDATE platform.users SET failed_logins = failed_logins + 1, locked_until = %(until)s WHERE id = %(id)s",
        {"id": user_id, "until": locked_until},
    )


def record_successful_login(uow: UnitOfWork, user_id: UUID, new_password_hash: str | None) -> None:
    """Clear the failure count (and store a rehashed password if given)."""
    uow.execute(
        """
        UPDATE platform.users SET failed_logins = 0, locked_until = NULL,
               password_hash = COALESCE(%(hash)s, password_hash)
        WHERE id = %(id)s
        """,
        {"id": user_id, "hash": new_password_hash},
    )


def set_password(uow: UnitOfWork, user_id: UUID, password_hash: str) -> None:
    """Replace the password hash."""
    uow.execute(
        """
        UPDATE platform.users SET password_hash = %(hash)s, password_changed_at = now(), updated_at = now(),
               failed_logins = 0, locked_until = NULL
        WHERE id = %(id)s
        """,
        {"id": user_id, "hash": password_hash},
    )


def mark_email_verified(uow: UnitOfWork, user_id: UUID) -> None:
    """Record that the user proved they own their e-mail address."""
    uow.execute(
        "UPDATE platform.users SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now() "
        "WHERE id = %(id)s",
        {"id": user_id},
    )


def set_mfa_last_step(uow: UnitOfWork, user_id: UUID, step: int) -> None:
    """Remember the last accepted TOTP step so a code cannot be replayed."""
    uow.execute("UPDATE platform.users SET mfa_last_step = %(step)s WHERE id = %(id)s", {"id": user_id, "step": step})


def insert_one_time_token(
    uow: UnitOfWork, *, token_hash: str, user_id: UUID, purpose: str, expires_at: datetime
) -> None:
    """Store a single-use token (hashed); earlier unused ones of the same purpose stop working."""
    uow.execute(
        """
        UPDATE platform.one_time_tokens SET used_at = now()
        WHERE user_id = %(user)s AND purpose = %(purpose)s AND used_at IS NULL
        """,
        {"user": user_id, "purpose": purpose},
    )
    uow.execute(
        """
        INSERT INTO platform.one_time_tokens (token_hash, user_id, purpose, expires_at)
        VALUES (%(hash)s, %(user)s, %(purpose)s, %(expires)s)
        """,
        {"hash": token_hash, "user": user_id, "purpose": purpose, "expires": expires_at},
    )


def consume_one_time_token(uow: UnitOfWork, *, token_hash: str, purpose: str, now: datetime) -> UUID | None:
    """Use a single-use token once; the user's id, or None if unknown, used or expired."""
    row = uow.fetch_one(
        """
        UPDATE platform.one_time_tokens SET used_at = %(now)s
        WHERE token_hash = %(hash)s AND purpose = %(purpose)s AND used_at IS NULL AND expires_at > %(now)s
        RETURNING user_id
        """,
        {"hash": token_hash, "purpose": purpose, "now": now},
    )
    return row["user_id"] if row else None


def token_owner(uow: UnitOfWork, *, token_hash: str, purpose: str) -> UUID | None:
    """The user a single-use token was made for, used, expired or not; None if unknown."""
    row = uow.fetch_one(
        """
        SELECT user_id FROM platform.one_time_tokens WHERE token_hash = %(hash)s AND purpose = %(purpose)s
        """,
        {"hash": token_hash, "purpose": purpose},
    )
    return row["user_id"] if row else None


_SESSION_COLUMNS = """
    id, user_id, mfa_verified, csrf_hash, user_agent, ip_address, created_at, last_used_at, expires_at, revoked_at
"""


def insert_session(uow: UnitOfWork, session: Session) -> None:
    """Store a new session."""
    uow.execute(
        """
        INSERT INTO platform.sessions
            (id, user_id, mfa_verified, csrf_hash, user_agent, ip_address, created_at, last_used_at, expires_at)
        VALUES (%(id)s, %(user_id)s, %(mfa_verified)s, %(csrf_hash)s, %(user_agent)s, %(ip_address)s,
                %(created_at)s, %(last_used_at)s, %(expires_at)s)
        """,
        {
            key: getattr(session, key)
            for key in (
                "id",
                "user_id",
                "mfa_verified",
                "csrf_hash",
                "user_agent",
                "ip_address",
                "created_at",
                "last_used_at",
                "expires_at",
            )
        },
    )


def session_by_id(uow: UnitOfWork, session_id: UUID, *, for_update: bool = False) -> Session | None:
    """The session with this id."""
    lock = " FOR UPDATE" if for_update else ""
    row = uow.fetch_one(f"SELECT {_SESSION_COLUMNS} FROM platform.sessions WHERE id = %(id)s{lock}", {"id": session_id})
    return Session(**row) if row else None


def active_sessions(uow: UnitOfWork, user_id: UUID, now: datetime) -> list[Session]:
    """The user's sessions that are neither revoked nor expired, most recently used first."""
    rows = uow.fetch_all(
        f"""
        SELECT {_SESSION_COLUMNS} FROM platform.sessions
        WHERE user_id = %(user)s AND revoked_at IS NULL AND expires_at > %(now)s
        ORDER BY last_used_at DESC
        """,
        {"user": user_id, "now": now},
    )
    return [Session(**row) for row in rows]


def revoke_sessions(uow: UnitOfWork, *, user_id: UUID, reason: str, session_id: UUID | None = None) -> int:
    """Revoke one of the user's sessions (or all of them); returns how many were active."""
    return uow.execute(
        """
        UPDATE platform.sessions SET revoked_at = now(), revoked_reason = %(reason)s
        WHERE user_id = %(user)s AND revoked_at IS NULL AND (%(session)s::uuid IS NULL OR id = %(session)s)
        """,
        {"user": user_id, "session": session_id, "reason": reason},
    ).rowcount


def touch_session(uow: UnitOfWork, session_id: UUID, now: datetime) -> None:
    """Record that the session was just used."""
    uow.execute(
        "UPDATE platform.sessions SET last_used_at = %(now)s WHERE id = %(id)s",
        {"id": session_id, "now": now},
    )


def insert_refresh_token(uow: UnitOfWork, *, token_hash: str, session_id: UUID) -> None:
    """Store the (hashed) current refresh token of a session."""
    uow.execute(
        "INSERT INTO platform.refresh_tokens (token_hash, session_id) VALUES (%(hash)s, %(session)s)",
        {"hash": token_hash, "session": session_id},
    )


def lock_refresh_token(uow: UnitOfWork, token_hash: str) -> Row | None:
    """The refresh token row (session id, used_at), locked for this transaction."""
    return uow.fetch_one(
        "SELECT session_id, used_at FROM platform.refresh_tokens WHERE token_hash = %(hash)s FOR UPDATE",
        {"hash": token_hash},
    )


def mark_refresh_token_used(uow: UnitOfWork, token_hash: str, now: datetime) -> None:
    """A refresh token works once; using it again is reuse."""
    uow.execute(
        "UPDATE platform.refresh_tokens SET used_at = %(now)s WHERE token_hash = %(hash)s",
        {"hash": token_hash, "now": now},
    )


def open_session_mfa(uow: UnitOfWork, session_id: UUID, user_id: UUID) -> bool | None:
    """Whether an open session of an active user is MFA-verified; None if the session is not open."""
    row = uow.fetch_one(
        """
        SELECT s.mfa_verified FROM platform.sessions s JOIN platform.users u ON u.id = s.user_id
        WHERE s.id = %(session)s AND s.user_id = %(user)s AND s.revoked_at IS NULL
          AND s.expires_at > now() AND u.status = 'active'
        """,
        {"session": session_id, "user": user_id},
    )
    return bool(row["mfa_verified"]) if row else None
