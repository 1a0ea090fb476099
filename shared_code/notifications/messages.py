"""The notification messages that travel on the outbox: their queue and types."""

NOTIFICATIONS_QUEUE = "notifications"
SEND_EMAIL = "email.send"
