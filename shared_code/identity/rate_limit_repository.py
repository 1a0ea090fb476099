"""SQL of the abuse limits' counters (platform schema)."""

from __future__ import annotations

from datetime import datetime

from shared_code.platform.db import UnitOfWork


def count_hit(uow: UnitOfWork, bucket: str, subject: str, window_start: datetime) -> int:
    """Add one hit to the subject's counter of the window; returns the hits so far."""
    row = uow.fetch_one(
        """
        INSERT INTO platform.rate_limit_counters (bucket, subject, window_start, hits)
        VALUES (%(bucket)s, %(subject)s, %(start)s, 1)
        ON CONFLICT (bucket, subject, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
        RETURNING hits
        """,
        {"bucket": bucket, "subject": subject, "start": window_start},
    )
    assert row is not None
    return int(row["hits"])


def hits(uow: UnitOfWork, bucket: str, subject: str, window_start: datetime) -> int:
    """The subject's hits in the window so far."""
    row = uow.fetch_one(
        """
        SELECT hits FROM platform.rate_limit_counters
        WHERE bucket = %(bucket)s AND subject = %(subject)s AND window_start = %(start)s
        """,
        {"bucket": bucket, "subject": subject, "start": window_start},
    )
    return int(row["hits"]) if row else 0


def delete_windows_before(uow: UnitOfWork, cutoff: datetime) -> int:
    """Forget counters of windows that started before `cutoff`; returns how many."""
    return uow.execute(
        "DELETE FROM platform.rate_limit_counters WHERE window_start < %(cutoff)s", {"cutoff": cutoff}
    ).rowcount
