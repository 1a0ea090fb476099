"""Verification as a background job, resuming from a checkpoint; the chain check it runs.

A verification is a run: `request_verification` records it and queues a `ledger.verify`
message (`messages.VERIFY_LEDGER`, on the `reports` queue), and `run_verification` is its handler. After a run that
finds the chain whole, its last entry becomes the checkpoint, and the next run reads only
the entries posted since: the entries before it cannot change (the journal's triggers refuse
it), and a full run (`full_chain`) re-reads everything for someone who doubts that, with the
stored-balance check as well.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from shared_code.ledger import balance_repository
from shared_code.ledger import verification_repository as runs
from shared_code.ledger.chain import ChainVerification, genesis_hash
from shared_code.ledger.messages import VERIFY_LEDGER
from shared_code.platform.db import Database, Row, UnitOfWork
from shared_code.platform.ids import new_id
from shared_code.platform.messaging import Message, PermanentMessageError, claim_processing, enqueue

_PROBLEMS = {
    "link": "its link to the previous entry does not match that entry's hash",
    "content": "its content does not match its hash",
}


def verify_chain_after(uow: UnitOfWork, after: int, start_hash: str) -> ChainVerification:
    """Check the entries numbered above `after`, the first linking to `start_hash`, and that
    the chain head is the last of them. `entries_checked` counts only those entries."""
    scan = runs.scan_chain(uow, after=after, start_hash=start_hash)
    if scan.problem is not None:
        assert scan.broken_entry_number is not None
        assert scan.expected_previous is not None
        problem = _PROBLEMS.get(
            scan.problem, f"entry number {scan.broken_entry_number} is missing (found {scan.found_entry_number})"
        )
        return ChainVerification(
            ok=False,
            entries_checked=scan.broken_entry_number - after,
            last_hash=scan.expected_previous,
            broken_entry_id=scan.broken_entry_id,
            broken_entry_number=scan.broken_entry_number,
            problem=problem,
        )
    last_number = after + scan.entries_read
    last_hash = scan.last_hash or start_hash
    head = scan.head
    if head is not None and (head.last_entry_number, head.last_hash) != (last_number, last_hash):
        return ChainVerification(
            ok=False,
            entries_checked=scan.entries_read,
            last_hash=last_hash,
            broken_entry_number=last_number + 1,
            problem=f"the chain head records entry {head.last_entry_number}; the journal ends at {last_number}",
        )
    return ChainVerification(ok=True, entries_checked=scan.entries_read, last_hash=last_hash)


def request_verification(uow: UnitOfWork, requested_by: UUID, *, full_chain: bool) -> Row:
    """Record a verification run and queue it, in the caller's transaction; while one is
    pending, asking again returns that one (verifying twice at once would read twice)."""
    tenant = uow.require_tenant()
    run = runs.insert_run(uow, new_id(), requested_by, full_chain=full_chain)
    if run is None:
        pending = runs.pending_run(uow)
        assert pending is not None
        return pending
    enqueue(uow, VERIFY_LEDGER, {"run_id": str(run["id"])}, tenant_id=tenant)
    return run


def verification_run(uow: UnitOfWork, run_id: UUID) -> Row | None:
    """One verification run as stored (None if this organization has no such run)."""
    return runs.read_run(uow, run_id)


def run_verification(db: Database, message: Message) -> None:
    """The `ledger.verify` handler: verify from the checkpoint (or from the first entry for a
    full run or the first run), store the findings, move the checkpoint if the chain is whole."""
    if message.tenant_id is None or "run_id" not in message.payload:
        raise PermanentMessageError("a ledger.verify message names its organization and run")
    with db.unit_of_work(message.tenant_id) as uow:
        if not claim_processing(uow, message.id, VERIFY_LEDGER.name):
            return
        run = runs.lock_run(uow, UUID(str(message.payload["run_id"])))
        if run is None or run["status"] == "done":
            uow.commit()
            return
        checkpoint = None if run["full_chain"] else runs.read_checkpoint(uow)
        after, start_hash = (
            (checkpoint.entry_number, checkpoint.hash) if checkpoint else (0, genesis_hash(message.tenant_id))
        )
        chain = verify_chain_after(uow, after, start_hash)
        mismatches = len(balance_repository.stored_balance_mismatches(uow)) if run["full_chain"] else None
        if chain.ok:
            runs.write_checkpoint(uow, after + chain.entries_checked, chain.last_hash)
        result: dict[str, Any] = {
            "ok": chain.ok and not mismatches,
            "from_entry_number": after + 1,
            "entries_checked": chain.entries_checked,
            "last_entry_number": after + chain.entries_checked,
            "last_hash": chain.last_hash,
            "broken_entry_id": chain.broken_entry_id,
            "broken_entry_number": chain.broken_entry_number,
            "problem": chain.problem,
            "balance_mismatches": mismatches,
        }
        runs.finish_run(uow, run["id"], result)
        uow.commit()
