"""Roles of an organization: the built-in six, custom roles, and the guard against
granting more than you hold.

The guard is the one rule every role assignment goes through (invitations, role changes,
custom role edits): nobody can hand out, or take away, permissions they do not hold
themselves, and only owners act on owners. Custom roles inherit built-in roles only (never
`owner`), so resolving one needs nothing but itself and the built-ins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from uuid import UUID

from shared_code.identity import team_repository as repo
from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.memberships import Membership, active_membership, custom_roles
from shared_code.identity.permissions import (
    ACCOUNTANT,
    ADMIN,
    APPROVER,
    BUILT_IN_ROLES,
    OWNER,
    STAFF,
    VIEWER,
    Role,
    resolve_permissions,
    unknown_permissions,
)
from shared_code.identity.ports import IdentityPorts
from shared_code.platform.db import Row, UnitOfWork
from shared_code.platform.errors import Conflict, DomainError, FieldError, NotFound, ValidationFailed

CUSTOM_PREFIX = "custom:"
BUILT_IN_ORDER = (OWNER, ADMIN, ACCOUNTANT, APPROVER, STAFF, VIEWER)
"""How built-in roles are listed: most powerful first."""
INHERITABLE = frozenset(BUILT_IN_ROLES) - {OWNER}
"""What a custom role may inherit: a role that inherits `owner` would be an owner in disguise."""


@dataclass(frozen=True)
class ResolvedRole:
    """A role with every permission it grants, inheritance resolved."""

    role: Role
    permissions: frozenset[str]


def role_slug(name: str) -> str:
    """The `<slug>` of `custom:<slug>`: ASCII lower case, words joined by '-', at most 40 characters."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].rstrip("-")


def acting_member(uow: UnitOfWork, organization_id: UUID, user_id: UUID) -> Membership:
    """The caller's membership as it is now, read in the caller's transaction.

    The guards use this rather than what the request's auth dependency read a moment
    earlier, so a member demoted concurrently cannot still grant with their old role.
    """
    membership = active_membership(uow, organization_id, user_id)
    if membership is None:
        raise NotFound("organization", code="organization_not_found")
    return membership


def organization_roles(uow: UnitOfWork, organization_id: UUID) -> dict[str, Role]:
    """Every role of the organization by key: built-in and custom."""
    return {**BUILT_IN_ROLES, **custom_roles(uow, organization_id)}


def permissions_of(role_key: str, roles: Mapping[str, Role]) -> frozenset[str]:
    """Every permission of `role_key` among `roles`."""
    return resolve_permissions(role_key, {key: role for key, role in roles.items() if not role.built_in})


def assignable_role(uow: UnitOfWork, organization_id: UUID, role_key: str, field: str = "role") -> Role:
    """The role `role_key`, or 422 `role_unknown` on `field`.

    A custom role's row is share-locked until the transaction ends, so it cannot be
    deleted while it is being assigned.
    """
    if role_key in BUILT_IN_ROLES:
        return BUILT_IN_ROLES[role_key]
    row = repo.custom_role_row(uow, organization_id, role_key, lock="share")
    if row is None:
        raise ValidationFailed([FieldError(field, "role_unknown", f"There is no role {role_key!r}.")])
    return _custom_role(row)


def exceeds_your_permissions(missing: Iterable[str]) -> DomainError:
    """403 `role_exceeds_your_permissions`, naming what the caller lacks."""
    return DomainError(
        code="role_exceeds_your_permissions",
        status=403,
        title="You cannot grant or change permissions you do not have yourself.",
        detail="Missing: " + ", ".join(sorted(missing)),
    )


def owner_required() -> DomainError:
    """403 `owner_required`: only owners make, change or remove owners."""
    return DomainError(code="owner_required", status=403, title="Only an owner can do this to an owner.")


def grant_refusal(actor: Membership, role_key: str, roles: Mapping[str, Role]) -> DomainError | None:
    """Why `actor` may not give someone `role_key`, or None if they may: every permission
    of the role must be the actor's own, and only owners grant `owner`."""
    missing = permissions_of(role_key, roles) - actor.permissions
    if missing:
        return exceeds_your_permissions(missing)
    if role_key == OWNER and actor.role != OWNER:
        return owner_required()
    return None


