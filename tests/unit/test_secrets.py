"""Secrets providers: the local JSON file and Key Vault's naming and creation rules."""

from __future__ import annotations

import json
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from azure.core.exceptions import ResourceNotFoundError

from shared_code.platform.secrets import (
    KeyVaultSecrets,
    LocalFileSecrets,
    SecretNotFound,
    SecretsError,
    key_vault_secret_name,
    secrets_from_settings,
)
from shared_code.platform.settings import Settings


def test_a_missing_secret_raises_secret_not_found(tmp_path: Path) -> None:
    with pytest.raises(SecretNotFound):
        LocalFileSecrets(tmp_path / "secrets.json").get("jwt-signing-key")


def test_a_generated_secret_is_persisted_with_owner_only_mode(tmp_path: Path) -> None:
    path = tmp_path / ".data" / "secrets.json"

    value = LocalFileSecrets(path).get_or_create("jwt-signing-key", lambda: "generated-1")

    assert value == "generated-1"
    assert json.loads(path.read_text()) == {"jwt-signing-key": "generated-1"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert LocalFileSecrets(path).get("jwt-signing-key") == "generated-1"


def test_get_or_create_is_stable_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    LocalFileSecrets(path).get_or_create("data-key-v1", lambda: "first")

    again = LocalFileSecrets(path).get_or_create("data-key-v1", lambda: "second")

    assert again == "first"


def test_new_secrets_keep_the_existing_ones(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    LocalFileSecrets(path).get_or_create("a", lambda: "1")
    LocalFileSecrets(path).get_or_create("b", lambda: "2")

    assert json.loads(path.read_text()) == {"a": "1", "b": "2"}


def test_concurrent_creators_agree_on_one_value(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    start = threading.Barrier(8)
    results: list[str] = []

    def create(index: int) -> None:
        provider = LocalFileSecrets(path)  # its own file descriptors, like another process
        start.wait()
        results.append(provider.get_or_create("data-key-v1", lambda: f"value-{index}"))
        results.append(provider.get_or_create(f"own-{index}", lambda: f"own-{index}"))

    threads = [threading.Thread(target=create, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    shared = {value for value in results if value.startswith("value-")}
    assert len(shared) == 1
    stored = json.loads(path.read_text())
    assert {f"own-{index}" for index in range(8)} <= stored.keys()


def test_a_corrupt_secrets_file_is_reported_by_name(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    path.write_text("{not json")

    with pytest.raises(SecretsError, match=r"secrets\.json"):
        LocalFileSecrets(path).get("a")


@pytest.mark.parametrize(
    ("name", "vault_name"),
    [
        ("data-key-v1", "data-key-v1"),
        ("tenant_42.airtel/client secret", "tenant-42-airtel-client-secret"),
        ("__jwt__", "jwt"),
    ],
)
def test_key_vault_names_are_sanitised(name: str, vault_name: str) -> None:
    assert key_vault_secret_name(name) == vault_name


@pytest.mark.parametrize("name", ["", "___", "x" * 128])
def test_names_without_a_key_vault_form_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="no Key Vault form"):
        key_vault_secret_name(name)


@dataclass
class FakeProperties:
    version: str
    created_on: datetime
    enabled: bool = True


@dataclass
class FakeSecret:
    value: str
    properties: FakeProperties


class FakeSecretClient:
    """Key Vault's versioned secrets in memory; Key Vault itself cannot run here."""

    def __init__(self) -> None:
        self.versions: dict[str, list[FakeSecret]] = {}
        self.before_next_set: Callable[[], object] | None = None
        """Runs just before the next set_secret: another instance racing this one."""
        self.before_next_list: Callable[[], object] | None = None
        """Runs just before the next version listing: a rival that stored its value later."""

    def get_secret(self, name: str, version: str | None = None) -> FakeSecret:
        history = self.versions.get(name)
        if not history:
            raise ResourceNotFoundError(f"({name}) not found")
        if version is None:
            return history[-1]
        return next(secret for secret in history if secret.properties.version == version)

    def set_secret(self, name: str, value: str, **_: object) -> FakeSecret:
        rival, self.before_next_set = self.before_next_set, None
        if rival is not None:
            rival()
        history = self.versions.setdefault(name, [])
        secret = FakeSecret(value, FakeProperties(f"v{len(history):03d}", datetime(2025, 1, 1, tzinfo=UTC)))
        history.append(secret)
        return secret

    def list_properties_of_secret_versions(self, name: str) -> list[FakeProperties]:
        rival, self.before_next_list = self.before_next_list, None
        if rival is not None:
            rival()
        return [secret.properties for secret in self.versions.get(name, [])]


def key_vault(client: FakeSecretClient) -> KeyVaultSecrets:
    return KeyVaultSecrets("https://kv.example", client=client, settle_seconds=0)  # type: ignore[arg-type]


def test_key_vault_reads_under_the_sanitised_name() -> None:
    client = FakeSecretClient()
    client.set_secret("tenant-42-airtel", "s3cret")

    assert key_vault(client).get("tenant_42.airtel") == "s3cret"
    with pytest.raises(SecretNotFound):
        key_vault(client).get("missing")


def test_key_vault_get_or_create_stores_a_new_value_once() -> None:
    client = FakeSecretClient()

    first = key_vault(client).get_or_create("data-key-v1", lambda: "generated")
    second = key_vault(client).get_or_create("data-key-v1", lambda: "other")

    assert first == second == "generated"
    assert len(client.versions["data-key-v1"]) == 1


def test_key_vault_creators_that_raced_converge_on_the_first_value() -> None:
    client = FakeSecretClient()
    client.before_next_set = lambda: client.set_secret("data-key-v1", "won-the-race")

    adopted = key_vault(client).get_or_create("data-key-v1", lambda: "lost-the-race")

    assert adopted == "won-the-race"
    assert client.get_secret("data-key-v1").value == "won-the-race"


def test_a_key_vault_creator_that_stored_first_restores_its_value_as_current() -> None:
    client = FakeSecretClient()
    client.before_next_list = lambda: client.set_secret("data-key-v1", "stored-second")

    kept = key_vault(client).get_or_create("data-key-v1", lambda: "stored-first")

    assert kept == "stored-first"
    assert client.get_secret("data-key-v1").value == "stored-first"


def test_the_factory_picks_the_local_file_without_a_vault_url(tmp_path: Path) -> None:
    settings = Settings(database_url="postgresql://unused", local_secrets_file=tmp_path / "s.json")

    provider = secrets_from_settings(settings)

    assert isinstance(provider, LocalFileSecrets)
    assert provider.path == tmp_path / "s.json"
    vault = Settings(database_url="postgresql://unused", key_vault_url="https://kv.example")
    assert isinstance(secrets_from_settings(vault), KeyVaultSecrets)
