"""The steps of onboarding a new organization, each idempotent, and the clean-up.

The durable orchestration (`orchestrations/onboarding.py`) only decides the order and what
to do on failure; each step here can run twice (a retry, a resumed run) and finishes the
job without doing anything twice. A run that cannot finish is cleaned up: the tenant
schema, the organization and everything that hangs off it are removed, so a failed
onboarding leaves no organization behind. Other capabilities do their part through their
public functions: the ledger seeds the chart, identity makes the owner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from shared_code.identity.audit import RequestMeta, record_event
from shared_code.identity.memberships import add_owner, user_contact
from shared_code.notifications.email import queue_email
from shared_code.notifications.templates import render_email
from shared_code.organizations import repository
from shared_code.organizations.model import BusinessProfile, tax_mode
from shared_code.organizations.steps import ONBOARDING_STEPS
from shared_code.platform.db import Database
from shared_code.platform.ports import FileStore
from shared_code.platform.tenancy import (
    drop_schema,
    forget_tenant,
    lock_schema_changes,
    provision_tenant,
    register_tenant,
)

if TYPE_CHECKING:
    from shared_code.platform.ports import Ports


@dataclass(frozen=True)
class OnboardingPorts:
    """What the onboarding steps use."""

    db: Database
    """The pool (provisioning a schema needs a connection of its own)."""
    files: FileStore
    """Where the clean-up removes the organization's files."""
    public_base_url: str
    """The web app's address, for the welcome e-mail's link."""


def onboarding_ports(ports: Ports) -> OnboardingPorts:
    """The onboarding steps' ports, taken from the composition root's."""
    return OnboardingPorts(db=ports.db, files=ports.blob, public_base_url=ports.settings.public_base_url)


DEFAULT_SETTINGS: dict[str, Any] = {
    "sales.invoice_number_format": "INV-{year}-{seq:05d}",
    "sales.credit_note_number_format": "CN-{year}-{seq:05d}",
    "sales.payment_terms_days": 30,
    "sales.invoice_footer": "Thank you for your business.",
    "zra.branch_id": "000",
}
"""Written once at onboarding; the organization edits them later."""


def create_organization(ports: OnboardingPorts, data: dict[str, Any]) -> None:
    """Register the tenant and store the organization (status `onboarding`) with its profile."""
    organization_id = UUID(data["organization_id"])
    profile = BusinessProfile.model_validate(data["profile"])
    with ports.db.unit_of_work() as uow:
        register_tenant(uow, organization_id)
        repository.insert_organization(uow, organization_id, profile.display_name, UUID(data["user_id"]))
        repository.upsert_profile(uow, organization_id, profile)
        repository.mark_step_done(uow, data["instance_id"], "create_organization")
        uow.commit()


def provision_schema(ports: OnboardingPorts, data: dict[str, Any]) -> None:
    """Create the tenant schema with every tenant migration."""
    provision_tenant(ports.db, UUID(data["organization_id"]))
    with ports.db.unit_of_work() as uow:
        repository.mark_step_done(uow, data["instance_id"], "provision_schema")
        uow.commit()


def seed_chart(ports: OnboardingPorts, data: dict[str, Any]) -> None:
    """Seed the default Zambian chart of accounts for the organization's tax mode."""
    from shared_code.ledger.chart import seed_default_chart

    profile = BusinessProfile.model_validate(data["profile"])
    with ports.db.unit_of_work(UUID(data["organization_id"])) as uow:
        seed_default_chart(uow, tax_mode(profile))
        repository.mark_step_done(uow, data["instance_id"], "seed_chart")
        uow.commit()


def default_settings(ports: OnboardingPorts, data: dict[str, Any]) -> None:
    """Write default numbering formats, branch, invoice terms and the fiscal year start."""
    from shared_code.ledger.closing import set_fiscal_year_start_month

    profile = BusinessProfile.model_validate(data["profile"])
    with ports.db.unit_of_work(UUID(data["organization_id"])) as uow:
        repository.insert_default_settings(uow, DEFAULT_SETTINGS)
        set_fiscal_year_start_month(uow, profile.fiscal_year_start_month)
        repository.mark_step_done(uow, data["instance_id"], "default_settings")
        uow.commit()


def owner_membership(ports: OnboardingPorts, data: dict[str, Any]) -> None:
    """Make the requesting user the owner (the organization opens in the last step)."""
    with ports.db.unit_of_work() as uow:
        add_owner(uow, UUID(data["organization_id"]), UUID(data["user_id"]))
        repository.mark_step_done(uow, data["instance_id"], "owner_membership")
        uow.commit()


def welcome_email(ports: OnboardingPorts, data: dict[str, Any]) -> None:
    """Queue the welcome e-mail and open the organization for use, in one transaction.

    Until this commits the organization stays in `onboarding` (invisible to its members),
    so a run that fails at any earlier point can be removed whole.
    """
    organization_id, user_id = UUID(data["organization_id"]), UUID(data["user_id"])
    profile = BusinessProfile.model_validate(data["profile"])
    with ports.db.unit_of_work() as uow:
        if repository.is_step_done(uow, data["instance_id"], "welcome_email"):
            return
        email, name = user_contact(uow, user_id)
        queue_email(
            uow,
            render_email(
                "welcome",
                [email],
                name=name,
                organization=profile.display_name,
                link=f"{ports.public_base_url.rstrip('/')}/orgs/{organization_id}",
            ),
        )
        repository.open_organization(uow, organization_id)
        record_event(
            uow,
            "organization_created",
            meta=RequestMeta(**data.get("meta", {})),
            user_id=user_id,
            organization_id=organization_id,
            details={"name": profile.display_name},
        )
        repository.mark_step_done(uow, data["instance_id"], "welcome_email")
        repository.complete_run(uow, data["instance_id"])
        uow.commit()


STEP_FUNCTIONS: dict[str, Callable[[OnboardingPorts, dict[str, Any]], None]] = {
    "create_organization": create_organization,
    "provision_schema": provision_schema,
    "seed_chart": seed_chart,
    "default_settings": default_settings,
    "owner_membership": owner_membership,
    "welcome_email": welcome_email,
}


def run_step(ports: OnboardingPorts, step: str, data: dict[str, Any]) -> None:
    """Run one onboarding step by name."""
    with ports.db.unit_of_work() as uow:
        repository.set_current_step(uow, data["instance_id"], step)
        uow.commit()
    STEP_FUNCTIONS[step](ports, data)


def clean_up(ports: OnboardingPorts, data: dict[str, Any], error: str) -> bool:
    """Remove everything a failed onboarding made, and record why it failed.

    Refuses (returns False) once the run has completed or the organization is open: a
    late retry of a step whose work had already committed must never undo a live
    organization.
    """
    organization_id = UUID(data["organization_id"])
    with ports.db.unit_of_work() as uow:
        lock_schema_changes(uow)
        run_status, organization_status = repository.lock_run_and_organization(
            uow, data["instance_id"], organization_id
        )
        if run_status == "completed" or (organization_status is not None and organization_status != "onboarding"):
            return False
        drop_schema(uow, organization_id)
        repository.delete_organization(uow, organization_id)
        forget_tenant(uow, organization_id)
        repository.fail_run(uow, data["instance_id"], error)
        uow.commit()
    ports.files.delete_prefix(f"orgs/{organization_id}/")
    return True


assert tuple(STEP_FUNCTIONS) == ONBOARDING_STEPS, "every onboarding step needs its function, in order"
