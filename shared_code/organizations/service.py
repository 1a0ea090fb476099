"""Organizations: onboarding, the business profile, the logo, and deletion with a grace period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pydantic import ValidationError

from shared_code.identity.audit import RequestMeta, record_event
from shared_code.organizations import repository
from shared_code.organizations.model import BusinessProfile, tpin_policy_problems
from shared_code.organizations.steps import ONBOARDING_STEPS
from shared_code.platform.db import tenant_schema_name
from shared_code.platform.errors import (
    Conflict,
    DomainError,
    FieldError,
    NotFound,
    ValidationFailed,
    field_errors_from_pydantic,
)
from shared_code.platform.ids import new_id

if TYPE_CHECKING:
    from shared_code.bootstrap import Services

ONBOARDING_ORCHESTRATION = "onboarding"


@dataclass(frozen=True)
class OnboardingProgress:
    """Where an onboarding run is."""

    instance_id: str
    status: str
    steps_done: list[str]
    current_step: str | None
    organization_id: UUID | None
    error: str | None


def prepare_onboarding(
    services: Services,
    *,
    user_id: UUID,
    profile: BusinessProfile,
    meta: RequestMeta,
    idempotency_key: str | None = None,
) -> tuple[str, dict[str, Any], bool]:
    """Validate and record a new onboarding run; returns its instance id, input, and
    whether it is new (False when `idempotency_key` repeats an earlier request).

    Nothing is created but the run's own record: the orchestration does the rest. The same
    key with other answers is refused (409 `idempotency_key_reused`).
    """
    problems = tpin_policy_problems(profile.tpin, services.settings.tpin_extra_pattern)
    if problems:
        raise ValidationFailed(problems)
    organization_id = new_id()
    instance_id = f"onboarding-{organization_id.hex}"
    data: dict[str, Any] = {
        "instance_id": instance_id,
        "organization_id": str(organization_id),
        "user_id": str(user_id),
        "profile": profile.model_dump(mode="json"),
        "meta": {"ip_address": meta.ip_address, "user_agent": meta.user_agent},
        "retry_interval_ms": services.settings.onboarding_retry_interval_ms,
        "max_attempts": 3,
    }
    with services.db.unit_of_work() as uow:
        run = repository.insert_onboarding_run(
            uow,
            instance_id=instance_id,
            organization_id=organization_id,
            user_id=user_id,
            data=data,
            idempotency_key=idempotency_key,
        )
        if not run["created"] and run["input"]["profile"] != data["profile"]:
            raise Conflict(
                "idempotency_key_reused",
                "This Idempotency-Key was used for another request.",
                "Send a new key for different answers.",
            )
        uow.commit()
    return run["instance_id"], run["input"], bool(run["created"])


async def start_onboarding(
    services: Services,
    client: Any,
    *,
    user_id: UUID,
    profile: BusinessProfile,
    meta: RequestMeta,
    idempotency_key: str | None = None,
) -> str:
    """Start onboarding a new organization for `user_id`; returns the run's instance id.

    A repeated request (same Idempotency-Key) returns the first run; its orchestration is
    started only if the first request never got that far.
    """
    from starlette.concurrency import run_in_threadpool

    instance_id, data, created = await run_in_threadpool(
        lambda: prepare_onboarding(
            services, user_id=user_id, profile=profile, meta=meta, idempotency_key=idempotency_key
        )
    )
    if created or not await client.get_status(instance_id):
        await client.start_new(ONBOARDING_ORCHESTRATION, instance_id, data)
    return instance_id


async def resume_onboarding(services: Services, client: Any) -> list[str]:
    """Start again every run the database says is unfinished (after a restart of an
    in-memory durable backend); the steps are idempotent, so finished work is skipped."""
    from starlette.concurrency import run_in_threadpool

    def pending() -> list[tuple[str, dict[str, Any]]]:
        with services.db.unit_of_work() as uow:
            return [(row["instance_id"], row["input"]) for row in repository.running_onboarding_runs(uow)]

    resumed = []
    for instance_id, data in await run_in_threadpool(pending):
        status = await client.get_status(instance_id)
        if not status:
            await client.start_new(ONBOARDING_ORCHESTRATION, instance_id, data)
            resumed.append(instance_id)
    return resumed


def onboarding_progress(services: Services, *, instance_id: str, user_id: UUID) -> OnboardingProgress:
    """Progress of the caller's onboarding run (404 for anybody else's)."""
    with services.db.unit_of_work() as uow:
        row = repository.onboarding_run(uow, instance_id)
    if row is None or row["user_id"] != user_id:
        raise NotFound("onboarding", code="onboarding_not_found")
    return OnboardingProgress(
        instance_id=instance_id,
        status=row["status"],
        steps_done=[step for step in ONBOARDING_STEPS if step in row["steps_done"]],
        current_step=row["current_step"],
        organization_id=row["organization_id"] if row["status"] == "completed" else None,
        error="Setting up the organization failed; nothing was kept. Please try again."
        if row["status"] == "failed"
        else None,
    )


def get_profile(services: Services, organization_id: UUID) -> tuple[BusinessProfile, str | None]:
    """The business profile and the logo's blob name."""
    with services.db.unit_of_work() as uow:
        found = repository.profile_of(uow, organization_id)
    if found is None:
        raise NotFound("business profile", code="profile_not_found")
    return found


