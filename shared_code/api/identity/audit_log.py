"""The organization's security audit log, for owners and admins."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.dependencies import get_services
from shared_code.api.types import Instant
from shared_code.bootstrap import Services
from shared_code.identity.audit_log import AuditEntry, AuditQuery, organization_events
from shared_code.identity.ports import identity_ports
from shared_code.platform.errors import FieldError, ValidationFailed

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["audit"])


class AuditPage(BaseModel):
    """One page of the audit log, newest first."""

    items: list[AuditEntry]
    next_cursor: str | None


@router.get("/audit-log", response_model=AuditPage)
def audit_log(
    ctx: Annotated[OrgContext, Depends(require_permission("audit:read"))],
    services: Annotated[Services, Depends(get_services)],
    event_type: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9_]{0,63}$")] = None,
    user_id: Annotated[UUID | None, Query(description="Events about or by this user.")] = None,
    since: Annotated[Instant | None, Query(alias="from", description="Inclusive; UTC if no zone is given.")] = None,
    until: Annotated[Instant | None, Query(alias="to", description="Exclusive; UTC if no zone is given.")] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> AuditPage:
    """Sign-ins and failures, MFA, password and session events of the members, and the
    organization's invitations, role and team changes: newest first, a page at a time."""
    if since is not None and until is not None and since >= until:
        raise ValidationFailed([FieldError("to", "range_invalid", "`to` must be later than `from`.")])
    query = AuditQuery(event_type=event_type, user_id=user_id, since=since, until=until, cursor=cursor, limit=limit)
    page = organization_events(identity_ports(services), ctx.organization_id, query)
    return AuditPage(items=list(page.items), next_cursor=page.next_cursor)
