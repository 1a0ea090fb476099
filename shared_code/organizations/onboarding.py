"""The steps of onboarding a new organization, each idempotent, and the clean-up.

The durable orchestration (`orchestrations/onboarding.py`) only decides the order and what
to do on failure; each step here can run twice (a retry, a resumed run) and finishes the
job without doing anything twice. A run that cannot finish is cleaned up: the tenant
schema, the organization and everything that hangs off it are removed, so a failed
onboarding leaves no organization behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from psycopg import sql
from psycopg.types.json import Jsonb

from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.permissions import OWNER
from shared_code.notifications.service import queue_email
from shared_code.notifications.templates import render_email
from shared_code.organizations.model import BusinessProfile, tax_mode
from shared_code.organizations.steps import ONBOARDING_STEPS
from shared_code.platform.db import UnitOfWork, tenant_schema_name
from shared_code.platform.migrations import MIGRATION_LOCK_KEY
from shared_code.platform.tenancy import provision_tenant

if TYPE_CHECKING:
    from shared_code.bootstrap import Services


DEFAULT_SETTINGS: dict[str, Any] = {
    "sales.invoice_number_format": "INV-{year}-{seq:05d}",
    "sales.credit_note_number_format": "CN-{year}-{seq:05d}",
    "sales.payment_terms_days": 30,
    "sales.invoice_footer": "Thank you for your business.",
    "zra.branch_id": "000",
}
"""Written once at onboarding; the organization edits them later."""


def _mark_step(uow: UnitOfWork, instance_id: str, step: str) -> None:
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


def _step_done(uow: UnitOfWork, instance_id: str, step: str) -> bool:
    row = uow.fetch_one(
        "SELECT %(step)s = ANY(steps_done) AS done FROM platform.onboarding_runs WHERE instance_id = %(instance)s",
        {"instance": instance_id, "step": step},
    )
    return bool(row and row["done"])


def create_organization(services: Services, data: dict[str, Any]) -> None:
    """Register the tenant and store the organization (status `onboarding`) with its profile."""
    organization_id = UUID(data["organization_id"])
    profile = BusinessProfile.model_validate(data["profile"])
    with services.db.unit_of_work() as uow:
        uow.execute(
            "INSERT INTO platform.tenants (id, schema_name) VALUES (%(id)s, %(schema)s) ON CONFLICT (id) DO NOTHING",
            {"id": organization_id, "schema": tenant_schema_name(organization_id)},
        )
        uow.execute(
            """
            INSERT INTO platform.organizations (id, name, status, created_by)
            VALUES (%(id)s, %(name)s, 'onboarding', %(user)s) ON CONFLICT (id) DO NOTHING
            """,
            {"id": organization_id, "name": profile.display_name, "user": UUID(data["user_id"])},
        )
        from shared_code.organizations.repository import upsert_profile

        upsert_profile(uow, organization_id, profile)
        _mark_step(uow, data["instance_id"], "create_organization")
        uow.commit()


def provision_schema(services: Services, data: dict[str, Any]) -> None:
    """Create the tenant schema with every tenant migration."""
    provision_tenant(services.db, UUID(data["organization_id"]))
    with services.db.unit_of_work() as uow:
        _mark_step(uow, data["instance_id"], "provision_schema")
        uow.commit()


def seed_chart(services: Services, data: dict[str, Any]) -> None:
    """Seed the default Zambian chart of accounts for the organization's tax mode."""
    from shared_code.ledger.chart import seed_default_chart

    profile = BusinessProfile.model_validate(data["profile"])
    with services.db.unit_of_work(UUID(data["organization_id"])) as uow:
        seed_default_chart(uow, tax_mode(profile))
        _mark_step(uow, data["instance_id"], "seed_chart")
        uow.commit()


def default_settings(services: Services, data: dict[str, Any]) -> None:
    """Write default numbering formats, branch, invoice terms and the fiscal year start."""
    from shared_code.ledger.closing import set_fiscal_year_start_month

    profile = BusinessProfile.model_validate(data["profile"])
    with services.db.unit_of_work(UUID(data["organization_id"])) as uow:
        for key, value in DEFAULT_SETTINGS.items():
            uow.execute(
                "INSERT INTO organization_settings (key, value) VALUES (%(key)s, %(value)s) ON CONFLICT DO NOTHING",
                {"key": key, "value": Jsonb(value)},
            )
        set_fiscal_year_start_month(uow, profile.fiscal_year_start_month)
        _mark_step(uow, data["instance_id"], "default_settings")
        uow.commit()


