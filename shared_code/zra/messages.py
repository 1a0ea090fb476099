"""The ZRA messages that travel on the outbox: their types and queue."""

from shared_code.platform.registry import MessageType

SEND_PENDING = MessageType("zra.send_pending", queue="zra")
"""A branch has documents waiting for ZRA: run its sender (payload: `branch_id`)."""

SEND_STOCK = MessageType("zra.send_stock", queue="zra")
"""A branch has stock movements waiting for ZRA: run its stock sender (payload: `branch_id`)."""
