"""The hash chain: deterministic, and any change, gap or swap is found and named.

The golden vectors pin what the hash covers: their digests were computed once by
`ledger_golden/compute_digests.py`, which re-implements the canonical form documented in
`docs/ledger.md` without importing IntelliFin. Breaks tried: removing `date`, a line's
account, `memo` or party from `canonical_content`, or serialising `posted_at` without the
conversion to UTC, each fails `test_golden_vectors_match_the_documented_canonical_form`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID

from shared_code.ledger.chain import ChainHead, canonical_content, entry_hash, genesis_hash, verify_entries
from shared_code.ledger.model import JournalEntry, JournalLine, Party, PartyType, SourceDocument
from shared_code.ledger.posting import JournalDraft, credit, debit, posted_entry

TENANT = UUID("00000000-0000-7000-8000-0000000000aa")
CASH, SALES = UUID(int=1010), UUID(int=4010)
RECEIVABLES, VAT_OUTPUT = UUID(int=1160), UUID(int=2100)
ACCOUNTANT = UUID("00000000-0000-7000-8000-00000000a001")
CUSTOMER = UUID("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
INVOICE = UUID("0193a1b2-c3d4-7e5f-8a9b-00000000f001")
LUSAKA = timezone(timedelta(hours=2))

GOLDEN_GENESIS = "d2dcb5a31d0e88be52bc77e12410a8b11b8e22d6ebadbabb3d99c73913ad8819"
GOLDEN_DIGESTS = (
    "ea614ff9bbbe9e6b3e4f6b2c591b3c2f680ae6324d12ec0ec882a724df45325d",
    "eea7478a7e92c5ed1792d48da871c779cccbd28c1ed6928889f22013d6726f5b",
    "18af64addbda0b3aaacae8ed7651038db8b102733877415ecae6f8fc67b75676",
)
"""From `ledger_golden/compute_digests.py`; never regenerate them from the application."""


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


def _golden_entries() -> list[JournalEntry]:
    """The three entries `ledger_golden/compute_digests.py` describes, chained by the code."""
    zero = Decimal("0.00")
    customer = Party(PartyType.CUSTOMER, CUSTOMER)
    invoice = SourceDocument("invoice", INVOICE)
    unchained = [
        JournalEntry(
            id=UUID(int=1),
            entry_number=1,
            entry_date=date(2026, 1, 5),
            description='Cash sale at Café Ngoma, "Lusaka" branch',
            source=SourceDocument("manual"),
            created_by=ACCOUNTANT,
            posted_at=datetime(2026, 1, 5, 8, 15, 30, 123, tzinfo=UTC),
            lines=(
                JournalLine(1, CASH, Decimal("250.50"), zero),
                JournalLine(2, SALES, zero, Decimal("250.50")),
            ),
            previous_hash="",
            hash="",
        ),
        JournalEntry(
            id=UUID(int=2),
            entry_number=2,
            entry_date=date(2026, 1, 31),
            description="Invoice INV-0001",
            source=invoice,
            created_by=ACCOUNTANT,
            posted_at=datetime(2026, 2, 1, 1, 30, 0, 500000, tzinfo=LUSAKA),
            lines=(
                JournalLine(1, RECEIVABLES, Decimal("1160.00"), zero, "Due in 30 days", customer),
                JournalLine(2, SALES, zero, Decimal("1000.00"), "Consulting, January"),
                JournalLine(3, VAT_OUTPUT, zero, Decimal("160.00"), "VAT 16%"),
            ),
            previous_hash="",
            hash="",
            idempotency_key=f"invoice:{INVOICE}:issue",
        ),
        JournalEntry(
            id=UUID(int=3),
            entry_number=3,
            entry_date=date(2026, 2, 2),
            description="Reversal of entry 2: Invoice INV-0001",
            source=invoice,
            created_by=ACCOUNTANT,
            posted_at=datetime(2026, 2, 2, 10, tzinfo=UTC),
            lines=(
                JournalLine(1, RECEIVABLES, zero, Decimal("1160.00"), "Due in 30 days", customer),
                JournalLine(2, SALES, Decimal("1000.00"), zero, "Consulting, January"),
                JournalLine(3, VAT_OUTPUT, Decimal("160.00"), zero, "VAT 16%"),
            ),
            previous_hash="",
            hash="",
            reverses_entry_id=UUID(int=2),
        ),
    ]
    chained: list[JournalEntry] = []
    previous = genesis_hash(TENANT)
    for entry in unchained:
        linked = replace(entry, previous_hash=previous)
        linked = replace(linked, hash=entry_hash(linked))
        chained.append(linked)
        previous = linked.hash
    return chained


def test_golden_vectors_match_the_documented_canonical_form() -> None:
    entries = _golden_entries()
    assert genesis_hash(TENANT) == GOLDEN_GENESIS
    assert tuple(entry.hash for entry in entries) == GOLDEN_DIGESTS
    result = verify_entries(entries, genesis=GOLDEN_GENESIS, head=ChainHead(3, GOLDEN_DIGESTS[-1]))
    assert result.ok


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
