"""Readiness names exactly what is missing: secrets never created, unresolved Key Vault references."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

from shared_code.identity.tokens import AccessTokenService
from shared_code.platform.crypto import CredentialCipher, DataKeyring
from shared_code.platform.readiness import check_app_settings, check_secrets, required_secret_names
from shared_code.platform.secrets import LocalFileSecrets
from shared_code.platform.settings import Settings


class RecordingSecrets(LocalFileSecrets):
    """The real file provider, remembering every name it was asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.asked: set[str] = set()

    def get(self, name: str) -> str:
        self.asked.add(name)
        return super().get(name)

    def get_or_create(self, name: str, generate: Callable[[], str]) -> str:
        self.asked.add(name)
        return super().get_or_create(name, generate)


def _settings(**values: object) -> Settings:
    return Settings(database_url="postgresql://localhost/x", **values)  # type: ignore[arg-type]


def test_the_required_secrets_are_the_ones_the_token_service_and_keyring_read(tmp_path: Path) -> None:
    settings = _settings(jwt_active_key_id="k2", jwt_previous_key_ids=["k1"], data_key_id="v3")
    secrets = RecordingSecrets(tmp_path / "secrets.json")
    old = AccessTokenService(secrets, "issuer", "k1", frozenset({"k1"}), timedelta(minutes=15))
    token = old.issue(user_id=uuid4(), session_id=uuid4(), email="a@b.zm", mfa=False, now=datetime.now(UTC))
    rotated = AccessTokenService(
        secrets,
        "issuer",
        settings.jwt_active_key_id,
        frozenset([settings.jwt_active_key_id, *settings.jwt_previous_key_ids]),
        timedelta(minutes=15),
    )
    rotated.verify(token)
    rotated.issue(user_id=uuid4(), session_id=uuid4(), email="a@b.zm", mfa=False, now=datetime.now(UTC))
    CredentialCipher(DataKeyring(secrets, settings.data_key_id)).encrypt(b"airtel-api-key", b"tenant-1")
    assert secrets.asked == set(required_secret_names(settings))
    assert required_secret_names(settings) == ["jwt-signing-key-k2", "jwt-signing-key-k1", "data-key-v3"]


def test_missing_secrets_are_named(tmp_path: Path) -> None:
    secrets = LocalFileSecrets(tmp_path / "secrets.json")
    secrets.get_or_create("data-key-v1", lambda: base64.b64encode(b"k" * 32).decode())
    names = required_secret_names(_settings())
    check = check_secrets(secrets, names)
    assert check.ok is False
    assert check.detail == "missing secrets: jwt-signing-key-k1 (create them: docs/deployment.md, section 3)"
    secrets.get_or_create("jwt-signing-key-k1", lambda: "key")
    assert check_secrets(secrets, names).ok is True


def test_an_unresolved_key_vault_reference_is_named() -> None:
    environ = {
        "SMTP_PASSWORD": "@Microsoft.KeyVault(VaultName=kv;SecretName=smtp-password)",
        "SMTP_HOST": "smtp.azurecomm.net",
    }
    check = check_app_settings(environ)
    assert check.ok is False
    assert check.detail == "unresolved Key Vault references: SMTP_PASSWORD"
    assert check_app_settings({"SMTP_PASSWORD": "resolved"}).ok is True
