"""File storage (receipts, invoice PDFs, exported reports) in Azure Blob Storage.

One `BlobStore` is one container. Locally and in tests it talks to Azurite through a
connection string; in Azure it uses the account URL and the app's managed identity
(`DefaultAzureCredential`). Blob names are paths chosen by the services, conventionally
starting with the tenant (`tenant_<id>/receipts/...`) so a tenant's files can be removed
with `delete_prefix`.

The `azure.*` packages are imported when a store is first used, not when this module is
imported: `import function_app` has to stay fast on a cold start.
"""

from __future__ import annotations

import builtins
import contextlib
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared_code.platform.settings import AZURITE_CONNECTION_STRING, Settings, SettingsError

if TYPE_CHECKING:
    from azure.storage.blob import BlobServiceClient, ContainerClient

DELETE_BATCH_SIZE = 256
"""Blob Storage accepts at most 256 sub-requests in one batch."""


class BlobNotFound(LookupError):
    """No blob has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"blob not found: {name}")
        self.name = name


@dataclass(frozen=True)
class BlobInfo:
    """What the store knows about one blob, without its content."""

    name: str
    """The full blob name (path) inside the container."""
    size: int
    """Content length in bytes."""
    content_type: str | None
    """The MIME type given when the blob was put."""
    last_modified: datetime | None
    """When the blob was last written (UTC)."""
    metadata: dict[str, str] = field(default_factory=dict)
    """The metadata given when the blob was put."""


class BlobStore:
    """One blob container: put, get, list and delete files by name.

    Give either `connection_string` (Azurite, or a storage account key) or `account_url`
    (managed identity through `DefaultAzureCredential`). The container is created on
    first use. Safe to share between threads.
    """

    def __init__(
        self,
        container: str,
        *,
        connection_string: str | None = None,
        account_url: str | None = None,
    ) -> None:
        if connection_string is not None and account_url is None:
            self._use_identity, self._address = False, connection_string
        elif account_url is not None and connection_string is None:
            self._use_identity, self._address = True, account_url
        else:
            raise ValueError("give exactly one of connection_string and account_url")
        self.container = container
        self._client: ContainerClient | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_connection_string(cls, connection_string: str, container: str) -> BlobStore:
        """A store authenticated by a connection string (Azurite locally)."""
        return cls(container, connection_string=connection_string)

    @classmethod
    def from_account_url(cls, account_url: str, container: str) -> BlobStore:
        """A store authenticated by the managed identity (`DefaultAzureCredential`)."""
        return cls(container, account_url=account_url)

    def put(
        self,
        name: str,
        data: bytes,
        content_type: str,
        metadata: dict[str, str] | None = None,
    ) -> None:
        """Write `data` under `name`, replacing any blob of that name.

        Metadata keys must be valid C# identifiers and values ASCII (a Blob Storage rule).
        """
        from azure.storage.blob import ContentSettings

        self._container().upload_blob(
            _checked_name(name),
            data,
            overwrite=True,
            content_settings=ContentSettings(content_type=content_type),
            metadata=metadata,
        )

    def get(self, name: str) -> bytes:
        """The content of the blob `name`; raises `BlobNotFound` if there is none."""
        from azure.core.exceptions import ResourceNotFoundError

        try:
            return self._container().download_blob(_checked_name(name)).readall()
        except ResourceNotFoundError:
            raise BlobNotFound(name) from None

    def info(self, name: str) -> BlobInfo:
        """Size, content type and metadata of the blob `name`; raises `BlobNotFound`."""
        from azure.core.exceptions import ResourceNotFoundError

        try:
            properties = self._container().get_blob_client(_checked_name(name)).get_blob_properties()
        except ResourceNotFoundError:
            raise BlobNotFound(name) from None
        return BlobInfo(
            name=name,
            size=properties.size,
            content_type=properties.content_settings.content_type,
            last_modified=properties.last_modified,
            metadata=dict(properties.metadata or {}),
        )

    def exists(self, name: str) -> bool:
        """True if a blob named `name` exists."""
        return bool(self._container().get_blob_client(_checked_name(name)).exists())

    def delete(self, name: str) -> bool:
        """Delete the blob `name` (and its snapshots); False if there was none."""
        from azure.core.exceptions import ResourceNotFoundError

        try:
            self._container().delete_blob(_checked_name(name), delete_snapshots="include")
        except ResourceNotFoundError:
            return False
        return True

    def list(self, prefix: str = "") -> builtins.list[BlobInfo]:
        """Every blob whose name starts with `prefix`, in name order."""
        blobs = self._container().list_blobs(name_starts_with=prefix or None, include=["metadata"])
        return [
            BlobInfo(
                name=blob.name,
                size=blob.size,
                content_type=blob.content_settings.content_type,
                last_modified=blob.last_modified,
                metadata=dict(blob.metadata or {}),
            )
            for blob in blobs
        ]

    def delete_prefix(self, prefix: str) -> int:
        """Delete every blob whose name starts with `prefix`; returns how many were deleted.

        Used when a tenant is deleted. An empty prefix is refused: emptying the whole
        container is never what a caller means.
        """
        if not prefix:
            raise ValueError("delete_prefix needs a non-empty prefix")
        container = self._container()
        names = [blob.name for blob in container.list_blobs(name_starts_with=prefix)]
        deleted = 0
        for start in range(0, len(names), DELETE_BATCH_SIZE):
            responses = container.delete_blobs(
                *names[start : start + DELETE_BATCH_SIZE],
                delete_snapshots="include",
                raise_on_any_failure=False,
            )
            for response in responses:
                if response.status_code in (200, 202):
                    deleted += 1
                elif response.status_code != 404:
                    # 404: deleted meanwhile by someone else, which is the outcome we want.
                    response.raise_for_status()
        return deleted

    def probe(self, timeout_seconds: float = 3.0) -> None:
        """Check that the storage account answers, within `timeout_seconds` and without retries.

        For readiness checks: raises whatever the SDK raises when the account is unreachable.
        """
        from azure.core.exceptions import ResourceNotFoundError

        service = self._service_client(retry_total=0, connection_timeout=timeout_seconds, read_timeout=timeout_seconds)
        with contextlib.suppress(ResourceNotFoundError):  # reachable; the container comes on first use
            service.get_container_client(self.container).get_container_properties()

    def _container(self) -> ContainerClient:
        if self._client is not None:
            return self._client
        with self._lock:
            if self._client is None:
                self._client = self._connect()
            return self._client

    def _service_client(self, **options: Any) -> BlobServiceClient:
        from azure.storage.blob import BlobServiceClient

        if self._use_identity:
            from azure.identity import DefaultAzureCredential

            return BlobServiceClient(self._address, credential=DefaultAzureCredential(), **options)
        return BlobServiceClient.from_connection_string(self._address, **options)

    def _connect(self) -> ContainerClient:
        from azure.core.exceptions import ResourceExistsError

        client = self._service_client().get_container_client(self.container)
        with contextlib.suppress(ResourceExistsError):
            client.create_container()
        return client


def blob_store_from_settings(settings: Settings) -> BlobStore:
    """The blob store the settings describe.

    `STORAGE_CONNECTION_STRING` wins; else `STORAGE_BLOB_URL` with the managed identity;
    else, on one machine, Azurite's default endpoints.
    """
    if settings.storage_connection_string:
        return BlobStore.from_connection_string(settings.storage_connection_string, settings.blob_container)
    if settings.storage_blob_url:
        return BlobStore.from_account_url(settings.storage_blob_url, settings.blob_container)
    if settings.is_local:
        return BlobStore.from_connection_string(AZURITE_CONNECTION_STRING, settings.blob_container)
    raise SettingsError("STORAGE_BLOB_URL: required in azure (or STORAGE_CONNECTION_STRING)")


def _checked_name(name: str) -> str:
    if not name or len(name) > 1024:
        raise ValueError("a blob name must have 1 to 1024 characters")
    return name
