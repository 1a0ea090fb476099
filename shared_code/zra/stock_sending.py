"""The stock sender of one branch: each movement's `saveStockItems`, then its `saveStockMaster`.

What the `zra.send_stock` queue handler runs. It holds the branch's lease (the same one the
sales sender holds: a branch's VSDC gets one request at a time) and works through the
branch's movements in order. A movement ZRA already holds (994 on its `sarNo`: an earlier
answer was lost) counts as sent; the master is absolute, so repeating it is harmless. No
answer, or 838/894/990-type codes: the same request waits for the retry sweep. Anything
else: the movement is `rejected` with ZRA's words, and the branch goes on.
"""

from __future__ import annotations

from uuid import UUID

from shared_code.platform.clock import Clock
from shared_code.platform.db import Database
from shared_code.platform.ids import new_id
from shared_code.zra import stock_repository, submission_repository
from shared_code.zra.client import SAVE_STOCK_ITEMS, SAVE_STOCK_MASTER, VsdcClient, VsdcUnavailable
from shared_code.zra.fiscalisation import LEASE_SECONDS, RETRYABLE_CODES, Backoff, SendReport
from shared_code.zra.stock_repository import StockMovement

ALREADY_RECORDED = "994"


def send_stock(
    db: Database,
    tenant_id: UUID,
    branch_id: str,
    *,
    client: VsdcClient,
    clock: Clock,
    backoff: Backoff | None = None,
    limit: int = 100,
) -> SendReport:
    """Send the branch's waiting stock movements in order until none is due (at most `limit`)."""
    backoff = backoff or Backoff()
    holder = new_id()
    with db.unit_of_work(tenant_id) as uow:
        if not submission_repository.take_lease(uow, branch_id, holder, clock.now(), LEASE_SECONDS):
            return SendReport(busy=True)
        uow.commit()
    done = rejected = 0
    waiting = False
    try:
        for _ in range(limit):
            with db.unit_of_work(tenant_id) as uow:
                if not submission_repository.take_lease(uow, branch_id, holder, clock.now(), LEASE_SECONDS):
                    return SendReport(done, rejected, busy=True)
                head = stock_repository.head_of_branch(uow, branch_id)
                uow.commit()
            if head is None or head.next_attempt_at > clock.now():
                waiting = head is not None
                break
            outcome = _send_one(db, tenant_id, head, client=client, clock=clock, backoff=backoff)
            if outcome == "done":
                done += 1
            elif outcome == "rejected":
                rejected += 1
            elif outcome == "waiting":
                waiting = True
                break
    finally:
        with db.unit_of_work(tenant_id) as uow:
            submission_repository.release_lease(uow, branch_id, holder)
            uow.commit()
    return SendReport(done, rejected, waiting)


def _send_one(
    db: Database, tenant_id: UUID, movement: StockMovement, *, client: VsdcClient, clock: Clock, backoff: Backoff
) -> str:
    """One step of one movement: `movement_sent`, `done`, `rejected` or `waiting`."""
    document = f"stock:{movement.position}"
    first = movement.status == "pending"
    path, text = (
        (SAVE_STOCK_ITEMS, movement.movement_request) if first else (SAVE_STOCK_MASTER, movement.master_request)
    )
    try:
        answer = client.send(path, text, document=document)
        failure = None
    except VsdcUnavailable as error:
        answer, failure = None, error
    with db.unit_of_work(tenant_id) as uow:
        now = clock.now()
        if answer is None or answer.result_code in RETRYABLE_CODES:
            reason = f"No answer from the VSDC ({failure})" if answer is None else answer.message
            stock_repository.mark_retry(
                uow,
                movement.id,
                code=None if answer is None else answer.result_code,
                error=reason,
                next_attempt_at=now + backoff.after(movement.attempts + 1),
            )
            outcome = "waiting"
        elif first and (answer.succeeded or answer.result_code == ALREADY_RECORDED):
            stock_repository.mark_movement_sent(uow, movement.id, code=answer.result_code)
            outcome = "movement_sent"
        elif answer.succeeded:
            stock_repository.mark_done(uow, movement.id, at=now)
            outcome = "done"
        else:
            stock_repository.mark_rejected(uow, movement.id, code=answer.result_code, error=answer.message)
            outcome = "rejected"
        uow.commit()
    return outcome
