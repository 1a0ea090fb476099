"""Durable workflows whose state lives in PostgreSQL, resumed after a restart.

In Azure the Durable Task extension keeps orchestration history, so nothing is lost. On
one machine the in-process backend keeps it in memory; the local runtime calls
`resume_pending` at start, and each capability's resume hook restarts what its tables say
is unfinished.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared_code.capabilities import CAPABILITIES

if TYPE_CHECKING:
    from shared_code.platform.ports import Ports


async def resume_pending(ports: Ports, client: Any) -> list[str]:
    """Restart every unfinished workflow of every capability; returns the instance ids."""
    resumed: list[str] = []
    for capability in CAPABILITIES:
        if capability.resume_pending is not None:
            resumed += await capability.resume_pending(ports, client)
    return resumed
