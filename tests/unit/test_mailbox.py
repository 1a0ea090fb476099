"""Parsing the dev mailbox: messages written into a Maildir the way the SMTP server does."""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from shared_code.platform.mailbox import (
    ENVELOPE_TO_HEADER,
    RECEIVED_AT_HEADER,
    list_messages,
    read_message,
)


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    """Where the mailbox would be; `mailbox.Maildir(create=True)` makes it on first add."""
    return tmp_path / "mailbox"


def deliver(maildir: Path, message: bytes, received: datetime, envelope: list[str] | None = None) -> str:
    """Store `message` as the local SMTP server would."""
    trace = f"{RECEIVED_AT_HEADER}: {received.isoformat()}\r\n"
    if envelope is not None:
        trace = f"{ENVELOPE_TO_HEADER}: {', '.join(envelope)}\r\n" + trace
    stored = mailbox.MaildirMessage(trace.encode() + message)
    stored.set_date(received.timestamp())
    return str(mailbox.Maildir(maildir, create=True).add(stored))


def invoice_email() -> bytes:
    message = EmailMessage()
    message["From"] = "IntelliFin <no-reply@intellifin.local>"
    message["To"] = "Mwansa Phiri <mwansa@example.zm>"
    message["Subject"] = "Invoice INV-7"
    message.set_content("Invoice INV-7: K 580.00 due 31 March.")
    message.add_alternative("<p>Invoice <b>INV-7</b>: K 580.00</p>", subtype="html")
    message.add_attachment(b"%PDF", maintype="application", subtype="pdf", filename="INV-7.pdf")
    message.add_attachment(b"a,b\n", maintype="text", subtype="csv", filename="lines.csv")
    return message.as_bytes()


def plain_email(subject: str, to: str = "owner@example.zm") -> bytes:
    return (f"From: no-reply@intellifin.local\r\nTo: {to}\r\nSubject: {subject}\r\n\r\nHello\r\n").encode()


def test_a_multipart_message_is_parsed_into_bodies_and_attachment_names(maildir: Path) -> None:
    received = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
    key = deliver(maildir, invoice_email(), received, envelope=["mwansa@example.zm", "audit@example.zm"])

    [message] = list_messages(maildir)

    assert message.id == key
    assert message.received_at == received
    assert message.sender == "IntelliFin <no-reply@intellifin.local>"
    assert message.recipients == ["mwansa@example.zm", "audit@example.zm"]
    assert message.subject == "Invoice INV-7"
    assert (message.text or "").startswith("Invoice INV-7: K 580.00")
    assert "<b>INV-7</b>" in (message.html or "")
    assert message.attachments == ["INV-7.pdf", "lines.csv"]


def test_messages_are_listed_newest_first_up_to_the_limit(maildir: Path) -> None:
    for day, subject in [(3, "third"), (1, "first"), (2, "second")]:
        deliver(maildir, plain_email(subject), datetime(2025, 3, day, tzinfo=UTC), [])

    assert [m.subject for m in list_messages(maildir)] == ["third", "second", "first"]
    assert [m.subject for m in list_messages(maildir, limit=2)] == ["third", "second"]


def test_without_an_envelope_header_the_to_and_cc_headers_are_used(maildir: Path) -> None:
    raw = plain_email("Hi", to="A <a@example.zm>, b@example.zm").replace(b"Subject:", b"Cc: c@example.zm\r\nSubject:")
    deliver(maildir, raw, datetime(2025, 3, 1, tzinfo=UTC))

    assert list_messages(maildir)[0].recipients == ["a@example.zm", "b@example.zm", "c@example.zm"]


def test_a_message_with_missing_parts_still_lists(maildir: Path) -> None:
    html_only = b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>Only HTML</p>\r\n"
    bad_charset = b"Subject: odd\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\nbody\r\n"
    deliver(maildir, html_only, datetime(2025, 3, 2, tzinfo=UTC), [])
    deliver(maildir, bad_charset, datetime(2025, 3, 1, tzinfo=UTC), [])

    odd, html = list_messages(maildir)[1], list_messages(maildir)[0]

    assert (html.subject, html.sender, html.recipients, html.text) == ("", "", [], None)
    assert "Only HTML" in (html.html or "")
    assert (odd.subject, odd.attachments) == ("odd", [])


def test_without_a_received_header_the_delivery_time_is_used(maildir: Path) -> None:
    stored = mailbox.MaildirMessage(plain_email("Untraced"))
    moment = datetime(2025, 2, 1, 12, 0, tzinfo=UTC)
    stored.set_date(moment.timestamp())
    mailbox.Maildir(maildir, create=True).add(stored)

    assert list_messages(maildir)[0].received_at == moment


def test_read_message_finds_one_by_id(maildir: Path) -> None:
    key = deliver(maildir, plain_email("Find me"), datetime(2025, 3, 1, tzinfo=UTC), [])

    found = read_message(maildir, key)

    assert found is not None
    assert found.subject == "Find me"
    assert read_message(maildir, "no-such-key") is None


def test_a_mailbox_that_does_not_exist_is_empty(maildir: Path) -> None:
    assert list_messages(maildir / "nothing-here") == []
    assert read_message(maildir / "nothing-here", "x") is None
