"""The team of an organization: members (list, change role, deactivate, reactivate) and
roles (the built-in six and custom ones)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response, status
from pydantic import BaseModel, Field

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import MetaDep, ServicesDep
from shared_code.identity import roles, team
from shared_code.identity.ports import identity_ports
from shared_code.identity.roles import ResolvedRole
from shared_code.identity.team import Member, MemberQuery

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["team"])

RolePattern = r"^[a-z0-9:_-]{1,47}$"
PermissionName = Annotated[str, Field(min_length=3, max_length=64)]
RoleKeyPath = Annotated[str, Path(max_length=47, pattern=RolePattern, description="`custom:<slug>`")]


class MemberOut(BaseModel):
    """A person in the team."""

    user_id: UUID
    email: str
    full_name: str
    role: str
    status: Literal["active", "deactivated"]
    joined_at: datetime
    mfa_enabled: bool


class MemberPage(BaseModel):
    """One page of members."""

    items: list[MemberOut]
    next_cursor: str | None


class RoleChange(BaseModel):
    """The member's new role."""

    role: str = Field(min_length=1, max_length=47, pattern=RolePattern, description="A role key, e.g. `accountant`.")


class RoleOut(BaseModel):
    """A role, with everything it allows."""

    key: str
    name: str
    description: str
    built_in: bool
    inherits: list[str]
    direct_permissions: list[str]
    """Granted by the role itself."""
    permissions: list[str]
    """Everything the role allows, inherited permissions included."""


class RoleIn(BaseModel):
    """A new custom role. Its key is `custom:<slug of the name>`."""

    name: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=500)
    permissions: list[PermissionName] = Field(default_factory=list, max_length=100)
    inherits: list[str] = Field(default_factory=list, max_length=5, description="Built-in roles, never `owner`.")


class RoleUpdate(BaseModel):
    """Changes to a custom role; omitted fields stay as they are."""

    name: str | None = Field(default=None, min_length=1, max_length=80)
    description: str | None = Field(default=None, max_length=500)
    permissions: list[PermissionName] | None = Field(default=None, max_length=100)
    inherits: list[str] | None = Field(default=None, max_length=5)


def _member(member: Member) -> MemberOut:
    return MemberOut(
        user_id=member.user_id,
        email=member.email,
        full_name=member.full_name,
        role=member.role,
        status="active" if member.status == "active" else "deactivated",
        joined_at=member.joined_at,
        mfa_enabled=member.mfa_enabled,
    )


def _role(resolved: ResolvedRole) -> RoleOut:
    role = resolved.role
    return RoleOut(
        key=role.key,
        name=role.name,
        description=role.description,
        built_in=role.built_in,
        inherits=list(role.inherits),
        direct_permissions=sorted(role.permissions),
        permissions=sorted(resolved.permissions),
    )


