"""The platform's own plug-ins: health and dev-mailbox routes, the outbox relay timers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_code.platform.registry import Capability, Timer

if TYPE_CHECKING:
    from shared_code.platform.ports import Ports

OUTBOX_RELAY_SCHEDULE = "*/5 * * * * *"
OUTBOX_PURGE_SCHEDULE = "0 30 2 * * *"


def relay_outbox(ports: Ports) -> None:
    """Deliver committed outbox messages to their queues, until none is left."""
    from shared_code.platform.messaging import relay_outbox as relay

    while relay(ports.db, ports.transport) > 0:
        pass


def purge_outbox(ports: Ports) -> None:
    """Forget outbox rows delivered more than a week ago."""
    from shared_code.platform.messaging import purge_dispatched_outbox

    purge_dispatched_outbox(ports.db, older_than_days=7)


CAPABILITY = Capability(
    name="platform",
    api_modules=("shared_code.api.platform.health", "shared_code.api.platform.dev"),
    api_prefixes=("/api/health", "/api/ready", "/api/v1/dev"),
    timers=(
        Timer("outbox_relay", OUTBOX_RELAY_SCHEDULE, relay_outbox, use_monitor=False),
        Timer("outbox_purge", OUTBOX_PURGE_SCHEDULE, purge_outbox),
    ),
)
