"""The team of an organization: list members, change roles, deactivate and reactivate.

Every change takes the organization's team lock first, so two owners demoting each other
at the same moment cannot leave the organization without an owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from shared_code.identity import team_repository as repo
from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.permissions import OWNER
from shared_code.identity.ports import IdentityPorts
from shared_code.identity.roles import (
    acting_member,
    assignable_role,
    ensure_may_grant,
    ensure_may_manage,
    organization_roles,
)
from shared_code.platform.db import Row, UnitOfWork
from shared_code.platform.errors import Conflict, NotFound
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of

MemberSort = Literal["name", "email", "joined"]
MemberStatus = Literal["active", "deactivated"]


@dataclass(frozen=True)
class Member:
    """A person in the organization's team."""

    user_id: UUID
    email: str
    full_name: str
    role: str
    """Built-in role or `custom:<slug>`."""
    status: str
    """`active`, or `deactivated` (kept for the record; no access)."""
    joined_at: datetime
    mfa_enabled: bool


@dataclass(frozen=True)
class MemberQuery:
    """Filters, order and position of a member listing."""

    role: str | None = None
    status: MemberStatus | None = None
    q: str | None = None
    """Part of the name or e-mail address, any case."""
    sort: MemberSort = "name"
    descending: bool = False
    cursor: str | None = None
    limit: int = 50


def _member(row: Row) -> Member:
    return Member(**{key: row[key] for key in Member.__dataclass_fields__})


def list_members(ports: IdentityPorts, organization_id: UUID, query: MemberQuery) -> Page[Member]:
    """One page of the organization's members, filtered and sorted, with a cursor to the next."""
    kind = f"members:{query.sort}:{'desc' if query.descending else 'asc'}"
    after: tuple[object, UUID] | None = None
    if query.cursor:
        after_key, after_id = decode_cursor(kind, query.cursor, 2)
        key: object = cursor_part(datetime.fromisoformat, after_key) if query.sort == "joined" else after_key
        after = (key, cursor_part(UUID, after_id))
    with ports.db.unit_of_work() as uow:
        rows = repo.member_rows(
            uow,
            organization_id,
            role=query.role,
            status=query.status,
            q=query.q,
            sort=query.sort,
            descending=query.descending,
            after=after,
            limit=query.limit + 1,
        )

    def cursor_of(row: Row) -> str:
        key = row["sort_key"]
        return encode_cursor(kind, key.isoformat() if isinstance(key, datetime) else str(key), str(row["user_id"]))

    page = page_of(rows, query.limit, cursor_of)
    return Page(items=tuple(_member(row) for row in page.items), next_cursor=page.next_cursor)


def member(uow: UnitOfWork, organization_id: UUID, user_id: UUID) -> Member:
    """One member (active or deactivated); 404 `member_not_found` otherwise."""
    row = repo.member_row(uow, organization_id, user_id)
    if row is None:
        raise NotFound("member", code="member_not_found")
    return _member(row)


def _refuse_if_last_owner(uow: UnitOfWork, organization_id: UUID, target: Member) -> None:
    if (
        target.role == OWNER
        and target.status == "active"
        and not repo.other_active_owners(uow, organization_id, target.user_id)
    ):
        raise Conflict("last_owner", "Make someone else an owner first: an organization needs an active owner.")


def change_role(
    ports: IdentityPorts, *, organization_id: UUID, actor_id: UUID, user_id: UUID, role: str, meta: RequestMeta
) -> Member:
    """Give an active member another role (built-in or custom).

    Refused when the actor could not grant the new role or act on the member's current
    one (403), and when it would demote the last active owner (409 `last_owner`).
    """
    with ports.db.unit_of_work() as uow:
        repo.lock_team(uow, organization_id)
        actor = acting_member(uow, organization_id, actor_id)
        target = member(uow, organization_id, user_id)
        if target.status != "active":
            raise Conflict("member_deactivated", "Reactivate the member before changing their role.")
        assignable_role(uow, organization_id, role)
        roles = organization_roles(uow, organization_id)
        ensure_may_manage(actor, target.role, roles)
        ensure_may_grant(actor, role, roles)
        if role == target.role:
            return target
        if role != OWNER:
            _refuse_if_last_owner(uow, organization_id, target)
        repo.set_member_role(uow, organization_id, user_id, role)
        record_event(
            uow,
            "member_role_changed",
            meta=meta,
            user_id=user_id,
            organization_id=organization_id,
            actor_id=actor_id,
            details={"from": target.role, "to": role},
        )
        changed = member(uow, organization_id, user_id)
        uow.commit()
    return changed


def deactivate(
    ports: IdentityPorts, *, organization_id: UUID, actor_id: UUID, user_id: UUID, meta: RequestMeta
) -> Member:
    """Take a member's access away (their history stays). Idempotent; never the last owner."""
    with ports.db.unit_of_work() as uow:
        repo.lock_team(uow, organization_id)
        actor = acting_member(uow, organization_id, actor_id)
        target = member(uow, organization_id, user_id)
        if target.status == "deactivated":
            return target
        ensure_may_manage(actor, target.role, organization_roles(uow, organization_id))
        _refuse_if_last_owner(uow, organization_id, target)
        repo.set_member_status(uow, organization_id, user_id, "deactivated")
        record_event(
            uow,
            "member_deactivated",
            meta=meta,
            user_id=user_id,
            organization_id=organization_id,
            actor_id=actor_id,
            details={"role": target.role},
        )
        changed = member(uow, organization_id, user_id)
        uow.commit()
    return changed


def reactivate(
    ports: IdentityPorts, *, organization_id: UUID, actor_id: UUID, user_id: UUID, meta: RequestMeta
) -> Member:
    """Give a deactivated member their access back, with the role they had. Idempotent."""
    with ports.db.unit_of_work() as uow:
        repo.lock_team(uow, organization_id)
        actor = acting_member(uow, organization_id, actor_id)
        target = member(uow, organization_id, user_id)
        if target.status == "active":
            return target
        roles = organization_roles(uow, organization_id)
        ensure_may_manage(actor, target.role, roles)
        ensure_may_grant(actor, target.role, roles)
        repo.set_member_status(uow, organization_id, user_id, "active")
        record_event(
            uow,
            "member_reactivated",
            meta=meta,
            user_id=user_id,
            organization_id=organization_id,
            actor_id=actor_id,
            details={"role": target.role},
        )
        changed = member(uow, organization_id, user_id)
        uow.commit()
    return changed
