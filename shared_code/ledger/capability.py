"""The ledger plugs in its routes (accounts, journal, reports, periods) and the background
verification of its hash chain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_code.ledger.messages import VERIFY_LEDGER
from shared_code.platform.registry import Capability

if TYPE_CHECKING:
    from shared_code.platform.messaging import Message
    from shared_code.platform.ports import Ports


def verify_ledger(ports: Ports, message: Message) -> None:
    """Handle a `ledger.verify` message."""
    from shared_code.ledger.verification import run_verification

    run_verification(ports.db, message)


CAPABILITY = Capability(
    name="ledger",
    api_modules=(
        "shared_code.api.ledger.accounts",
        "shared_code.api.ledger.journal",
        "shared_code.api.ledger.reports",
        "shared_code.api.ledger.periods",
    ),
    api_prefixes=(
        "/api/v1/orgs/*/accounts",
        "/api/v1/orgs/*/journal-entries",
        "/api/v1/orgs/*/journal-entries.csv",
        "/api/v1/orgs/*/ledger",
        "/api/v1/orgs/*/reports",
        "/api/v1/orgs/*/periods",
    ),
    queues=(VERIFY_LEDGER.queue,),
    message_handlers={VERIFY_LEDGER.name: verify_ledger},
)
