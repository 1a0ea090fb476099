"""AES-GCM envelope for the integration credentials a tenant stores (Airtel secret, VSDC).

A credential is encrypted under a data key that comes from the secrets provider
(`data-key-v1`, `data-key-v2`, ...: 32 random bytes, base64). The token names the key it
was made with, so keys can rotate: new tokens use the active key, old tokens still decrypt
with theirs until `reencrypt` moves them to the active one.

Token format (ASCII bytes, fits a TEXT or BYTEA column):

    enc1:<key-id>:<base64url(nonce[12] || ciphertext || tag[16])>

The `enc1:<key-id>:` header is authenticated along with the caller's associated data,
which should name what the secret belongs to (e.g. `b"tenant_42/airtel/client_secret"`),
so a token copied to another tenant or field does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from typing import TYPE_CHECKING, Protocol

from shared_code.platform.secrets import SecretNotFound, SecretsProvider

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TOKEN_FORMAT = b"enc1"
"""First field of every token; a new layout would get a new name."""

DATA_KEY_SECRET_PREFIX = "data-key-"  # noqa: S105  (a name prefix, not a secret)
"""Data key `v1` is the secret `data-key-v1`."""

DEFAULT_DATA_KEY_ID = "v1"
"""The active key id until configuration says otherwise."""

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16

_KEY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")


class DecryptionError(ValueError):
    """A token cannot be decrypted: malformed, tampered with, or the wrong associated data."""


class UnknownKeyError(DecryptionError):
    """A token names a data key that the secrets provider does not have."""


class KeyringError(RuntimeError):
    """A data key in the secrets provider is not 32 bytes of base64: a configuration fault."""


class Keyring(Protocol):
    """The data keys a `CredentialCipher` may use."""

    @property
    def active_key_id(self) -> str:
        """The key new tokens are made with."""
        ...

    def key(self, key_id: str) -> bytes:
        """The 32-byte key `key_id`; raises `UnknownKeyError` if there is none."""
        ...


def data_key_secret_name(key_id: str) -> str:
    """The secret that holds data key `key_id`."""
    return DATA_KEY_SECRET_PREFIX + key_id


def jwt_signing_key_secret_name(key_id: str) -> str:
    """The secret that holds the access-token signing key `key_id`."""
    return f"jwt-signing-key-{key_id}"


def generate_data_key() -> str:
    """A new data key as stored in the secrets provider: 32 random bytes, base64."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


class DataKeyring:
    """Data keys from the secrets provider; the active one is generated on first use.

    Keys other than the active one are only ever read: a token naming a key that is not
    there raises `UnknownKeyError` instead of quietly creating a useless new key.
    """

    def __init__(self, secrets: SecretsProvider, active_key_id: str = DEFAULT_DATA_KEY_ID) -> None:
        self._secrets = secrets
        self._active_key_id = _checked_key_id(active_key_id)
        self._keys: dict[str, bytes] = {}

    @property
    def active_key_id(self) -> str:
        """The key new tokens are made with."""
        return self._active_key_id

    def key(self, key_id: str) -> bytes:
        """The 32-byte key `key_id`; raises `UnknownKeyError` if there is none."""
        if key_id in self._keys:
            return self._keys[key_id]
        name = data_key_secret_name(_checked_key_id(key_id))
        if key_id == self._active_key_id:
            encoded = self._secrets.get_or_create(name, generate_data_key)
        else:
            try:
                encoded = self._secrets.get(name)
            except SecretNotFound:
                raise UnknownKeyError(f"data key {key_id!r} is not in the secrets store") from None
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            key = b""
        if len(key) != KEY_BYTES:
            raise KeyringError(f"the secret {name!r} is not {KEY_BYTES} bytes of base64")
        self._keys[key_id] = key
        return key


class CredentialCipher:
    """Encrypts and decrypts integration credentials with AES-256-GCM.

    Safe to share between threads; keys are fetched from the keyring on first use.
    """

    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring
        self._ciphers: dict[str, AESGCM] = {}

    def encrypt(self, plaintext: bytes, associated_data: bytes) -> bytes:
        """A token holding `plaintext`, bound to `associated_data`, under the active key."""
        key_id = self._keyring.active_key_id
        header = _header(key_id)
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._cipher(key_id).encrypt(nonce, plaintext, header + associated_data)
        return header + base64.urlsafe_b64encode(nonce + sealed)

    def decrypt(self, token: bytes, associated_data: bytes) -> bytes:
        """The plaintext in `token`; raises `DecryptionError` (or `UnknownKeyError`)."""
        from cryptography.exceptions import InvalidTag

        key_id, header, sealed = _parse(token)
        try:
            return self._cipher(key_id).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], header + associated_data)
        except InvalidTag:
            raise DecryptionError(
                "credential token failed authentication: it was altered, "
                "or the associated data is not the one it was encrypted with"
            ) from None

    def key_id_of(self, token: bytes) -> str:
        """The id of the key `token` was made with; raises `DecryptionError` if malformed."""
        return _parse(token)[0]

    def needs_rotation(self, token: bytes) -> bool:
        """True if `token` was made with a key other than the active one."""
        return self.key_id_of(token) != self._keyring.active_key_id

    def reencrypt(self, token: bytes, associated_data: bytes) -> bytes:
        """`token` moved to the active key; returned unchanged if it already uses it.

        A rotation job reads each stored token, calls this, and writes back the tokens
        that changed; once none name the old key, the old key can be retired.
        """
        if not self.needs_rotation(token):
            self.decrypt(token, associated_data)
            return token
        return self.encrypt(self.decrypt(token, associated_data), associated_data)

    def _cipher(self, key_id: str) -> AESGCM:
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            cipher = AESGCM(self._keyring.key(key_id))
            self._ciphers[key_id] = cipher
        return cipher


def _header(key_id: str) -> bytes:
    return TOKEN_FORMAT + b":" + key_id.encode("ascii") + b":"


def _parse(token: bytes) -> tuple[str, bytes, bytes]:
    parts = bytes(token).split(b":", 2)
    if len(parts) != 3 or parts[0] != TOKEN_FORMAT:
        raise DecryptionError("not a credential token (expected enc1:<key-id>:<data>)")
    key_id = parts[1].decode("ascii", errors="replace")
    if not _KEY_ID.fullmatch(key_id):
        raise DecryptionError("credential token has a malformed key id")
    try:
        sealed = base64.b64decode(parts[2], altchars=b"-_", validate=True)
    except binascii.Error:
        raise DecryptionError("credential token data is not valid base64url") from None
    if len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("credential token is too short")
    return key_id, _header(key_id), sealed


def _checked_key_id(key_id: str) -> str:
    if not _KEY_ID.fullmatch(key_id):
        raise ValueError(f"invalid data key id {key_id!r}: 1 to 32 of a-z, 0-9 and -, starting alphanumeric")
    return key_id
