"""CredentialCipher: AES-GCM tokens for integration credentials, and key rotation."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest

from shared_code.platform.crypto import (
    CredentialCipher,
    DataKeyring,
    DecryptionError,
    KeyringError,
    UnknownKeyError,
    generate_data_key,
)
from shared_code.platform.secrets import SecretNotFound

AIRTEL_SECRET = b"airtel-client-secret-7f3a"
AAD = b"tenant_42/airtel/client_secret"


class MemorySecrets:
    """A secrets provider in a dict (the real ones are tested in test_secrets)."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        self.values = dict(values or {})

    def get(self, name: str) -> str:
        if name not in self.values:
            raise SecretNotFound(name)
        return self.values[name]

    def get_or_create(self, name: str, generate: Callable[[], str]) -> str:
        return self.values.setdefault(name, generate())


def cipher(secrets: MemorySecrets, active: str = "v1") -> CredentialCipher:
    return CredentialCipher(DataKeyring(secrets, active_key_id=active))


def test_a_credential_round_trips_and_the_token_names_its_key() -> None:
    secrets = MemorySecrets()
    token = cipher(secrets).encrypt(AIRTEL_SECRET, AAD)

    assert token.startswith(b"enc1:v1:")
    assert AIRTEL_SECRET not in token
    assert cipher(secrets).decrypt(token, AAD) == AIRTEL_SECRET
    assert len(base64.b64decode(secrets.values["data-key-v1"])) == 32


def test_two_encryptions_of_the_same_secret_differ() -> None:
    credentials = cipher(MemorySecrets())

    assert credentials.encrypt(AIRTEL_SECRET, AAD) != credentials.encrypt(AIRTEL_SECRET, AAD)


def test_old_tokens_decrypt_after_rotation_and_reencrypt_moves_them() -> None:
    secrets = MemorySecrets()
    old_token = cipher(secrets, "v1").encrypt(AIRTEL_SECRET, AAD)
    rotated = cipher(secrets, "v2")

    assert rotated.decrypt(old_token, AAD) == AIRTEL_SECRET
    assert rotated.needs_rotation(old_token)
    new_token = rotated.reencrypt(old_token, AAD)

    assert rotated.key_id_of(new_token) == "v2"
    assert not rotated.needs_rotation(new_token)
    assert rotated.reencrypt(new_token, AAD) == new_token
    del secrets.values["data-key-v1"]  # the old key retired
    assert cipher(secrets, "v2").decrypt(new_token, AAD) == AIRTEL_SECRET


def test_a_tampered_token_is_refused() -> None:
    credentials = cipher(MemorySecrets())
    token = bytearray(credentials.encrypt(AIRTEL_SECRET, AAD))
    token[-5] = ord("A") if token[-5] != ord("A") else ord("B")

    with pytest.raises(DecryptionError, match="altered"):
        credentials.decrypt(bytes(token), AAD)


def test_a_token_under_another_tenants_associated_data_is_refused() -> None:
    credentials = cipher(MemorySecrets())
    token = credentials.encrypt(AIRTEL_SECRET, AAD)

    with pytest.raises(DecryptionError):
        credentials.decrypt(token, b"tenant_43/airtel/client_secret")


def test_relabelling_a_token_with_another_key_id_is_refused() -> None:
    same_key = generate_data_key()  # so only the authenticated header can tell them apart
    secrets = MemorySecrets({"data-key-v1": same_key, "data-key-v2": same_key})
    token = cipher(secrets, "v1").encrypt(AIRTEL_SECRET, AAD)

    with pytest.raises(DecryptionError):
        cipher(secrets, "v1").decrypt(token.replace(b"enc1:v1:", b"enc1:v2:"), AAD)


def test_a_token_naming_an_unknown_key_raises_unknown_key_error() -> None:
    secrets = MemorySecrets()
    token = cipher(secrets, "v9").encrypt(AIRTEL_SECRET, AAD)
    del secrets.values["data-key-v9"]

    with pytest.raises(UnknownKeyError):
        cipher(secrets, "v1").decrypt(token, AAD)
    assert "data-key-v9" not in secrets.values


@pytest.mark.parametrize(
    "token",
    [b"", b"plaintext", b"enc2:v1:AAAA", b"enc1:V1!:AAAA", b"enc1:v1:not base64!", b"enc1:v1:AAAA"],
)
def test_malformed_tokens_raise_decryption_error(token: bytes) -> None:
    with pytest.raises(DecryptionError):
        cipher(MemorySecrets()).decrypt(token, AAD)


def test_a_data_key_of_the_wrong_size_is_a_configuration_fault() -> None:
    secrets = MemorySecrets({"data-key-v1": base64.b64encode(b"short").decode()})

    with pytest.raises(KeyringError, match="data-key-v1"):
        cipher(secrets).encrypt(AIRTEL_SECRET, AAD)


def test_an_invalid_key_id_is_refused() -> None:
    with pytest.raises(ValueError, match="data key id"):
        DataKeyring(MemorySecrets(), active_key_id="v1:evil")
