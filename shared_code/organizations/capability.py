"""Organizations plug in their routes, the purge timer and the onboarding resume hook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared_code.platform.registry import Capability, Timer

if TYPE_CHECKING:
    from shared_code.platform.ports import Ports

ORGANIZATION_PURGE_SCHEDULE = "0 15 3 * * *"


def purge_due_organizations(ports: Ports) -> None:
    """Drop the data of organizations whose deletion grace period is over."""
    from shared_code.organizations.deletion import purge_due_organizations as purge

    purge(ports.db, ports.blob, ports.clock)


async def resume_onboarding(ports: Ports, client: Any) -> list[str]:
    """Start again every onboarding run the database says is unfinished."""
    from shared_code.organizations.onboarding_runs import resume_onboarding as resume

    return await resume(ports.db, client)


CAPABILITY = Capability(
    name="organizations",
    api_modules=("shared_code.api.organizations.routes",),
    api_prefixes=("/api/v1/organizations", "/api/v1/onboarding", "/api/v1/orgs/*"),
    timers=(Timer("organization_purge", ORGANIZATION_PURGE_SCHEDULE, purge_due_organizations),),
    resume_pending=resume_onboarding,
)
