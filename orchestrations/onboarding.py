"""Onboarding a new organization: a durable orchestration over idempotent activities.

validate (before it starts) → create the organization → provision its tenant schema →
seed the chart of accounts → default settings → owner membership → welcome e-mail (which
also opens the organization). Each step is retried; a step that still fails triggers the
clean-up, which removes everything the run made.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import azure.durable_functions as df

from orchestrations import bp
from shared_code.organizations.steps import ONBOARDING_STEPS

ORCHESTRATION = "onboarding"


@bp.orchestration_trigger(context_name="context", orchestration=ORCHESTRATION)
def onboarding(context: df.DurableOrchestrationContext) -> Generator[Any, Any, dict[str, Any]]:
    """Run the steps in order; on a failure that retries cannot fix, clean up."""
    data: dict[str, Any] = context.get_input()
    retry = df.RetryOptions(
        first_retry_interval_in_milliseconds=int(data.get("retry_interval_ms", 2000)),
        max_number_of_attempts=int(data.get("max_attempts", 3)),
    )
    for step in ONBOARDING_STEPS:
        context.set_custom_status({"step": step})
        try:
            yield context.call_activity_with_retry(f"onboarding_{step}", retry, data)
        except Exception as error:
            context.set_custom_status({"step": "clean_up", "failed_step": step})
            outcome = yield context.call_activity_with_retry(
                "onboarding_clean_up", retry, {**data, "failed_step": step, "error": str(error)[:500]}
            )
            if outcome == "already_complete":
                break
            return {"status": "failed", "failed_step": step}
    context.set_custom_status({"step": "done"})
    return {"status": "completed", "organization_id": data["organization_id"]}


def _run(step: str, data: dict[str, Any]) -> str:
    from shared_code.bootstrap import get_services
    from shared_code.organizations.onboarding import onboarding_ports, run_step

    run_step(onboarding_ports(get_services()), step, data)
    return step


@bp.activity_trigger(input_name="data", activity="onboarding_create_organization")
def onboarding_create_organization(data: dict[str, Any]) -> str:
    """Store the organization and its profile."""
    return _run("create_organization", data)


@bp.activity_trigger(input_name="data", activity="onboarding_provision_schema")
def onboarding_provision_schema(data: dict[str, Any]) -> str:
    """Create the tenant schema."""
    return _run("provision_schema", data)


@bp.activity_trigger(input_name="data", activity="onboarding_seed_chart")
def onboarding_seed_chart(data: dict[str, Any]) -> str:
    """Seed the chart of accounts."""
    return _run("seed_chart", data)


@bp.activity_trigger(input_name="data", activity="onboarding_default_settings")
def onboarding_default_settings(data: dict[str, Any]) -> str:
    """Write the default settings."""
    return _run("default_settings", data)


@bp.activity_trigger(input_name="data", activity="onboarding_owner_membership")
def onboarding_owner_membership(data: dict[str, Any]) -> str:
    """Make the user the owner."""
    return _run("owner_membership", data)


@bp.activity_trigger(input_name="data", activity="onboarding_welcome_email")
def onboarding_welcome_email(data: dict[str, Any]) -> str:
    """Send the welcome e-mail and open the organization."""
    return _run("welcome_email", data)


@bp.activity_trigger(input_name="data", activity="onboarding_clean_up")
def onboarding_clean_up(data: dict[str, Any]) -> str:
    """Remove what a failed run made."""
    from shared_code.bootstrap import get_services
    from shared_code.organizations.onboarding import clean_up, onboarding_ports

    removed = clean_up(onboarding_ports(get_services()), data, f"{data.get('failed_step')}: {data.get('error')}")
    return "cleaned_up" if removed else "already_complete"
