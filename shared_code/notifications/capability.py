"""Notifications plug in the e-mail queue and its handler."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_code.notifications.messages import SEND_EMAIL
from shared_code.platform.registry import Capability

if TYPE_CHECKING:
    from shared_code.platform.messaging import Message
    from shared_code.platform.ports import Ports


def send_email(ports: Ports, message: Message) -> None:
    """Handle an `email.send` message."""
    from shared_code.notifications.email import deliver_email

    deliver_email(ports.db, ports.email, message)


CAPABILITY = Capability(
    name="notifications",
    queues=(SEND_EMAIL.queue,),
    message_handlers={SEND_EMAIL.name: send_email},
)