def _has_documents(services: Services, organization_id: UUID) -> bool:
    with services.db.unit_of_work(organization_id) as uow:
        row = uow.fetch_one("SELECT to_regclass(%(table)s) IS NOT NULL AS has_table", {"table": "journal_entries"})
        if not row or not row["has_table"]:
            return False
        return uow.fetch_one("SELECT 1 FROM journal_entries LIMIT 1") is not None


def update_profile(
    services: Services, *, organization_id: UUID, changes: dict[str, Any], actor_id: UUID, meta: RequestMeta
) -> BusinessProfile:
    """Apply `changes` to the profile. A TPIN change is refused once documents exist."""
    current, _ = get_profile(services, organization_id)
    merged = {**current.model_dump(mode="json"), **changes}
    try:
        updated = BusinessProfile.model_validate(merged)
    except ValidationError as error:
        raise ValidationFailed(field_errors_from_pydantic(error.errors())) from None
    if updated.tpin != current.tpin:
        problems = tpin_policy_problems(updated.tpin, services.settings.tpin_extra_pattern)
        if problems:
            raise ValidationFailed(problems)
        if _has_documents(services, organization_id):
            raise Conflict(
                "tpin_locked",
                "The TPIN cannot change once documents exist.",
                "Invoices and journal entries carry the TPIN they were made under. Contact support "
                "if the TPIN on record is wrong.",
            )
    before, after = current.model_dump(mode="json"), updated.model_dump(mode="json")
    changed = {key: {"from": before[key], "to": after[key]} for key in after if before[key] != after[key]}
    if not changed:
        return current
    with services.db.unit_of_work() as uow:
        repository.upsert_profile(uow, organization_id, updated)
        record_event(
            uow,
            "organization_profile_changed",
            meta=meta,
            user_id=actor_id,
            actor_id=actor_id,
            organization_id=organization_id,
            details={"changes": changed},
        )
        uow.commit()
    return updated


_IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def _image_type(data: bytes) -> str | None:
    for signature, content_type in _IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def set_logo(services: Services, *, organization_id: UUID, data: bytes, actor_id: UUID, meta: RequestMeta) -> str:
    """Store the organization's logo (PNG, JPEG or WebP, checked by content); returns its type."""
    if len(data) > services.settings.logo_max_bytes:
        raise DomainError(
            code="logo_too_large",
            status=413,
            title="The logo is too large.",
            detail=f"At most {services.settings.logo_max_bytes // 1024} KB.",
        )
    content_type = _image_type(data)
    if content_type is None:
        raise ValidationFailed([FieldError("logo", "logo_not_an_image", "Upload a PNG, JPEG or WebP image.")])
    get_profile(services, organization_id)
    blob_name = f"orgs/{organization_id}/profile/logo"
    services.blob.put(blob_name, data, content_type)
    with services.db.unit_of_work() as uow:
        repository.set_logo(uow, organization_id, blob_name)
        record_event(
            uow,
            "organization_logo_changed",
            meta=meta,
            user_id=actor_id,
            actor_id=actor_id,
            organization_id=organization_id,
            details={"content_type": content_type, "bytes": len(data)},
        )
        uow.commit()
    return content_type


