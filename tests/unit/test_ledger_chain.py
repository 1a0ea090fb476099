"""The hash chain: deterministic, and any change, gap or swap is found and named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from shared_code.ledger.chain import ChainHead, canonical_content, entry_hash, genesis_hash, verify_entries
from shared_code.ledger.model import JournalEntry
from shared_code.ledger.posting import JournalDraft, credit, debit, posted_entry

TENANT = UUID("00000000-0000-7000-8000-0000000000aa")
CASH, SALES = UUID(int=1010), UUID(int=4010)


def _chain(length: int) -> list[JournalEntry]:
    entries: list[JournalEntry] = []
    previous = genesis_hash(TENANT)
    for number in range(1, length + 1):
        amount = Decimal(number)
        draft = JournalDraft(
            entry_date=date(2026, 1, number),
            description=f'Sale {number} at Café Ngoma, "Lusaka" branch',
            lines=(debit(CASH, amount), credit(SALES, amount)),
        )
        entry = posted_entry(
            draft,
            entry_id=UUID(int=number),
            entry_number=number,
            previous_hash=previous,
            created_by=UUID(int=99),
            posted_at=datetime(2026, 1, number, 8, tzinfo=UTC) + timedelta(microseconds=number),
        )
        entries.append(entry)
        previous = entry.hash
    return entries


def _head(entries: list[JournalEntry]) -> ChainHead:
    return ChainHead(entries[-1].entry_number, entries[-1].hash)


def test_the_hash_covers_content_and_link_and_is_stable() -> None:
    entry = _chain(1)[0]
    assert entry_hash(entry) == entry.hash
    assert canonical_content(entry) == canonical_content(replace(entry, reversed_by_entry_id=UUID(int=5)))
    assert b'"previous_hash":"' + genesis_hash(TENANT).encode() in canonical_content(entry)
    assert genesis_hash(TENANT) != genesis_hash(UUID(int=1))


def test_an_intact_chain_verifies() -> None:
    entries = _chain(5)
    result = verify_entries(entries, genesis=genesis_hash(TENANT), head=_head(entries))
    assert result.ok
    assert result.entries_checked == 5
    assert result.last_hash == entries[-1].hash


def test_a_changed_amount_is_found_at_its_entry() -> None:
    entries = _chain(5)
    line = replace(entries[2].lines[0], debit=Decimal("300.00"))
    tampered = [*entries[:2], replace(entries[2], lines=(line, entries[2].lines[1])), *entries[3:]]
    result = verify_entries(tampered, genesis=genesis_hash(TENANT), head=_head(entries))
    assert not result.ok
    assert (result.broken_entry_number, result.broken_entry_id) == (3, entries[2].id)
    assert result.problem == "its content does not match its hash"


def test_a_rehashed_entry_breaks_the_next_link() -> None:
    entries = _chain(5)
    changed = replace(entries[1], description="Changed")
    changed = replace(changed, hash=entry_hash(changed))
    result = verify_entries([entries[0], changed, *entries[2:]], genesis=genesis_hash(TENANT), head=_head(entries))
    assert result.broken_entry_number == 3
    assert result.problem == "its link to the previous entry does not match that entry's hash"


def test_a_missing_entry_and_a_missing_tail_are_found() -> None:
    entries = _chain(5)
    gap = verify_entries([*entries[:2], *entries[3:]], genesis=genesis_hash(TENANT), head=_head(entries))
    assert (gap.ok, gap.broken_entry_number) == (False, 3)
    tail = verify_entries(entries[:4], genesis=genesis_hash(TENANT), head=_head(entries))
    assert (tail.ok, tail.broken_entry_number) == (False, 5)


def test_a_chain_moved_to_another_tenant_does_not_verify() -> None:
    entries = _chain(2)
    assert not verify_entries(entries, genesis=genesis_hash(UUID(int=1)), head=_head(entries)).ok
