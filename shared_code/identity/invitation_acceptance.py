"""Accepting an invitation: as a signed-in user with the invited address, or as a new
user who registers with it (the link proves they own the address, so the account starts
verified). An invitation only grants what its inviter may still grant at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from shared_code.identity import repository
from shared_code.identity import team_repository as repo
from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.invitations import Invitation, invitation_by_token, invitation_invalid
from shared_code.identity.memberships import active_membership
from shared_code.identity.model import normalise_email
from shared_code.identity.passwords import hash_password, password_problems
from shared_code.identity.ports import IdentityPorts
from shared_code.identity.roles import assignable_role, grant_refusal, organization_roles
from shared_code.identity.throttling import throttle
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import Conflict, DomainError, FieldError, NotFound, ValidationFailed
from shared_code.platform.ids import new_id


@dataclass(frozen=True)
class InvitationPreview:
    """What the invitee sees before accepting."""

    invitation: Invitation
    role_name: str
    next_step: Literal["sign_in", "register"]
    """`sign_in` if the invited address has an account (then accept), else `register`."""


@dataclass(frozen=True)
class Acceptance:
    """The membership an accepted invitation created."""

    user_id: UUID
    email: str
    organization_id: UUID
    organization_name: str
    role: str


def preview(ports: IdentityPorts, *, token: str) -> InvitationPreview:
    """The invitation behind a link, for the page that offers to accept it.

    Not rate-limited: the token has 256 random bits, so guessing is hopeless, and a limit
    per address would lock out whole offices behind one mobile-network NAT.
    """
    with ports.db.unit_of_work() as uow:
        invitation = invitation_by_token(uow, token, ports.clock.now(), lock=False)
        roles = organization_roles(uow, invitation.organization_id)
        has_account = repository.user_by_email(uow, normalise_email(invitation.email)) is not None
    return InvitationPreview(
        invitation=invitation,
        role_name=roles[invitation.role].name if invitation.role in roles else invitation.role,
        next_step="sign_in" if has_account else "register",
    )


def accept(ports: IdentityPorts, *, token: str, user_id: UUID, meta: RequestMeta) -> Acceptance:
    """Join the organization as the signed-in user, whose address must be the invited one."""
    with ports.db.unit_of_work() as uow:
        invitation = invitation_by_token(uow, token, ports.clock.now(), lock=True)
        user = repository.user_by_id(uow, user_id)
        if user is None:
            raise NotFound("user")
        if normalise_email(user.email) != normalise_email(invitation.email):
            raise DomainError(
                code="invitation_email_mismatch",
                status=403,
                title="This invitation is for another e-mail address. Sign in with that address.",
            )
        acceptance = _join(uow, invitation, user.id, user.email, meta)
        uow.commit()
    return acceptance


def register(ports: IdentityPorts, *, token: str, full_name: str, password: str, meta: RequestMeta) -> Acceptance:
    """Create an account for the invited address (verified by the link) and join with it.

    409 `account_exists` if the address has an account already: sign in and accept instead.
    """
    throttle(ports, [("register:ip", meta.ip_address)])
    full_name = " ".join(full_name.split())
    now = ports.clock.now()
    with ports.db.unit_of_work() as uow:
        invitation = invitation_by_token(uow, token, now, lock=False)
        exists = repository.user_by_email(uow, normalise_email(invitation.email)) is not None
    problems = [] if full_name else [FieldError("full_name", "required", "Enter your name.")]
    problems += password_problems(password, email=invitation.email, full_name=full_name)
    if problems:
        raise ValidationFailed(problems)
    if exists:
        raise _account_exists()
    password_hash = hash_password(password)
    user_id = new_id()
    with ports.db.unit_of_work() as uow:
        invitation = invitation_by_token(uow, token, now, lock=True)
        if not repository.insert_user(
            uow,
            user_id=user_id,
            email=invitation.email,
            email_normalized=normalise_email(invitation.email),
            full_name=full_name,
            password_hash=password_hash,
        ):
            raise _account_exists()
        repository.mark_email_verified(uow, user_id)
        record_event(
            uow,
            "user_registered",
            meta=meta,
            user_id=user_id,
            details={"invitation_id": str(invitation.id), "email_verified_by": "invitation"},
        )
        acceptance = _join(uow, invitation, user_id, invitation.email, meta)
        uow.commit()
    return acceptance


def _account_exists() -> Conflict:
    return Conflict("account_exists", "This address has an account already: sign in, then accept the invitation.")


def _join(uow: UnitOfWork, invitation: Invitation, user_id: UUID, email: str, meta: RequestMeta) -> Acceptance:
    """Make the membership and close the invitation, if its inviter may still grant its role."""
    organization_id = invitation.organization_id
    assignable_role(uow, organization_id, invitation.role)
    inviter = active_membership(uow, organization_id, invitation.invited_by)
    if inviter is None or grant_refusal(inviter, invitation.role, organization_roles(uow, organization_id)):
        raise invitation_invalid()
    if not repo.insert_membership(uow, organization_id, user_id, invitation.role):
        raise Conflict("already_member", "You are a member of this organization already.")
    repo.mark_invitation_accepted(uow, invitation.id, user_id)
    record_event(
        uow,
        "invitation_accepted",
        meta=meta,
        user_id=user_id,
        organization_id=organization_id,
        details={
            "invitation_id": str(invitation.id),
            "role": invitation.role,
            "invited_by": str(invitation.invited_by),
        },
    )
    return Acceptance(
        user_id=user_id,
        email=email,
        organization_id=organization_id,
        organization_name=invitation.organization_name,
        role=invitation.role,
    )
