"""The ledger's messages that travel on the outbox: their types and queue."""

from shared_code.platform.registry import MessageType

VERIFY_LEDGER = MessageType("ledger.verify", queue="reports")
"""Verify an organization's hash chain in the background: `{"run_id": "<uuid>"}`, the organization as tenant."""
