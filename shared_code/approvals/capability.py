"""Approvals plug in their routes (policy, requests and decisions, delegations) and the resume
hook that restarts every unfinished approval and re-raises decisions nobody consumed."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from shared_code.platform.registry import Capability

if TYPE_CHECKING:
    from shared_code.platform.ports import Ports


async def resume_approvals(ports: Ports, client: Any) -> list[str]:
    """Restart unfinished approvals from their tables, then wake those with unconsumed decisions."""
    from shared_code.approvals.workflow import resume, sweep_unconsumed

    resumed = await resume(ports.db, client)
    await sweep_unconsumed(ports.db, client, ports.clock, timedelta(seconds=0))
    return resumed


CAPABILITY = Capability(
    name="approvals",
    api_modules=(
        "shared_code.api.approvals.policy",
        "shared_code.api.approvals.requests",
        "shared_code.api.approvals.delegations",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/approval-policy",
        "/api/v1/orgs/*/approvals",
        "/api/v1/orgs/*/approval-delegations",
    ),
    resume_pending=resume_approvals,
)
