"""`notify(uow, user_id, kind, data)`: tell one member something happened.

The one seam every capability calls to reach a person. Today it e-mails through the outbox
(`queue_email`, in the caller's transaction) with the jinja2 templates named after `kind`;
[ALERT] later routes the same call to in-app and SMS as the member prefers.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from shared_code.identity.memberships import user_contact
from shared_code.notifications.email import queue_email
from shared_code.notifications.templates import render_email
from shared_code.platform.db import UnitOfWork

KINDS = frozenset(
    {
        "approval_needed",
        "approval_reminder",
        "approval_escalated",
        "approval_approved",
        "approval_rejected",
        "approval_sent_back",
    }
)
"""What `notify` knows how to say (each a template set under templates/)."""


def notify(uow: UnitOfWork, user_id: UUID, kind: str, data: dict[str, Any]) -> None:
    """Queue the `kind` message for `user_id` in this transaction (sent if and only if it commits)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    email, name = user_contact(uow, user_id)
    queue_email(uow, render_email(kind, [email], name=name, **data))
