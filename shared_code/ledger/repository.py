"""SQL for the journal and its hash-chain head, inside the caller's tenant unit of work."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from shared_code.ledger.balance_repository import add_to_balances
from shared_code.ledger.chain import ChainHead
from shared_code.ledger.model import JournalEntry, JournalLine, Party, PartyType, SourceDocument
from shared_code.platform.db import Row, UnitOfWork


def lock_chain_head(uow: UnitOfWork, genesis: str) -> ChainHead:
    """The chain head, locked until the transaction ends so postings queue up behind it.

    Created at `genesis` on the tenant's first posting.
    """
    query = "SELECT last_entry_number, last_hash FROM ledger_chain FOR UPDATE"
    row = uow.fetch_one(query)
    if row is None:
        uow.execute(
            """
            INSERT INTO ledger_chain (singleton, last_entry_number, last_hash)
            VALUES (true, 0, %(genesis)s) ON CONFLICT DO NOTHING
            """,
            {"genesis": genesis},
        )
        row = uow.fetch_one(query)
        assert row is not None
    return ChainHead(last_entry_number=row["last_entry_number"], last_hash=row["last_hash"])


def read_chain_head(uow: UnitOfWork) -> ChainHead | None:
    """The chain head without locking it (None before the first posting)."""
    row = uow.fetch_one("SELECT last_entry_number, last_hash FROM ledger_chain")
    return ChainHead(last_entry_number=row["last_entry_number"], last_hash=row["last_hash"]) if row else None


def count_entries_after(uow: UnitOfWork, entry_number: int, dated_on_or_before: date) -> int:
    """Entries numbered after `entry_number` and dated on or before a date."""
    row = uow.fetch_one(
        "SELECT count(*) AS n FROM journal_entries WHERE entry_number > %(number)s AND entry_date <= %(day)s",
        {"number": entry_number, "day": dated_on_or_before},
    )
    return int(row["n"]) if row else 0


def write_posted_entries(uow: UnitOfWork, entries: Sequence[JournalEntry]) -> None:
    """Write newly posted entries (in chain order) with their lines and balances, and make
    the last one the chain head: a fixed number of statements however many entries."""
    if not entries:
        return
    insert_entries(uow, entries)
    add_to_balances(uow, entries)
    last = entries[-1]
    uow.execute(
        "UPDATE ledger_chain SET last_entry_number = %(number)s, last_hash = %(hash)s",
        {"number": last.entry_number, "hash": last.hash},
    )


def insert_entries(uow: UnitOfWork, entries: Sequence[JournalEntry]) -> None:
    """Write posted entries and their lines."""
    uow.execute(
        """
        INSERT INTO journal_entries (id, entry_number, entry_date, description, source_type, source_id,
                                     idempotency_key, reverses_entry_id, created_by, posted_at,
                                     line_count, total, previous_hash, hash)
        SELECT * FROM unnest(%(ids)s::uuid[], %(numbers)s::bigint[], %(dates)s::date[], %(descriptions)s::text[],
                             %(source_types)s::text[], %(source_ids)s::uuid[], %(keys)s::text[],
                             %(reverses)s::uuid[], %(created_by)s::uuid[], %(posted_at)s::timestamptz[],
                             %(line_counts)s::integer[], %(totals)s::numeric[], %(previous)s::text[],
                             %(hashes)s::text[])
        """,
        {
            "ids": [e.id for e in entries],
            "numbers": [e.entry_number for e in entries],
            "dates": [e.entry_date for e in entries],
            "descriptions": [e.description for e in entries],
            "source_types": [e.source.document_type for e in entries],
            "source_ids": [e.source.document_id for e in entries],
            "keys": [e.idempotency_key for e in entries],
            "reverses": [e.reverses_entry_id for e in entries],
            "created_by": [e.created_by for e in entries],
            "posted_at": [e.posted_at for e in entries],
            "line_counts": [len(e.lines) for e in entries],
            "totals": [e.total for e in entries],
            "previous": [e.previous_hash for e in entries],
            "hashes": [e.hash for e in entries],
        },
    )
    lines = [(entry, line) for entry in entries for line in entry.lines]
    uow.execute(
        """
        INSERT INTO journal_lines (entry_id, line_number, account_id, entry_date, entry_number,
                                   debit, credit, memo, party_type, party_id)
        SELECT * FROM unnest(%(entry_ids)s::uuid[], %(numbers)s::integer[], %(accounts)s::uuid[],
                             %(dates)s::date[], %(entry_numbers)s::bigint[], %(debits)s::numeric[],
                             %(credits)s::numeric[], %(memos)s::text[], %(party_types)s::text[],
                             %(party_ids)s::uuid[])
        """,
        {
            "entry_ids": [entry.id for entry, _ in lines],
            "numbers": [line.line_number for _, line in lines],
            "accounts": [line.account_id for _, line in lines],
            "dates": [entry.entry_date for entry, _ in lines],
            "entry_numbers": [entry.entry_number for entry, _ in lines],
            "debits": [line.debit for _, line in lines],
            "credits": [line.credit for _, line in lines],
            "memos": [line.memo for _, line in lines],
            "party_types": [line.party.party_type.value if line.party else None for _, line in lines],
            "party_ids": [line.party.party_id if line.party else None for _, line in lines],
        },
    )


_ENTRY_COLUMNS = """
    e.id, e.entry_number, e.entry_date, e.description, e.source_type, e.source_id, e.idempotency_key,
    e.reverses_entry_id, e.created_by, e.posted_at, e.previous_hash, e.hash,
    (SELECT r.id FROM journal_entries r WHERE r.reverses_entry_id = e.id) AS reversed_by_entry_id
