"""Statement totals against hledger's balance report on the ledger's own hledger export:
a seeded random two-year journal with reversals and a closed first year."""

from __future__ import annotations

import csv
import io
import random
import subprocess
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from shared_code.ledger import closing, service
from shared_code.ledger.export import ExportFormat, export_journal
from shared_code.ledger.posting import DraftLine, JournalDraft
from shared_code.platform.clock import FixedClock
from shared_code.platform.db import Database
from shared_code.reporting.model import StatementKind
from shared_code.reporting.periods import Span
from shared_code.reporting.reading import StatementSet
from tests.integration.ledger_books import ACCOUNTANT, Books, open_books

CODES = ["1010", "1100", "1150", "1200", "1300", "1400", "1520", "1590", "2010", "2100", "2270", "2510",
         "3010", "3030", "4010", "4100", "5010", "6100", "6220", "7010", "8010"]  # fmt: skip
START = date(2025, 1, 1)


def _random_books(db: Database) -> Books:
    rng = random.Random(18)
    books = open_books(db)
    drafts = []
    for _ in range(300):
        debits = [(rng.choice(CODES), Decimal(rng.randint(1, 5_000_000)) / 100) for _ in range(rng.randint(1, 3))]
        total = sum((amount for _, amount in debits), Decimal(0))
        drafts.append(
            JournalDraft(
                entry_date=START + timedelta(days=rng.randint(0, 729)),
                description="Random",
                lines=(
                    *(DraftLine(books.ids[c], debit=a) for c, a in debits),
                    DraftLine(books.ids[rng.choice(CODES)], credit=total),
                ),
            )
        )
    with books.uow() as uow:
        posted = service.post_entries(uow, drafts, posted_by=ACCOUNTANT)
    with books.uow() as uow:
        for entry in rng.sample(list(posted), 30):
            service.reverse_entry(uow, entry.id, posted_by=ACCOUNTANT)
    with books.uow() as uow:
        closing.close_fiscal_year(
            uow, date(2025, 12, 31), closed_by=ACCOUNTANT, clock=FixedClock(datetime(2027, 1, 5, tzinfo=UTC))
        )
    return books


def _hledger(path: Path, *query: str) -> dict[str, Decimal]:
    """hledger's balance per top-level account (Assets, Liabilities, …), debits positive."""
    result = subprocess.run(
        ["hledger", "-f", str(path), "balance", "--depth", "1", "--no-total", "-O", "csv", *query],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    return {account: Decimal(amount.replace("ZMW", "").strip() or "0") for account, amount in rows}


def test_profit_and_position_totals_equal_hledgers_balance_report(db: Database, tmp_path: Path) -> None:
    books = _random_books(db)
    path = tmp_path / "books.journal"
    with books.uow() as uow, path.open("w", encoding="utf-8") as out:
        out.writelines(export_journal(uow, ExportFormat.HLEDGER))
    periods = [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2025, 10, 1), date(2026, 3, 31)),
    ]
    with books.db.read_snapshot(books.tenant) as uow:
        statements = StatementSet(uow)
        for start, end in periods:
            profit = statements.statement(
                StatementKind.PROFIT_AND_LOSS, Span(start, end, "current"), [], "ifrs_for_smes"
            )
            window = ["-b", start.isoformat(), "-e", (end + timedelta(days=1)).isoformat()]
            theirs = _hledger(path, *window, "not:tag:source=year_end_close", "Income", "Expenses")
            expected = -(theirs.get("Income", Decimal(0)) + theirs.get("Expenses", Decimal(0)))
            assert profit.statement.row("profit_for_the_period").amounts[0] == expected != 0
            assert profit.statement.checks["profit"][0] == expected

            position = statements.statement(
                StatementKind.FINANCIAL_POSITION, Span(None, end, "current"), [], "ifrs_for_smes"
            )
            books_at = _hledger(path, "-e", (end + timedelta(days=1)).isoformat())
            checks = position.statement.checks
            assert checks["assets"][0] == books_at["Assets"] == position.statement.row("total_assets").amounts[0]
            assert checks["liabilities"][0] == -books_at["Liabilities"]
            equity_and_result = (
                books_at["Equity"] + books_at.get("Income", Decimal(0)) + books_at.get("Expenses", Decimal(0))
            )
            assert checks["equity"][0] == -equity_and_result == position.statement.row("total_equity").amounts[0]
