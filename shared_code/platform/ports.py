"""The ports a capability's entry points receive, typed as protocols.

The composition root (`shared_code.bootstrap.Services`) is the one implementation; a
capability's message handlers, timer work and resume hooks take `Ports` and hand each use
case only the ports it needs, so no use case sees the whole container.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from shared_code.platform.blob import BlobInfo
    from shared_code.platform.clock import Clock
    from shared_code.platform.crypto import CredentialCipher
    from shared_code.platform.db import Database
    from shared_code.platform.email import EmailSender
    from shared_code.platform.messaging import Transport
    from shared_code.platform.secrets import SecretsProvider
    from shared_code.platform.settings import Settings
    from shared_code.platform.tables import TableStore


class FileStore(Protocol):
    """Files kept for an organization (Blob Storage in Azure, Azurite on one machine)."""

    def put(self, name: str, data: bytes, content_type: str) -> None:
        """Store `data` under `name`, replacing what was there."""
        ...

    def get(self, name: str) -> bytes:
        """The bytes stored under `name`; raises `BlobNotFound`."""
        ...

    def info(self, name: str) -> BlobInfo:
        """Size and content type of the file under `name`; raises `BlobNotFound`."""
        ...

    def list(self, prefix: str = "") -> builtins.list[BlobInfo]:
        """Every file whose name starts with `prefix`."""
        ...

    def delete_prefix(self, prefix: str) -> int:
        """Delete every file whose name starts with `prefix`; returns how many."""
        ...


class Ports(Protocol):
    """What the composition root provides to capability entry points."""

    @property
    def settings(self) -> Settings:
        """The validated settings of this process."""
        ...

    @property
    def clock(self) -> Clock:
        """The one source of "now"."""
        ...

    @property
    def db(self) -> Database:
        """The PostgreSQL pool: `db.unit_of_work(tenant_id)` opens a transaction."""
        ...

    @property
    def blob(self) -> FileStore:
        """Files: receipts, invoice PDFs, logos, reports."""
        ...

    @property
    def tables(self) -> TableStore:
        """Append-only records: integration call logs, notification feeds."""
        ...

    @property
    def secrets(self) -> SecretsProvider:
        """Key Vault in Azure, the local secrets file elsewhere."""
        ...

    @property
    def cipher(self) -> CredentialCipher:
        """AES-GCM for credentials and secrets stored in the database."""
        ...

    @property
    def email(self) -> EmailSender:
        """Outgoing e-mail."""
        ...

    @property
    def transport(self) -> Transport:
        """Where the outbox relay delivers: Service Bus in Azure, the PostgreSQL queue locally."""
        ...
