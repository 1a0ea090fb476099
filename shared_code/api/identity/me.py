"""The signed-in user: profile, organizations and sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel

from shared_code.api.auth import request_meta
from shared_code.api.types import CallerDep, ServicesDep
from shared_code.identity import repository
from shared_code.identity import sessions as user_sessions
from shared_code.identity.audit import RequestMeta
from shared_code.identity.memberships import memberships_of
from shared_code.identity.ports import identity_ports
from shared_code.platform.errors import NotFound

router = APIRouter(prefix="/api/v1/me", tags=["me"])


class MembershipOut(BaseModel):
    """One organization the user belongs to, and what they may do there."""

    organization_id: UUID
    organization_name: str
    role: str
    permissions: list[str]
    require_mfa: bool


class MeOut(BaseModel):
    """The signed-in user."""

    id: UUID
    email: str
    full_name: str
    email_verified: bool
    mfa_enabled: bool
    session_mfa: bool
    """True if this session was opened with the second factor."""
    organizations: list[MembershipOut]


class SessionOut(BaseModel):
    """A signed-in device."""

    id: UUID
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    ip_address: str | None
    user_agent: str | None
    mfa_verified: bool
    current: bool


@router.get("", response_model=MeOut)
def me(caller: CallerDep, services: ServicesDep) -> MeOut:
    """The signed-in user and their organizations."""
    with services.db.unit_of_work() as uow:
        user = repository.user_by_id(uow, caller.user_id)
        if user is None:
            raise NotFound("user")
        memberships = memberships_of(uow, caller.user_id)
    return MeOut(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        email_verified=user.email_verified_at is not None,
        mfa_enabled=user.mfa_enabled,
        session_mfa=caller.mfa,
        organizations=[
            MembershipOut(
                organization_id=m.organization_id,
                organization_name=m.organization_name,
                role=m.role,
                permissions=sorted(m.permissions),
                require_mfa=m.require_mfa,
            )
            for m in memberships
        ],
    )


@router.get("/sessions", response_model=list[SessionOut])
def sessions(caller: CallerDep, services: ServicesDep) -> list[SessionOut]:
    """The caller's active sessions, most recently used first."""
    return [
        SessionOut(
            id=s.id,
            created_at=s.created_at,
            last_used_at=s.last_used_at,
            expires_at=s.expires_at,
            ip_address=s.ip_address,
            user_agent=s.user_agent,
            mfa_verified=s.mfa_verified,
            current=s.id == caller.session_id,
        )
        for s in user_sessions.list_sessions(identity_ports(services), user_id=caller.user_id)
    ]


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_session(
    session_id: UUID,
    caller: CallerDep,
    services: ServicesDep,
    meta: Annotated[RequestMeta, Depends(request_meta)],
) -> Response:
    """End one of the caller's sessions (another device, or this one)."""
    user_sessions.revoke_session(identity_ports(services), user_id=caller.user_id, session_id=session_id, meta=meta)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
