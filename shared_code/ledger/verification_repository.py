"""SQL of ledger verification: the hash chain recomputed in the database, checkpoints, runs.

The chain check rebuilds each entry's canonical serialisation (`chain.canonical_content`,
version 1) in SQL and hashes it with the database's `sha256`, so a million lines never
cross the wire. `tests/integration/test_ledger_verification.py` holds it to the Python
serialisation on entries with awkward text, and the tamper tests to its findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from shared_code.ledger.chain import ChainHead
from shared_code.platform.db import Row, UnitOfWork

_CHAIN_CHECK = """
WITH lines AS (
    SELECT l.entry_id,
           string_agg(
               '[' || l.line_number || ',"' || l.account_id || '","' || l.debit || '","' || l.credit || '",'
               || to_json(l.memo)::text || ','
               || coalesce(to_json(l.party_type)::text, 'null') || ','
               || coalesce('"' || l.party_id || '"', 'null') || ']',
               ',' ORDER BY l.line_number) AS lines
    FROM journal_lines l
    WHERE l.entry_number > %(after)s
    GROUP BY l.entry_id
), checked AS (
    SELECT e.id, e.entry_number, e.previous_hash, e.hash,
           row_number() OVER w + %(after)s AS expected_number,
           coalesce(lag(e.hash) OVER w, %(start_hash)s) AS expected_previous,
           encode(sha256(convert_to(
               '{"created_by":"' || e.created_by || '","date":"' || e.entry_date
               || '","description":' || to_json(e.description)::text
               || ',"id":"' || e.id || '","idempotency_key":' || coalesce(to_json(e.idempotency_key)::text, 'null')
               || ',"lines":[' || lines.lines || '],"number":' || e.entry_number
               || ',"posted_at":"' || to_char(e.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
               || '","previous_hash":"' || e.previous_hash
               || '","reverses":' || coalesce('"' || e.reverses_entry_id || '"', 'null')
               || ',"source_id":' || coalesce('"' || e.source_id || '"', 'null')
               || ',"source_type":' || to_json(e.source_type)::text || ',"v":1}', 'UTF8')), 'hex') AS recomputed
    FROM journal_entries e LEFT JOIN lines ON lines.entry_id = e.id
    WHERE e.entry_number > %(after)s
    WINDOW w AS (ORDER BY e.entry_number)
), broken AS (
    SELECT id, entry_number, expected_number, expected_previous,
           CASE WHEN entry_number <> expected_number THEN 'number'
                WHEN previous_hash <> expected_previous THEN 'link'
                ELSE 'content' END AS problem
    FROM checked
    WHERE entry_number <> expected_number OR previous_hash <> expected_previous
          OR recomputed IS DISTINCT FROM hash
    ORDER BY entry_number
    LIMIT 1
)
SELECT (SELECT count(*) FROM checked) AS total,
       (SELECT hash FROM checked ORDER BY entry_number DESC LIMIT 1) AS last_hash,
       (SELECT last_entry_number FROM ledger_chain) AS head_number,
       (SELECT last_hash FROM ledger_chain) AS head_hash,
       broken.*
FROM (SELECT 1) AS one LEFT JOIN broken ON true
"""


@dataclass(frozen=True)
class ChainScan:
    """What one pass over the chain after a given entry found."""

    entries_read: int
    """Entries after the starting point."""
    last_hash: str | None
    """The hash stored on the last of them (None if there were none)."""
    broken_entry_id: UUID | None
    """The first entry that does not check out, if any."""
    broken_entry_number: int | None
    """The entry number expected where it broke."""
    found_entry_number: int | None
    """The number the broken entry actually carries."""
    expected_previous: str | None
    """The hash the broken entry should have linked to (the last good one's)."""
    problem: str | None
    """`number`, `link` or `content`."""
    head: ChainHead | None
    """The chain head as stored, read in the same snapshot as the entries."""


def scan_chain(uow: UnitOfWork, *, after: int, start_hash: str) -> ChainScan:
    """Recompute and link-check every entry numbered above `after`, the first linking to `start_hash`."""
    row = uow.fetch_one(_CHAIN_CHECK, {"after": after, "start_hash": start_hash})
    assert row is not None
    return ChainScan(
        entries_read=row["total"],
        last_hash=row["last_hash"],
        broken_entry_id=row["id"],
        broken_entry_number=row["expected_number"],
        found_entry_number=row["entry_number"],
        expected_previous=row["expected_previous"],
        problem=row["problem"],
        head=None
        if row["head_number"] is None
        else ChainHead(last_entry_number=row["head_number"], last_hash=row["head_hash"]),
    )


@dataclass(frozen=True)
class Checkpoint:
    """The last entry whose place in the chain was verified."""

    entry_number: int
    """Its number."""
    hash: str
    """Its hash, as verified."""
    verified_at: datetime
    """When."""


def read_checkpoint(uow: UnitOfWork) -> Checkpoint | None:
    """The checkpoint, or None before the first verification."""
    row = uow.fetch_one("SELECT entry_number, hash, verified_at FROM ledger_verified_through")
    return Checkpoint(row["entry_number"], row["hash"], row["verified_at"]) if row else None


def write_checkpoint(uow: UnitOfWork, entry_number: int, entry_hash: str) -> None:
    """Move the checkpoint to `entry_number`."""
    uow.execute(
        """
        INSERT INTO ledger_verified_through (singleton, entry_number, hash, verified_at)
        VALUES (true, %(number)s, %(hash)s, now())
        ON CONFLICT (singleton) DO UPDATE
            SET entry_number = excluded.entry_number, hash = excluded.hash, verified_at = excluded.verified_at
        """,
        {"number": entry_number, "hash": entry_hash},
    )


def pending_run(uow: UnitOfWork) -> Row | None:
    """The run that waits to be done, if any."""
    return uow.fetch_one("SELECT * FROM ledger_verifications WHERE status = 'pending'")


def insert_run(uow: UnitOfWork, run_id: UUID, requested_by: UUID, *, full_chain: bool) -> Row | None:
    """Record a requested run; None if another one is already pending."""
    return uow.fetch_one(
        """
        INSERT INTO ledger_verifications (id, requested_by, full_chain) VALUES (%(id)s, %(by)s, %(full)s)
        ON CONFLICT DO NOTHING RETURNING *
        """,
        {"id": run_id, "by": requested_by, "full": full_chain},
    )


def read_run(uow: UnitOfWork, run_id: UUID) -> Row | None:
    """One run."""
    return uow.fetch_one("SELECT * FROM ledger_verifications WHERE id = %(id)s", {"id": run_id})


def lock_run(uow: UnitOfWork, run_id: UUID) -> Row | None:
    """One run, locked until the caller's transaction ends (a redelivered job waits here)."""
    return uow.fetch_one("SELECT * FROM ledger_verifications WHERE id = %(id)s FOR UPDATE", {"id": run_id})


def latest_run(uow: UnitOfWork) -> Row | None:
    """The newest finished run."""
    return uow.fetch_one(
        "SELECT * FROM ledger_verifications WHERE status = 'done' ORDER BY finished_at DESC, id DESC LIMIT 1"
    )


def finish_run(uow: UnitOfWork, run_id: UUID, result: dict[str, Any]) -> None:
    """Store a run's findings and mark it done."""
    uow.execute(
        """
        UPDATE ledger_verifications
        SET status = 'done', finished_at = now(), ok = %(ok)s, from_entry_number = %(from_entry_number)s,
            entries_checked = %(entries_checked)s, last_entry_number = %(last_entry_number)s,
            last_hash = %(last_hash)s, broken_entry_id = %(broken_entry_id)s,
            broken_entry_number = %(broken_entry_number)s, problem = %(problem)s,
            balance_mismatches = %(balance_mismatches)s
        WHERE id = %(id)s
        """,
        {**result, "id": run_id},
    )
