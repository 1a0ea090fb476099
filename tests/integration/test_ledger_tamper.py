"""Tamper evidence on a real database: someone with superuser rights switches the triggers
off and edits the books; the verifier names the first broken entry, and so does the CLI."""

from __future__ import annotations

from datetime import date

import pytest

from shared_code.ledger import verify
from shared_code.ledger.verify import verify_chain, verify_ledger
from shared_code.platform.db import Database, tenant_schema_name
from shared_code.platform.settings import get_settings
from tests.integration.ledger_books import Books, open_books


@pytest.fixture
def books(db: Database) -> Books:
    books = open_books(db)
    for day in range(1, 6):
        books.post(date(2026, 1, day), f"Sale {day}", ("1010", "dr", f"{day}.00"), ("4010", "cr", f"{day}.00"))
    return books


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
