"""Secrets: Azure Key Vault in Azure, a git-ignored JSON file of generated values elsewhere.

Callers name a secret (`data-key-v1`, `jwt-signing-key`) and either read it (`get`) or
read it and have it generated and stored on first use (`get_or_create`). A generated value
is stored before it is returned, so every process and every restart sees the same one.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from shared_code.platform.settings import Settings

if TYPE_CHECKING:
    from azure.keyvault.secrets import SecretClient

KEY_VAULT_NAME_MAX = 127
"""Key Vault secret names have 1 to 127 characters from [0-9a-zA-Z-]."""

_KEY_VAULT_INVALID = re.compile(r"[^0-9A-Za-z-]+")


class SecretNotFound(LookupError):
    """No secret has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"secret not found: {name}")
        self.name = name


class SecretsError(RuntimeError):
    """The secret store cannot be read or written (corrupt file, refused request)."""


class SecretsProvider(Protocol):
    """Where the application's secrets come from."""

    def get(self, name: str) -> str:
        """The value of the secret `name`; raises `SecretNotFound` if there is none."""
        ...

    def get_or_create(self, name: str, generate: Callable[[], str]) -> str:
        """The value of `name`; if there is none, store `generate()` first and return it."""
        ...


class LocalFileSecrets:
    """Secrets in a JSON object `{name: value}` at `path`, readable by its owner only.

    The file is written with mode 0600 by atomic replacement under an exclusive lock on a
    sibling `.lock` file, so two processes creating secrets at once never lose either's
    value. POSIX only (it uses `fcntl`), like the rest of the local runtime.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock_path = path.with_name(path.name + ".lock")
        self._cache: dict[str, str] = {}
        self._thread_lock = threading.Lock()

    def get(self, name: str) -> str:
        """The value of the secret `name`; raises `SecretNotFound` if there is none."""
        if name in self._cache:
            return self._cache[name]
        values = self._read()
        if name not in values:
            raise SecretNotFound(name)
        self._cache[name] = values[name]
        return values[name]

    def get_or_create(self, name: str, generate: Callable[[], str]) -> str:
        """The value of `name`; if there is none, store `generate()` in the file and return it."""
        if name in self._cache:
            return self._cache[name]
        with self._exclusive():
            values = self._read()
            if name not in values:
                value = generate()
                if not isinstance(value, str) or not value:
                    raise ValueError(f"the generated value of {name!r} must be a non-empty str")
                values[name] = value
                self._write(values)
        self._cache[name] = values[name]
        return values[name]

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        # The data file is replaced on every write, so the lock lives on a file that stays.
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self._thread_lock:
            descriptor = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
                yield
            finally:
                os.close(descriptor)

    def _read(self) -> dict[str, str]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise SecretsError(f"cannot read the secrets file {self.path}: {error}") from error
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            raise SecretsError(f"the secrets file {self.path} is not valid JSON: {error}") from None
        if not isinstance(values, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in values.items()
        ):
            raise SecretsError(f"the secrets file {self.path} must be a JSON object of strings")
        return values

    def _write(self, values: dict[str, str]) -> None:
        # mkstemp creates the file with mode 0600; os.replace makes the switch atomic.
        descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(values, file, indent=2, sort_keys=True)
                file.write("\n")
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


class KeyVaultSecrets:
    """Secrets in Azure Key Vault, reached with the managed identity.

    Names are mapped to Key Vault's alphabet by `key_vault_secret_name` (`tenant_7.airtel`
    is stored as `tenant-7-airtel`). Values are read once per process and cached: rotate a
    secret by giving it a new name (`data-key-v2`), not a new version.
    """

    def __init__(
        self,
        vault_url: str,
        *,
        client: SecretClient | None = None,
        settle_seconds: float = 1.0,
    ) -> None:
        self.vault_url = vault_url
        self._client = client
        self._settle_seconds = settle_seconds
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> str:
        """The value of the secret `name`; raises `SecretNotFound` if there is none."""
        from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

        if name in self._cache:
            return self._cache[name]
        try:
            secret = self._secret_client().get_secret(key_vault_secret_name(name))
        except ResourceNotFoundError:
            raise SecretNotFound(name) from None
        except HttpResponseError as error:
            raise SecretsError(f"Key Vault refused to read {name!r}: {error.message}") from error
        if secret.value is None:
            raise SecretNotFound(name)
        self._cache[name] = secret.value
        return secret.value

    def get_or_create(self, name: str, generate: Callable[[], str]) -> str:
        """The value of `name`; if there is none, store `generate()` in Key Vault first.

        Key Vault has no create-if-absent, so instances starting together may each store a
        value. After storing, every instance waits `settle_seconds`, then adopts the oldest
        version and makes it the current one again if a later version replaced it: all
        of them end up with the same value. Provision long-lived keys ahead of the first
        start where you can.
        """
        from azure.core.exceptions import HttpResponseError

        try:
            return self.get(name)
        except SecretNotFound:
            pass
        value = generate()
        if not isinstance(value, str) or not value:
            raise ValueError(f"the generated value of {name!r} must be a non-empty str")
        vault_name = key_vault_secret_name(name)
        client = self._secret_client()
        try:
            client.set_secret(vault_name, value, content_type="generated")
            time.sleep(self._settle_seconds)
            versions = sorted(
                (properties.created_on, properties.version)
                for properties in client.list_properties_of_secret_versions(vault_name)
                if properties.enabled is not False and properties.created_on and properties.version
            )
            winner = client.get_secret(vault_name, versions[0][1]).value if versions else value
            if winner is None:
                raise SecretsError(f"Key Vault returned no value for {name!r}")
            if client.get_secret(vault_name).value != winner:
                client.set_secret(vault_name, winner, content_type="generated")
        except HttpResponseError as error:
            raise SecretsError(f"Key Vault refused to store {name!r}: {error.message}") from error
        self._cache[name] = winner
        return winner

    def _secret_client(self) -> SecretClient:
        if self._client is not None:
            return self._client
        with self._lock:
            if self._client is None:
                from azure.identity import DefaultAzureCredential
                from azure.keyvault.secrets import SecretClient

                self._client = SecretClient(self.vault_url, credential=DefaultAzureCredential())
            return self._client


def key_vault_secret_name(name: str) -> str:
    """`name` in Key Vault's alphabet: each run of other characters becomes one `-`.

    Key Vault names are case-insensitive and `a_b` and `a.b` both become `a-b`, so keep
    application secret names lower-case kebab-case and they map to themselves.
    """
    sanitised = _KEY_VAULT_INVALID.sub("-", name).strip("-")
    if not sanitised or len(sanitised) > KEY_VAULT_NAME_MAX:
        raise ValueError(f"secret name {name!r} has no Key Vault form of 1 to {KEY_VAULT_NAME_MAX} characters")
    return sanitised


def secrets_from_settings(settings: Settings) -> SecretsProvider:
    """Key Vault when `KEY_VAULT_URL` is set, else the local file `LOCAL_SECRETS_FILE`."""
    if settings.key_vault_url:
        return KeyVaultSecrets(settings.key_vault_url)
    return LocalFileSecrets(settings.local_secrets_file)