def ensure_may_grant(actor: Membership, role_key: str, roles: Mapping[str, Role]) -> None:
    """Refuse (403) unless `actor` may give someone `role_key` (see `grant_refusal`)."""
    refusal = grant_refusal(actor, role_key, roles)
    if refusal is not None:
        raise refusal


def ensure_may_manage(actor: Membership, member_role: str, roles: Mapping[str, Role]) -> None:
    """Refuse unless `actor` may act on a member who holds `member_role`: only owners act
    on owners, and nobody acts on a member whose role reaches beyond their own."""
    if member_role == OWNER and actor.role != OWNER:
        raise owner_required()
    missing = permissions_of(member_role, roles) - actor.permissions
    if missing:
        raise exceeds_your_permissions(missing)


def list_roles(ports: IdentityPorts, organization_id: UUID) -> list[ResolvedRole]:
    """The organization's roles: built-in ones most powerful first, then custom ones by name."""
    with ports.db.unit_of_work() as uow:
        roles = organization_roles(uow, organization_id)
    built_in = [roles[key] for key in BUILT_IN_ORDER]
    custom = sorted((role for role in roles.values() if not role.built_in), key=lambda r: (r.name.casefold(), r.key))
    return [ResolvedRole(role, permissions_of(role.key, roles)) for role in built_in + custom]


def create_role(
    ports: IdentityPorts,
    *,
    organization_id: UUID,
    actor_id: UUID,
    name: str,
    description: str,
    permissions: list[str],
    inherits: list[str],
    meta: RequestMeta,
) -> ResolvedRole:
    """Define a custom role `custom:<slug of name>`; it may not grant more than its creator holds."""
    name = " ".join(name.split())
    slug = role_slug(name)
    problems = [] if slug else [FieldError("name", "name_invalid", "Use at least one letter or digit in the name.")]
    role = Role(
        key=CUSTOM_PREFIX + slug,
        name=name,
        description=description.strip(),
        permissions=frozenset(permissions),
        inherits=tuple(dict.fromkeys(inherits)),
        built_in=False,
    )
    problems += _definition_problems(role, permissions, inherits)
    if problems:
        raise ValidationFailed(problems)
    with ports.db.unit_of_work() as uow:
        actor = acting_member(uow, organization_id, actor_id)
        roles = organization_roles(uow, organization_id)
        resolved = permissions_of(role.key, {**roles, role.key: role})
        missing = resolved - actor.permissions
        if missing:
            raise exceeds_your_permissions(missing)
        if _name_taken(roles, name) or not repo.insert_custom_role(uow, organization_id, _role_row(role)):
            raise Conflict("role_exists", "A role with this name exists already.")
        record_event(
            uow,
            "role_created",
            meta=meta,
            organization_id=organization_id,
            actor_id=actor_id,
            details=_role_row(role),
        )
        uow.commit()
    return ResolvedRole(role, resolved)


def update_role(
    ports: IdentityPorts,
    *,
    organization_id: UUID,
    actor_id: UUID,
    key: str,
    name: str | None,
    description: str | None,
    permissions: list[str] | None,
    inherits: list[str] | None,
    meta: RequestMeta,
) -> ResolvedRole:
    """Change a custom role's name, description, permissions or inherited roles (the key stays).

    Members holding it get the new permissions on their next request. The editor must hold
    every permission of the role both before and after the change.
    """
    with ports.db.unit_of_work() as uow:
        actor = acting_member(uow, organization_id, actor_id)
        current = _custom_role_for_update(uow, organization_id, key)
        roles = organization_roles(uow, organization_id)
        new_name = " ".join(name.split()) if name is not None else current.name
        updated = Role(
            key=current.key,
            name=new_name,
            description=description.strip() if description is not None else current.description,
            permissions=frozenset(permissions) if permissions is not None else current.permissions,
            inherits=tuple(dict.fromkeys(inherits)) if inherits is not None else current.inherits,
            built_in=False,
        )
        problems = [] if new_name else [FieldError("name", "required", "Enter a name.")]
        problems += _definition_problems(updated, permissions or [], inherits or [])
        if problems:
            raise ValidationFailed(problems)
        before = permissions_of(key, roles)
        after = permissions_of(key, {**roles, key: updated})
        missing = (before | after) - actor.permissions
        if missing:
            raise exceeds_your_permissions(missing)
        others = {k: r for k, r in roles.items() if k != key}
        if new_name.casefold() != current.name.casefold() and _name_taken(others, new_name):
            raise Conflict("role_exists", "A role with this name exists already.")
        changes = _changes(current, updated)
        if changes:
            repo.update_custom_role(uow, organization_id, _role_row(updated))
            record_event(
                uow,
                "role_updated",
                meta=meta,
                organization_id=organization_id,
                actor_id=actor_id,
                details={"key": key, "changes": changes},
            )
        uow.commit()
    return ResolvedRole(updated, after)


