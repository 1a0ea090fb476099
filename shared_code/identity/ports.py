"""What identity's use cases are given: the ports they use and the settings that shape them.

Sign-in and its neighbours commit more than once per request (a throttle count or a failed
attempt must stick even when the request is refused), so they take the unit-of-work
factory (`db`) rather than one open unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from shared_code.identity.tokens import AccessTokenService
from shared_code.platform.clock import Clock
from shared_code.platform.crypto import CredentialCipher
from shared_code.platform.db import Transactions
from shared_code.platform.secrets import SecretsProvider

if TYPE_CHECKING:
    from shared_code.platform.ports import Ports


@dataclass(frozen=True)
class IdentityPolicy:
    """The settings identity's rules follow."""

    public_base_url: str
    """The web app's address, for links in e-mails."""
    email_verification_hours: int
    """How long a verification link works."""
    password_reset_minutes: int
    """How long a reset link works."""
    invitation_days: int
    """How long an invitation can be accepted."""
    session_days: int
    """The longest a session lasts (absolute lifetime)."""
    session_idle_hours: int
    """A session not refreshed for this long ends (idle timeout)."""
    access_token_minutes: int
    """The lifetime of an access token."""
    jwt_active_key_id: str
    """The key that signs new access tokens."""
    jwt_previous_key_ids: tuple[str, ...]
    """Keys whose tokens are still accepted (rotation)."""


@dataclass(frozen=True)
class IdentityPorts:
    """The ports and policy of identity's use cases."""

    db: Transactions
    """Opens units of work."""
    clock: Clock
    """The one source of "now"."""
    cipher: CredentialCipher
    """Encrypts TOTP secrets at rest."""
    secrets: SecretsProvider
    """Holds the JWT signing keys."""
    policy: IdentityPolicy
    """Lifetimes and addresses from the settings."""

    def access_tokens(self) -> AccessTokenService:
        """The access-token service configured from the policy."""
        policy = self.policy
        return AccessTokenService(
            secrets_provider=self.secrets,
            issuer=policy.public_base_url,
            active_key_id=policy.jwt_active_key_id,
            accepted_key_ids=frozenset({policy.jwt_active_key_id, *policy.jwt_previous_key_ids}),
            lifetime=timedelta(minutes=policy.access_token_minutes),
        )


def identity_ports(ports: Ports) -> IdentityPorts:
    """Identity's ports taken from the composition root's."""
    settings = ports.settings
    return IdentityPorts(
        db=ports.db,
        clock=ports.clock,
        cipher=ports.cipher,
        secrets=ports.secrets,
        policy=IdentityPolicy(
            public_base_url=settings.public_base_url,
            email_verification_hours=settings.email_verification_hours,
            password_reset_minutes=settings.password_reset_minutes,
            invitation_days=settings.invitation_days,
            session_days=settings.session_days,
            session_idle_hours=settings.session_idle_hours,
            access_token_minutes=settings.access_token_minutes,
            jwt_active_key_id=settings.jwt_active_key_id,
            jwt_previous_key_ids=tuple(settings.jwt_previous_key_ids),
        ),
    )
