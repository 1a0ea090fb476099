"""Outgoing e-mail over SMTP: the same code talks to the local dev SMTP server and to a
real relay in Azure.

Queue handlers send mail; when the SMTP server cannot take it, `send` raises
`EmailDeliveryError` so the handler's message is retried (or dead-lettered at once when the
server refused it permanently).
"""

from __future__ import annotations

import email.message
import email.utils
import logging
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from shared_code.platform.settings import Settings

logger = logging.getLogger(__name__)


class Attachment(NamedTuple):
    """A file attached to an e-mail; a plain `(filename, content_type, content)` also works."""

    filename: str
    content_type: str
    """MIME type, e.g. `application/pdf`."""
    content: bytes


@dataclass(frozen=True)
class EmailMessage:
    """One e-mail to send. Addresses are `name@domain` or `Name <name@domain>`."""

    to: Sequence[str]
    subject: str
    text: str
    """The plain-text body; every message has one."""
    html: str | None = None
    """An HTML alternative of the same content, if any."""
    attachments: Sequence[tuple[str, str, bytes]] = field(default_factory=tuple)
    """(filename, content_type, content) of each attached file."""
    reply_to: str | None = None
    cc: Sequence[str] = field(default_factory=tuple)
    bcc: Sequence[str] = field(default_factory=tuple)
    """Recipients who get the message without appearing in its headers."""

    def __post_init__(self) -> None:
        for name in ("to", "cc", "bcc", "attachments"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not self.recipients:
            raise ValueError("an e-mail needs at least one recipient")
        for attachment in self.attachments:
            if "/" not in attachment[1]:
                raise ValueError(f"attachment {attachment[0]!r} needs a type/subtype content type")

    @property
    def recipients(self) -> list[str]:
        """Every envelope recipient (To, Cc and Bcc) as a bare address, without repeats."""
        addresses = [email.utils.parseaddr(entry)[1] for entry in (*self.to, *self.cc, *self.bcc)]
        return list(dict.fromkeys(address for address in addresses if address))


class EmailDeliveryError(RuntimeError):
    """The SMTP server did not take the message."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        """True when the server refused for good (5xx): retrying will not help."""


class EmailSender(Protocol):
    """Something that delivers e-mail; services depend on this, not on SMTP."""

    def send(self, message: EmailMessage) -> str:
        """Deliver `message`; returns its Message-ID. Raises `EmailDeliveryError`."""
        ...


class SmtpEmailSender:
    """Delivers e-mail to an SMTP server, with STARTTLS and login when configured."""

    def __init__(
        self,
        host: str,
        port: int,
        username: str | None,
        password: str | None,
        starttls: bool,
        sender: str,
        *,
        timeout_seconds: float = 30.0,
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.starttls = starttls
        self.sender = sender
        self.timeout_seconds = timeout_seconds

    def build(self, message: EmailMessage) -> email.message.EmailMessage:
        """The MIME message `send` would deliver: text (and HTML) body, then attachments."""
        mime = email.message.EmailMessage()
        mime["From"] = self.sender
        if message.to:
            mime["To"] = ", ".join(message.to)
        if message.cc:
            mime["Cc"] = ", ".join(message.cc)
        if message.reply_to:
            mime["Reply-To"] = message.reply_to
        mime["Subject"] = message.subject
        mime["Date"] = email.utils.formatdate(usegmt=True)
        mime["Message-ID"] = email.utils.make_msgid(domain=self._sender_domain())
        mime.set_content(message.text)
        if message.html is not None:
            mime.add_alternative(message.html, subtype="html")
        for filename, content_type, content in message.attachments:
            maintype, subtype = content_type.split("/", 1)
            mime.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
        return mime

    def send(self, message: EmailMessage) -> str:
        """Deliver `message` to every recipient; returns its Message-ID.

        Raises `EmailDeliveryError` when the server is unreachable or refuses the message
        (`permanent` tells a 5xx refusal from a transient failure). Recipients refused
        one by one while others were accepted are logged, not raised: retrying would
        send the others a second copy.
        """
        mime = self.build(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_seconds) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                refused = smtp.send_message(
                    mime,
                    from_addr=email.utils.parseaddr(self.sender)[1],
                    to_addrs=message.recipients,
                )
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _reply in error.recipients.values()]
            raise EmailDeliveryError(
                f"SMTP server {self.host}:{self.port} refused every recipient: {codes}",
                permanent=all(500 <= code < 600 for code in codes),
            ) from error
        except smtplib.SMTPResponseException as error:
            reply = error.smtp_error
            if isinstance(reply, bytes):
                reply = reply.decode(errors="replace")
            raise EmailDeliveryError(
                f"SMTP server {self.host}:{self.port} refused the message: {error.smtp_code} {reply}",
                permanent=500 <= error.smtp_code < 600,
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            raise EmailDeliveryError(f"could not deliver e-mail through {self.host}:{self.port}: {error}") from error
        if refused:
            logger.warning(
                "SMTP server refused some recipients of %s: %s",
                mime["Message-ID"],
                {address: code for address, (code, _reply) in refused.items()},
            )
        return str(mime["Message-ID"])

    def _sender_domain(self) -> str | None:
        address = email.utils.parseaddr(self.sender)[1]
        return address.rpartition("@")[2] or None


def email_sender_from_settings(settings: Settings) -> SmtpEmailSender:
    """The SMTP sender the settings describe (`SMTP_*`, `EMAIL_FROM`)."""
    return SmtpEmailSender(
        host=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
        sender=settings.email_from,
    )
