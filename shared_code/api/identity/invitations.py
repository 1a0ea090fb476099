"""Invitations: the organization's side (invite, list, resend, withdraw) and the invitee's
(look at a link, accept it signed in, or register with it)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, Field

from shared_code.api.auth import Caller, OrgContext, require_permission, require_user
from shared_code.api.types import MetaDep, ServicesDep
from shared_code.bootstrap import Services
from shared_code.identity import invitation_acceptance, invitations
from shared_code.identity.invitation_acceptance import Acceptance
from shared_code.identity.invitations import Invitation
from shared_code.identity.ports import identity_ports

router = APIRouter(prefix="/api/v1", tags=["invitations"])

RolePattern = r"^[a-z0-9:_-]{1,47}$"


class InvitationIn(BaseModel):
    """Whom to invite, with which role."""

    email: str = Field(min_length=3, max_length=254)
    role: str = Field(min_length=1, max_length=47, pattern=RolePattern, description="A role key, e.g. `accountant`.")


class InvitationOut(BaseModel):
    """An invitation as the organization's admins see it."""

    id: UUID
    email: str
    role: str
    status: Literal["pending", "expired", "accepted", "revoked"]
    invited_by: UUID
    invited_by_name: str
    created_at: datetime
    expires_at: datetime


class InvitationPage(BaseModel):
    """One page of pending invitations, newest first."""

    items: list[InvitationOut]
    next_cursor: str | None


class InvitationPreviewOut(BaseModel):
    """What an invitation link offers, shown before accepting."""

    organization_name: str
    email: str
    role: str
    role_name: str
    invited_by_name: str
    expires_at: datetime
    next_step: Literal["sign_in", "register"]
    """`sign_in` if the invited address has an account (sign in, then accept), else `register`."""


class InvitationToken(BaseModel):
    """The token from the invitation link (sent in the body, never in a URL, so it stays
    out of request logs)."""

    token: str = Field(min_length=10, max_length=200)


class RegisterWithInvitation(InvitationToken):
    """A new account for the invited address."""

    full_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1024)


class AcceptanceOut(BaseModel):
    """The membership the invitation created. New accounts sign in next."""

    user_id: UUID
    email: str
    organization_id: UUID
    organization_name: str
    role: str


def _out(invitation: Invitation, services: Services) -> InvitationOut:
    return InvitationOut(
        id=invitation.id,
        email=invitation.email,
        role=invitation.role,
        status=invitation.status(services.clock.now()),
        invited_by=invitation.invited_by,
        invited_by_name=invitation.invited_by_name,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
    )


def _acceptance(acceptance: Acceptance) -> AcceptanceOut:
    return AcceptanceOut(
        user_id=acceptance.user_id,
        email=acceptance.email,
        organization_id=acceptance.organization_id,
        organization_name=acceptance.organization_name,
        role=acceptance.role,
    )


@router.post("/orgs/{org_id}/invitations", status_code=status.HTTP_201_CREATED, response_model=InvitationOut)
def invite(
    body: InvitationIn,
    ctx: Annotated[OrgContext, Depends(require_permission("users:invite"))],
    services: ServicesDep,
    meta: MetaDep,
) -> InvitationOut:
    """Invite someone by e-mail with a role you may grant. 403 `role_exceeds_your_permissions`
    or `owner_required`, 409 `already_member` or `invitation_pending`, 429 past the hourly limit."""
    invitation = invitations.invite(
        identity_ports(services),
        organization_id=ctx.organization_id,
        actor_id=ctx.user_id,
        email=body.email,
        role=body.role,
        meta=meta,
    )
    return _out(invitation, services)


@router.get("/orgs/{org_id}/invitations", response_model=InvitationPage)
def pending_invitations(
    ctx: Annotated[OrgContext, Depends(require_permission("users:read"))],
    services: ServicesDep,
    q: Annotated[str | None, Query(max_length=100, description="Part of the e-mail address.")] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> InvitationPage:
    """Invitations not yet accepted or withdrawn (expired ones too, to resend), newest first."""
    page = invitations.list_pending(identity_ports(services), ctx.organization_id, q=q, cursor=cursor, limit=limit)
    return InvitationPage(items=[_out(i, services) for i in page.items], next_cursor=page.next_cursor)


@router.post("/orgs/{org_id}/invitations/{invitation_id}/resend", response_model=InvitationOut)
def resend_invitation(
    invitation_id: UUID,
    ctx: Annotated[OrgContext, Depends(require_permission("users:invite"))],
    services: ServicesDep,
    meta: MetaDep,
) -> InvitationOut:
    """Send the invitation again with a new link and expiry; the old link stops working."""
    invitation = invitations.resend(
        identity_ports(services),
        organization_id=ctx.organization_id,
        actor_id=ctx.user_id,
        invitation_id=invitation_id,
        meta=meta,
    )
    return _out(invitation, services)


@router.delete("/orgs/{org_id}/invitations/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_invitation(
    invitation_id: UUID,
    ctx: Annotated[OrgContext, Depends(require_permission("users:invite"))],
    services: ServicesDep,
    meta: MetaDep,
) -> Response:
    """Withdraw a pending invitation. 409 `invitation_not_pending` if it was accepted or withdrawn."""
    invitations.revoke(
        identity_ports(services),
        organization_id=ctx.organization_id,
        actor_id=ctx.user_id,
        invitation_id=invitation_id,
        meta=meta,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/invitations/preview", response_model=InvitationPreviewOut)
def invitation_preview(body: InvitationToken, services: ServicesDep, response: Response) -> InvitationPreviewOut:
    """Public: what the link offers. 404 `invitation_invalid` once used, withdrawn or expired."""
    found = invitation_acceptance.preview(identity_ports(services), token=body.token)
    response.headers["Cache-Control"] = "no-store"
    return InvitationPreviewOut(
        organization_name=found.invitation.organization_name,
        email=found.invitation.email,
        role=found.invitation.role,
        role_name=found.role_name,
        invited_by_name=found.invitation.invited_by_name,
        expires_at=found.invitation.expires_at,
        next_step=found.next_step,
    )


@router.post("/invitations/accept", response_model=AcceptanceOut)
def accept_invitation(
    body: InvitationToken,
    caller: Annotated[Caller, Depends(require_user())],
    services: ServicesDep,
    meta: MetaDep,
) -> AcceptanceOut:
    """Join as the signed-in user. 403 `invitation_email_mismatch` unless signed in with the
    invited address; 409 `already_member`."""
    return _acceptance(
        invitation_acceptance.accept(identity_ports(services), token=body.token, user_id=caller.user_id, meta=meta)
    )


@router.post("/invitations/register", status_code=status.HTTP_201_CREATED, response_model=AcceptanceOut)
def register_with_invitation(body: RegisterWithInvitation, services: ServicesDep, meta: MetaDep) -> AcceptanceOut:
    """Public: create an account for the invited address (already verified) and join. Sign in next.
    422 on password rules; 409 `account_exists` if the address has an account (sign in and accept)."""
    acceptance = invitation_acceptance.register(
        identity_ports(services), token=body.token, full_name=body.full_name, password=body.password, meta=meta
    )
    return _acceptance(acceptance)
