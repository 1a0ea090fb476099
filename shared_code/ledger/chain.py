"""Tamper evidence: each tenant's journal is one hash chain.

An entry's hash is SHA-256 over a canonical serialisation of its content that includes the
hash of the entry before it, so changing, removing or inserting any entry breaks every
hash after it. The first entry links to a genesis hash derived from the tenant's id, so a
chain cannot be moved to another tenant unnoticed. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any
from uuid import UUID

from shared_code.ledger.model import JournalEntry, format_money

CANONICAL_VERSION = 1
"""Bumped if the serialisation ever changes; entries keep the version they were hashed with."""


def genesis_hash(tenant_id: UUID) -> str:
    """The `previous_hash` of a tenant's first entry."""
    return hashlib.sha256(f"intellifin-ledger-genesis:{tenant_id}".encode()).hexdigest()


def canonical_content(entry: JournalEntry) -> bytes:
    """The bytes an entry's hash covers: its content and its predecessor's hash.

    Compact JSON with sorted keys; amounts as two-place strings, dates ISO 8601, the
    posting instant in UTC with microseconds. The derived `reversed_by_entry_id` and the
    hash itself are not part of it.
    """
    document: dict[str, Any] = {
        "v": CANONICAL_VERSION,
        "number": entry.entry_number,
        "id": str(entry.id),
        "date": entry.entry_date.isoformat(),
        "description": entry.description,
        "source_type": entry.source.document_type,
        "source_id": _optional(entry.source.document_id),
        "idempotency_key": entry.idempotency_key,
        "reverses": _optional(entry.reverses_entry_id),
        "created_by": str(entry.created_by),
        "posted_at": entry.posted_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "lines": [
            [
                line.line_number,
                str(line.account_id),
                format_money(line.debit),
                format_money(line.credit),
                line.memo,
                line.party.party_type.value if line.party else None,
                str(line.party.party_id) if line.party else None,
            ]
            for line in entry.lines
        ],
        "previous_hash": entry.previous_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry: JournalEntry) -> str:
    """SHA-256 (hex) of `canonical_content(entry)`."""
    return hashlib.sha256(canonical_content(entry)).hexdigest()


def _optional(value: UUID | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class ChainHead:
    """The last link of a tenant's chain, as stored."""

    last_entry_number: int
    """Number of the last posted entry (0 before the first)."""
    last_hash: str
    """Its hash (the genesis hash before the first)."""


@dataclass(frozen=True)
class ChainVerification:
    """The outcome of checking a chain from its first entry."""

    ok: bool
    """True if every entry's hash and link checked out."""
    entries_checked: int
    """How many entries were read."""
    last_hash: str
    """The hash the chain ends with (what an auditor can note down and compare later)."""
    broken_entry_id: UUID | None = None
    """The first entry that does not check out."""
    broken_entry_number: int | None = None
    """Its number (or the number that is missing)."""
    problem: str | None = None
    """What is wrong with it."""


def verify_entries(entries: Iterable[JournalEntry], *, genesis: str, head: ChainHead | None) -> ChainVerification:
    """Check `entries` (in entry-number order) link up from `genesis` and end at `head`."""
    expected_previous = genesis
    expected_number = 1
    checked = 0
    for entry in entries:
        checked += 1
        problem = None
        if entry.entry_number != expected_number:
            problem = f"entry number {expected_number} is missing (found {entry.entry_number})"
        elif entry.previous_hash != expected_previous:
            problem = "its link to the previous entry does not match that entry's hash"
        elif entry_hash(entry) != entry.hash:
            problem = "its content does not match its hash"
        if problem is not None:
            return ChainVerification(
                ok=False,
                entries_checked=checked,
                last_hash=expected_previous,
                broken_entry_id=entry.id,
                broken_entry_number=expected_number,
                problem=problem,
            )
        expected_previous = entry.hash
        expected_number += 1
    last_number = expected_number - 1
    if head is not None and (head.last_entry_number, head.last_hash) != (last_number, expected_previous):
        return ChainVerification(
            ok=False,
            entries_checked=checked,
            last_hash=expected_previous,
            broken_entry_number=last_number + 1,
            problem=f"the chain head records entry {head.last_entry_number}; the journal ends at {last_number}",
        )
    return ChainVerification(ok=True, entries_checked=checked, last_hash=expected_previous)
