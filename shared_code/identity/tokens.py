"""Tokens: short-lived JWT access tokens, and opaque single-use tokens stored hashed.

Access tokens are HS256 JWTs with a `kid` header naming the signing key; keys come from
the secrets provider (`jwt-signing-key-<kid>`). Rotating means making a new key active
and keeping the old id in `JWT_PREVIOUS_KEY_IDS` until its tokens (15 minutes at most)
have expired; sessions are opaque refresh tokens in the database, so nobody is logged out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import jwt

from shared_code.platform.crypto import jwt_signing_key_secret_name
from shared_code.platform.secrets import SecretsProvider

AUDIENCE = "intellifin-api"
DEVICE_AUDIENCE = "intellifin-device"
"""Device tokens are signed with the same keys for another audience, so neither passes for the other."""
DEVICE_LIFETIME = timedelta(days=365)
"""How long a browser stays known to an account after its last successful sign-in there."""
ALGORITHM = "HS256"


def new_opaque_token() -> str:
    """A random URL-safe token (256 bits) for links and cookies."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """How opaque tokens are stored: SHA-256, hex (they are random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_match(token: str, expected_hash: str) -> bool:
    """Constant-time comparison of a presented token with a stored hash."""
    return hmac.compare_digest(hash_token(token), expected_hash)


@dataclass(frozen=True)
class AccessClaims:
    """What a verified access token says."""

    user_id: UUID
    session_id: UUID
    email: str
    mfa: bool
    """True if the session was opened with a second factor."""
    expires_at: datetime


class InvalidAccessToken(Exception):
    """The token is malformed, forged, expired or not for this API."""


@dataclass
class AccessTokenService:
    """Issues and verifies access tokens."""

    secrets_provider: SecretsProvider
    issuer: str
    active_key_id: str
    accepted_key_ids: frozenset[str]
    lifetime: timedelta
    _keys: dict[str, bytes] = field(default_factory=dict)

    def _key(self, key_id: str) -> bytes:
        """The signing key `key_id`, read from the secrets provider once per process."""
        if key_id not in self._keys:
            encoded = self.secrets_provider.get_or_create(
                jwt_signing_key_secret_name(key_id), lambda: base64.b64encode(secrets.token_bytes(64)).decode()
            )
            self._keys[key_id] = base64.b64decode(encoded)
        return self._keys[key_id]

    def issue(self, *, user_id: UUID, session_id: UUID, email: str, mfa: bool, now: datetime) -> str:
        """A signed access token for the session."""
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": str(user_id),
            "sid": str(session_id),
            "email": email,
            "amr": ["pwd", "otp"] if mfa else ["pwd"],
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()) - 5,
            "exp": int((now + self.lifetime).timestamp()),
            "jti": secrets.token_hex(8),
        }
        key = self._key(self.active_key_id)
        return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": self.active_key_id})

    def verify(self, token: str) -> AccessClaims:
        """The claims of a valid token, or InvalidAccessToken (never says which check failed)."""
        try:
            header = jwt.get_unverified_header(token)
            key_id = header.get("kid")
            if header.get("alg") != ALGORITHM or not isinstance(key_id, str) or key_id not in self.accepted_key_ids:
                raise InvalidAccessToken("unacceptable token header")
            claims = jwt.decode(
                token,
                self._key(key_id),
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "sid", "aud", "iss"]},
            )
            return AccessClaims(
                user_id=UUID(claims["sub"]),
                session_id=UUID(claims["sid"]),
                email=str(claims.get("email", "")),
                mfa="otp" in claims.get("amr", []),
                expires_at=datetime.fromtimestamp(claims["exp"]).astimezone(),
            )
        except (jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
            raise InvalidAccessToken(str(error)) from error

    def issue_device(self, *, login: str, now: datetime) -> str:
        """A signed device token (OWASP "device cookies"): this browser signed in to `login`."""
        claims = {
            "iss": self.issuer,
            "aud": DEVICE_AUDIENCE,
            "sub": login,
            "did": secrets.token_hex(16),
            "iat": int(now.timestamp()),
            "exp": int((now + DEVICE_LIFETIME).timestamp()),
        }
        return jwt.encode(
            claims, self._key(self.active_key_id), algorithm=ALGORITHM, headers={"kid": self.active_key_id}
        )

    def device_id(self, token: str | None, *, login: str) -> str | None:
        """The device's id if `token` is a valid device token for `login`, else None."""
        if not token:
            return None
        try:
            key_id = jwt.get_unverified_header(token).get("kid")
            if not isinstance(key_id, str) or key_id not in self.accepted_key_ids:
                return None
            claims = jwt.decode(
                token,
                self._key(key_id),
                algorithms=[ALGORITHM],
                audience=DEVICE_AUDIENCE,
                issuer=self.issuer,
                options={"require": ["exp", "sub", "did", "aud", "iss"]},
            )
        except (jwt.PyJWTError, ValueError, KeyError, TypeError):
            return None
        return str(claims["did"]) if claims["sub"] == login else None
