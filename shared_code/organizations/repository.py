"""SQL of the organizations capability: organizations, business profiles, onboarding runs, settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from shared_code.organizations.model import BusinessProfile
from shared_code.platform.db import Row, UnitOfWork


def upsert_profile(uow: UnitOfWork, organization_id: UUID, profile: BusinessProfile) -> None:
    """Store the organization's business profile (replacing it)."""
    data = profile.model_dump(mode="json")
    uow.execute(
        """
        INSERT INTO platform.organization_profiles
            (organization_id, legal_name, trading_name, business_type, tpin, pacra_number, vat_registered,
             vat_effective_date, turnover_tax, physical_address, postal_address, phone, email,
             fiscal_year_start_month, base_currency, updated_at)
        VALUES (%(id)s, %(legal_name)s, %(trading_name)s, %(business_type)s, %(tpin)s, %(pacra_number)s,
                %(vat_registered)s, %(vat_effective_date)s, %(turnover_tax)s, %(physical_address)s,
                %(postal_address)s, %(phone)s, %(email)s, %(fiscal_year_start_month)s, %(base_currency)s, now())
        ON CONFLICT (organization_id) DO UPDATE SET
            legal_name = EXCLUDED.legal_name, trading_name = EXCLUDED.trading_name,
            business_type = EXCLUDED.business_type, tpin = EXCLUDED.tpin, pacra_number = EXCLUDED.pacra_number,
            vat_registered = EXCLUDED.vat_registered, vat_effective_date = EXCLUDED.vat_effective_date,
            turnover_tax = EXCLUDED.turnover_tax, physical_address = EXCLUDED.physical_address,
            postal_address = EXCLUDED.postal_address, phone = EXCLUDED.phone, email = EXCLUDED.email,
            fiscal_year_start_month = EXCLUDED.fiscal_year_start_month, updated_at = now()
        """,
        {
            **data,
            "id": organization_id,
            "physical_address": Jsonb(data["physical_address"]),
            "postal_address": Jsonb(data["postal_address"]) if data["postal_address"] else None,
        },
    )
    uow.execute(
        "UPDATE platform.organizations SET name = %(name)s, updated_at = now() WHERE id = %(id)s",
        {"id": organization_id, "name": profile.display_name},
    )


_PROFILE_FIELDS = (
    "legal_name, trading_name, business_type, tpin, pacra_number, vat_registered, vat_effective_date, turnover_tax, "
    "physical_address, postal_address, phone, email, fiscal_year_start_month, base_currency"
)


def profile_of(uow: UnitOfWork, organization_id: UUID) -> tuple[BusinessProfile, str | None] | None:
    """The business profile and the logo's blob name, or None."""
    row = uow.fetch_one(
        f"SELECT {_PROFILE_FIELDS}, logo_blob FROM platform.organization_profiles WHERE organization_id = %(id)s",
        {"id": organization_id},
    )
    if row is None:
        return None
    logo = row.pop("logo_blob")
    return BusinessProfile.model_validate(row), logo


def set_logo(uow: UnitOfWork, organization_id: UUID, blob_name: str | None) -> None:
    """Record (or clear) the logo's blob name."""
    uow.execute(
        "UPDATE platform.organization_profiles SET logo_blob = %(blob)s, updated_at = now() "
        "WHERE organization_id = %(id)s",
        {"id": organization_id, "blob": blob_name},
    )


def insert_onboarding_run(
    uow: UnitOfWork,
    *,
    instance_id: str,
    organization_id: UUID,
    user_id: UUID,
    data: dict[str, Any],
    idempotency_key: str | None,
) -> Row:
    """Record a new onboarding run; for a key the user sent before, return that earlier run.

    The row returned has `instance_id`, `input` and `created` (False for a replay).
    """
    inserted = uow.fetch_one(
        """
        INSERT INTO platform.onboarding_runs (instance_id, organization_id, user_id, input, idempotency_key)
        VALUES (%(instance)s, %(org)s, %(user)s, %(input)s, %(key)s)
        ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        RETURNING instance_id, input, true AS created
        """,
        {
            "instance": instance_id,
            "org": organization_id,
            "user": user_id,
            "input": Jsonb(data),
            "key": idempotency_key,
        },
    )
    if inserted is not None:
        return inserted
    earlier = uow.fetch_one(
        """
        SELECT instance_id, input, false AS created FROM platform.onboarding_runs
        WHERE user_id = %(user)s AND idempotency_key = %(key)s
        """,
        {"user": user_id, "key": idempotency_key},
    )
    assert earlier is not None
    return earlier


