"""Counting attempts against the abuse limits, in a transaction of their own."""

from __future__ import annotations

from shared_code.identity import rate_limits
from shared_code.identity.ports import IdentityPorts


def throttle(ports: IdentityPorts, checks: list[tuple[str, str | None]]) -> None:
    """Count this attempt against each (bucket, subject) and refuse past a limit.

    Runs in its own committed transaction, so refused attempts still count.
    """
    now = ports.clock.now()
    refusal: rate_limits.RateLimited | None = None
    with ports.db.unit_of_work() as uow:
        for bucket, subject in checks:
            try:
                rate_limits.hit(uow, bucket, subject, now)
            except rate_limits.RateLimited as limited:
                refusal = refusal or limited
        uow.commit()
    if refusal is not None:
        raise refusal
