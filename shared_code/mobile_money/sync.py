"""Syncing a wallet from the Transactions Summary, crash-safe and resumable.

A run is queued (timer, "sync now", or linking) with an outbox message. Its handler fixes the
run's window the first time it starts: from the wallet's cursor minus the overlap (or
`airtel_initial_days` back for a new wallet) to now. It then reads the window a page at a
time (limit/offset), maps every row, and stores each page in ONE transaction that also moves
the run's offset on; the last page's transaction also advances the wallet's cursor to the
window's end and closes the run. So a worker killed anywhere either stored a page and its
offset, or neither: the redelivered message resumes at the stored offset, and Airtel's id
(a unique key) makes any row read twice (the overlap, a shifted page) a no-op. Nothing is lost
and nothing is duplicated.

A page with a row that cannot be read is not stored: the problem is logged on the run, the
handler raises, and the queue retries the message later (an answer garbled in transit reads
fine the next time; one that never does dead-letters and the run fails with its errors).
Airtel being unreachable is retried the same way; a refusal retrying cannot help (the app's
credentials revoked) fails the run at once, with Airtel's words.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

from shared_code.mobile_money import sync_repository, transaction_repository, wallet_repository
from shared_code.mobile_money.client import AirtelRefused, AirtelUnavailable, SummaryPage
from shared_code.mobile_money.model import MalformedRow, map_api_row
from shared_code.mobile_money.wallets import AirtelAccess, DatabaseTokens, decrypt_credentials, request_sync
from shared_code.platform.clock import Clock
from shared_code.platform.crypto import CredentialCipher
from shared_code.platform.db import Database, Transactions
from shared_code.platform.tenancy import live_tenants


@dataclass(frozen=True)
class SyncOptions:
    """Paging and windows."""

    page_size: int = 500
    overlap: timedelta = timedelta(hours=6)
    initial: timedelta = timedelta(days=90)


class SyncIncomplete(Exception):
    """The run could not finish now; the message is retried (its errors are on the run)."""


def _error(kind: str, detail: str, clock: Clock, offset: int) -> dict[str, object]:
    return {"at": clock.now().isoformat(), "kind": kind, "detail": detail[:500], "offset": offset}


def run_sync(
    db: Transactions,
    organization_id: UUID,
    run_id: UUID,
    *,
    cipher: CredentialCipher,
    access: AirtelAccess,
    clock: Clock,
    options: SyncOptions,
    final_attempt: bool = False,
) -> str:
    """Run (or resume) sync run `run_id`; returns its status. Raises `SyncIncomplete` to be retried."""
    with db.unit_of_work(organization_id) as uow:
        run = sync_repository.get_run(uow, run_id, for_update=True)
        if run is None or run["status"] in ("succeeded", "failed"):
            return run["status"] if run else "missing"
        wallet = wallet_repository.get_wallet(uow, run["wallet_id"])
        assert wallet is not None
        if wallet["status"] != "linked":
            sync_repository.add_error(uow, run_id, _error("unlinked", "The wallet was unlinked.", clock, 0))
            sync_repository.finish_run(uow, run_id, status="failed", at=clock.now())
            uow.commit()
            return "failed"
        now = clock.now()
        cursor = wallet["sync_cursor"]
        window_from = run["window_from"] or (cursor - options.overlap if cursor else now - options.initial)
        window_to = run["window_to"] or now
        sync_repository.start_run(uow, run_id, window_from=window_from, window_to=window_to, at=now)
        uow.commit()
    offset = run["next_offset"]
    wallet_id, msisdn = wallet["id"], wallet["msisdn"]
    credentials = decrypt_credentials(cipher, organization_id, wallet_id, bytes(wallet["credentials"]))
    tokens = DatabaseTokens(db, organization_id, wallet_id, cipher=cipher, now=clock.now)

    def fail(kind: str, detail: str, *, retry: bool) -> str:
        with db.unit_of_work(organization_id) as uow:
            sync_repository.add_error(uow, run_id, _error(kind, detail, clock, offset))
            if not retry or final_attempt:
                sync_repository.finish_run(uow, run_id, status="failed", at=clock.now())
            uow.commit()
        if retry and not final_attempt:
            raise SyncIncomplete(f"{kind}: {detail}")
        return "failed"

    with access.client(
        wallet_id, wallet["base_url"], credentials, tokens=tokens, log=access.log_for(organization_id)
    ) as client:
        balance: Decimal | None
        try:
            balance = client.balance()
        except (AirtelRefused, AirtelUnavailable):
            balance = None
        # The next page is fetched while this one is stored (one request in flight at a time, pages
        # stored strictly in order), so Airtel's latency and the database's overlap.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="airtel-page") as pool:
            fetching: Future[SummaryPage] = pool.submit(
                client.transactions, window_from, window_to, limit=options.page_size, offset=offset
            )
            while True:
                try:
                    page = fetching.result()
                except AirtelUnavailable as failure:
                    return fail(failure.kind, failure.detail, retry=True)
                except AirtelRefused as refusal:
                    return fail(refusal.code, refusal.detail, retry=refusal.code == "invalid_token")
                mapped, problems = [], []
                for index, raw in enumerate(page.rows):
                    try:
                        mapped.append(map_api_row(raw, msisdn))
                    except MalformedRow as error:
                        problems.append(f"row {offset + index}: {error}")
                if problems:
                    return fail("malformed", "; ".join(problems[:5]), retry=True)
                last = len(page.rows) < options.page_size or (
                    page.count is not None and offset + len(page.rows) >= page.count
                )
                if not last:
                    fetching = pool.submit(
                        client.transactions,
                        window_from,
                        window_to,
                        limit=options.page_size,
                        offset=offset + len(page.rows),
                    )
                with db.unit_of_work(organization_id) as uow:
                    stored = transaction_repository.store_transactions(
                        uow, wallet_id, mapped, origin="sync", at=clock.now()
                    )
                    sync_repository.record_page(
                        uow,
                        run_id,
                        next_offset=offset + len(page.rows),
                        expected=page.count,
                        fetched=len(page.rows),
                        added=stored.added,
                        updated=stored.updated,
                    )
                    if last:
                        wallet_repository.finish_sync(uow, wallet_id, cursor=window_to, at=clock.now(), balance=balance)
                        sync_repository.finish_run(uow, run_id, status="succeeded", at=clock.now())
                    uow.commit()
                if last:
                    return "succeeded"
                offset += len(page.rows)


def enqueue_due_syncs(db: Database, clock: Clock) -> int:
    """The timer: queue one sync run per linked wallet of every organization; returns how many."""
    with db.unit_of_work() as uow:
        tenants = live_tenants(uow)
    queued = 0
    for organization_id in tenants:
        with db.unit_of_work(organization_id) as uow:
            for wallet_id in wallet_repository.linked_wallet_ids(uow):
                _, created = request_sync(uow, wallet_id, trigger="timer", requested_by=None, clock=clock)
                queued += created
            uow.commit()
    return queued
