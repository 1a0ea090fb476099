"""The notification messages that travel on the outbox: their types and queue."""

from shared_code.platform.registry import MessageType

SEND_EMAIL = MessageType("email.send", queue="notifications")
