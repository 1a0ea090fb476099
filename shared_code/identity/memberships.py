"""Memberships: who belongs to which organization with which permissions.

The public surface other capabilities call: authorisation reads `active_membership`;
onboarding makes the owner with `add_owner`; deletion purges with `purge_organization_team`;
the data export takes `team_export`; a document's history names who did what with `user_names`;
approvals route requests with `active_members`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from shared_code.identity import membership_repository, repository, team_repository
from shared_code.identity.permissions import BUILT_IN_ROLES, OWNER, Role, resolve_permissions
from shared_code.platform.db import Row, UnitOfWork


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
    rows = membership_repository.custom_role_rows(uow, organization_id)
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
    row = membership_repository.active_membership_row(uow, organization_id, user_id, organization_statuses)
    if row is None:
        return None
    return Membership(
        organization_id=row["id"],
        organization_name=row["name"],
        role=row["role"],
        # Built-in roles inherit only built-in ones, so only a custom role needs the table read.
        permissions=resolve_permissions(
            row["role"], None if row["role"] in BUILT_IN_ROLES else custom_roles(uow, organization_id)
        ),
        require_mfa=row["require_mfa"],
    )


def memberships_of(uow: UnitOfWork, user_id: UUID) -> list[Membership]:
    """Every active organization the user belongs to, by name."""
    found = [
        active_membership(uow, organization_id, user_id)
        for organization_id in membership_repository.active_organization_ids(uow, user_id)
    ]
    return [membership for membership in found if membership is not None]


def owned_organizations(uow: UnitOfWork, user_id: UUID) -> list[UUID]:
    """Every organization, whatever its state, that the user is an active owner of."""
    return membership_repository.owned_organization_ids(uow, user_id)


def add_owner(uow: UnitOfWork, organization_id: UUID, user_id: UUID) -> None:
    """Make the user an owner of a new organization (a repeat does nothing)."""
    team_repository.insert_membership(uow, organization_id, user_id, OWNER)


def user_contact(uow: UnitOfWork, user_id: UUID) -> tuple[str, str]:
    """The user's e-mail address and name, to write to them."""
    user = repository.user_by_id(uow, user_id)
    if user is None:
        raise LookupError(f"no user {user_id}")
    return user.email, user.full_name


def user_names(uow: UnitOfWork, user_ids: Iterable[UUID]) -> dict[UUID, str]:
    """The names of these users, by id, to say who did something (one read)."""
    wanted = sorted(set(user_ids))
    return repository.full_names(uow, wanted) if wanted else {}


@dataclass(frozen=True)
class Member:
    """An active member as another capability sees them."""

    user_id: UUID
    role: str
    permissions: frozenset[str]


def active_members(uow: UnitOfWork, organization_id: UUID) -> list[Member]:
    """Every active member of the organization with their role and permissions (one read of each table)."""
    rows = membership_repository.active_member_rows(uow, organization_id)
    custom = custom_roles(uow, organization_id) if any(r["role"] not in BUILT_IN_ROLES for r in rows) else {}
    return [Member(r["user_id"], r["role"], resolve_permissions(r["role"], custom)) for r in rows]


def purge_organization_team(uow: UnitOfWork, organization_id: UUID) -> None:
    """Forget an organization's memberships, invitations and custom roles (its deletion)."""
    membership_repository.delete_organization_team(uow, organization_id)


def team_export(uow: UnitOfWork, organization_id: UUID) -> dict[str, list[Row]]:
    """The organization's members, roles, invitations and security events, for its export."""
    return membership_repository.team_export_rows(uow, organization_id)
