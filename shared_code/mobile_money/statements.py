"""Statement import: preview an Airtel statement export, then import its new rows in the background.

The upload is read at once and kept in Blob Storage; the preview lists every row that cannot
be read (line, column, why) and counts the rows the wallet knows already (by Airtel id, from a
sync or an earlier import) and the new ones. Importing is refused while any row is broken
(nothing is half-imported: fix the file and upload it again). An accepted import is queued
through the outbox; the handler stores the rows in batches, each with its progress in the
same transaction, so a crash resumes where it stopped and the unique Airtel id keeps every
row single. Known rows are skipped, never changed (a sync's copy wins).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from uuid import UUID

from shared_code.mobile_money import errors, import_repository, transaction_repository, wallet_repository
from shared_code.mobile_money.messages import IMPORT_STATEMENT
from shared_code.mobile_money.statement_format import ParsedStatement, StatementUnreadable, parse_statement
from shared_code.platform.clock import Clock
from shared_code.platform.db import Row, Transactions, UnitOfWork
from shared_code.platform.ids import new_id
from shared_code.platform.messaging import enqueue
from shared_code.platform.ports import FileStore

BATCH = 5000
MAX_PROBLEMS_KEPT = 2000
_CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Preview:
    """A previewed statement: the import row, and what it holds."""

    record: Row
    parsed: ParsedStatement
    known: set[str]
    """Airtel ids of rows the wallet holds already."""


def _blob_name(organization_id: UUID, import_id: UUID, file_format: str) -> str:
    return f"mobile-money/{organization_id}/statements/{import_id}.{file_format}"


def preview_statement(
    uow: UnitOfWork,
    wallet_id: UUID,
    *,
    file_name: str,
    data: bytes,
    blob: FileStore,
    created_by: UUID,
    clock: Clock,
) -> Preview:
    """Read the file, list its problems and its known and new rows, and keep it for the import."""
    wallet = wallet_repository.get_wallet(uow, wallet_id)
    if wallet is None:
        raise errors.wallet_not_found()
    if wallet["status"] != "linked":
        raise errors.wallet_unlinked()
    try:
        parsed = parse_statement(file_name, data, wallet["msisdn"])
    except StatementUnreadable as error:
        raise errors.statement_unreadable(str(error)) from None
    ids = [row.transaction.airtel_id for row in parsed.rows]
    known = set()
    for start in range(0, len(ids), 10_000):
        known |= transaction_repository.known_airtel_ids(uow, wallet_id, ids[start : start + 10_000])
    import_id = new_id()
    organization_id = uow.require_tenant()
    name = _blob_name(organization_id, import_id, parsed.file_format)
    blob.put(name, data, _CONTENT_TYPES[parsed.file_format])
    import_repository.insert_import(
        uow,
        import_id=import_id,
        wallet_id=wallet_id,
        file_name=file_name[:200] or "statement",
        file_format=parsed.file_format,
        blob_name=name,
        rows_total=parsed.total,
        rows_valid=len(parsed.rows) - sum(1 for p in parsed.problems if p.code == "duplicate_transaction_id"),
        rows_known=len(known),
        problems=[asdict(problem) for problem in parsed.problems[:MAX_PROBLEMS_KEPT]],
        created_by=created_by,
        at=clock.now(),
    )
    record = import_repository.get_import(uow, import_id)
    assert record is not None
    return Preview(record, parsed, known)


def get_import(uow: UnitOfWork, wallet_id: UUID, import_id: UUID) -> Row:
    """One import of the wallet."""
    record = import_repository.get_import(uow, import_id)
    if record is None or record["wallet_id"] != wallet_id:
        raise errors.import_not_found()
    return record


def start_import(uow: UnitOfWork, wallet_id: UUID, import_id: UUID, *, clock: Clock) -> Row:
    """Queue the import of a previewed statement (refused while any row is broken)."""
    record = import_repository.get_import(uow, import_id, for_update=True)
    if record is None or record["wallet_id"] != wallet_id:
        raise errors.import_not_found()
    if record["status"] != "previewed":
        raise errors.import_not_pending()
    if record["problems"]:
        from shared_code.platform.errors import FieldError

        raise errors.statement_has_problems([FieldError(**problem) for problem in record["problems"]])
    import_repository.set_status(uow, import_id, "importing", clock.now())
    if record["rows_new"] == 0:  # every row is known: nothing to store, nothing to queue
        import_repository.record_progress(uow, import_id, rows_done=record["rows_valid"], added=0)
        import_repository.set_status(uow, import_id, "imported", clock.now())
    else:
        enqueue(uow, IMPORT_STATEMENT, {"import_id": str(import_id)}, tenant_id=uow.require_tenant())
    started = import_repository.get_import(uow, import_id)
    assert started is not None
    return started


def run_import(db: Transactions, organization_id: UUID, import_id: UUID, *, blob: FileStore, clock: Clock) -> str:
    """The background import: store the statement's rows a batch at a time; returns the status."""
    with db.unit_of_work(organization_id) as uow:
        record = import_repository.get_import(uow, import_id)
        if record is None or record["status"] != "importing":
            return record["status"] if record else "missing"
        wallet = wallet_repository.get_wallet(uow, record["wallet_id"])
    assert wallet is not None
    parsed = parse_statement(record["file_name"], blob.get(record["blob_name"]), wallet["msisdn"])
    transactions = [row.transaction for row in parsed.rows]
    done = record["rows_done"]
    while True:
        batch = transactions[done : done + BATCH]
        with db.unit_of_work(organization_id) as uow:
            stored = transaction_repository.store_transactions(
                uow, record["wallet_id"], batch, origin="statement", at=clock.now(), import_id=import_id
            )
            done += len(batch)
            import_repository.record_progress(uow, import_id, rows_done=done, added=stored.added)
            if done >= len(transactions):
                import_repository.set_status(uow, import_id, "imported", clock.now())
            uow.commit()
        if done >= len(transactions):
            return "imported"
