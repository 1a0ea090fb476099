"""The local SMTP server: every e-mail IntelliFin sends on one machine lands in a Maildir.

aiosmtpd runs in a background thread on 127.0.0.1 and accepts any message for any
recipient, without authentication. Each message is stored as received, preceded by the
envelope recipients (`X-IntelliFin-Envelope-To`, the only record of Bcc recipients) and
the receipt time (`X-IntelliFin-Received-At`); `shared_code.platform.mailbox` reads them.

Standalone: `python -m local_runtime.smtp --port 8025 --maildir .data/mailbox`.
"""

from __future__ import annotations

import argparse
import mailbox
import signal
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from shared_code.platform.mailbox import ENVELOPE_TO_HEADER, RECEIVED_AT_HEADER

if TYPE_CHECKING:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP, Envelope, Session


class MaildirHandler:
    """aiosmtpd handler that stores each message in a Maildir."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir
        # mailbox.Maildir only creates its subdirectories together with a new top directory.
        for subdirectory in ("tmp", "new", "cur"):
            (maildir / subdirectory).mkdir(mode=0o700, parents=True, exist_ok=True)
        self._box = mailbox.Maildir(maildir, create=False)
        self._lock = threading.Lock()

    async def handle_DATA(  # noqa: N802  (the name aiosmtpd calls)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        """Store the message with its envelope recipients and receipt time."""
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8", errors="surrogateescape")
        received = datetime.now(UTC)
        trace = (
            f"{ENVELOPE_TO_HEADER}: {', '.join(envelope.rcpt_tos)}\r\n{RECEIVED_AT_HEADER}: {received.isoformat()}\r\n"
        ).encode()
        message = mailbox.MaildirMessage(trace + content)
        message.set_date(received.timestamp())
        with self._lock:
            self._box.add(message)
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    """A running local SMTP server."""

    host: str
    port: int
    maildir: Path
    controller: Controller

    def stop(self) -> None:
        """Stop accepting mail and end the server's thread."""
        self.controller.stop()


def start_smtp_server(host: str, port: int, maildir: Path) -> SmtpServer:
    """Start the SMTP server on `host:port` (a thread of this process), storing to `maildir`.

    Returns once the server accepts connections. The Maildir is created if missing.
    """
    from aiosmtpd.controller import Controller

    handler = MaildirHandler(maildir)
    controller = Controller(handler, hostname=host, port=port, ready_timeout=10.0, enable_SMTPUTF8=True)
    controller.start()
    return SmtpServer(host=host, port=port, maildir=maildir, controller=controller)


def main(argv: list[str] | None = None) -> None:
    """Run the server in the foreground until SIGINT (Ctrl-C) or SIGTERM."""
    parser = argparse.ArgumentParser(description="IntelliFin local SMTP server (Maildir)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--maildir", type=Path, default=Path(".data/mailbox"))
    arguments = parser.parse_args(argv)
    server = start_smtp_server(arguments.host, arguments.port, arguments.maildir)
    print(f"SMTP on {server.host}:{server.port}, mail stored in {server.maildir}", flush=True)
    stopping = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda _number, _frame: stopping.set())
    stopping.wait()
    server.stop()


if __name__ == "__main__":
    main()
