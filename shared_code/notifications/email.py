"""E-mail notifications: queued with the change that causes them, sent by a queue handler."""

from __future__ import annotations

import base64
from typing import Any

from shared_code.notifications.messages import SEND_EMAIL
from shared_code.platform.db import Transactions, UnitOfWork
from shared_code.platform.email import EmailDeliveryError, EmailMessage, EmailSender
from shared_code.platform.messaging import Message, PermanentMessageError, claim_processing, enqueue


def queue_email(uow: UnitOfWork, email: EmailMessage) -> None:
    """Queue `email` in the caller's transaction: it is sent if and only if that commits."""
    payload: dict[str, Any] = {
        "to": list(email.to),
        "subject": email.subject,
        "text": email.text,
        "html": email.html,
        "reply_to": email.reply_to,
        "cc": list(email.cc),
        "bcc": list(email.bcc),
        "attachments": [
            {"filename": name, "content_type": content_type, "content_b64": base64.b64encode(data).decode()}
            for name, content_type, data in email.attachments
        ],
    }
    enqueue(uow, SEND_EMAIL, payload)


def email_from_payload(payload: dict[str, Any]) -> EmailMessage:
    """Rebuild the e-mail of an `email.send` message; malformed payloads are permanent failures."""
    try:
        return EmailMessage(
            to=[str(address) for address in payload["to"]],
            subject=str(payload["subject"]),
            text=str(payload["text"]),
            html=payload.get("html"),
            reply_to=payload.get("reply_to"),
            cc=[str(address) for address in payload.get("cc", [])],
            bcc=[str(address) for address in payload.get("bcc", [])],
            attachments=[
                (str(item["filename"]), str(item["content_type"]), base64.b64decode(item["content_b64"]))
                for item in payload.get("attachments", [])
            ],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PermanentMessageError(f"malformed email.send payload: {error}") from error


def deliver_email(db: Transactions, sender: EmailSender, message: Message) -> None:
    """Send the e-mail of an `email.send` message once, however often it is delivered.

    The send happens before the processed-mark commits: if the process dies between the
    two, the e-mail may go out twice (SMTP has no idempotency), but it is never lost.
    """
    email = email_from_payload(message.payload)
    with db.unit_of_work() as uow:
        if not claim_processing(uow, message.id, SEND_EMAIL.name):
            return
        try:
            sender.send(email)
        except EmailDeliveryError as error:
            if error.permanent:
                raise PermanentMessageError(f"the mail server refused the message: {error}") from error
            raise
        uow.commit()
