"""Readiness: whether this instance can serve, and if not, exactly what is missing.

Each check names what it found wrong so that an operator can act on the answer: a
database or blob store that does not answer, a secret that was never created, an app
setting whose Key Vault reference did not resolve. In Azure the app identity may only read
secrets (Key Vault Secrets User), so every secret the app reads by name must exist before
the first request; `required_secret_names` lists them and docs/deployment.md gives the
command that creates each one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared_code.platform.crypto import data_key_secret_name, jwt_signing_key_secret_name
from shared_code.platform.secrets import SecretNotFound, SecretsError, SecretsProvider
from shared_code.platform.settings import Settings

if TYPE_CHECKING:
    from shared_code.platform.blob import BlobStore
    from shared_code.platform.db import Database

KEY_VAULT_REFERENCE_PREFIX = "@Microsoft.KeyVault("
"""An app setting whose value still starts with this was not resolved by the platform."""


@dataclass(frozen=True)
class Check:
    """One dependency's state; `detail` says what is wrong when it is not ok."""

    ok: bool
    detail: str | None = None


def required_secret_names(settings: Settings) -> list[str]:
    """Every secret the app reads by name with these settings, in a stable order.

    The access-token signing keys (the active one and those still accepted after a
    rotation) and the active data key. Older data keys are read only if a stored
    credential names them, so they are not required for the app to serve.
    """
    key_ids = dict.fromkeys([settings.jwt_active_key_id, *settings.jwt_previous_key_ids])
    return [jwt_signing_key_secret_name(key_id) for key_id in key_ids] + [data_key_secret_name(settings.data_key_id)]


def check_secrets(secrets: SecretsProvider, names: list[str]) -> Check:
    """Whether every secret in `names` exists; the missing and unreadable ones are named."""
    missing: list[str] = []
    unreadable: list[str] = []
    for name in names:
        try:
            secrets.get(name)
        except SecretNotFound:
            missing.append(name)
        except SecretsError:
            unreadable.append(name)
    problems = []
    if missing:
        problems.append(f"missing secrets: {', '.join(missing)} (create them: docs/deployment.md, section 3)")
    if unreadable:
        problems.append(f"unreadable secrets: {', '.join(unreadable)}")
    return Check(ok=not problems, detail="; ".join(problems) or None)


def check_app_settings(environ: Mapping[str, str]) -> Check:
    """Whether every Key Vault reference in the app settings was resolved by the platform.

    An unresolved reference (missing secret, or no permission) reaches the app as the
    literal `@Microsoft.KeyVault(...)` text, which would be used as the value.
    """
    unresolved = sorted(name for name, value in environ.items() if value.startswith(KEY_VAULT_REFERENCE_PREFIX))
    if unresolved:
        return Check(ok=False, detail=f"unresolved Key Vault references: {', '.join(unresolved)}")
    return Check(ok=True)


def check_database(db: Database) -> Check:
    """Whether PostgreSQL answers within 3 seconds."""
    try:
        with db.connection(timeout=3.0) as conn:
            conn.execute("SELECT 1")
            conn.rollback()
        return Check(ok=True)
    except Exception as error:
        return Check(ok=False, detail=f"database unreachable ({type(error).__name__})")


def check_blob(blob: BlobStore) -> Check:
    """Whether blob storage answers within 3 seconds."""
    try:
        blob.probe(timeout_seconds=3.0)
        return Check(ok=True)
    except Exception as error:
        return Check(ok=False, detail=f"blob storage unreachable ({type(error).__name__})")


def run_checks(
    settings: Settings,
    *,
    db: Database,
    blob: BlobStore,
    secrets: SecretsProvider,
    environ: Mapping[str, str] = os.environ,
) -> dict[str, Check]:
    """Every readiness check by name.

    On one machine secrets are generated on first use (the local file is writable), so
    they cannot be missing; in Azure they are looked up.
    """
    return {
        "database": check_database(db),
        "blob": check_blob(blob),
        "secrets": Check(ok=True) if settings.is_local else check_secrets(secrets, required_secret_names(settings)),
        "app_settings": check_app_settings(environ),
    }
