"""Durable workflows whose state lives in PostgreSQL, resumed after a restart.

In Azure the Durable Task extension keeps orchestration history, so nothing is lost. On
one machine the in-process backend keeps it in memory; the local runtime calls
`resume_pending` at start, and each capability restarts what its tables say is unfinished.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared_code.bootstrap import Services


async def resume_pending(services: Services, client: Any) -> list[str]:
    """Restart every unfinished workflow; returns the instance ids started again."""
    from shared_code.organizations.service import resume_onboarding

    return await resume_onboarding(services, client)