def onboarding_run(uow: UnitOfWork, instance_id: str) -> Row | None:
    """One onboarding run."""
    return uow.fetch_one(
        """
        SELECT instance_id, organization_id, user_id, input, status, steps_done, current_step, error, created_at,
               updated_at
        FROM platform.onboarding_runs WHERE instance_id = %(instance)s
        """,
        {"instance": instance_id},
    )


def running_onboarding_runs(uow: UnitOfWork) -> list[Row]:
    """Runs that have not finished (to resume after a restart)."""
    return uow.fetch_all(
        "SELECT instance_id, input FROM platform.onboarding_runs WHERE status = 'running' ORDER BY created_at"
    )


def pending_deletions_among(uow: UnitOfWork, organization_ids: list[UUID]) -> list[Row]:
    """Those of the organizations that are scheduled for deletion (restorable until the date)."""
    return uow.fetch_all(
        """
        SELECT id, name, require_mfa, deletion_due_at FROM platform.organizations
        WHERE id = ANY(%(ids)s) AND status = 'pending_deletion' ORDER BY name, id
        """,
        {"ids": organization_ids},
    )


# --- organizations ---------------------------------------------------------------------


def insert_organization(uow: UnitOfWork, organization_id: UUID, name: str, created_by: UUID) -> None:
    """Store a new organization in `onboarding` (a repeat does nothing)."""
    uow.execute(
        """
        INSERT INTO platform.organizations (id, name, status, created_by)
        VALUES (%(id)s, %(name)s, 'onboarding', %(user)s) ON CONFLICT (id) DO NOTHING
        """,
        {"id": organization_id, "name": name, "user": created_by},
    )


def open_organization(uow: UnitOfWork, organization_id: UUID) -> None:
    """Make an organization that finished onboarding visible to its members."""
    uow.execute(
        "UPDATE platform.organizations SET status = 'active', updated_at = now() "
        "WHERE id = %(id)s AND status = 'onboarding'",
        {"id": organization_id},
    )


def lock_organization(uow: UnitOfWork, organization_id: UUID) -> Row | None:
    """The organization's name and status, locked until the transaction ends."""
    return uow.fetch_one(
        "SELECT name, status FROM platform.organizations WHERE id = %(id)s FOR UPDATE", {"id": organization_id}
    )


def mark_deletion_requested(uow: UnitOfWork, organization_id: UUID, actor_id: UUID, due: datetime) -> None:
    """Schedule the deletion: members lose access now, the data goes at `due`."""
    uow.execute(
        """
        UPDATE platform.organizations SET status = 'pending_deletion', deletion_requested_at = now(),
               deletion_requested_by = %(actor)s, deletion_due_at = %(due)s, updated_at = now()
        WHERE id = %(id)s
        """,
        {"id": organization_id, "actor": actor_id, "due": due},
    )


def mark_restored(uow: UnitOfWork, organization_id: UUID) -> None:
    """Cancel a scheduled deletion."""
    uow.execute(
        """
        UPDATE platform.organizations SET status = 'active', deletion_requested_at = NULL,
               deletion_requested_by = NULL, deletion_due_at = NULL, updated_at = now()
        WHERE id = %(id)s
        """,
        {"id": organization_id},
    )


def organizations_due_for_purge(uow: UnitOfWork, now: datetime) -> list[UUID]:
    """Organizations whose deletion grace period is over."""
    rows = uow.fetch_all(
        "SELECT id FROM platform.organizations WHERE status = 'pending_deletion' AND deletion_due_at <= %(now)s",
        {"now": now},
    )
    return [row["id"] for row in rows]


