"""The mobile-money messages that travel on the outbox: their types and queue."""

from shared_code.platform.registry import MessageType

SYNC_WALLET = MessageType("mobile_money.sync_wallet", queue="mobile-money")
"""Run (or resume) a wallet's sync run (payload: `wallet_id`, `run_id`)."""
IMPORT_STATEMENT = MessageType("mobile_money.import_statement", queue="mobile-money")
"""Import a previewed statement in the background (payload: `import_id`)."""
