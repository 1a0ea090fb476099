"""Tamper evidence on a real database: someone with superuser rights switches the triggers
off and edits the books; the verifier names the first broken entry, and so does the CLI.

One edit per field the hash covers (docs/ledger.md, "Tamper evidence"), each found at
exactly the edited entry. Break tried for each: the field removed from
`chain.canonical_content` (date, line account, debit, credit, memo, party, description,
source type and id, idempotency key, poster, posting instant); each parametrised case then
failed with "hash chain ok". For the swap of two (re-linked) entries: `number` and
`previous_hash` removed from the canonical form and the link check removed from
`verify_entries`, i.e. no chain at all; removing only one of them is still caught.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shared_code.ledger import service, verify
from shared_code.ledger.model import Party, PartyType, SourceDocument
from shared_code.ledger.posting import JournalDraft, credit, debit
from shared_code.ledger.verify import verify_chain, verify_ledger
from shared_code.platform.db import Database, tenant_schema_name
from shared_code.platform.ids import new_id
from shared_code.platform.settings import get_settings
from tests.integration.ledger_books import ACCOUNTANT, Books, open_books


@pytest.fixture
def books(db: Database) -> Books:
    books = open_books(db)
    for day in range(1, 6):
        books.post(date(2026, 1, day), f"Sale {day}", ("1010", "dr", f"{day}.00"), ("4010", "cr", f"{day}.00"))
    return books


@pytest.fixture
def invoiced_books(db: Database) -> Books:
    """Five invoices, each line with a memo, the receivable line with a customer."""
    books = open_books(db)
    for number in range(1, 6):
        amount = Decimal(f"{number}00.00")
        draft = JournalDraft(
            entry_date=date(2026, 1, number),
            description=f"Invoice INV-{number:04d}",
            lines=(
                debit(books.ids["1200"], amount, memo="Due in 30 days", party=Party(PartyType.CUSTOMER, new_id())),
                credit(books.ids["4010"], amount, memo="Consulting"),
            ),
            source=SourceDocument("invoice", new_id()),
            idempotency_key=f"invoice:{number}:issue",
        )
        with books.uow() as uow:
            service.post_entry(uow, draft, posted_by=ACCOUNTANT, clock=books.clock)
    return books


TAMPERING = {
    "date": [
        "UPDATE journal_entries SET entry_date = entry_date + 1 WHERE entry_number = 3",
        "UPDATE journal_lines SET entry_date = entry_date + 1 WHERE entry_number = 3",
    ],
    "account": [
        "UPDATE journal_lines SET account_id = (SELECT id FROM accounts WHERE code = '4020')"
        " WHERE entry_number = 3 AND line_number = 2"
    ],
    "debit": ["UPDATE journal_lines SET debit = debit + 1 WHERE entry_number = 3 AND line_number = 1"],
    "credit": ["UPDATE journal_lines SET credit = credit - 1 WHERE entry_number = 3 AND line_number = 2"],
    "memo": ["UPDATE journal_lines SET memo = 'Due in 90 days' WHERE entry_number = 3 AND line_number = 1"],
    "party": ["UPDATE journal_lines SET party_id = gen_random_uuid() WHERE entry_number = 3 AND line_number = 1"],
    "party type": ["UPDATE journal_lines SET party_type = 'supplier' WHERE entry_number = 3 AND line_number = 1"],
    "description": ["UPDATE journal_entries SET description = 'Invoice INV-9999' WHERE entry_number = 3"],
    "source type": ["UPDATE journal_entries SET source_type = 'credit_note' WHERE entry_number = 3"],
    "source id": ["UPDATE journal_entries SET source_id = gen_random_uuid() WHERE entry_number = 3"],
    "idempotency key": ["UPDATE journal_entries SET idempotency_key = 'invoice:9:issue' WHERE entry_number = 3"],
    "poster": ["UPDATE journal_entries SET created_by = gen_random_uuid() WHERE entry_number = 3"],
    "posting instant": [
        "UPDATE journal_entries SET posted_at = posted_at + interval '1 microsecond' WHERE entry_number = 3"
    ],
}


@pytest.mark.parametrize("field", sorted(TAMPERING))
def test_an_edit_of_any_covered_field_is_found_at_exactly_that_entry(invoiced_books: Books, field: str) -> None:
    with invoiced_books.uow() as uow:
        assert verify_chain(uow).ok
    for statement in TAMPERING[field]:
        _behind_the_ledgers_back(invoiced_books, statement)
    with invoiced_books.uow() as uow:
        chain = verify_chain(uow)
        third = uow.fetch_one("SELECT id FROM journal_entries WHERE entry_number = 3")
    assert third is not None
    assert (chain.ok, chain.broken_entry_number, chain.broken_entry_id) == (False, 3, third["id"])
    assert chain.problem == "its content does not match its hash"
    assert chain.entries_checked == 3


def test_two_entries_swapped_in_order_are_found_at_the_first_of_them(invoiced_books: Books) -> None:
    for statement in [
        "UPDATE journal_lines SET entry_number = 1000 + entry_number WHERE entry_number IN (2, 3)",
        "UPDATE journal_entries SET entry_number = 1000 + entry_number WHERE entry_number IN (2, 3)",
        "UPDATE journal_entries SET entry_number = 3 WHERE entry_number = 1002",
        "UPDATE journal_entries SET entry_number = 2 WHERE entry_number = 1003",
        "UPDATE journal_lines SET entry_number = 3 WHERE entry_number = 1002",
        "UPDATE journal_lines SET entry_number = 2 WHERE entry_number = 1003",
        # Re-link them too, so only the order itself gives the swap away.
        "UPDATE journal_entries e SET previous_hash = (SELECT hash FROM journal_entries p"
        " WHERE p.entry_number = e.entry_number - 1) WHERE e.entry_number IN (2, 3)",
    ]:
        _behind_the_ledgers_back(invoiced_books, statement)
    with invoiced_books.uow() as uow:
        chain = verify_chain(uow)
        now_second = uow.fetch_one("SELECT id, description FROM journal_entries WHERE entry_number = 2")
    assert now_second is not None
    assert now_second["description"] == "Invoice INV-0003"
    assert (chain.ok, chain.broken_entry_number, chain.broken_entry_id) == (False, 2, now_second["id"])


def _behind_the_ledgers_back(books: Books, statement: str) -> None:
    schema = tenant_schema_name(books.tenant)
    with books.db.connection() as conn:
        conn.execute(f"SET search_path TO {schema}")
        conn.execute("SET session_replication_role = replica")  # user triggers off: a superuser's edit
        conn.execute(statement)
        conn.execute("SET session_replication_role = origin")
        conn.commit()


def test_an_amount_edited_behind_the_ledgers_back_is_found_at_its_entry(books: Books) -> None:
    _behind_the_ledgers_back(books, "UPDATE journal_lines SET debit = 300 WHERE entry_number = 3 AND line_number = 1")
    with books.uow() as uow:
        chain = verify_chain(uow)
        result = verify_ledger(uow)
    assert (chain.ok, chain.broken_entry_number, chain.problem) == (False, 3, "its content does not match its hash")
    assert result.balance_mismatches  # the stored balances no longer match the lines either


def test_a_deleted_entry_is_found(books: Books) -> None:
    _behind_the_ledgers_back(books, "DELETE FROM journal_lines WHERE entry_number = 2")
    _behind_the_ledgers_back(books, "DELETE FROM journal_entries WHERE entry_number = 2")
    with books.uow() as uow:
        chain = verify_chain(uow)
    assert (chain.ok, chain.broken_entry_number) == (False, 2)
    assert chain.problem == "entry number 2 is missing (found 3)"


def test_the_command_reports_and_exits_nonzero_on_a_broken_chain(
    books: Books, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        assert verify.main(["--tenant", str(books.tenant), "--balances"]) == 0
        assert "hash chain ok: 5 entries" in capsys.readouterr().out
        _behind_the_ledgers_back(books, "UPDATE journal_entries SET description = 'Cash sale' WHERE entry_number = 4")
        assert verify.main(["--tenant", str(books.tenant)]) == 1
        out = capsys.readouterr().out
    finally:
        get_settings.cache_clear()
    assert "hash chain BROKEN at entry 4" in out
    assert "its content does not match its hash" in out