def mark_purged(uow: UnitOfWork, organization_id: UUID) -> None:
    """Forget the profile and keep only a tombstone of the organization."""
    uow.execute("DELETE FROM platform.organization_profiles WHERE organization_id = %(id)s", {"id": organization_id})
    uow.execute(
        "UPDATE platform.organizations SET status = 'deleted', deleted_at = now(), name = 'deleted' WHERE id = %(id)s",
        {"id": organization_id},
    )


def delete_organization(uow: UnitOfWork, organization_id: UUID) -> None:
    """Remove an organization that never finished onboarding (its profile goes with it)."""
    uow.execute("DELETE FROM platform.organizations WHERE id = %(id)s", {"id": organization_id})


def organization_export_rows(uow: UnitOfWork, organization_id: UUID) -> dict[str, list[Row]]:
    """The organization's own records for its data export."""
    return {
        "profile": uow.fetch_all(
            "SELECT * FROM platform.organization_profiles WHERE organization_id = %(org)s", {"org": organization_id}
        ),
        "organization": uow.fetch_all(
            "SELECT id, name, status, require_mfa, created_at FROM platform.organizations WHERE id = %(org)s",
            {"org": organization_id},
        ),
    }


# --- organization settings (tenant schema) ---------------------------------------------


def insert_default_settings(uow: UnitOfWork, settings: dict[str, Any]) -> None:
    """Write settings the organization has not set yet (tenant-scoped unit of work)."""
    for key, value in settings.items():
        uow.execute(
            "INSERT INTO organization_settings (key, value) VALUES (%(key)s, %(value)s) ON CONFLICT DO NOTHING",
            {"key": key, "value": Jsonb(value)},
        )


# --- onboarding run progress -----------------------------------------------------------


def mark_step_done(uow: UnitOfWork, instance_id: str, step: str) -> None:
    """Record that `step` of the run finished (once, however often it runs)."""
    uow.execute(
        """
        UPDATE platform.onboarding_runs
        SET steps_done = CASE WHEN %(step)s = ANY(steps_done) THEN steps_done ELSE array_append(steps_done, %(step)s)
                         END,
            current_step = %(step)s, updated_at = now()
        WHERE instance_id = %(instance)s
        """,
        {"instance": instance_id, "step": step},
    )


def is_step_done(uow: UnitOfWork, instance_id: str, step: str) -> bool:
    """True once `step` of the run has finished."""
    row = uow.fetch_one(
        "SELECT %(step)s = ANY(steps_done) AS done FROM platform.onboarding_runs WHERE instance_id = %(instance)s",
        {"instance": instance_id, "step": step},
    )
    return bool(row and row["done"])


def set_current_step(uow: UnitOfWork, instance_id: str, step: str) -> None:
    """Show which step a running run is on."""
    uow.execute(
        "UPDATE platform.onboarding_runs SET current_step = %(step)s, updated_at = now() "
        "WHERE instance_id = %(instance)s AND status = 'running'",
        {"instance": instance_id, "step": step},
    )


def complete_run(uow: UnitOfWork, instance_id: str) -> None:
    """Mark the run completed."""
    uow.execute(
        "UPDATE platform.onboarding_runs SET status = 'completed', current_step = NULL, updated_at = now() "
        "WHERE instance_id = %(instance)s",
        {"instance": instance_id},
    )


def fail_run(uow: UnitOfWork, instance_id: str, error: str) -> None:
    """Mark the run failed, with why."""
    uow.execute(
        "UPDATE platform.onboarding_runs SET status = 'failed', error = %(error)s, current_step = NULL, "
        "updated_at = now() WHERE instance_id = %(instance)s",
        {"instance": instance_id, "error": error[:1000]},
    )


def lock_run_and_organization(
    uow: UnitOfWork, instance_id: str, organization_id: UUID
) -> tuple[str | None, str | None]:
    """The run's and the organization's statuses (None where absent), both locked."""
    run = uow.fetch_one(
        "SELECT status FROM platform.onboarding_runs WHERE instance_id = %(instance)s FOR UPDATE",
        {"instance": instance_id},
    )
    organization = uow.fetch_one(
        "SELECT status FROM platform.organizations WHERE id = %(id)s FOR UPDATE", {"id": organization_id}
    )
    return (run["status"] if run else None, organization["status"] if organization else None)