"""


def _entries_with_lines(uow: UnitOfWork, header_rows: list[Row]) -> list[JournalEntry]:
    if not header_rows:
        return []
    line_rows = uow.fetch_all(
        """
        SELECT entry_id, line_number, account_id, debit, credit, memo, party_type, party_id
        FROM journal_lines WHERE entry_id = ANY(%(ids)s) ORDER BY entry_id, line_number
        """,
        {"ids": [row["id"] for row in header_rows]},
    )
    lines: dict[UUID, list[JournalLine]] = {}
    for row in line_rows:
        lines.setdefault(row["entry_id"], []).append(line_from_row(row))
    return [entry_from_row(row, lines.get(row["id"], [])) for row in header_rows]


def line_from_row(row: Row) -> JournalLine:
    """A `JournalLine` from a row of `journal_lines`."""
    party = Party(PartyType(row["party_type"]), row["party_id"]) if row["party_type"] else None
    return JournalLine(
        line_number=row["line_number"],
        account_id=row["account_id"],
        debit=row["debit"],
        credit=row["credit"],
        memo=row["memo"],
        party=party,
    )


def entry_from_row(row: Row, lines: Iterable[JournalLine]) -> JournalEntry:
    """A `JournalEntry` from a row of `journal_entries` and its lines."""
    return JournalEntry(
        id=row["id"],
        entry_number=row["entry_number"],
        entry_date=row["entry_date"],
        description=row["description"],
        source=SourceDocument(row["source_type"], row["source_id"]),
        created_by=row["created_by"],
        posted_at=row["posted_at"],
        lines=tuple(lines),
        previous_hash=row["previous_hash"],
        hash=row["hash"],
        idempotency_key=row["idempotency_key"],
        reverses_entry_id=row["reverses_entry_id"],
        reversed_by_entry_id=row.get("reversed_by_entry_id"),
    )


def get_entry(uow: UnitOfWork, entry_id: UUID) -> JournalEntry | None:
    """One posted entry with its lines, or None."""
    rows = uow.fetch_all(f"SELECT {_ENTRY_COLUMNS} FROM journal_entries e WHERE e.id = %(id)s", {"id": entry_id})
    entries = _entries_with_lines(uow, rows)
    return entries[0] if entries else None


def reversed_entry_ids(uow: UnitOfWork, entry_ids: Iterable[UUID]) -> set[UUID]:
    """Those of `entry_ids` that have been reversed."""
    ids = list(set(entry_ids))
    if not ids:
        return set()
    rows = uow.fetch_all(
        "SELECT reverses_entry_id FROM journal_entries WHERE reverses_entry_id = ANY(%(ids)s)", {"ids": ids}
    )
    return {row["reverses_entry_id"] for row in rows}


def entries_by_idempotency_keys(uow: UnitOfWork, keys: Iterable[str]) -> dict[str, JournalEntry]:
    """The entries posted with any of `keys`, by key."""
    wanted = list(set(keys))
    if not wanted:
        return {}
    rows = uow.fetch_all(
        f"SELECT {_ENTRY_COLUMNS} FROM journal_entries e WHERE e.idempotency_key = ANY(%(keys)s)", {"keys": wanted}
    )
    return {entry.idempotency_key: entry for entry in _entries_with_lines(uow, rows) if entry.idempotency_key}


def entry_by_idempotency_key(uow: UnitOfWork, key: str) -> JournalEntry | None:
    """The entry posted with `key`, or None."""
    rows = uow.fetch_all(
        f"SELECT {_ENTRY_COLUMNS} FROM journal_entries e WHERE e.idempotency_key = %(key)s", {"key": key}
    )
    entries = _entries_with_lines(uow, rows)
    return entries[0] if entries else None


@dataclass(frozen=True)
class EntryFilter:
    """Which journal entries a listing shows, newest date first."""

    date_from: date | None = None
    """On or after this date."""
    date_to: date | None = None
    """On or before this date."""
    source_type: str | None = None
    """Only entries recording this kind of document."""
    source_id: UUID | None = None
    """Only entries recording this document."""
    account_id: UUID | None = None
    """Only entries with a line on this account."""
    search: str | None = None
    """Only entries whose number is this, or whose description or a line's memo holds it
    (any case)."""
    before: tuple[date, int] | None = None
    """Keyset cursor: (date, number) of the last entry of the previous page."""
    limit: int = 50
    """At most this many."""


def list_entries(uow: UnitOfWork, where: EntryFilter) -> list[JournalEntry]:
    """Entries matching `where`, by date then number, newest first, with their lines."""
    before_date, before_number = where.before if where.before else (None, None)
    rows = uow.fetch_all(
        f"""
        SELECT {_ENTRY_COLUMNS} FROM journal_entries e
        WHERE (%(date_from)s::date IS NULL OR e.entry_date >= %(date_from)s)
          AND (%(date_to)s::date IS NULL OR e.entry_date <= %(date_to)s)
          AND (%(source_type)s::text IS NULL OR e.source_type = %(source_type)s)
          AND (%(source_id)s::uuid IS NULL OR e.source_id = %(source_id)s)
          AND (%(account_id)s::uuid IS NULL OR EXISTS (
                SELECT 1 FROM journal_lines a WHERE a.entry_id = e.id AND a.account_id = %(account_id)s))
          AND (%(search)s::text IS NULL
               OR e.entry_number = %(number)s
               OR strpos(lower(e.description), lower(%(search)s)) > 0
               OR EXISTS (SELECT 1 FROM journal_lines m
                          WHERE m.entry_id = e.id AND strpos(lower(m.memo), lower(%(search)s)) > 0))
          AND (%(before_date)s::date IS NULL OR (e.entry_date, e.entry_number) < (%(before_date)s, %(before_number)s))
        ORDER BY e.entry_date DESC, e.entry_number DESC
        LIMIT %(limit)s
        """,
        {
            "date_from": where.date_from,
            "date_to": where.date_to,
            "source_type": where.source_type,
            "source_id": where.source_id,
            "account_id": where.account_id,
            "search": where.search,
            "number": int(where.search)
            if where.search and where.search.isdecimal() and len(where.search) < 19
            else None,
            "before_date": before_date,
            "before_number": before_number,
            "limit": where.limit,
        },
    )
    return _entries_with_lines(uow, rows)


def iter_entries(uow: UnitOfWork, batch: int = 2000) -> Iterator[JournalEntry]:
    """Every entry in chain order with its lines, streamed (server-side cursor)."""
    cursor = uow.connection.cursor(name="ledger_entries_stream")
    cursor.itersize = batch
    cursor.execute(
        """
        SELECT e.id, e.entry_number, e.entry_date, e.description, e.source_type, e.source_id,
               e.idempotency_key, e.reverses_entry_id, e.created_by, e.posted_at, e.previous_hash, e.hash,
               l.line_number, l.account_id, l.debit, l.credit, l.memo, l.party_type, l.party_id
        FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        ORDER BY e.entry_number, l.line_number
        """
    )
    header: Row | None = None
    lines: list[JournalLine] = []
    try:
        for row in cursor:
            if header is not None and row["id"] != header["id"]:
                yield entry_from_row(header, lines)
                lines = []
            header = row
            lines.append(line_from_row(row))
        if header is not None:
            yield entry_from_row(header, lines)
    finally:
        cursor.close()


def has_any_entry(uow: UnitOfWork) -> bool:
    """True once the tenant's journal holds an entry (False before its schema has a journal)."""
    table = uow.fetch_one("SELECT to_regclass('journal_entries') IS NOT NULL AS present")
    if not table or not table["present"]:
        return False
    return uow.fetch_one("SELECT 1 FROM journal_entries LIMIT 1") is not None
