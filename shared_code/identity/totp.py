"""TOTP second factor: secrets encrypted at rest, codes usable once, recovery codes hashed."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from uuid import UUID

import pyotp

from shared_code.identity import mfa_repository
from shared_code.platform.crypto import CredentialCipher
from shared_code.platform.db import UnitOfWork

PERIOD_SECONDS = 30
VALID_WINDOW = 1
"""Steps accepted either side of now, for phones whose clocks drift."""


def _aad(user_id: UUID) -> bytes:
    return f"mfa-secret:{user_id}".encode()


def encrypt_secret(cipher: CredentialCipher, user_id: UUID, secret: str) -> str:
    """The TOTP secret as stored: AES-GCM bound to the user."""
    return cipher.encrypt(secret.encode(), _aad(user_id)).decode()


def decrypt_secret(cipher: CredentialCipher, user_id: UUID, stored: str) -> str:
    """The TOTP secret of a user."""
    return cipher.decrypt(stored.encode(), _aad(user_id)).decode()


def accepted_step(secret: str, code: str, *, last_step: int | None, now: datetime) -> int | None:
    """The time step `code` is valid for (within the window and after `last_step`), else None."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret, interval=PERIOD_SECONDS)
    current = int(now.timestamp()) // PERIOD_SECONDS
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * PERIOD_SECONDS), code):
            return step
    return None


def hash_recovery_code(user_id: UUID, code: str) -> str:
    """How a recovery code is stored: keyed to the user, case and dashes ignored."""
    normalised = code.strip().replace("-", "").replace(" ", "").lower()
    return hashlib.sha256(f"{user_id}:{normalised}".encode()).hexdigest()


def use_recovery_code(uow: UnitOfWork, user_id: UUID, code: str) -> bool:
    """Spend one unused recovery code of the user; False if it is not one."""
    return mfa_repository.spend_recovery_code(uow, user_id, hash_recovery_code(user_id, code))
