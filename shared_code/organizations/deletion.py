"""Deleting an organization: scheduled with a grace period, restorable, then purged."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.memberships import purge_organization_team
from shared_code.organizations import repository
from shared_code.platform.clock import Clock
from shared_code.platform.db import Transactions, UnitOfWork
from shared_code.platform.errors import FieldError, NotFound, ValidationFailed
from shared_code.platform.ports import FileStore
from shared_code.platform.tenancy import drop_schema, lock_schema_changes


def request_deletion(
    uow: UnitOfWork,
    *,
    organization_id: UUID,
    confirm_name: str,
    actor_id: UUID,
    meta: RequestMeta,
    now: datetime,
    grace_days: int,
) -> datetime:
    """Schedule the organization's deletion after the grace period; returns when it happens.

    The owner must type the organization's name. Until the date it can be restored;
    members lose access at once. The caller commits.
    """
    row = repository.lock_organization(uow, organization_id)
    if row is None or row["status"] != "active":
        raise NotFound("organization", code="organization_not_found")
    if " ".join(confirm_name.split()).casefold() != row["name"].casefold():
        raise ValidationFailed(
            [FieldError("confirm_name", "confirmation_mismatch", "Type the organization's name exactly to confirm.")]
        )
    due = now + timedelta(days=grace_days)
    repository.mark_deletion_requested(uow, organization_id, actor_id, due)
    record_event(
        uow,
        "organization_deletion_requested",
        meta=meta,
        user_id=actor_id,
        actor_id=actor_id,
        organization_id=organization_id,
        details={"due_at": due.isoformat()},
    )
    return due


def restore(uow: UnitOfWork, *, organization_id: UUID, actor_id: UUID, meta: RequestMeta) -> None:
    """Cancel a pending deletion (the route allows only members with `organization:delete`)."""
    row = repository.lock_organization(uow, organization_id)
    if row is None or row["status"] != "pending_deletion":
        raise NotFound("organization pending deletion", code="organization_not_found")
    repository.mark_restored(uow, organization_id)
    record_event(
        uow,
        "organization_restored",
        meta=meta,
        user_id=actor_id,
        actor_id=actor_id,
        organization_id=organization_id,
    )


def purge_due_organizations(db: Transactions, files: FileStore, clock: Clock) -> list[UUID]:
    """Drop the schema, files and team of every organization whose grace period is over.

    One transaction per organization: its schema, its team (identity's part) and its
    profile go together, under the migrations' lock.
    """
    with db.unit_of_work() as uow:
        due = repository.organizations_due_for_purge(uow, clock.now())
    for organization_id in due:
        files.delete_prefix(f"orgs/{organization_id}/")
        with db.unit_of_work() as uow:
            lock_schema_changes(uow)
            drop_schema(uow, organization_id)
            purge_organization_team(uow, organization_id)
            repository.mark_purged(uow, organization_id)
            uow.commit()
    return due