def delete_role(ports: IdentityPorts, *, organization_id: UUID, actor_id: UUID, key: str, meta: RequestMeta) -> None:
    """Delete a custom role nobody holds: 409 `role_in_use` while a member (active or
    deactivated) or a pending invitation has it."""
    with ports.db.unit_of_work() as uow:
        actor = acting_member(uow, organization_id, actor_id)
        current = _custom_role_for_update(uow, organization_id, key)
        missing = permissions_of(key, organization_roles(uow, organization_id)) - actor.permissions
        if missing:
            raise exceeds_your_permissions(missing)
        members, invitations = repo.role_usage(uow, organization_id, key)
        if members or invitations:
            raise Conflict(
                "role_in_use",
                "Give the people who have this role another role first.",
                detail=f"{members} member(s) and {invitations} pending invitation(s) have it.",
            )
        repo.delete_custom_role(uow, organization_id, key)
        record_event(
            uow,
            "role_deleted",
            meta=meta,
            organization_id=organization_id,
            actor_id=actor_id,
            details=_role_row(current),
        )
        uow.commit()


def _definition_problems(role: Role, permissions: list[str], inherits: list[str]) -> list[FieldError]:
    unknown = set(unknown_permissions(permissions))
    problems = [
        FieldError(f"permissions.{index}", "permission_unknown", f"There is no permission {name!r}.")
        for index, name in enumerate(permissions)
        if name in unknown
    ]
    problems += [
        FieldError(f"inherits.{index}", "role_not_inheritable", f"A custom role cannot inherit {key!r}.")
        for index, key in enumerate(inherits)
        if key not in INHERITABLE
    ]
    if not problems and not role.permissions and not role.inherits:
        problems.append(FieldError("permissions", "role_empty", "Give the role at least one permission."))
    return problems


def _name_taken(roles: Mapping[str, Role], name: str) -> bool:
    folded = name.casefold()
    return any(role.name.casefold() == folded or key.casefold() == folded for key, role in roles.items())


def _custom_role(row: Row) -> Role:
    return Role(
        key=row["key"],
        name=row["name"],
        description=row["description"],
        permissions=frozenset(row["permissions"]),
        inherits=tuple(row["inherits"]),
        built_in=False,
    )


def _custom_role_for_update(uow: UnitOfWork, organization_id: UUID, key: str) -> Role:
    if key in BUILT_IN_ROLES:
        raise Conflict("role_built_in", "Built-in roles cannot be changed or deleted.")
    row = repo.custom_role_row(uow, organization_id, key, lock="update")
    if row is None:
        raise NotFound("role", code="role_not_found")
    return _custom_role(row)


def _role_row(role: Role) -> dict[str, object]:
    return {
        "key": role.key,
        "name": role.name,
        "description": role.description,
        "permissions": sorted(role.permissions),
        "inherits": list(role.inherits),
    }


def _changes(before: Role, after: Role) -> dict[str, dict[str, object]]:
    old, new = _role_row(before), _role_row(after)
    return {field: {"from": old[field], "to": new[field]} for field in old if old[field] != new[field]}
