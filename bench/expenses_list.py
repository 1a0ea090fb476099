"""Expenses listed with filters at 100,000 documents.

    python bench/expenses_list.py [expenses]

Starts a throwaway PostgreSQL (the local runtime's), makes one organization with the
default chart and the default expense categories, 50 suppliers, and loads `expenses`
(default 100,000) expenses with one line each over a year, in a mix of statuses, with and
without claimed input VAT (written with set-based SQL: the bench measures reading, not
posting). Then times one page of 50 through `purchasing.list_purchases` (the route's use
case) for each filter the expense list offers, 60 runs each after 5 warm-ups, and prints
the median and p95 in milliseconds as a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from local_runtime.postgres import LocalPostgres, free_port  # noqa: E402
from shared_code.ledger import account_repository, service  # noqa: E402
from shared_code.ledger.chart import TaxMode, seed_default_chart  # noqa: E402
from shared_code.ledger.posting import JournalDraft, credit, debit  # noqa: E402
from shared_code.platform.db import Database  # noqa: E402
from shared_code.platform.ids import new_id  # noqa: E402
from shared_code.platform.migrations import migrate_all  # noqa: E402
from shared_code.platform.tenancy import provision_tenant  # noqa: E402
from shared_code.purchases import categories, purchasing  # noqa: E402
from shared_code.purchases.model import PurchaseKind  # noqa: E402
from shared_code.purchases.purchase_repository import PurchaseFilter  # noqa: E402

USER = UUID("00000000-0000-7000-8000-0000000be4c4")
RUNS = 60


def load(db: Database, tenant: UUID, count: int) -> tuple[list[UUID], list[UUID], float]:
    started = time.perf_counter()
    with db.unit_of_work(tenant) as uow:
        seed_default_chart(uow, TaxMode.VAT)
        categories.ensure_default_categories(uow)
        category_ids = [row["id"] for row in uow.fetch_all("SELECT id FROM expense_categories ORDER BY code")]
        # One real entry stands in for every posted expense's (posted rows must name one).
        cash, rent = (account_repository.account_by_code(uow, code) for code in ("1010", "6100"))
        assert cash is not None
        assert rent is not None
        entry = service.post_entry(
            uow,
            JournalDraft(
                entry_date=date(2025, 1, 1),
                description="Bench rent",
                lines=(debit(rent.id, Decimal("1.00")), credit(cash.id, Decimal("1.00"))),
            ),
            posted_by=USER,
        )
        supplier_ids = [new_id() for _ in range(50)]
        for number, supplier_id in enumerate(supplier_ids):
            uow.execute(
                "INSERT INTO suppliers (id, name, tpin, vat_registered) VALUES (%(id)s, %(name)s, %(tpin)s, true)",
                {"id": supplier_id, "name": f"Supplier {number:02d}", "tpin": f"{1000000000 + number}"},
            )
        uow.execute(
            """
            INSERT INTO purchases (id, kind, status, number, supplier_id, document_date, due_date, payment_method,
                                   prices_include_vat, supply_kind, total_taxable, total_vat, total_amount,
                                   input_vat_claimable, vat_cost, vat_reason, amount_due, supplier_reference,
                                   journal_entry_id, created_by)
            SELECT gen_random_uuid(), 'expense',
                   (ARRAY['draft', 'submitted', 'approved', 'posted', 'posted', 'posted', 'void'])[1 + n %% 7],
                   CASE WHEN n %% 7 IN (3, 4, 5) THEN 'EXP-2025-' || lpad(n::text, 6, '0') END,
                   (%(suppliers)s::uuid[])[1 + n %% 50],
                   date '2025-01-01' + (n %% 365), date '2025-01-01' + (n %% 365),
                   (ARRAY['cash', 'bank', 'wallet', 'card', 'staff'])[1 + n %% 5],
                   true, 'local', 100 + n %% 900, 16 + n %% 144, 116 + n %% 1044,
                   CASE WHEN n %% 3 = 0 THEN 0 ELSE 16 + n %% 144 END,
                   CASE WHEN n %% 3 = 0 THEN 16 + n %% 144 ELSE 0 END,
                   CASE WHEN n %% 3 = 0 THEN 'smart_invoice_missing' END,
                   116 + n %% 1044, 'R' || n, CASE WHEN n %% 7 IN (3, 4, 5, 6) THEN %(entry)s::uuid END, %(user)s
            FROM generate_series(1, %(count)s) AS n
            """,
            {"suppliers": supplier_ids, "count": count, "user": USER, "entry": entry.id},
        )
        accounts = {
            row["id"]: row["account_id"] for row in uow.fetch_all("SELECT id, account_id FROM expense_categories")
        }
        uow.execute(
            """
            INSERT INTO purchase_lines (purchase_id, line_number, category_id, account_id, description, quantity,
                                        unit_price, tax_category, treatment, claimable_share, total_amount,
                                        taxable_amount, vat_amount)
            SELECT p.id, 1, c.id, c.account_id, 'Bench line', 1, p.total_amount, 'A', 'standard', 1,
                   p.total_amount, p.total_taxable, p.total_vat
            FROM (SELECT id, total_amount, total_taxable, total_vat, row_number() OVER (ORDER BY id) AS n
                  FROM purchases) p
            JOIN (SELECT id, account_id, row_number() OVER (ORDER BY code) - 1 AS k FROM expense_categories) c
              ON c.k = p.n %% %(categories)s
            """,
            {"categories": len(accounts)},
        )
        uow.execute("ANALYZE purchases")
        uow.execute("ANALYZE purchase_lines")
        uow.commit()
    return supplier_ids, category_ids, time.perf_counter() - started


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    for _ in range(5):
        run()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    work = Path(tempfile.mkdtemp(prefix="bench-expenses-"))
    server = LocalPostgres(data_dir=work / "pg", port=free_port()).start()
    try:
        db = Database(server.url, min_size=1, max_size=2, statement_timeout_ms=600_000)
        db.open()
        migrate_all(db)
        tenant = new_id()
        provision_tenant(db, tenant)
        suppliers, category_ids, seconds = load(db, tenant, count)
        print(f"loaded {count} expenses in {seconds:.1f} s")
        base = PurchaseFilter(kind=PurchaseKind.EXPENSE)
        with db.unit_of_work(tenant) as uow:
            page = purchasing.list_purchases(uow, base, limit=50)
            cursor = page.next_cursor
            for _ in range(40):
                page = purchasing.list_purchases(uow, base, cursor=cursor, limit=50)
                cursor = page.next_cursor
        filters: list[tuple[str, PurchaseFilter, str | None]] = [
            ("newest first, no filter", base, None),
            ("status posted", replace(base, status="posted"), None),
            ("one supplier", replace(base, supplier_id=suppliers[7]), None),
            ("one category", replace(base, category_id=category_ids[3]), None),
            ("a month", replace(base, date_from=date(2025, 6, 1), date_to=date(2025, 6, 30)), None),
            ("claimable VAT", replace(base, claimable_vat=True), None),
            ("no receipt", replace(base, has_receipt=False), None),
            ("no claimable VAT, one supplier", replace(base, claimable_vat=False, supplier_id=suppliers[3]), None),
            ("search a reference (prefix)", replace(base, search="r4242"), None),
            ("page 41 (cursor)", base, cursor),
        ]
        print(f"\n| listing (50 a page, {count:,} expenses) | median ms | p95 ms |\n| --- | ---: | ---: |")
        for name, where, start in filters:

            def run(where: PurchaseFilter = where, start: str | None = start) -> object:
                with db.unit_of_work(tenant) as uow:
                    return purchasing.list_purchases(uow, where, cursor=start, limit=50)

            median, p95 = _timed(run)
            print(f"| {name} | {median:.1f} | {p95:.1f} |")
        db.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
