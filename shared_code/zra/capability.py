"""ZRA Smart Invoice plugs in its routes, the fiscalisation queue's handler and the retry sweep."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_code.platform.registry import Capability, Timer
from shared_code.zra.messages import SEND_PENDING, SEND_STOCK

if TYPE_CHECKING:
    from shared_code.platform.messaging import Message
    from shared_code.platform.ports import Ports

RETRY_SWEEP_SCHEDULE = "0 * * * * *"
"""Every minute: the shortest wait between retries is a minute."""
CODES_REFRESH_SCHEDULE = "0 40 2 * * *"
"""Nightly: ZRA changes its codes (and the tax rates in them) rarely, and says so in advance."""


def send_pending_documents(ports: Ports, message: Message) -> None:
    """Handle `zra.send_pending`: send the branch's waiting documents in order."""
    from shared_code.zra.devices import access_of, backoff_of
    from shared_code.zra.sales_request import SalesOptions
    from shared_code.zra.sending import send_branch

    if message.tenant_id is None:
        return
    send_branch(
        ports.db,
        message.tenant_id,
        str(message.payload["branch_id"]),
        cipher=ports.cipher,
        access=access_of(ports),
        clock=ports.clock,
        backoff=backoff_of(ports),
        options=SalesOptions(max_quantity_places=ports.settings.zra_quantity_places),
    )


def send_stock_movements(ports: Ports, message: Message) -> None:
    """Handle `zra.send_stock`: send the branch's waiting stock movements in order."""
    from shared_code.zra.devices import access_of, backoff_of
    from shared_code.zra.sending import send_branch_stock

    if message.tenant_id is None:
        return
    send_branch_stock(
        ports.db,
        message.tenant_id,
        str(message.payload["branch_id"]),
        cipher=ports.cipher,
        access=access_of(ports),
        clock=ports.clock,
        backoff=backoff_of(ports),
    )


def wake_due_branches(ports: Ports) -> None:
    """Queue a send for each branch whose retry is due."""
    from shared_code.zra.sending import wake_due_branches as wake

    wake(ports.db, ports.clock)


def refresh_codes(ports: Ports) -> None:
    """Fetch what changed in ZRA's codes for every initialised device."""
    from shared_code.zra.devices import access_of
    from shared_code.zra.sending import refresh_codes as refresh

    refresh(ports.db, ports.clock, cipher=ports.cipher, access=access_of(ports))


CAPABILITY = Capability(
    name="zra",
    api_modules=("shared_code.api.zra.routes",),
    api_prefixes=("/api/v1/orgs/*/zra",),
    queues=(SEND_PENDING.queue,),
    message_handlers={SEND_PENDING.name: send_pending_documents, SEND_STOCK.name: send_stock_movements},
    timers=(
        Timer("zra_retry_sweep", RETRY_SWEEP_SCHEDULE, wake_due_branches),
        Timer("zra_codes_refresh", CODES_REFRESH_SCHEDULE, refresh_codes),
    ),
)
