"""Onboarding runs: a new organization asked for, its orchestration started, its progress.

The durable orchestration (`orchestrations/onboarding.py`) runs the steps of
`onboarding.py`; this module records the run first (so a restart can resume it) and answers
the wizard's "how far is it?".
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from shared_code.identity.audit import RequestMeta
from shared_code.organizations import repository
from shared_code.organizations.model import BusinessProfile, tpin_policy_problems
from shared_code.organizations.steps import ONBOARDING_STEPS
from shared_code.platform.db import Transactions, UnitOfWork
from shared_code.platform.errors import Conflict, NotFound, ValidationFailed
from shared_code.platform.ids import new_id

ONBOARDING_ORCHESTRATION = "onboarding"
MAX_STEP_ATTEMPTS = 3


@dataclass(frozen=True)
class OnboardingProgress:
    """Where an onboarding run is."""

    instance_id: str
    """The orchestration instance, `onboarding-<organization hex>`."""
    status: str
    """`running`, `completed` or `failed`."""
    steps_done: list[str]
    """Finished steps, in step order."""
    current_step: str | None
    """The step running now, if any."""
    organization_id: UUID | None
    """Set once the run completed."""
    error: str | None
    """What the user is told when the run failed."""


def prepare_onboarding(
    uow: UnitOfWork,
    *,
    user_id: UUID,
    profile: BusinessProfile,
    meta: RequestMeta,
    tpin_extra_pattern: str | None,
    retry_interval_ms: int,
    idempotency_key: str | None = None,
) -> tuple[str, dict[str, Any], bool]:
    """Validate and record a new onboarding run; returns its instance id, input, and
    whether it is new (False when `idempotency_key` repeats an earlier request).

    Nothing is created but the run's own record: the orchestration does the rest. The same
    key with other answers is refused (409 `idempotency_key_reused`). The caller commits.
    """
    problems = tpin_policy_problems(profile.tpin, tpin_extra_pattern)
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
        "retry_interval_ms": retry_interval_ms,
        "max_attempts": MAX_STEP_ATTEMPTS,
    }
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
    return run["instance_id"], run["input"], bool(run["created"])


async def start_onboarding(
    db: Transactions,
    client: Any,
    *,
    user_id: UUID,
    profile: BusinessProfile,
    meta: RequestMeta,
    tpin_extra_pattern: str | None,
    retry_interval_ms: int,
    idempotency_key: str | None = None,
) -> str:
    """Start onboarding a new organization for `user_id`; returns the run's instance id.

    A repeated request (same Idempotency-Key) returns the first run; its orchestration is
    started only if the first request never got that far.
    """

    def record() -> tuple[str, dict[str, Any], bool]:
        with db.unit_of_work() as uow:
            prepared = prepare_onboarding(
                uow,
                user_id=user_id,
                profile=profile,
                meta=meta,
                tpin_extra_pattern=tpin_extra_pattern,
                retry_interval_ms=retry_interval_ms,
                idempotency_key=idempotency_key,
            )
            uow.commit()
        return prepared

    instance_id, data, created = await asyncio.to_thread(record)
    if created or not await client.get_status(instance_id):
        await client.start_new(ONBOARDING_ORCHESTRATION, instance_id, data)
    return instance_id


async def resume_onboarding(db: Transactions, client: Any) -> list[str]:
    """Start again every run the database says is unfinished (after a restart of an
    in-memory durable backend); the steps are idempotent, so finished work is skipped."""

    def pending() -> list[tuple[str, dict[str, Any]]]:
        with db.unit_of_work() as uow:
            return [(row["instance_id"], row["input"]) for row in repository.running_onboarding_runs(uow)]

    resumed = []
    for instance_id, data in await asyncio.to_thread(pending):
        status = await client.get_status(instance_id)
        if not status:
            await client.start_new(ONBOARDING_ORCHESTRATION, instance_id, data)
            resumed.append(instance_id)
    return resumed


def onboarding_progress(uow: UnitOfWork, *, instance_id: str, user_id: UUID) -> OnboardingProgress:
    """Progress of the caller's onboarding run (404 for anybody else's)."""
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
