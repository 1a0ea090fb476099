"""Organizations as identity sees them: membership, roles in force, creation with an owner.

The business profile and the durable onboarding come with the Organizations issue; this
module holds what authorisation needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.permissions import OWNER, Role, resolve_permissions
from shared_code.platform.db import UnitOfWork
from shared_code.platform.ids import new_id
from shared_code.platform.tenancy import provision_tenant

if TYPE_CHECKING:
    from shared_code.bootstrap import Services


@dataclass(frozen=True)
class Membership:
    """A user's place in one organization."""

    organization_id: UUID
    organization_name: str
    role: str
    permissions: frozenset[str]
    require_mfa: bool


def custom_roles(uow: UnitOfWork, organization_id: UUID) -> dict[str, Role]:
    """The organization's custom roles by key."""
    rows = uow.fetch_all(
        """
        SELECT key, name, description, inherits, permissions FROM platform.custom_roles
        WHERE organization_id = %(org)s
        """,
        {"org": organization_id},
    )
    return {
        row["key"]: Role(
            key=row["key"],
            name=row["name"],
            description=row["description"],
            permissions=frozenset(row["permissions"]),
            inherits=tuple(row["inherits"]),
            built_in=False,
        )
        for row in rows
    }


def active_membership(
    uow: UnitOfWork, organization_id: UUID, user_id: UUID, organization_statuses: tuple[str, ...] = ("active",)
) -> Membership | None:
    """The user's active membership of an organization in one of `organization_statuses`
    (normally only active ones), with its permissions."""
    row = uow.fetch_one(
        """
        SELECT o.id, o.name, o.require_mfa, m.role FROM platform.memberships m
        JOIN platform.organizations o ON o.id = m.organization_id
        WHERE m.organization_id = %(org)s AND m.user_id = %(user)s AND m.status = 'active'
          AND o.status = ANY(%(statuses)s)
        """,
        {"org": organization_id, "user": user_id, "statuses": list(organization_statuses)},
    )
    if row is None:
        return None
    return Membership(
        organization_id=row["id"],
        organization_name=row["name"],
        role=row["role"],
        permissions=resolve_permissions(row["role"], custom_roles(uow, organization_id)),
        require_mfa=row["require_mfa"],
    )


def memberships_of(uow: UnitOfWork, user_id: UUID) -> list[Membership]:
    """Every active organization the user belongs to, by name."""
    rows = uow.fetch_all(
        """
        SELECT o.id FROM platform.memberships m JOIN platform.organizations o ON o.id = m.organization_id
        WHERE m.user_id = %(user)s AND m.status = 'active' AND o.status = 'active' ORDER BY o.name, o.id
        """,
        {"user": user_id},
    )
    found = [active_membership(uow, row["id"], user_id) for row in rows]
    return [membership for membership in found if membership is not None]


def create_organization(
    services: Services, *, name: str, owner_id: UUID, meta: RequestMeta, organization_id: UUID | None = None
) -> UUID:
    """Create an organization with its tenant schema and make `owner_id` its owner.

    Idempotent for a given `organization_id`: a retry completes what a failed attempt began.
    """
    organization_id = organization_id or new_id()
    provision_tenant(services.db, organization_id)
    with services.db.unit_of_work() as uow:
        uow.execute(
            """
            INSERT INTO platform.organizations (id, name, created_by) VALUES (%(id)s, %(name)s, %(owner)s)
            ON CONFLICT (id) DO NOTHING
            """,
            {"id": organization_id, "name": name, "owner": owner_id},
        )
        uow.execute(
            """
            INSERT INTO platform.memberships (organization_id, user_id, role) VALUES (%(org)s, %(user)s, %(role)s)
            ON CONFLICT (organization_id, user_id) DO NOTHING
            """,
            {"org": organization_id, "user": owner_id, "role": OWNER},
        )
        record_event(
            uow,
            "organization_created",
            meta=meta,
            user_id=owner_id,
            organization_id=organization_id,
            details={"name": name},
        )
        uow.commit()
    return organization_id
