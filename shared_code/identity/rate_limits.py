"""Abuse limits stored in PostgreSQL, so they hold across every instance.

Fixed windows per (bucket, subject): a subject is an IP address or an account key (the
normalised e-mail, so unknown and known addresses are limited alike and nothing reveals
which exist).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shared_code.identity import rate_limit_repository
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import DomainError


@dataclass(frozen=True)
class Limit:
    """At most `hits` per `window` for one subject of one bucket."""

    bucket: str
    hits: int
    window: timedelta


LIMITS: dict[str, Limit] = {
    limit.bucket: limit
    for limit in (
        # Sized for a carrier NAT: thousands of phones share one address (docs/security/abuse-limits.md).
        Limit("register:ip", 100, timedelta(hours=1)),
        Limit("register:account", 3, timedelta(hours=1)),
        # Sign-in counts failures only: untrusted devices per address and per account, a known
        # device (its device token) by itself.
        Limit("login:ip", 100, timedelta(minutes=15)),
        Limit("login:account", 10, timedelta(minutes=15)),
        Limit("login:device", 10, timedelta(minutes=15)),
        Limit("mfa:ip", 30, timedelta(minutes=15)),
        Limit("mfa:account", 10, timedelta(minutes=15)),
        Limit("reset:ip", 10, timedelta(hours=1)),
        Limit("reset:account", 3, timedelta(hours=1)),
        Limit("verify:ip", 200, timedelta(hours=1)),  # links carry 256-bit tokens: this only bounds load
        Limit("verify:account", 5, timedelta(hours=1)),
        Limit("invite:account", 50, timedelta(hours=1)),
    )
}


class RateLimited(DomainError):
    """Too many attempts; try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            code="rate_limited",
            title="Too many attempts. Please wait and try again.",
            status=429,
            detail=f"Try again in {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )
        self.retry_after = retry_after


def hit(uow: UnitOfWork, bucket: str, subject: str | None, now: datetime) -> None:
    """Count one attempt of `subject` in `bucket`; raise RateLimited past the limit.

    The counter commits with the caller's transaction; callers that refuse the request
    must still commit the count (see `hit_and_commit`).
    """
    if not subject:
        return
    limit = LIMITS[bucket]
    seconds = int(limit.window.total_seconds())
    window_start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)
    hits = rate_limit_repository.count_hit(uow, bucket, subject[:300], window_start)
    if hits > limit.hits:
        retry_after = int((window_start + limit.window - now).total_seconds()) + 1
        raise RateLimited(max(retry_after, 1))


def _window(limit: Limit, now: datetime) -> datetime:
    seconds = int(limit.window.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)


def refuse_if_exhausted(uow: UnitOfWork, bucket: str, subject: str | None, now: datetime) -> None:
    """Raise RateLimited if `subject` has already used up `bucket` in this window (counts nothing)."""
    if not subject:
        return
    limit = LIMITS[bucket]
    window_start = _window(limit, now)
    if rate_limit_repository.hits(uow, bucket, subject[:300], window_start) >= limit.hits:
        raise RateLimited(max(int((window_start + limit.window - now).total_seconds()) + 1, 1))


def record(uow: UnitOfWork, bucket: str, subject: str | None, now: datetime) -> None:
    """Count one event (a failure) of `subject` in `bucket`, refusing nothing."""
    if subject:
        rate_limit_repository.count_hit(uow, bucket, subject[:300], _window(LIMITS[bucket], now))


def purge_expired(uow: UnitOfWork, now: datetime) -> int:
    """Forget counters whose windows ended more than a day ago."""
    return rate_limit_repository.delete_windows_before(uow, now - timedelta(days=1))
