"""The security audit log: append-only (a database trigger refuses changes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from shared_code.identity import audit_repository
from shared_code.platform.db import UnitOfWork
from shared_code.platform.ids import new_id


@dataclass(frozen=True)
class RequestMeta:
    """Where a request came from, for the audit log."""

    ip_address: str | None = None
    user_agent: str | None = None


def record_event(
    uow: UnitOfWork,
    event_type: str,
    *,
    meta: RequestMeta,
    user_id: UUID | None = None,
    organization_id: UUID | None = None,
    actor_id: UUID | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Append one security event in the caller's transaction."""
    audit_repository.insert_event(
        uow,
        {
            "id": new_id(),
            "at": at,
            "type": event_type,
            "user": user_id,
            "org": organization_id,
            "actor": actor_id if actor_id is not None else user_id,
            "ip": meta.ip_address,
            "ua": (meta.user_agent or "")[:500] or None,
            "details": details or {},
        },
    )
