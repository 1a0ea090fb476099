"""The documents' message on the outbox: an e-mail of a document with its PDF attached."""

from shared_code.platform.registry import MessageType

SEND_DOCUMENT_EMAIL = MessageType("documents.email", queue="notifications")
"""Delivers one `document_emails` row; travels with the other outgoing e-mail."""
