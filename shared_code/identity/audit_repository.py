"""SQL of the security audit log (platform schema; append-only, a trigger refuses changes)."""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from shared_code.platform.db import Row, UnitOfWork


def insert_event(uow: UnitOfWork, event: dict[str, Any]) -> None:
    """Append one event (`id`, `at`, `type`, `user`, `org`, `actor`, `ip`, `ua`, `details`)."""
    uow.execute(
        """
        INSERT INTO platform.security_events
            (id, occurred_at, event_type, user_id, organization_id, actor_id, ip_address, user_agent, details)
        VALUES (%(id)s, COALESCE(%(at)s, now()), %(type)s, %(user)s, %(org)s, %(actor)s, %(ip)s, %(ua)s,
                %(details)s)
        """,
        {**event, "details": Jsonb(event["details"])},
    )


_FILTERS = """
    AND (%(event_type)s::text IS NULL OR e.event_type = %(event_type)s)
    AND (%(user)s::uuid IS NULL OR e.user_id = %(user)s OR e.actor_id = %(user)s)
    AND (%(since)s::timestamptz IS NULL OR e.occurred_at >= %(since)s)
    AND (%(until)s::timestamptz IS NULL OR e.occurred_at < %(until)s)
    AND (%(after_at)s::timestamptz IS NULL OR (e.occurred_at, e.id) < (%(after_at)s, %(after_id)s))
"""

_EVENTS = f"""
    WITH events AS (
        (SELECT e.* FROM platform.security_events e
         WHERE e.organization_id = %(org)s {_FILTERS}
         ORDER BY e.occurred_at DESC, e.id DESC LIMIT %(limit)s)
        UNION ALL
        (SELECT e.* FROM platform.security_events e
         JOIN platform.memberships m ON m.user_id = e.user_id AND m.organization_id = %(org)s
         WHERE e.organization_id IS NULL AND e.occurred_at >= m.created_at
           AND (m.status = 'active' OR e.occurred_at <= m.updated_at) {_FILTERS}
         ORDER BY e.occurred_at DESC, e.id DESC LIMIT %(limit)s)
    )
    SELECT e.id, e.occurred_at, e.event_type, e.user_id, subject.email AS user_email,
           subject.full_name AS user_name, e.actor_id, actor.email AS actor_email, actor.full_name AS actor_name,
           e.ip_address, e.user_agent, e.details
    FROM events e
    LEFT JOIN platform.users subject ON subject.id = e.user_id
    LEFT JOIN platform.users actor ON actor.id = e.actor_id
    ORDER BY e.occurred_at DESC, e.id DESC
    LIMIT %(limit)s
"""
"""Two index-friendly halves (the organization's events; its members' account events),
each cut at the page size before they are merged."""


def organization_event_rows(uow: UnitOfWork, params: dict[str, object]) -> list[Row]:
    """One page of the organization's events and its members' account events (see `_EVENTS`)."""
    return uow.fetch_all(_EVENTS, params)
