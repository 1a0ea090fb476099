"""Opening an account: registration and e-mail verification.

The answer to a registration is the same for known and unknown addresses; the e-mail sent
(or not) is the only difference, and only the owner of the address sees it.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from shared_code.identity import repository
from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.model import email_problems, normalise_email
from shared_code.identity.passwords import (
    hash_password,
    password_problems,
)
from shared_code.identity.ports import IdentityPorts
from shared_code.identity.throttling import throttle
from shared_code.identity.tokens import hash_token, new_opaque_token
from shared_code.notifications.email import queue_email
from shared_code.notifications.templates import render_email
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import DomainError, FieldError, ValidationFailed
from shared_code.platform.ids import new_id


def _link(ports: IdentityPorts, path: str, token: str) -> str:
    return f"{ports.policy.public_base_url.rstrip('/')}{path}?token={token}"


def _new_verification_email(ports: IdentityPorts, uow: UnitOfWork, user_id: UUID, email: str, name: str) -> None:
    token = new_opaque_token()
    hours = ports.policy.email_verification_hours
    repository.insert_one_time_token(
        uow,
        token_hash=hash_token(token),
        user_id=user_id,
        purpose="verify_email",
        expires_at=ports.clock.now() + timedelta(hours=hours),
    )
    queue_email(
        uow,
        render_email("verify_email", [email], name=name, hours=hours, link=_link(ports, "/verify-email", token)),
    )


def register(ports: IdentityPorts, *, email: str, full_name: str, password: str, meta: RequestMeta) -> None:
    """Create an account and send the verification e-mail (or, if the address has an
    account already, tell its owner). Same answer either way."""
    email = email.strip()
    full_name = " ".join(full_name.split())
    problems = email_problems(email)
    if not full_name:
        problems.append(FieldError("full_name", "required", "Enter your name."))
    problems += password_problems(password, email=email, full_name=full_name)
    if problems:
        raise ValidationFailed(problems)
    normalized = normalise_email(email)
    throttle(ports, [("register:ip", meta.ip_address), ("register:account", normalized)])

    password_hash = hash_password(password)
    user_id = new_id()
    with ports.db.unit_of_work() as uow:
        if repository.insert_user(
            uow,
            user_id=user_id,
            email=email,
            email_normalized=normalized,
            full_name=full_name,
            password_hash=password_hash,
        ):
            _new_verification_email(ports, uow, user_id, email, full_name)
            record_event(uow, "user_registered", meta=meta, user_id=user_id)
        else:
            existing = repository.user_by_email(uow, normalized)
            assert existing is not None
            if existing.email_verified_at is None:
                _new_verification_email(ports, uow, existing.id, existing.email, existing.full_name)
            else:
                queue_email(
                    uow,
                    render_email(
                        "account_exists",
                        [existing.email],
                        name=existing.full_name,
                        reset_link=f"{ports.policy.public_base_url}/forgot-password",
                    ),
                )
            record_event(uow, "registration_for_existing_account", meta=meta, user_id=existing.id)
        uow.commit()


def verify_email(ports: IdentityPorts, *, token: str, meta: RequestMeta) -> None:
    """Confirm an e-mail address with the single-use token from the verification e-mail."""
    throttle(ports, [("verify:ip", meta.ip_address)])
    with ports.db.unit_of_work() as uow:
        user_id = repository.consume_one_time_token(
            uow, token_hash=hash_token(token), purpose="verify_email", now=ports.clock.now()
        )
        if user_id is None:
            if _already_confirmed_by(uow, token):
                # The same link opened twice (a mail app's preview, a second click): not an error
                # the person can fix, just the news that there is nothing left to do.
                raise DomainError(
                    code="email_already_verified",
                    status=409,
                    title="This e-mail address is already confirmed. You can sign in.",
                )
            raise DomainError(
                code="token_invalid",
                status=400,
                title="This link is not valid: it was used already or has expired.",
            )
        repository.mark_email_verified(uow, user_id)
        record_event(uow, "email_verified", meta=meta, user_id=user_id)
        uow.commit()


def _already_confirmed_by(uow: UnitOfWork, token: str) -> bool:
    """Whether `token` is a spent verification link (used or expired) of an address confirmed now."""
    owner = repository.token_owner(uow, token_hash=hash_token(token), purpose="verify_email")
    if owner is None:
        return False
    user = repository.user_by_id(uow, owner)
    return user is not None and user.email_verified_at is not None


def resend_verification(ports: IdentityPorts, *, email: str, meta: RequestMeta) -> None:
    """Send a fresh verification e-mail if the address has an unverified account."""
    normalized = normalise_email(email)
    throttle(ports, [("verify:ip", meta.ip_address), ("verify:account", normalized)])
    with ports.db.unit_of_work() as uow:
        user = repository.user_by_email(uow, normalized)
        if user is not None and user.email_verified_at is None and user.status == "active":
            _new_verification_email(ports, uow, user.id, user.email, user.full_name)
        uow.commit()