def get_logo(services: Services, organization_id: UUID) -> tuple[bytes, str]:
    """The logo's bytes and content type."""
    _, blob_name = get_profile(services, organization_id)
    if blob_name is None:
        raise NotFound("logo", code="logo_not_found")
    info = services.blob.info(blob_name)
    return services.blob.get(blob_name), info.content_type or "application/octet-stream"


def request_deletion(
    services: Services, *, organization_id: UUID, confirm_name: str, actor_id: UUID, meta: RequestMeta
) -> datetime:
    """Schedule the organization's deletion after the grace period; returns when it happens.

    The owner must type the organization's name. Until the date it can be restored;
    members lose access at once.
    """
    with services.db.unit_of_work() as uow:
        row = uow.fetch_one(
            "SELECT name, status FROM platform.organizations WHERE id = %(id)s FOR UPDATE", {"id": organization_id}
        )
        if row is None or row["status"] != "active":
            raise NotFound("organization", code="organization_not_found")
        if " ".join(confirm_name.split()).casefold() != row["name"].casefold():
            raise ValidationFailed(
                [
                    FieldError(
                        "confirm_name", "confirmation_mismatch", "Type the organization's name exactly to confirm."
                    )
                ]
            )
        due = services.clock.now() + timedelta(days=services.settings.organization_deletion_grace_days)
        uow.execute(
            """
            UPDATE platform.organizations SET status = 'pending_deletion', deletion_requested_at = now(),
                   deletion_requested_by = %(actor)s, deletion_due_at = %(due)s, updated_at = now()
            WHERE id = %(id)s
            """,
            {"id": organization_id, "actor": actor_id, "due": due},
        )
        record_event(
            uow,
            "organization_deletion_requested",
            meta=meta,
            user_id=actor_id,
            actor_id=actor_id,
            organization_id=organization_id,
            details={"due_at": due.isoformat()},
        )
        uow.commit()
    return due


def restore(services: Services, *, organization_id: UUID, actor_id: UUID, meta: RequestMeta) -> None:
    """Cancel a pending deletion (the route allows only members with `organization:delete`)."""
    with services.db.unit_of_work() as uow:
        row = uow.fetch_one(
            "SELECT status FROM platform.organizations WHERE id = %(id)s FOR UPDATE", {"id": organization_id}
        )
        if row is None or row["status"] != "pending_deletion":
            raise NotFound("organization pending deletion", code="organization_not_found")
        uow.execute(
            """
            UPDATE platform.organizations SET status = 'active', deletion_requested_at = NULL,
                   deletion_requested_by = NULL, deletion_due_at = NULL, updated_at = now()
            WHERE id = %(id)s
            """,
            {"id": organization_id},
        )
        record_event(
            uow,
            "organization_restored",
            meta=meta,
            user_id=actor_id,
            actor_id=actor_id,
            organization_id=organization_id,
        )
        uow.commit()


def purge_due_organizations(services: Services) -> list[UUID]:
    """Drop the schema and files of every organization whose grace period is over."""
    from psycopg import sql

    from shared_code.platform.migrations import MIGRATION_LOCK_KEY

    purged = []
    with services.db.unit_of_work() as uow:
        due = [
            row["id"]
            for row in uow.fetch_all(
                "SELECT id FROM platform.organizations "
                "WHERE status = 'pending_deletion' AND deletion_due_at <= %(now)s",
                {"now": services.clock.now()},
            )
        ]
    for organization_id in due:
        services.blob.delete_prefix(f"orgs/{organization_id}/")
        with services.db.connection() as conn:
            conn.rollback()
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK_KEY])
            conn.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(tenant_schema_name(organization_id)))
            )
            conn.execute("DELETE FROM platform.memberships WHERE organization_id = %s", [organization_id])
            conn.execute("DELETE FROM platform.invitations WHERE organization_id = %s", [organization_id])
            conn.execute("DELETE FROM platform.custom_roles WHERE organization_id = %s", [organization_id])
            conn.execute("DELETE FROM platform.organization_profiles WHERE organization_id = %s", [organization_id])
            conn.execute(
                "UPDATE platform.organizations SET status = 'deleted', deleted_at = now(), name = 'deleted' "
                "WHERE id = %s",
                [organization_id],
            )
            conn.execute("UPDATE platform.tenants SET status = 'deleted' WHERE id = %s", [organization_id])
            conn.commit()
        purged.append(organization_id)
    return purged
