"""The organization's approval policy: read the one in force, save a new version, simulate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from shared_code.approvals import approval_repository as repo
from shared_code.approvals.errors import rejected
from shared_code.approvals.model import (
    ApproverKind,
    Policy,
    Route,
    Subject,
    default_policy,
    policy_from_dict,
    policy_to_dict,
    simulate,
    validate_policy,
)
from shared_code.identity.memberships import active_members
from shared_code.identity.permissions import BUILT_IN_ROLES, OWNER
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.purchases.categories import list_categories

APPROVE = "expenses:approve"


@dataclass(frozen=True)
class Directory:
    """Who is who in the organization, as routing needs it."""

    members_by_role: Mapping[str, tuple[UUID, ...]]
    """Active members by role."""
    owners: tuple[UUID, ...]
    """The owners."""
    can_approve: frozenset[UUID]
    """Members holding `expenses:approve`."""
    role_of: Mapping[UUID, str]
    """Each member's role."""


def directory(uow: UnitOfWork) -> Directory:
    """The organization's members as routing sees them (one read)."""
    members = active_members(uow, uow.require_tenant())
    by_role: dict[str, list[UUID]] = {}
    for member in members:
        by_role.setdefault(member.role, []).append(member.user_id)
    return Directory(
        members_by_role={role: tuple(ids) for role, ids in by_role.items()},
        owners=tuple(m.user_id for m in members if m.role == OWNER),
        can_approve=frozenset(m.user_id for m in members if APPROVE in m.permissions),
        role_of={m.user_id: m.role for m in members},
    )


def _from_row(row: Mapping[str, Any]) -> Policy:
    policy, errors = policy_from_dict(row["document"], version=int(row["version"]))
    if policy is None:
        raise ValueError(f"stored approval policy {row['version']} does not parse: {errors}")
    return policy


def current_policy(uow: UnitOfWork) -> Policy:
    """The policy in force: the newest version, or the built-in default (off)."""
    row = repo.latest_policy(uow)
    return default_policy() if row is None else _from_row(row)


def policy_at(uow: UnitOfWork, version: int) -> Policy:
    """One stored version (the default for version 0)."""
    row = repo.policy_version(uow, version) if version else None
    return default_policy() if row is None else _from_row(row)


def policy_history(uow: UnitOfWork) -> list[tuple[Policy, UUID, datetime]]:
    """Every stored version with who saved it and when, newest first."""
    return [(_from_row(r), r["created_by"], r["created_at"]) for r in repo.policy_versions(uow)]


def parse_and_check(uow: UnitOfWork, document: Mapping[str, Any]) -> Policy:
    """The policy in `document`, checked against this organization's categories, roles and members."""
    policy, errors = policy_from_dict(document)
    if policy is None:
        raise rejected(errors, "The approval policy is not valid.")
    known_categories = [c.code for c in list_categories(uow, include_archived=True)]
    roles = set(BUILT_IN_ROLES)
    team = directory(uow)
    roles |= set(team.members_by_role)
    problems = validate_policy(policy, known_categories=known_categories, known_roles=roles)
    for i, rule in enumerate(policy.rules):
        for j, step in enumerate(rule.steps):
            for k, approver in enumerate(step.approvers):
                if approver.kind is ApproverKind.MEMBER:
                    try:
                        member = UUID(approver.value or "")
                    except ValueError:
                        member = None
                    if member is None or member not in team.role_of:
                        problems.append(
                            FieldError(f"rules.{i}.steps.{j}.approvers.{k}.value", "unknown_member", "No such member.")
                        )
                    elif member not in team.can_approve:
                        problems.append(
                            FieldError(
                                f"rules.{i}.steps.{j}.approvers.{k}.value",
                                "approver_lacks_permission",
                                "This member cannot approve expenses.",
                            )
                        )
    if problems:
        raise rejected(problems, "The approval policy is not valid.")
    return policy


def save_policy(uow: UnitOfWork, document: Mapping[str, Any], *, saved_by: UUID) -> Policy:
    """Store `document` as the next version; requests in flight keep the version they started with."""
    policy = parse_and_check(uow, document)
    body = policy_to_dict(policy)
    version = repo.insert_policy(uow, enabled=policy.enabled, document=body, created_by=saved_by)
    return policy_at(uow, version)


def simulate_route(uow: UnitOfWork, subject: Subject, *, submitter: UUID | None, policy: Policy | None = None) -> Route:
    """Who would approve `subject` under `policy` (the one in force by default)."""
    team = directory(uow)
    return simulate(
        policy or current_policy(uow),
        subject,
        members_by_role=team.members_by_role,
        owners=team.owners,
        can_approve=team.can_approve,
        submitter=submitter,
    )
