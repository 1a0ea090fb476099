"""Passwords of an existing account: reset by e-mail link, change while signed in, and the
re-authentication that sensitive changes (password, two-step sign-in) ask for.

A reset proves control of the mailbox, so it also confirms the e-mail address; it does
not touch two-step sign-in (the next sign-in still asks for the code). Both a reset and a
change end sessions (ASVS 3.3.3): a reset ends all of them, a change every one but the
session that made it. Both send a notice to the account's address.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from shared_code.identity import repository
from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.model import User, email_problems, lock_duration, normalise_email
from shared_code.identity.passwords import hash_password, password_problems, verify_password
from shared_code.identity.ports import IdentityPorts
from shared_code.identity.rate_limits import RateLimited
from shared_code.identity.throttling import throttle
from shared_code.identity.tokens import hash_token, new_opaque_token
from shared_code.notifications.email import queue_email
from shared_code.notifications.templates import render_email
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import DomainError, NotFound, ValidationFailed

RESET_PATH = "/reset-password"
"""The front-end page the reset link opens; it posts the token to the confirm endpoint."""


def token_invalid() -> DomainError:
    """The one answer for an unknown, used or expired reset token."""
    return DomainError(
        code="token_invalid",
        status=400,
        title="This link is not valid: it was used already or has expired. Ask for a new one.",
    )


def reauthenticate(
    uow: UnitOfWork, user: User, password: str, *, purpose: str, now: datetime, meta: RequestMeta
) -> None:
    """Check the signed-in user's current password before a sensitive change.

    A wrong password counts as a failed sign-in (progressive lock, audited) and answers 400
    `current_password_incorrect`; a locked account answers 429. Call it before any write of
    the unit of work: a failure commits the count (and nothing else should be pending).
    """
    if user.locked_until is not None and user.locked_until > now:
        raise RateLimited(int((user.locked_until - now).total_seconds()) + 1)
    if verify_password(user.password_hash, password):
        return
    duration = lock_duration(user.failed_logins + 1)
    repository.record_failed_login(uow, user.id, now + duration if duration else None)
    record_event(uow, "reauthentication_failed", meta=meta, user_id=user.id, details={"purpose": purpose})
    uow.commit()
    raise DomainError(code="current_password_incorrect", status=400, title="Your current password is not correct.")


def request_password_reset(ports: IdentityPorts, *, email: str, meta: RequestMeta) -> None:
    """Mail a single-use reset link if the address belongs to an active account.

    Known and unknown addresses are throttled alike and get the same answer; only the
    owner of a known address learns anything, from the e-mail.
    """
    problems = email_problems(email.strip())
    if problems:
        raise ValidationFailed(problems)
    normalized = normalise_email(email)
    throttle(ports, [("reset:ip", meta.ip_address), ("reset:account", normalized)])
    minutes = ports.policy.password_reset_minutes
    with ports.db.unit_of_work() as uow:
        user = repository.user_by_email(uow, normalized)
        if user is None or user.status != "active":
            return
        token = new_opaque_token()
        repository.insert_one_time_token(
            uow,
            token_hash=hash_token(token),
            user_id=user.id,
            purpose="password_reset",
            expires_at=ports.clock.now() + timedelta(minutes=minutes),
        )
        link = f"{ports.policy.public_base_url.rstrip('/')}{RESET_PATH}?token={token}"
        queue_email(uow, render_email("password_reset", [user.email], name=user.full_name, link=link, minutes=minutes))
        record_event(uow, "password_reset_requested", meta=meta, user_id=user.id)
        uow.commit()


def reset_password(ports: IdentityPorts, *, token: str, password: str, meta: RequestMeta) -> None:
    """Set a new password with the token from the reset e-mail; every session ends.

    A new password that breaks the rules answers 422 and leaves the token usable.
    """
    throttle(ports, [("reset:ip", meta.ip_address)])
    now = ports.clock.now()
    with ports.db.unit_of_work() as uow:
        user_id = repository.consume_one_time_token(
            uow, token_hash=hash_token(token), purpose="password_reset", now=now
        )
        user = repository.user_by_id(uow, user_id, for_update=True) if user_id else None
        if user is None or user.status != "active":
            raise token_invalid()
        problems = password_problems(password, email=user.email, full_name=user.full_name)
        if problems:
            raise ValidationFailed(problems)  # rolls back: the token is not spent
        repository.set_password(uow, user.id, hash_password(password))
        repository.mark_email_verified(uow, user.id)
        ended = repository.revoke_sessions(uow, user_id=user.id, reason="password_reset")
        _queue_password_changed(ports, uow, user, now)
        record_event(uow, "password_reset_completed", meta=meta, user_id=user.id, details={"sessions_ended": ended})
        uow.commit()


def change_password(
    ports: IdentityPorts,
    *,
    user_id: UUID,
    session_id: UUID,
    current_password: str,
    new_password: str,
    meta: RequestMeta,
) -> int:
    """Replace the signed-in user's password; every other session ends. Returns how many."""
    with ports.db.unit_of_work() as uow:
        user = signed_in_user(uow, user_id)
    throttle(ports, [("login:ip", meta.ip_address), ("login:account", normalise_email(user.email))])
    now = ports.clock.now()
    with ports.db.unit_of_work() as uow:
        user = signed_in_user(uow, user_id, for_update=True)
        reauthenticate(uow, user, current_password, purpose="password_change", now=now, meta=meta)
        problems = password_problems(new_password, email=user.email, full_name=user.full_name, field="new_password")
        if problems:
            raise ValidationFailed(problems)
        repository.set_password(uow, user.id, hash_password(new_password))
        ended = 0
        for session in repository.active_sessions(uow, user.id, now):
            if session.id != session_id:
                ended += repository.revoke_sessions(
                    uow, user_id=user.id, session_id=session.id, reason="password_changed"
                )
        _queue_password_changed(ports, uow, user, now)
        record_event(
            uow,
            "password_changed",
            meta=meta,
            user_id=user.id,
            details={"session_id": str(session_id), "other_sessions_ended": ended},
        )
        uow.commit()
    return ended


def signed_in_user(uow: UnitOfWork, user_id: UUID, *, for_update: bool = False) -> User:
    """The active user behind an access token (404 if the account is gone or disabled)."""
    user = repository.user_by_id(uow, user_id, for_update=for_update)
    if user is None or user.status != "active":
        raise NotFound("user")
    return user


def _queue_password_changed(ports: IdentityPorts, uow: UnitOfWork, user: User, now: datetime) -> None:
    queue_email(
        uow,
        render_email(
            "password_changed",
            [user.email],
            name=user.full_name,
            changed_at=now.strftime("%d %B %Y, %H:%M UTC"),
            reset_link=f"{ports.policy.public_base_url.rstrip('/')}/forgot-password",
        ),
    )
