"""The financial statements on the [GL] million-line data set.

    python bench/reporting_statements.py [lines]

Builds the data set of `bench/ledger_million.py` (one organization, the default VAT chart,
a year of generated trading, 1,000,000 journal lines by default) in a throwaway
PostgreSQL, then measures, each in its own read snapshot as the API reads them:

- each statement with 2 comparative columns (p95 and median of 30 runs),
- all four statements of a set read in one snapshot (p95 of 30),
- validating a layout against the chart (p95 of 200).

Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ledger_million import load  # noqa: E402

from local_runtime.postgres import LocalPostgres, free_port  # noqa: E402
from shared_code.ledger import account_repository  # noqa: E402
from shared_code.ledger.accounts import whole_chart  # noqa: E402
from shared_code.ledger.chart import TaxMode, seed_default_chart  # noqa: E402
from shared_code.platform.db import Database  # noqa: E402
from shared_code.platform.ids import new_id  # noqa: E402
from shared_code.platform.migrations import migrate_all  # noqa: E402
from shared_code.platform.tenancy import provision_tenant  # noqa: E402
from shared_code.reporting.default_layouts import default_layout  # noqa: E402
from shared_code.reporting.model import Framework, StatementKind  # noqa: E402
from shared_code.reporting.periods import Span  # noqa: E402
from shared_code.reporting.reading import StatementSet  # noqa: E402
from shared_code.reporting.validation import validate_layout  # noqa: E402

QUARTER = Span(date(2025, 4, 1), date(2025, 6, 30), "current")
MID_YEAR = Span(None, date(2025, 6, 30), "current")
COMPARE = ["previous_period", "2025-01-01..2025-03-31"]
POSITION_COMPARE = ["2025-03-31", "2025-01-31"]


def _ms(run: Callable[[], object], times: int) -> tuple[float, float]:
    """(median, p95) in milliseconds, after one warm-up run."""
    run()
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def main() -> None:
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    work = Path(tempfile.mkdtemp(prefix="intellifin-reporting-bench-"))
    server = LocalPostgres(data_dir=work / "pg", port=free_port()).start()
    try:
        db = Database(server.url, min_size=1, max_size=4, statement_timeout_ms=3_600_000)
        db.open()
        migrate_all(db)
        tenant = new_id()
        provision_tenant(db, tenant)
        with db.unit_of_work(tenant) as uow:
            seed_default_chart(uow, TaxMode.VAT)
            chart = account_repository.list_accounts(uow, account_repository.AccountFilter(limit=500))
            uow.commit()
        entries, lines, copy_s, commit_s = load(db, tenant, {a.code: a.id for a in chart}, target)
        print(f"loaded {entries:,} entries, {lines:,} lines in {copy_s + commit_s:.1f} s")

        def one(kind: StatementKind) -> Callable[[], object]:
            def run() -> object:
                with db.read_snapshot(tenant) as uow:
                    statements = StatementSet(uow)
                    if kind is StatementKind.CHANGES_IN_EQUITY:
                        return statements.changes_in_equity(QUARTER, "ifrs_for_smes")
                    if kind is StatementKind.FINANCIAL_POSITION:
                        return statements.statement(kind, MID_YEAR, POSITION_COMPARE, "ifrs_for_smes")
                    return statements.statement(kind, QUARTER, COMPARE, "ifrs_for_smes")

            return run

        def all_four() -> object:
            with db.read_snapshot(tenant) as uow:
                statements = StatementSet(uow)
                return (
                    statements.statement(StatementKind.PROFIT_AND_LOSS, QUARTER, COMPARE, "ifrs_for_smes"),
                    statements.statement(StatementKind.FINANCIAL_POSITION, MID_YEAR, POSITION_COMPARE, "ifrs_for_smes"),
                    statements.statement(StatementKind.CASH_FLOWS, QUARTER, COMPARE, "ifrs_for_smes"),
                    statements.changes_in_equity(QUARTER, "ifrs_for_smes"),
                )

        with db.read_snapshot(tenant) as uow:
            accounts = whole_chart(uow)
            check = all_four()
        assert check[1].statement.checks["difference"][0] == 0  # type: ignore[index]
        assert check[2].statement.checks["difference"][0] == 0  # type: ignore[index]
        layout = default_layout(Framework.IFRS_FOR_SMES, StatementKind.CASH_FLOWS)

        rows = []
        for kind, label in [
            (StatementKind.PROFIT_AND_LOSS, "profit or loss, Q2 with 2 comparatives"),
            (StatementKind.FINANCIAL_POSITION, "financial position at 30 June with 2 comparative dates"),
            (StatementKind.CASH_FLOWS, "cash flows, Q2 with 2 comparatives"),
            (StatementKind.CHANGES_IN_EQUITY, "changes in equity, Q2"),
        ]:
            median, p95 = _ms(one(kind), 30)
            rows.append((label, f"{median:.1f} ms", f"{p95:.1f} ms"))
        median, p95 = _ms(all_four, 30)
        rows.append(("all four in one snapshot", f"{median:.1f} ms", f"{p95:.1f} ms"))
        median, p95 = _ms(lambda: validate_layout(layout, accounts), 200)
        rows.append(("validate the cash-flow layout against the chart", f"{median:.2f} ms", f"{p95:.2f} ms"))
        print("\n| measurement | median | p95 |\n| --- | --- | --- |")
        for row in rows:
            print(f"| {' | '.join(row)} |")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
