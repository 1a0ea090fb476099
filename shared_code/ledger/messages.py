"""The ledger's message names: the queue its background work travels on and the message types."""

from __future__ import annotations

REPORTS_QUEUE = "reports"
"""Long reads in the background."""
VERIFY_LEDGER = "ledger.verify"
"""Verify an organization's hash chain: `{"run_id": "<uuid>"}`, the organization as tenant."""
