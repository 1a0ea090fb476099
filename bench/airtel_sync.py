"""Airtel Money at 100,000 transactions: sync them, import a statement of them, import it again.

    python bench/airtel_sync.py [transactions]

Starts a throwaway PostgreSQL and Azurite (the local runtime's) and the sandbox Airtel API as
its own process, with a merchant whose history holds `transactions` rows (default 100,000).
One organization with the default chart links two wallets through the use cases the API calls
(token and balance verified first). Then it measures, in one run:

The sandbox writes its rows' JSON up front (`warm`), so the sync's time is IntelliFin's work
and the HTTP round trips, not the sandbox's own JSON writing.

- a full sync of wallet A (`run_sync`, the queue handler's work: 500-row Transactions Summary
  pages over HTTP, mapping, one transaction per page storing rows and progress, every call to
  the Table Storage integration log);
- a statement of the same history (the AIRTEL MONEY STATEMENT CSV layout) previewed and
  imported into wallet B (`preview_statement` + `run_import`: parse, known-row lookup, blob,
  batched inserts);
- the same file imported again (every row known: 0 new).

Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from local_runtime.azurite import start_azurite  # noqa: E402
from local_runtime.postgres import LocalPostgres, free_port  # noqa: E402
from local_runtime.sandboxes.process import start_airtel_sandbox  # noqa: E402
from shared_code.bootstrap import Services  # noqa: E402
from shared_code.ledger.chart import TaxMode, seed_default_chart  # noqa: E402
from shared_code.mobile_money import statements  # noqa: E402
from shared_code.mobile_money.model import CAT, WalletCredentials, map_api_row  # noqa: E402
from shared_code.mobile_money.sync import SyncOptions, run_sync  # noqa: E402
from shared_code.mobile_money.wallets import LinkRequest, access_of, link_wallet  # noqa: E402
from shared_code.platform.ids import new_id  # noqa: E402
from shared_code.platform.migrations import migrate_all  # noqa: E402
from shared_code.platform.settings import Settings  # noqa: E402
from shared_code.platform.tenancy import provision_tenant  # noqa: E402

USER = UUID("00000000-0000-7000-8000-0000000a17e1")
SPACING = 25
COUNT = "SELECT count(*) AS n FROM mobile_money_transactions WHERE wallet_id = %s"


def _statement(rows: list[dict[str, object]], msisdn: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Transaction ID", "Date", "Description", "Status", "Transaction Amount", "Credit/Debit", "Fee"])
    for raw in rows:
        t = map_api_row(raw, msisdn)
        writer.writerow([
            t.airtel_id, t.occurred_at.astimezone(CAT).strftime("%Y-%m-%d %H:%M:%S"),
            f"{t.counterparty_name} {t.counterparty_msisdn or ''} {t.reference}", t.status.value,
            f"{t.amount:.2f}", "Credit" if t.direction.value == "in" else "Debit", f"{t.charges:.2f}",
        ])  # fmt: skip
    return out.getvalue().encode()


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    work = Path(tempfile.mkdtemp(prefix="airtel-bench-"))
    server = LocalPostgres(data_dir=work / "pg", port=free_port()).start()
    azurite = start_azurite(work / "azurite", free_port(), free_port())
    sandbox = start_airtel_sandbox(work / "airtel", free_port())
    try:
        start = int(time.time()) - total * SPACING - 3600
        for client_id, msisdn in (("bench-a", "971000001"), ("bench-b", "771000002")):
            httpx.post(
                f"{sandbox.origin}/admin/merchants",
                json={"client_id": client_id, "client_secret": "s3cret", "msisdn": msisdn, "count": total,
                      "seed": 5, "start": start, "spacing_seconds": SPACING, "warm": True},
                timeout=120,
            ).raise_for_status()  # fmt: skip
        settings = Settings(
            intellifin_env="test",
            database_url=server.url,
            storage_connection_string=azurite.connection_string,
            local_secrets_file=work / "secrets.json",
            blob_container="airtel-bench",
            max_request_body_bytes=50 * 1024 * 1024,
        )
        services = Services(settings)
        migrate_all(services.db)
        tenant = new_id()
        provision_tenant(services.db, tenant)
        with services.db.unit_of_work(tenant) as uow:
            seed_default_chart(uow, TaxMode.VAT)
            uow.commit()
        access = access_of(services)
        wallets = {}
        for client_id, msisdn in (("bench-a", "971000001"), ("bench-b", "771000002")):
            wallets[client_id] = link_wallet(
                services.db,
                tenant,
                LinkRequest(client_id, "custom", msisdn, WalletCredentials(client_id, "s3cret"), sandbox.base_url),
                cipher=services.cipher,
                access=access,
                linked_by=USER,
                clock=services.clock,
            )
        with services.db.unit_of_work(tenant) as uow:
            run_ids = {
                row["wallet_id"]: row["id"]
                for row in uow.fetch_all("SELECT id, wallet_id FROM mobile_money_sync_runs", {})
            }
            uow.execute("DELETE FROM platform.outbox_messages", {})
            uow.commit()
        options = SyncOptions(
            page_size=500, overlap=timedelta(hours=6), initial=timedelta(seconds=total * SPACING + 7200)
        )

        began = time.perf_counter()
        status = run_sync(services.db, tenant, run_ids[wallets["bench-a"].id], cipher=services.cipher,
                          access=access, clock=services.clock, options=options)  # fmt: skip
        sync_seconds = time.perf_counter() - began
        with services.db.unit_of_work(tenant) as uow:
            stored = uow.fetch_one(
                "SELECT count(*) AS n FROM mobile_money_transactions WHERE wallet_id = %s", [wallets["bench-a"].id]
            )
        assert status == "succeeded", status
        assert stored is not None, stored
        assert stored["n"] == total, stored

        answer = httpx.get(f"{sandbox.origin}/admin/merchants/771000002/history", timeout=300)
        history = json.loads(answer.text, parse_float=Decimal)["transactions"]
        data = _statement(history, "771000002")
        timings = []
        for _ in range(2):
            began = time.perf_counter()
            with services.db.unit_of_work(tenant) as uow:
                preview = statements.preview_statement(
                    uow, wallets["bench-b"].id, file_name="statement.csv", data=data, blob=services.blob,
                    created_by=USER, clock=services.clock,
                )  # fmt: skip
                statements.start_import(uow, wallets["bench-b"].id, preview.record["id"], clock=services.clock)
                uow.commit()
            previewed = time.perf_counter() - began
            statements.run_import(services.db, tenant, preview.record["id"], blob=services.blob, clock=services.clock)
            timings.append((time.perf_counter() - began, previewed, preview.record["rows_new"]))
        with services.db.unit_of_work(tenant) as uow:
            imported = uow.fetch_one(
                "SELECT count(*) AS n FROM mobile_money_transactions WHERE wallet_id = %s", [wallets["bench-b"].id]
            )
        assert imported is not None
        assert imported["n"] == total, imported
        assert timings[1][2] == 0, timings
        services.close()
    finally:
        sandbox.stop()
        azurite.stop()
        server.stop()
    print(f"| what ({total:,} transactions, {datetime.now(UTC):%Y-%m-%d}) | time | tx/s | new rows |")
    print("| --- | --- | --- | --- |")
    rate = total / sync_seconds
    print(f"| sync (500-row pages over HTTP, stored per page) | {sync_seconds:.1f} s | {rate:,.0f} | {total:,} |")
    for label, (seconds, previewed, new) in zip(("statement import", "same statement again"), timings, strict=True):
        print(f"| {label} (preview {previewed:.1f} s + import) | {seconds:.1f} s | {total / seconds:,.0f} | {new:,} |")


if __name__ == "__main__":
    main()
