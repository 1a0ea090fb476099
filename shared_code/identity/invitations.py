"""Invitations, the organization's side: owners and admins invite people by e-mail with a
role, resend, withdraw and list them (the invitee's side is `invitation_acceptance`).

The link carries a single-use token (stored hashed) that expires after
`settings.invitation_days`; resending replaces it, so the old link stops working.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from shared_code.identity import team_repository as repo
from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.model import email_problems, normalise_email
from shared_code.identity.ports import IdentityPorts
from shared_code.identity.roles import acting_member, assignable_role, ensure_may_grant, organization_roles
from shared_code.identity.throttling import throttle
from shared_code.identity.tokens import hash_token, new_opaque_token
from shared_code.notifications.email import queue_email
from shared_code.notifications.templates import render_email
from shared_code.platform.db import Row, UnitOfWork
from shared_code.platform.errors import Conflict, DomainError, NotFound, ValidationFailed
from shared_code.platform.ids import new_id
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of

ACCEPT_PATH = "/accept-invitation"
"""The front-end page the e-mailed link opens."""


@dataclass(frozen=True)
class Invitation:
    """An invitation as the organization's admins see it."""

    id: UUID
    organization_id: UUID
    organization_name: str
    email: str
    role: str
    invited_by: UUID
    invited_by_name: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None

    def status(self, now: datetime) -> Literal["pending", "expired", "accepted", "revoked"]:
        """Where the invitation stands at `now`."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        return "pending" if self.expires_at > now else "expired"


def _invitation(row: Row) -> Invitation:
    return Invitation(**{key: row[key] for key in Invitation.__dataclass_fields__})


def invitation_invalid() -> DomainError:
    """404 `invitation_invalid`: the one answer for an unknown, used, revoked or expired link."""
    return DomainError(
        code="invitation_invalid",
        status=404,
        title="This invitation is not valid: it was used, withdrawn or has expired. Ask for a new one.",
    )


def _by_id(uow: UnitOfWork, organization_id: UUID, invitation_id: UUID) -> Invitation:
    row = repo.invitation_row(uow, organization_id, invitation_id)
    if row is None:
        raise NotFound("invitation", code="invitation_not_found")
    invitation = _invitation(row)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise Conflict("invitation_not_pending", "This invitation was accepted or withdrawn already.")
    return invitation


def invitation_by_token(uow: UnitOfWork, token: str, now: datetime, *, lock: bool) -> Invitation:
    """The open invitation of a link (pending, unexpired, organization active); 404 otherwise."""
    row = repo.open_invitation_row(uow, hash_token(token), now, lock=lock)
    if row is None:
        raise invitation_invalid()
    return _invitation(row)


def _send(ports: IdentityPorts, uow: UnitOfWork, invitation: Invitation, token: str) -> None:
    roles = organization_roles(uow, invitation.organization_id)
    link = f"{ports.policy.public_base_url.rstrip('/')}{ACCEPT_PATH}?token={token}"
    queue_email(
        uow,
        render_email(
            "invitation",
            [invitation.email],
            organization=invitation.organization_name,
            inviter=invitation.invited_by_name,
            role=roles[invitation.role].name,
            link=link,
            expires_on=invitation.expires_at.strftime("%d %B %Y"),
        ),
    )


def invite(
    ports: IdentityPorts, *, organization_id: UUID, actor_id: UUID, email: str, role: str, meta: RequestMeta
) -> Invitation:
    """Invite `email` to join with `role` and e-mail them the link.

    409 `already_member` if the address belongs to a member (active or deactivated), 409
    `invitation_pending` if an unexpired invitation is out already (resend that one); an
    expired one is withdrawn and replaced.
    """
    email = email.strip()
    problems = email_problems(email)
    if problems:
        raise ValidationFailed(problems)
    throttle(ports, [("invite:account", str(actor_id))])
    normalized = normalise_email(email)
    token = new_opaque_token()
    now = ports.clock.now()
    with ports.db.unit_of_work() as uow:
        actor = acting_member(uow, organization_id, actor_id)
        assignable_role(uow, organization_id, role)
        ensure_may_grant(actor, role, organization_roles(uow, organization_id))
        if repo.is_member_by_email(uow, organization_id, normalized):
            raise Conflict("already_member", "This person is a member of the organization already.")
        repo.withdraw_expired_invitations(uow, organization_id, normalized, now)
        invitation_id = new_id()
        inserted = repo.insert_invitation(
            uow,
            {
                "id": invitation_id,
                "org": organization_id,
                "email": email,
                "normalized": normalized,
                "role": role,
                "hash": hash_token(token),
                "actor": actor_id,
                "expires": now + timedelta(days=ports.policy.invitation_days),
                "now": now,
            },
        )
        if not inserted:
            raise Conflict("invitation_pending", "This person has a pending invitation: resend it instead.")
        invitation = _by_id(uow, organization_id, invitation_id)
        _send(ports, uow, invitation, token)
        record_event(
            uow,
            "invitation_sent",
            meta=meta,
            organization_id=organization_id,
            actor_id=actor_id,
            details={"invitation_id": str(invitation_id), "email": email, "role": role},
        )
        uow.commit()
    return invitation


def resend(
    ports: IdentityPorts, *, organization_id: UUID, actor_id: UUID, invitation_id: UUID, meta: RequestMeta
) -> Invitation:
    """Send a pending (or expired) invitation again with a new link and a new expiry; the old link dies."""
    throttle(ports, [("invite:account", str(actor_id))])
    token = new_opaque_token()
    now = ports.clock.now()
    with ports.db.unit_of_work() as uow:
        actor = acting_member(uow, organization_id, actor_id)
        invitation = _by_id(uow, organization_id, invitation_id)
        ensure_may_grant(actor, invitation.role, organization_roles(uow, organization_id))
        if repo.is_member_by_email(uow, organization_id, normalise_email(invitation.email)):
            raise Conflict("already_member", "This person is a member of the organization already.")
        expires = now + timedelta(days=ports.policy.invitation_days)
        repo.replace_invitation_token(uow, invitation_id, hash_token(token), expires)
        invitation = _by_id(uow, organization_id, invitation_id)
        _send(ports, uow, invitation, token)
        record_event(
            uow,
            "invitation_resent",
            meta=meta,
            organization_id=organization_id,
            actor_id=actor_id,
            details={"invitation_id": str(invitation_id), "email": invitation.email, "role": invitation.role},
        )
        uow.commit()
    return invitation


def revoke(
    ports: IdentityPorts, *, organization_id: UUID, actor_id: UUID, invitation_id: UUID, meta: RequestMeta
) -> None:
    """Withdraw a pending invitation: its link stops working."""
    with ports.db.unit_of_work() as uow:
        actor = acting_member(uow, organization_id, actor_id)
        invitation = _by_id(uow, organization_id, invitation_id)
        ensure_may_grant(actor, invitation.role, organization_roles(uow, organization_id))
        repo.revoke_invitation(uow, invitation_id, ports.clock.now())
        record_event(
            uow,
            "invitation_revoked",
            meta=meta,
            organization_id=organization_id,
            actor_id=actor_id,
            details={"invitation_id": str(invitation_id), "email": invitation.email, "role": invitation.role},
        )
        uow.commit()


def list_pending(
    ports: IdentityPorts, organization_id: UUID, *, q: str | None, cursor: str | None, limit: int
) -> Page[Invitation]:
    """Invitations not yet accepted or withdrawn (expired ones included, to resend), newest first."""
    after: tuple[datetime, UUID] | None = None
    if cursor:
        after_at, after_id = decode_cursor("invitations", cursor, 2)
        after = (cursor_part(datetime.fromisoformat, after_at), cursor_part(UUID, after_id))
    with ports.db.unit_of_work() as uow:
        rows = repo.pending_invitation_rows(
            uow, organization_id, q=q.strip().lower() if q else None, after=after, limit=limit + 1
        )
    return page_of([_invitation(row) for row in rows], limit, _cursor)


def _cursor(invitation: Invitation) -> str:
    return encode_cursor("invitations", invitation.created_at.isoformat(), str(invitation.id))
