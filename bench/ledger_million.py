"""The general ledger at a million journal lines: load, report, export, compare, post.

    python bench/ledger_million.py [lines] [--keep DIR]

Starts a throwaway PostgreSQL (the local runtime's), makes one organization with the
default chart, and loads `lines` (default 1,000,000) journal lines of a year of trading
through the fast path: the entries are built by the ledger's own pure builder (so the
hash chain is real), written with COPY (the database's balance and immutability triggers
stay on), and the stored daily and monthly balances are rebuilt from the journal. Then it
measures, in one run:

- the trial balance as of a mid-year date (median of several runs), through the service,
- one page of the busiest account's ledger (first page and a deep page),
- a raw GROUP BY over the journal lines (what the trial balance would cost without the
  stored balances),
- hledger's and beancount's balance reports on the exported files,
- posting throughput through `post_entry` (one transaction per entry) and `post_entries`
  (a thousand drafts in one call),
- verifying the whole hash chain.

Prints the numbers as a Markdown table for docs/ledger.md.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from local_runtime.postgres import LocalPostgres, free_port  # noqa: E402
from shared_code.ledger import account_repository, balance_repository, reports, service  # noqa: E402
from shared_code.ledger.chain import genesis_hash  # noqa: E402
from shared_code.ledger.chart import TaxMode, seed_default_chart  # noqa: E402
from shared_code.ledger.export import ExportFormat, export_journal  # noqa: E402
from shared_code.ledger.model import JournalEntry  # noqa: E402
from shared_code.ledger.posting import DraftLine, JournalDraft, posted_entry  # noqa: E402
from shared_code.ledger.verify import verify_chain  # noqa: E402
from shared_code.platform.db import Database  # noqa: E402
from shared_code.platform.ids import new_id  # noqa: E402
from shared_code.platform.migrations import migrate_all  # noqa: E402
from shared_code.platform.tenancy import provision_tenant  # noqa: E402

YEAR = 2025
MID_YEAR = date(YEAR, 6, 30)
USER = UUID("00000000-0000-7000-8000-0000000be4c4")
CENT = Decimal("0.01")
VAT = Decimal("0.16")

Ids = dict[str, UUID]


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _trading_day(rng: random.Random, ids: Ids) -> list[DraftLine]:
    """One business event of a small Zambian shop, as journal lines."""
    kind = rng.random()
    if kind < 0.45:  # a sale, most often paid by Airtel Money
        net = _amount(rng, 20, 5000)
        vat = (net * VAT).quantize(CENT)
        paid_to = rng.choices(["1150", "1010", "1160", "1100", "1200"], [5, 2, 1, 1, 1])[0]
        return [
            DraftLine(ids[paid_to], debit=net + vat),
            DraftLine(ids[rng.choice(["4010", "4020"])], credit=net),
            DraftLine(ids["2100"], credit=vat),
        ]
    if kind < 0.70:  # a purchase with input VAT
        net = _amount(rng, 10, 3000)
        vat = (net * VAT).quantize(CENT)
        expense = rng.choice(["5010", "6100", "6110", "6120", "6140", "6150", "6170", "6180", "6200"])
        return [
            DraftLine(ids[expense], debit=net),
            DraftLine(ids["1400"], debit=vat),
            DraftLine(ids[rng.choice(["1100", "1150", "2010"])], credit=net + vat),
        ]
    if kind < 0.85:  # a mobile-money charge
        fee = _amount(rng, 1, 25)
        return [DraftLine(ids["6130"], debit=fee), DraftLine(ids["1150"], credit=fee)]
    if kind < 0.97:  # sweep the wallet to the bank
        amount = _amount(rng, 100, 20000)
        return [DraftLine(ids["1100"], debit=amount), DraftLine(ids["1150"], credit=amount)]
    gross = _amount(rng, 3000, 20000)  # a salary with PAYE and NAPSA
    paye = (gross * Decimal("0.2")).quantize(CENT)
    napsa = (gross * Decimal("0.05")).quantize(CENT)
    return [
        DraftLine(ids["6010"], debit=gross),
        DraftLine(ids["2200"], credit=paye),
        DraftLine(ids["2210"], credit=napsa),
        DraftLine(ids["1100"], credit=gross - paye - napsa),
    ]


def _entries(target_lines: int, ids: Ids, tenant: UUID) -> Iterator[JournalEntry]:
    rng = random.Random(2025)
    drafts: list[JournalDraft] = []
    produced = 0
    while produced < target_lines:
        lines = _trading_day(rng, ids)
        day = date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 364))
        drafts.append(JournalDraft(entry_date=day, description=f"Trading on {day.isoformat()}", lines=tuple(lines)))
        produced += len(lines)
    drafts.sort(key=lambda draft: draft.entry_date)
    previous = genesis_hash(tenant)
    posted_at = datetime(YEAR, 1, 1, tzinfo=UTC)
    for number, draft in enumerate(drafts, start=1):
        entry = posted_entry(
            draft,
            entry_id=new_id(),
            entry_number=number,
            previous_hash=previous,
            created_by=USER,
            posted_at=posted_at + timedelta(seconds=number),
        )
        previous = entry.hash
        yield entry


def load(db: Database, tenant: UUID, ids: Ids, target_lines: int) -> tuple[int, int, float, float]:
    """COPY the generated journal in one transaction; returns entries, lines and timings."""
    started = time.perf_counter()
    lines: list[tuple[object, ...]] = []
    last: JournalEntry | None = None
    count = 0
    with db.unit_of_work(tenant) as uow:
        cursor = uow.connection.cursor()
        with cursor.copy(
            "COPY journal_entries (id, entry_number, entry_date, description, source_type, created_by, posted_at,"
            " line_count, total, previous_hash, hash) FROM STDIN"
        ) as copy:
            for entry in _entries(target_lines, ids, tenant):
                copy.write_row(
                    (
                        entry.id,
                        entry.entry_number,
                        entry.entry_date,
                        entry.description,
                        "manual",
                        USER,
                        entry.posted_at,
                        len(entry.lines),
                        entry.total,
                        entry.previous_hash,
                        entry.hash,
                    )
                )
                for line in entry.lines:
                    lines.append(
                        (
                            entry.id,
                            line.line_number,
                            line.account_id,
                            entry.entry_date,
                            entry.entry_number,
                            line.debit,
                            line.credit,
                        )
                    )
                last = entry
                count += 1
        with cursor.copy(
            "COPY journal_lines (entry_id, line_number, account_id, entry_date, entry_number, debit, credit) FROM STDIN"
        ) as copy:
            for row in lines:
                copy.write_row(row)
        assert last is not None
        uow.execute(
            "INSERT INTO ledger_chain (singleton, last_entry_number, last_hash) VALUES (true, %(n)s, %(h)s)",
            {"n": last.entry_number, "h": last.hash},
        )
        copied = time.perf_counter()
        balance_repository.rebuild_balances(uow)
        uow.commit()  # the deferred balance triggers run here, one per entry and per line
    loaded = time.perf_counter()
    with db.connection() as conn:
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        conn.autocommit = False
    return count, len(lines), copied - started, loaded - copied


def _median_ms(run: Callable[[], object], times: int) -> tuple[float, float, float]:
    run()  # warm the caches once
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples), max(samples)


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=3600)
    return time.perf_counter() - started


BEANCOUNT_BALANCES = """
import sys
from beancount import loader
from beancount.core import realization
entries, errors, _ = loader.load_file(sys.argv[1])
assert not errors, errors[:3]
for real in realization.iter_children(realization.realize(entries)):
    if not real.balance.is_empty():
        print(real.account, real.balance)
