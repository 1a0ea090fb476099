"""Books out: thousands of random entries exported, re-read by beancount and hledger, and
every account balance compared with IntelliFin's trial balance to the ngwee."""

from __future__ import annotations

import csv
import io
import random
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from local_runtime.postgres import LocalPostgres
from shared_code.ledger import account_repository, reports, service
from shared_code.ledger.account_repository import AccountFilter
from shared_code.ledger.export import ExportFormat, account_name, export_journal
from shared_code.ledger.posting import DraftLine, JournalDraft
from shared_code.platform.db import Database
from tests.integration.ledger_books import ACCOUNTANT, Books, open_books

ENTRIES = 3000
START = date(2025, 1, 1)


@pytest.fixture(scope="module")
def random_books(postgres_server: LocalPostgres) -> Iterator[Books]:
    """One organization with a few thousand seeded-random balanced entries (built once)."""
    import psycopg

    name = f"test_export_{random.getrandbits(48):012x}"
    with psycopg.connect(postgres_server.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    database = Database(f"postgresql://postgres@127.0.0.1:{postgres_server.port}/{name}", min_size=1, max_size=2)
    database.open()
    from shared_code.platform.migrations import migrate_all

    migrate_all(database)
    books = open_books(database)
    rng = random.Random(20260301)
    with books.uow() as uow:
        postable = [a.code for a in account_repository.list_accounts(uow, AccountFilter(postable_only=True))]
    with books.uow() as uow:
        for number in range(ENTRIES):
            debits = [
                (rng.choice(postable), Decimal(rng.randint(1, 5_000_000)) / 100) for _ in range(rng.randint(1, 3))
            ]
            total = sum((amount for _, amount in debits), Decimal("0"))
            draft = JournalDraft(
                entry_date=START + timedelta(days=rng.randint(0, 400)),
                description=f'Entry {number}: "quoted"; semi\\colon, Café',
                lines=(
                    *(
                        DraftLine(books.ids[code], debit=amount, memo="memo; x" if i else "")
                        for i, (code, amount) in enumerate(debits)
                    ),
                    DraftLine(books.ids[rng.choice(postable)], credit=total),
                ),
            )
            entry = service.post_entry(uow, draft, posted_by=ACCOUNTANT)
            if number % 10 == 0:
                service.reverse_entry(
                    uow, entry.id, posted_by=ACCOUNTANT, entry_date=draft.entry_date + timedelta(days=3)
                )
    yield books
    database.close()
    with psycopg.connect(postgres_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _export(books: Books, export_format: ExportFormat, path: Path) -> Path:
    with books.uow() as uow, path.open("w", encoding="utf-8") as out:
        out.writelines(export_journal(uow, export_format))
    return path


def _intellifin_balances(books: Books) -> dict[str, Decimal]:
    with books.uow() as uow:
        trial = reports.trial_balance(uow, START + timedelta(days=500))
    assert trial.is_balanced
    return {account_name(row.account): row.balance for row in trial.rows if row.balance != 0}


def test_beancount_reads_the_export_without_errors_and_agrees_to_the_ngwee(random_books: Books, tmp_path: Path) -> None:
    from beancount import loader  # installed by requirements-dev.txt: missing is a failure, not a skip
    from beancount.core import realization

    path = _export(random_books, ExportFormat.BEANCOUNT, tmp_path / "books.beancount")
    entries, errors, _ = loader.load_file(str(path))
    assert errors == []  # includes IntelliFin's own balance assertions, checked by beancount
    balances = {
        real.account: real.balance.get_currency_units("ZMW").number
        for real in realization.iter_children(realization.realize(entries))
        if not real.balance.is_empty()
    }
    expected = _intellifin_balances(random_books)
    assert len(expected) > 40
    assert {name: amount for name, amount in balances.items() if amount != 0} == expected


def test_hledger_reads_the_export_and_agrees_to_the_ngwee(random_books: Books, tmp_path: Path) -> None:
    assert shutil.which("hledger"), "hledger is missing: `make setup` installs the Debian package"
    path = _export(random_books, ExportFormat.HLEDGER, tmp_path / "books.journal")
    result = subprocess.run(
        ["hledger", "-f", str(path), "balance", "--flat", "--no-total", "-O", "csv"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    balances = {account: Decimal(amount.replace("ZMW", "").strip()) for account, amount in rows}
    assert {name: amount for name, amount in balances.items() if amount != 0} == _intellifin_balances(random_books)


def test_the_export_marks_every_entry_with_its_id_number_and_source(db: Database, tmp_path: Path) -> None:
    books = open_books(db)
    entry = books.post(date(2026, 1, 5), 'Sale "A"; cash', ("1010", "dr", "10.00"), ("4010", "cr", "10.00"))
    beancount = _export(books, ExportFormat.BEANCOUNT, tmp_path / "a.beancount").read_text()
    hledger = _export(books, ExportFormat.HLEDGER, tmp_path / "a.journal").read_text()
    assert '2026-01-05 * "Sale \\"A\\"; cash"' in beancount
    assert f'intellifin-entry: "{entry.id}"' in beancount
    assert "  Assets:1010-Cash-on-hand-petty-cash-and-till-float  10.00 ZMW" in beancount
    assert "2026-01-06 balance Income:4010-Sales-goods  -10.00 ~ 0.00 ZMW" in beancount
    assert f'2026-01-05 * (1) Sale "A", cash  ; intellifin-entry:{entry.id}, source:manual' in hledger
