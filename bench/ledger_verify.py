"""Verifying the ledger's hash chain at a million journal lines: whole chain and incremental.

    python bench/ledger_verify.py [lines]

Loads `lines` (default 1,000,000) journal lines the way `ledger_million.py` does (the
ledger's own builder, so the chain is real; COPY with the triggers on), then measures:

- verifying the whole chain from the first entry (what a full run reads),
- a verification run through its job handler, which leaves a checkpoint at the last entry,
- posting 1,000 more entries (`post_entries`), then an incremental run from the checkpoint
  (median of 3 such rounds).

Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ledger_million import USER, load  # noqa: E402

from local_runtime.postgres import LocalPostgres, free_port  # noqa: E402
from shared_code.ledger import account_repository, service, verification_repository  # noqa: E402
from shared_code.ledger.chart import TaxMode, seed_default_chart  # noqa: E402
from shared_code.ledger.messages import VERIFY_LEDGER  # noqa: E402
from shared_code.ledger.posting import DraftLine, JournalDraft  # noqa: E402
from shared_code.ledger.verification import request_verification, run_verification  # noqa: E402
from shared_code.ledger.verify import verify_chain  # noqa: E402
from shared_code.platform.db import Database  # noqa: E402
from shared_code.platform.ids import new_id  # noqa: E402
from shared_code.platform.messaging import Message  # noqa: E402
from shared_code.platform.migrations import migrate_all  # noqa: E402
from shared_code.platform.tenancy import provision_tenant  # noqa: E402


def _run_job(db: Database, tenant: UUID) -> dict[str, object]:
    """Request a run and execute its handler directly (the queue's delivery is not measured)."""
    with db.unit_of_work(tenant) as uow:
        run = request_verification(uow, USER, full_chain=False)
        uow.commit()
    payload = {"run_id": str(run["id"])}
    run_verification(db, Message(new_id(), VERIFY_LEDGER.queue, VERIFY_LEDGER.name, payload, tenant_id=tenant))
    with db.unit_of_work(tenant) as uow:
        done = verification_repository.read_run(uow, run["id"])
    assert done is not None
    assert done["ok"], done
    return dict(done)


def main() -> None:
    target = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1_000_000
    work = Path(tempfile.mkdtemp(prefix="intellifin-verify-bench-"))
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
        entries, lines, _, _ = load(db, tenant, ids, target)
        results.append(("journal", f"{entries:,} entries, {lines:,} lines"))

        with db.unit_of_work(tenant) as uow:
            verify_chain(uow)  # warm the caches once, as a second run would find them
            started = time.perf_counter()
            chain = verify_chain(uow)
            whole = time.perf_counter() - started
        assert chain.ok, chain
        results.append(("verify the whole chain (in the database)", f"{whole:.2f} s"))

        started = time.perf_counter()
        first = _run_job(db, tenant)
        results.append(
            ("first run through the job handler (no checkpoint yet)", f"{time.perf_counter() - started:.2f} s")
        )
        assert first["entries_checked"] == entries

        samples = []
        for round_number in range(3):
            drafts = [
                JournalDraft(
                    entry_date=date(2025, 12, 31),
                    description=f"Bench sale {round_number}-{n}",
                    lines=(
                        DraftLine(ids["1010"], debit=Decimal("10.00")),
                        DraftLine(ids["4010"], credit=Decimal("10.00")),
                    ),
                )
                for n in range(1000)
            ]
            with db.unit_of_work(tenant) as uow:
                service.post_entries(uow, drafts, posted_by=USER)
                uow.commit()
            started = time.perf_counter()
            run = _run_job(db, tenant)
            samples.append((time.perf_counter() - started) * 1000)
            assert run["entries_checked"] == 1000, run
        results.append(
            ("incremental run after 1,000 new entries (median of 3)", f"{statistics.median(samples):.0f} ms")
        )
        db.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("| measurement | result |\n| --- | --- |")
    for name, value in results:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
