"""Reading the security audit log of an organization (writing is `audit.record_event`).

An organization's log holds its own events (invitations, role and team changes, settings)
and the account events (sign-ins and failures, MFA, password, sessions) of the people who
are or were its members, from the day they joined until they were deactivated: what a
member did in their account before joining, or after leaving, is not the organization's
business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from shared_code.identity import audit_repository
from shared_code.identity.ports import IdentityPorts
from shared_code.platform.db import Row
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of


@dataclass(frozen=True)
class AuditEntry:
    """One security event: who, what, when, from where."""

    id: UUID
    occurred_at: datetime
    event_type: str
    user_id: UUID | None
    """Whom the event is about."""
    user_email: str | None
    user_name: str | None
    actor_id: UUID | None
    """Who did it (the same person for their own account events)."""
    actor_email: str | None
    actor_name: str | None
    ip_address: str | None
    user_agent: str | None
    details: dict[str, Any]


@dataclass(frozen=True)
class AuditQuery:
    """Filters and position of an audit-log listing (newest first)."""

    event_type: str | None = None
    user_id: UUID | None = None
    """Events about or by this user."""
    since: datetime | None = None
    """Inclusive."""
    until: datetime | None = None
    """Exclusive."""
    cursor: str | None = None
    limit: int = 50


def organization_events(ports: IdentityPorts, organization_id: UUID, query: AuditQuery) -> Page[AuditEntry]:
    """One page of the organization's audit log, newest first, with a cursor to older events."""
    params: dict[str, object] = {
        "org": organization_id,
        "event_type": query.event_type,
        "user": query.user_id,
        "since": query.since,
        "until": query.until,
        "after_at": None,
        "after_id": None,
        "limit": query.limit + 1,
    }
    if query.cursor:
        after_at, after_id = decode_cursor("audit", query.cursor, 2)
        params["after_at"] = cursor_part(datetime.fromisoformat, after_at)
        params["after_id"] = cursor_part(UUID, after_id)
    with ports.db.unit_of_work() as uow:
        rows = audit_repository.organization_event_rows(uow, params)
    return page_of([_entry(row) for row in rows], query.limit, _cursor)


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(**{key: row[key] for key in AuditEntry.__dataclass_fields__})


def _cursor(entry: AuditEntry) -> str:
    return encode_cursor("audit", entry.occurred_at.isoformat(), str(entry.id))