@router.get("/members", response_model=MemberPage)
def members(
    ctx: Annotated[OrgContext, Depends(require_permission("users:read"))],
    services: ServicesDep,
    role: Annotated[str | None, Query(max_length=47, pattern=RolePattern)] = None,
    member_status: Annotated[Literal["active", "deactivated"] | None, Query(alias="status")] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name or e-mail address.")] = None,
    sort: Literal["name", "email", "joined"] = "name",
    order: Literal["asc", "desc"] = "asc",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> MemberPage:
    """The team, filtered and sorted, a page at a time (pass `next_cursor` back as `cursor`)."""
    query = MemberQuery(
        role=role,
        status=member_status,
        q=(q or "").strip() or None,
        sort=sort,
        descending=order == "desc",
        cursor=cursor,
        limit=limit,
    )
    page = team.list_members(identity_ports(services), ctx.organization_id, query)
    return MemberPage(items=[_member(m) for m in page.items], next_cursor=page.next_cursor)


@router.patch("/members/{user_id}", response_model=MemberOut)
def change_role(
    user_id: UUID,
    body: RoleChange,
    ctx: Annotated[OrgContext, Depends(require_permission("users:manage"))],
    services: ServicesDep,
    meta: MetaDep,
) -> MemberOut:
    """Give a member another role. 403 `role_exceeds_your_permissions` or `owner_required`,
    409 `last_owner` or `member_deactivated`, 422 `role_unknown`."""
    changed = team.change_role(
        identity_ports(services),
        organization_id=ctx.organization_id,
        actor_id=ctx.user_id,
        user_id=user_id,
        role=body.role,
        meta=meta,
    )
    return _member(changed)


@router.post("/members/{user_id}/deactivate", response_model=MemberOut)
def deactivate_member(
    user_id: UUID,
    ctx: Annotated[OrgContext, Depends(require_permission("users:manage"))],
    services: ServicesDep,
    meta: MetaDep,
) -> MemberOut:
    """Take a member's access away (their history stays). 409 `last_owner` for the last active owner."""
    changed = team.deactivate(
        identity_ports(services), organization_id=ctx.organization_id, actor_id=ctx.user_id, user_id=user_id, meta=meta
    )
    return _member(changed)


@router.post("/members/{user_id}/reactivate", response_model=MemberOut)
def reactivate_member(
    user_id: UUID,
    ctx: Annotated[OrgContext, Depends(require_permission("users:manage"))],
    services: ServicesDep,
    meta: MetaDep,
) -> MemberOut:
    """Give a deactivated member their access back, with their role."""
    changed = team.reactivate(
        identity_ports(services), organization_id=ctx.organization_id, actor_id=ctx.user_id, user_id=user_id, meta=meta
    )
    return _member(changed)


@router.get("/roles", response_model=list[RoleOut])
def list_roles(
    ctx: Annotated[OrgContext, Depends(require_permission("users:read"))], services: ServicesDep
) -> list[RoleOut]:
    """Built-in roles (most powerful first), then custom ones, each with everything it allows."""
    return [_role(resolved) for resolved in roles.list_roles(identity_ports(services), ctx.organization_id)]


@router.post("/roles", status_code=status.HTTP_201_CREATED, response_model=RoleOut)
def create_role(
    body: RoleIn,
    ctx: Annotated[OrgContext, Depends(require_permission("roles:manage"))],
    services: ServicesDep,
    meta: MetaDep,
) -> RoleOut:
    """Define a custom role. 422 for unknown permissions or roles it may not inherit, 409
    `role_exists`, 403 `role_exceeds_your_permissions`."""
    created = roles.create_role(
        identity_ports(services),
        organization_id=ctx.organization_id,
        actor_id=ctx.user_id,
        name=body.name,
        description=body.description,
        permissions=body.permissions,
        inherits=body.inherits,
        meta=meta,
    )
    return _role(created)


@router.patch("/roles/{role_key}", response_model=RoleOut)
def update_role(
    role_key: RoleKeyPath,
    body: RoleUpdate,
    ctx: Annotated[OrgContext, Depends(require_permission("roles:manage"))],
    services: ServicesDep,
    meta: MetaDep,
) -> RoleOut:
    """Change a custom role; its members get the new permissions at once. 409 `role_built_in`."""
    updated = roles.update_role(
        identity_ports(services),
        organization_id=ctx.organization_id,
        actor_id=ctx.user_id,
        key=role_key,
        name=body.name,
        description=body.description,
        permissions=body.permissions,
        inherits=body.inherits,
        meta=meta,
    )
    return _role(updated)


@router.delete("/roles/{role_key}", status_code=status.HTTP_204_NO_CONTENT)
def delete_role(
    role_key: RoleKeyPath,
    ctx: Annotated[OrgContext, Depends(require_permission("roles:manage"))],
    services: ServicesDep,
    meta: MetaDep,
) -> Response:
    """Delete a custom role. 409 `role_in_use` while a member or a pending invitation has it."""
    roles.delete_role(
        identity_ports(services), organization_id=ctx.organization_id, actor_id=ctx.user_id, key=role_key, meta=meta
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
