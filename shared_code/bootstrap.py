"""The composition root: the one place that knows the concrete adapters.

Entry points (routes, queue handlers, timers, resume hooks) receive a `Services`, typed
as the `Ports` protocol outside this module; use cases receive only the ports they need.
Adapters are built lazily, so importing the app stays cheap and a timer that never
touches Blob never connects to it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from shared_code.platform.clock import Clock, SystemClock
from shared_code.platform.db import Database
from shared_code.platform.messaging import MessageHandlers, PostgresQueueTransport, Transport
from shared_code.platform.queue import PostgresQueue, RetryPolicy
from shared_code.platform.settings import QueueBackend, Settings, get_settings

if TYPE_CHECKING:
    from shared_code.platform.blob import BlobStore
    from shared_code.platform.crypto import CredentialCipher
    from shared_code.platform.email import EmailSender
    from shared_code.platform.secrets import SecretsProvider
    from shared_code.platform.tables import TableStore


@dataclass
class Services:
    """The adapters and registries one process uses, built from its settings."""

    settings: Settings
    clock: Clock = field(default_factory=SystemClock)

    @cached_property
    def db(self) -> Database:
        """The PostgreSQL pool (opened on first use)."""
        from shared_code.platform.db import entra_token_provider

        database = Database(
            self.settings.database_url,
            min_size=self.settings.db_pool_min_size,
            max_size=self.settings.db_pool_max_size,
            statement_timeout_ms=self.settings.db_statement_timeout_ms,
            password_provider=entra_token_provider() if self.settings.database_entra_auth else None,
        )
        database.open(wait=False)
        return database

    @cached_property
    def blob(self) -> BlobStore:
        """Blob storage for receipts, invoice PDFs and reports."""
        from shared_code.platform.blob import blob_store_from_settings

        return blob_store_from_settings(self.settings)

    @cached_property
    def tables(self) -> TableStore:
        """Table storage for high-volume append-only records."""
        from shared_code.platform.tables import table_store_from_settings

        return table_store_from_settings(self.settings)

    @cached_property
    def secrets(self) -> SecretsProvider:
        """Key Vault in Azure, the local secrets file elsewhere."""
        from shared_code.platform.secrets import secrets_from_settings

        return secrets_from_settings(self.settings)

    @cached_property
    def cipher(self) -> CredentialCipher:
        """AES-GCM for integration credentials, keys from the secrets provider."""
        from shared_code.platform.crypto import CredentialCipher, DataKeyring

        return CredentialCipher(DataKeyring(self.secrets, self.settings.data_key_id))

    @cached_property
    def email(self) -> EmailSender:
        """Outgoing e-mail over SMTP."""
        from shared_code.platform.email import email_sender_from_settings

        return email_sender_from_settings(self.settings)

    @cached_property
    def retry_policy(self) -> RetryPolicy:
        """How failing queue messages are retried."""
        return RetryPolicy(
            max_attempts=self.settings.queue_max_attempts,
            backoff_base_seconds=self.settings.queue_backoff_base_seconds,
            backoff_max_seconds=self.settings.queue_backoff_max_seconds,
            lease_seconds=self.settings.queue_lease_seconds,
        )

    @cached_property
    def queue(self) -> PostgresQueue:
        """The PostgreSQL queue of one machine."""
        return PostgresQueue(self.db, self.retry_policy)

    @cached_property
    def transport(self) -> Transport:
        """Where the outbox relay delivers: Service Bus in Azure, PostgreSQL locally."""
        if self.settings.queue_backend is QueueBackend.SERVICE_BUS:
            from shared_code.platform.servicebus import ServiceBusTransport, service_bus_client

            assert self.settings.service_bus_namespace is not None
            return ServiceBusTransport(service_bus_client(self.settings.service_bus_namespace))
        return PostgresQueueTransport()

    @cached_property
    def handlers(self) -> MessageHandlers:
        """The handler of each message type, as the capabilities declare them."""
        from shared_code.capabilities import CAPABILITIES

        registry = MessageHandlers()
        for capability in CAPABILITIES:
            for message_type, work in capability.message_handlers.items():
                registry.register(message_type, partial(work, self))
        return registry

    def close(self) -> None:
        """Release pooled connections (tests and the local runtime's shutdown)."""
        if "db" in self.__dict__:
            self.db.close()


_lock = threading.Lock()
_services: Services | None = None


def get_services() -> Services:
    """The process-wide services, built on first use from the environment's settings."""
    global _services
    with _lock:
        if _services is None:
            from shared_code.platform.logging import configure_logging

            settings = get_settings()
            configure_logging(
                settings.log_level,
                settings.applicationinsights_connection_string,
                use_managed_identity=not settings.is_local,
            )
            _services = Services(settings)
        return _services


def set_services(services: Services | None) -> None:
    """Install the process-wide services (the local runtime and tests build their own)."""
    global _services
    with _lock:
        _services = services


def describe(services: Services) -> dict[str, Any]:
    """Which adapters are configured, for the start-up log (no secrets)."""
    settings = services.settings
    return {
        "environment": settings.intellifin_env.value,
        "queue_backend": settings.queue_backend.value,
        "secrets": "key-vault" if settings.key_vault_url else "local-file",
        "storage": "connection-string" if settings.storage_connection_string else "identity",
    }