def owner_membership(services: Services, data: dict[str, Any]) -> None:
    """Make the requesting user the owner (the organization opens in the last step)."""
    with services.db.unit_of_work() as uow:
        uow.execute(
            """
            INSERT INTO platform.memberships (organization_id, user_id, role) VALUES (%(org)s, %(user)s, %(role)s)
            ON CONFLICT (organization_id, user_id) DO NOTHING
            """,
            {"org": UUID(data["organization_id"]), "user": UUID(data["user_id"]), "role": OWNER},
        )
        _mark_step(uow, data["instance_id"], "owner_membership")
        uow.commit()


def welcome_email(services: Services, data: dict[str, Any]) -> None:
    """Queue the welcome e-mail and open the organization for use, in one transaction.

    Until this commits the organization stays in `onboarding` (invisible to its members),
    so a run that fails at any earlier point can be removed whole.
    """
    organization_id, user_id = UUID(data["organization_id"]), UUID(data["user_id"])
    profile = BusinessProfile.model_validate(data["profile"])
    with services.db.unit_of_work() as uow:
        if _step_done(uow, data["instance_id"], "welcome_email"):
            return
        owner = uow.fetch_one("SELECT email, full_name FROM platform.users WHERE id = %(id)s", {"id": user_id})
        assert owner is not None
        queue_email(
            uow,
            render_email(
                "welcome",
                [owner["email"]],
                name=owner["full_name"],
                organization=profile.display_name,
                link=f"{services.settings.public_base_url.rstrip('/')}/orgs/{organization_id}",
            ),
        )
        uow.execute(
            "UPDATE platform.organizations SET status = 'active', updated_at = now() "
            "WHERE id = %(id)s AND status = 'onboarding'",
            {"id": organization_id},
        )
        record_event(
            uow,
            "organization_created",
            meta=RequestMeta(**data.get("meta", {})),
            user_id=user_id,
            organization_id=organization_id,
            details={"name": profile.display_name},
        )
        _mark_step(uow, data["instance_id"], "welcome_email")
        uow.execute(
            "UPDATE platform.onboarding_runs SET status = 'completed', current_step = NULL, updated_at = now() "
            "WHERE instance_id = %(instance)s",
            {"instance": data["instance_id"]},
        )
        uow.commit()


STEP_FUNCTIONS = {
    "create_organization": create_organization,
    "provision_schema": provision_schema,
    "seed_chart": seed_chart,
    "default_settings": default_settings,
    "owner_membership": owner_membership,
    "welcome_email": welcome_email,
}


def run_step(services: Services, step: str, data: dict[str, Any]) -> None:
    """Run one onboarding step by name."""
    with services.db.unit_of_work() as uow:
        uow.execute(
            "UPDATE platform.onboarding_runs SET current_step = %(step)s, updated_at = now() "
            "WHERE instance_id = %(instance)s AND status = 'running'",
            {"instance": data["instance_id"], "step": step},
        )
        uow.commit()
    STEP_FUNCTIONS[step](services, data)


def clean_up(services: Services, data: dict[str, Any], error: str) -> bool:
    """Remove everything a failed onboarding made, and record why it failed.

    Refuses (returns False) once the run has completed or the organization is open: a
    late retry of a step whose work had already committed must never undo a live
    organization.
    """
    organization_id = UUID(data["organization_id"])
    with services.db.connection() as conn:
        conn.rollback()
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK_KEY])
        run = conn.execute(
            "SELECT status FROM platform.onboarding_runs WHERE instance_id = %s FOR UPDATE", [data["instance_id"]]
        ).fetchone()
        organization = conn.execute(
            "SELECT status FROM platform.organizations WHERE id = %s FOR UPDATE", [organization_id]
        ).fetchone()
        if (run and run["status"] == "completed") or (organization and organization["status"] != "onboarding"):
            conn.rollback()
            return False
        conn.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(tenant_schema_name(organization_id)))
        )
        conn.execute("DELETE FROM platform.organizations WHERE id = %s", [organization_id])
        conn.execute("DELETE FROM platform.tenants WHERE id = %s", [organization_id])
        conn.execute(
            "UPDATE platform.onboarding_runs SET status = 'failed', error = %s, current_step = NULL, "
            "updated_at = now() WHERE instance_id = %s",
            [error[:1000], data["instance_id"]],
        )
        conn.commit()
    services.blob.delete_prefix(f"orgs/{organization_id}/")
    return True


assert tuple(STEP_FUNCTIONS) == ONBOARDING_STEPS, "every onboarding step needs its function, in order"
