"""Start or wake an approval's orchestration after the transaction that stored its state committed.

A failure here loses nothing: `resume_pending` restarts unfinished requests from their tables
and the sweeper re-raises decisions nobody consumed; so errors are logged, not raised."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from uuid import UUID

import anyio.from_thread

from shared_code.approvals.requests import ORCHESTRATION, Started, instance_id

logger = logging.getLogger(__name__)


async def start(client: Any, started: Started, organization_id: UUID) -> None:
    """Start the round's orchestration (an instance already running is left alone)."""
    if client is None:
        return
    try:
        status = await client.get_status(started.instance_id)
        if not status or getattr(status.runtime_status, "value", status.runtime_status) in ("Failed", "Terminated"):
            await client.start_new(ORCHESTRATION, started.instance_id, started.orchestration_input(organization_id))
    except Exception:
        logger.warning("could not start %s; the resume hook will", started.instance_id, exc_info=True)


async def wake(client: Any, request_id: UUID, round: int, organization_id: UUID) -> None:
    """Tell the round's orchestration a decision was stored; start it if it is gone."""
    if client is None:
        return
    instance = instance_id(request_id, round)
    try:
        await client.raise_event(instance, "decision", {"request_id": str(request_id)})
    except Exception:
        logger.info("could not wake %s; starting it from the stored state", instance)
        await start(client, Started(request_id, round), organization_id)


def start_from_sync(client: Any, started: Started, organization_id: UUID) -> None:
    """`start` from a synchronous route (a worker thread of the event loop)."""
    try:
        anyio.from_thread.run(start, client, started, organization_id)
    except RuntimeError:
        asyncio.run(start(client, started, organization_id))
