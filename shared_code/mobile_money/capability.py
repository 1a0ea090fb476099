"""Mobile money plugs in its routes, the sync and statement-import handlers, and the sync timer."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from shared_code.mobile_money.messages import IMPORT_STATEMENT, SYNC_WALLET
from shared_code.platform.registry import Capability, Timer

if TYPE_CHECKING:
    from shared_code.mobile_money.sync import SyncOptions
    from shared_code.platform.messaging import Message
    from shared_code.platform.ports import Ports

SYNC_SCHEDULE = "0 */15 * * * *"
"""Every 15 minutes: a wallet's books are at most a quarter of an hour behind its phone."""


def sync_options(ports: Ports) -> SyncOptions:
    """Paging and windows from the settings."""
    from shared_code.mobile_money.sync import SyncOptions

    settings = ports.settings
    return SyncOptions(
        page_size=settings.airtel_page_size,
        overlap=timedelta(minutes=settings.airtel_sync_overlap_minutes),
        initial=timedelta(days=settings.airtel_initial_days),
    )


def sync_wallet(ports: Ports, message: Message) -> None:
    """Handle `mobile_money.sync_wallet`: run or resume the wallet's sync run."""
    from shared_code.mobile_money.sync import run_sync
    from shared_code.mobile_money.wallets import access_of

    if message.tenant_id is None:
        return
    run_sync(
        ports.db,
        message.tenant_id,
        UUID(str(message.payload["run_id"])),
        cipher=ports.cipher,
        access=access_of(ports),
        clock=ports.clock,
        options=sync_options(ports),
        final_attempt=message.attempts >= ports.settings.queue_max_attempts,
    )


def import_statement(ports: Ports, message: Message) -> None:
    """Handle `mobile_money.import_statement`: store a previewed statement's new rows."""
    from shared_code.mobile_money.statements import run_import

    if message.tenant_id is None:
        return
    run_import(ports.db, message.tenant_id, UUID(str(message.payload["import_id"])), blob=ports.blob, clock=ports.clock)


def enqueue_syncs(ports: Ports) -> None:
    """Queue a sync of every linked wallet."""
    from shared_code.mobile_money.sync import enqueue_due_syncs

    enqueue_due_syncs(ports.db, ports.clock)


CAPABILITY = Capability(
    name="mobile_money",
    api_modules=(
        "shared_code.api.mobile_money.wallets",
        "shared_code.api.mobile_money.transactions",
        "shared_code.api.mobile_money.rules",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/wallets",
        "/api/v1/orgs/*/wallet-transactions",
        "/api/v1/orgs/*/categorisation-rules",
    ),
    queues=(SYNC_WALLET.queue,),
    message_handlers={SYNC_WALLET.name: sync_wallet, IMPORT_STATEMENT.name: import_statement},
    timers=(Timer("mobile_money_sync", SYNC_SCHEDULE, enqueue_syncs),),
)
