"""SQL of memberships as authorisation and other capabilities see them (platform schema)."""

from __future__ import annotations

from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork


def custom_role_rows(uow: UnitOfWork, organization_id: UUID) -> list[Row]:
    """The organization's custom roles."""
    return uow.fetch_all(
        """
        SELECT key, name, description, inherits, permissions FROM platform.custom_roles
        WHERE organization_id = %(org)s
        """,
        {"org": organization_id},
    )


def active_membership_row(
    uow: UnitOfWork, organization_id: UUID, user_id: UUID, organization_statuses: tuple[str, ...]
) -> Row | None:
    """The user's active membership of an organization whose status is one of `organization_statuses`."""
    return uow.fetch_one(
        """
        SELECT o.id, o.name, o.require_mfa, m.role FROM platform.memberships m
        JOIN platform.organizations o ON o.id = m.organization_id
        WHERE m.organization_id = %(org)s AND m.user_id = %(user)s AND m.status = 'active'
          AND o.status = ANY(%(statuses)s)
        """,
        {"org": organization_id, "user": user_id, "statuses": list(organization_statuses)},
    )


def active_organization_ids(uow: UnitOfWork, user_id: UUID) -> list[UUID]:
    """Active organizations the user is an active member of, by name."""
    rows = uow.fetch_all(
        """
        SELECT o.id FROM platform.memberships m JOIN platform.organizations o ON o.id = m.organization_id
        WHERE m.user_id = %(user)s AND m.status = 'active' AND o.status = 'active' ORDER BY o.name, o.id
        """,
        {"user": user_id},
    )
    return [row["id"] for row in rows]


def owned_organization_ids(uow: UnitOfWork, user_id: UUID) -> list[UUID]:
    """Organizations (in any state) the user is an active owner of."""
    rows = uow.fetch_all(
        "SELECT organization_id FROM platform.memberships "
        "WHERE user_id = %(user)s AND role = 'owner' AND status = 'active'",
        {"user": user_id},
    )
    return [row["organization_id"] for row in rows]


def delete_organization_team(uow: UnitOfWork, organization_id: UUID) -> None:
    """Forget the organization's memberships, invitations and custom roles."""
    for table in ("memberships", "invitations", "custom_roles"):
        uow.execute(f"DELETE FROM platform.{table} WHERE organization_id = %(org)s", {"org": organization_id})


def team_export_rows(uow: UnitOfWork, organization_id: UUID) -> dict[str, list[Row]]:
    """Members, custom roles, invitations and security events, for the organization's export."""
    queries = {
        "members": """
            SELECT u.id AS user_id, u.email, u.full_name, m.role, m.status, m.created_at
            FROM platform.memberships m JOIN platform.users u ON u.id = m.user_id WHERE m.organization_id = %(org)s
        """,
        "custom_roles": "SELECT key, name, description, inherits, permissions FROM platform.custom_roles "
        "WHERE organization_id = %(org)s",
        "invitations": "SELECT id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at "
        "FROM platform.invitations WHERE organization_id = %(org)s",
        "security_events": "SELECT id, occurred_at, event_type, user_id, actor_id, ip_address, user_agent, details "
        "FROM platform.security_events WHERE organization_id = %(org)s ORDER BY occurred_at",
    }
    return {name: uow.fetch_all(query, {"org": organization_id}) for name, query in queries.items()}


def active_member_rows(uow: UnitOfWork, organization_id: UUID) -> list[Row]:
    """The active members of an organization and their roles."""
    return uow.fetch_all(
        "SELECT user_id, role FROM platform.memberships WHERE organization_id = %(org)s AND status = 'active' "
        "ORDER BY user_id",
        {"org": organization_id},
    )
