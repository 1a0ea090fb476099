"""SmtpEmailSender through the real local SMTP server, read back from its Maildir."""

from __future__ import annotations

import email
from uuid import uuid4

import pytest

from local_runtime.postgres import free_port
from local_runtime.smtp import SmtpServer
from shared_code.platform.email import (
    Attachment,
    EmailDeliveryError,
    EmailMessage,
    SmtpEmailSender,
    email_sender_from_settings,
)
from shared_code.platform.mailbox import ENVELOPE_TO_HEADER, MailboxMessage, list_messages
from shared_code.platform.settings import Settings

SENDER = "IntelliFin <no-reply@intellifin.local>"


def sender_for(server: SmtpServer) -> SmtpEmailSender:
    return SmtpEmailSender(server.host, server.port, None, None, False, SENDER)


def received(server: SmtpServer, subject: str) -> MailboxMessage:
    matches = [m for m in list_messages(server.maildir, limit=1000) if m.subject == subject]
    assert len(matches) == 1, matches
    return matches[0]


def test_an_invoice_email_arrives_with_bodies_attachment_and_every_recipient(
    smtp_server: SmtpServer,
) -> None:
    subject = f"Invoice INV-2025-0042 from Lusaka Hardware ({uuid4().hex[:8]})"
    message = EmailMessage(
        to=["Mwansa Phiri <mwansa@example.zm>"],
        cc=["accounts@example.zm"],
        bcc=["auditor@example.zm"],
        subject=subject,
        text="Please find invoice INV-2025-0042 for K 1,160.00 attached.",
        html="<p>Please find invoice <b>INV-2025-0042</b> for K 1,160.00 attached.</p>",
        attachments=[Attachment("INV-2025-0042.pdf", "application/pdf", b"%PDF-1.7 invoice")],
        reply_to="billing@lusakahardware.zm",
    )

    message_id = sender_for(smtp_server).send(message)

    mail = received(smtp_server, subject)
    assert mail.sender == SENDER
    assert mail.recipients == ["mwansa@example.zm", "accounts@example.zm", "auditor@example.zm"]
    assert "K 1,160.00" in (mail.text or "")
    assert "<b>INV-2025-0042</b>" in (mail.html or "")
    assert mail.attachments == ["INV-2025-0042.pdf"]
    assert message_id.endswith("@intellifin.local>")


def test_a_bcc_recipient_is_in_the_envelope_but_not_in_the_headers(
    smtp_server: SmtpServer,
) -> None:
    subject = f"Statement ready ({uuid4().hex[:8]})"
    sender_for(smtp_server).send(
        EmailMessage(to=["owner@example.zm"], bcc=["hidden@example.zm"], subject=subject, text="Ready.")
    )

    mail = received(smtp_server, subject)
    stored = email.message_from_bytes((smtp_server.maildir / "new" / mail.id).read_bytes())
    assert "hidden@example.zm" in mail.recipients
    assert not any("hidden@example.zm" in str(value) for name, value in stored.items() if name != ENVELOPE_TO_HEADER)
    assert mail.html is None
    assert mail.attachments == []


def test_the_settings_factory_sends_through_the_configured_server(
    smtp_server: SmtpServer,
) -> None:
    settings = Settings(database_url="postgresql://unused", smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    subject = f"Welcome to IntelliFin ({uuid4().hex[:8]})"

    email_sender_from_settings(settings).send(
        EmailMessage(to=["new.user@example.zm"], subject=subject, text="Welcome.")
    )

    assert received(smtp_server, subject).sender == settings.email_from


def test_a_closed_smtp_port_raises_email_delivery_error() -> None:
    sender = SmtpEmailSender("127.0.0.1", free_port(), None, None, False, SENDER)

    with pytest.raises(EmailDeliveryError) as raised:
        sender.send(EmailMessage(to=["someone@example.zm"], subject="Hello", text="Hi"))
    assert raised.value.permanent is False