"""


def main() -> None:
    target = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1_000_000
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    work = Path(keep or tempfile.mkdtemp(prefix="intellifin-ledger-bench-"))
    server = LocalPostgres(data_dir=work / "pg", port=free_port()).start()
    results: list[tuple[str, str]] = []
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
        ids = {account.code: account.id for account in chart}

        entries, lines, copy_s, commit_s = load(db, tenant, ids, target)
        print(
            f"loaded {entries:,} entries, {lines:,} lines: COPY {copy_s:.1f} s, "
            f"balance rebuild + deferred checks at commit {commit_s:.1f} s"
        )
        results.append(("journal", f"{entries:,} entries, {lines:,} lines, one year"))
        results.append(("load (COPY, triggers on, balances rebuilt)", f"{copy_s + commit_s:.1f} s"))

        with db.unit_of_work(tenant) as uow:
            trial = reports.trial_balance(uow, MID_YEAR)
            assert trial.is_balanced
            tb = _median_ms(lambda: reports.trial_balance(uow, MID_YEAR), 21)
            tb_compare = _median_ms(lambda: reports.trial_balance(uow, MID_YEAR, compare_to=date(YEAR - 1, 12, 31)), 11)
            tb_sql = _median_ms(lambda: balance_repository.totals_as_of(uow, MID_YEAR), 21)
            raw_sql = (
                "SELECT account_id, sum(debit) AS debit, sum(credit) AS credit FROM journal_lines"
                " WHERE entry_date <= %(as_of)s GROUP BY account_id"
            )
            raw = {r["account_id"]: r["debit"] - r["credit"] for r in uow.fetch_all(raw_sql, {"as_of": MID_YEAR})}
            assert raw == {row.account.id: row.balance for row in trial.rows}, "stored balances differ from lines"
            group_by = _median_ms(lambda: uow.fetch_all(raw_sql, {"as_of": MID_YEAR}), 7)
            wallet = ids["1150"]
            first_page = _median_ms(
                lambda: reports.general_ledger(uow, wallet, date(YEAR, 1, 1), date(YEAR, 12, 31), limit=100), 11
            )
            wallet_lines = balance_repository.account_activity(uow, wallet).line_count
            middle = max(1, wallet_lines // 200)
            page = reports.general_ledger(uow, wallet, date(YEAR, 1, 1), date(YEAR, 12, 31), limit=100)
            cursor = page.next_cursor
            for _ in range(middle - 1):  # walk to the middle of the year
                assert cursor is not None
                page = reports.general_ledger(uow, wallet, date(YEAR, 1, 1), date(YEAR, 12, 31), cursor=cursor)
                cursor = page.next_cursor
            deep_page = _median_ms(
                lambda: reports.general_ledger(uow, wallet, date(YEAR, 1, 1), date(YEAR, 12, 31), cursor=cursor), 11
            )
        results += [
            ("trial balance as of 30 June, through the service (median of 21)", f"{tb[0]:.1f} ms"),
            ("  its SQL alone", f"{tb_sql[0]:.1f} ms"),
            ("trial balance with a comparative date (median of 11)", f"{tb_compare[0]:.1f} ms"),
            ("raw GROUP BY over journal_lines as of 30 June (median of 7)", f"{group_by[0]:.1f} ms"),
            (f"ledger page, busiest account ({wallet_lines:,} lines), first 100", f"{first_page[0]:.1f} ms"),
            (f"ledger page {middle + 1} of the same account (keyset cursor, mid-year)", f"{deep_page[0]:.1f} ms"),
        ]

        with db.unit_of_work(tenant) as uow:
            started = time.perf_counter()
            chain = verify_chain(uow)
            results.append(("verify the whole hash chain", f"{time.perf_counter() - started:.1f} s ({chain.ok=})"))
            assert chain.ok, chain

        exports: dict[ExportFormat, Path] = {}
        for export_format, suffix in ((ExportFormat.BEANCOUNT, "beancount"), (ExportFormat.HLEDGER, "journal")):
            path = work / f"books.{suffix}"
            started = time.perf_counter()
            with db.unit_of_work(tenant) as uow, path.open("w", encoding="utf-8") as out:
                out.writelines(export_journal(uow, export_format))
            exports[export_format] = path
            results.append(
                (f"export {suffix} ({path.stat().st_size / 1e6:.0f} MB)", f"{time.perf_counter() - started:.1f} s")
            )
        if shutil.which("hledger"):
            seconds = _timed(["hledger", "-f", str(exports[ExportFormat.HLEDGER]), "balance", "-e", "2025-07-01"])
            results.append(("hledger 1.25 balance as of 30 June on the export", f"{seconds:.1f} s"))
        seconds = _timed([sys.executable, "-c", BEANCOUNT_BALANCES, str(exports[ExportFormat.BEANCOUNT])])
        results.append(("beancount 3 load + balances on the export", f"{seconds:.1f} s"))

        results += _posting_throughput(db, tenant, ids)
        db.close()
    finally:
        server.stop()
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("| measurement | result |")
    print("| --- | --- |")
    for name, value in results:
        print(f"| {name} | {value} |")


def _posting_throughput(db: Database, tenant: UUID, ids: Ids) -> list[tuple[str, str]]:
    rng = random.Random(7)
    day = date(YEAR + 1, 1, 2)

    def draft(number: int) -> JournalDraft:
        return JournalDraft(entry_date=day, description=f"Posted sale {number}", lines=tuple(_trading_day(rng, ids)))

    count = 1000
    started = time.perf_counter()
    for number in range(count):
        with db.unit_of_work(tenant) as uow:
            service.post_entry(uow, draft(number), posted_by=USER)
            uow.commit()
    one_by_one = count / (time.perf_counter() - started)
    started = time.perf_counter()
    with db.unit_of_work(tenant) as uow:
        service.post_entries(uow, [draft(number) for number in range(count)], posted_by=USER)
        uow.commit()
    batched = count / (time.perf_counter() - started)
    return [
        ("posting through post_entry, one transaction each (1,000 entries)", f"{one_by_one:,.0f} entries/s"),
        ("posting through post_entries, 1,000 drafts in one call", f"{batched:,.0f} entries/s"),
    ]


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
