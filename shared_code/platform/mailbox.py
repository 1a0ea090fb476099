"""The dev mailbox: what the local SMTP server received, read from its Maildir.

On one machine every e-mail IntelliFin sends lands in a Maildir (`DEV_MAILBOX_DIR`) instead
of anyone's inbox; the dev mailbox API and the tests read it with `list_messages`. The
local SMTP server adds two headers when it stores a message: the envelope recipients (Bcc
recipients appear nowhere else) and when it was received.
"""

from __future__ import annotations

import email.message
import email.policy
import email.utils
import mailbox
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ENVELOPE_TO_HEADER = "X-IntelliFin-Envelope-To"
"""Comma-separated RCPT TO addresses of the SMTP transaction."""

RECEIVED_AT_HEADER = "X-IntelliFin-Received-At"
"""ISO 8601 UTC time at which the local SMTP server took the message."""


@dataclass(frozen=True)
class MailboxMessage:
    """One received e-mail, parsed for display."""

    id: str
    """The Maildir key: unique, stable and safe in a URL."""
    received_at: datetime
    """When the SMTP server took it (UTC)."""
    sender: str
    """The From header as written, e.g. `IntelliFin <no-reply@intellifin.local>`."""
    recipients: list[str]
    """Envelope recipients (including Bcc); To and Cc if the envelope was not recorded."""
    subject: str
    text: str | None
    """The plain-text body, if there is one."""
    html: str | None
    """The HTML body, if there is one."""
    attachments: list[str] = field(default_factory=list)
    """File names of the attachments, in message order."""


def list_messages(maildir_path: Path, limit: int = 100) -> list[MailboxMessage]:
    """The `limit` most recently received messages, newest first.

    A mailbox that does not exist yet is empty. Messages that cannot be parsed in part
    (bad charset, missing headers) are still listed, with what could be read.
    """
    if limit < 1:
        return []
    box = _open(maildir_path)
    if box is None:
        return []
    newest = sorted(_delivery_times(maildir_path), reverse=True)[:limit]
    messages = []
    for delivered, key in newest:
        parsed = _read(box, key, delivered)
        if parsed is not None:
            messages.append(parsed)
    return sorted(messages, key=lambda message: message.received_at, reverse=True)


def read_message(maildir_path: Path, message_id: str) -> MailboxMessage | None:
    """The message with this id, or None."""
    box = _open(maildir_path)
    if box is None:
        return None
    try:
        delivered = box.get_message(message_id).get_date()
    except (KeyError, FileNotFoundError):
        return None
    return _read(box, message_id, delivered)


def _open(maildir_path: Path) -> mailbox.Maildir | None:
    try:
        return mailbox.Maildir(maildir_path, create=False)
    except mailbox.NoSuchMailboxError:
        return None


def _delivery_times(maildir_path: Path) -> list[tuple[float, str]]:
    # The server sets each file's mtime to its receipt time; reading only the directory
    # entries keeps a long mailbox cheap to list.
    times = []
    for subdirectory in ("new", "cur"):
        try:
            entries = list(os.scandir(maildir_path / subdirectory))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                times.append((entry.stat().st_mtime, entry.name.split(":", 1)[0]))
            except FileNotFoundError:
                continue
    return times


def _read(box: mailbox.Maildir, key: str, delivered: float) -> MailboxMessage | None:
    try:
        raw = box.get_bytes(key)
    except (KeyError, FileNotFoundError):
        return None
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    return MailboxMessage(
        id=key,
        received_at=_received_at(parsed, delivered),
        sender=_header(parsed, "From"),
        recipients=_recipients(parsed),
        subject=_header(parsed, "Subject"),
        text=_body(parsed, "plain"),
        html=_body(parsed, "html"),
        attachments=_attachment_names(parsed),
    )


def _header(message: email.message.EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):
        return ""
    return "" if value is None else str(value)


def _received_at(message: email.message.EmailMessage, delivered: float) -> datetime:
    stamped = _header(message, RECEIVED_AT_HEADER)
    if stamped:
        try:
            moment = datetime.fromisoformat(stamped)
        except ValueError:
            pass
        else:
            return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.fromtimestamp(delivered, tz=UTC)


def _recipients(message: email.message.EmailMessage) -> list[str]:
    envelope = _header(message, ENVELOPE_TO_HEADER)
    entries = envelope.split(",") if envelope else [_header(message, "To"), _header(message, "Cc")]
    addresses = [address for _name, address in email.utils.getaddresses(entries) if address]
    return list(dict.fromkeys(addresses))


def _body(message: email.message.EmailMessage, subtype: str) -> str | None:
    try:
        part = message.get_body(preferencelist=(subtype,))
        if part is None:
            return None
        content = part.get_content()
    except (LookupError, ValueError):
        return None
    return content if isinstance(content, str) else None


def _attachment_names(message: email.message.EmailMessage) -> list[str]:
    names = []
    try:
        for part in message.iter_attachments():
            names.append(part.get_filename() or "(unnamed)")
    except (LookupError, ValueError):
        pass
    return names
