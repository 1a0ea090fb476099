"""Fiscalisation: every issued sales document reaches ZRA exactly once, in the order it was issued.

Issuing a document queues it (`queue_submission`, in the issuing transaction). A sender
(`send_pending`) then works through a branch's queue one document at a time, holding the
branch's lease so that no two senders interleave its receipts:

1. the request is built once from the stored document (`sales_request`) and its exact text
   stored before the first attempt; every retry replays that text;
2. `000` with a signature: the receipt is kept and the document is fiscalised;
3. no answer (timeout, dropped connection, HTTP error, not JSON), a `000` without its
   signature, or a VSDC that cannot reach ZRA (838, 894, 802, 990-993): the same request is
   tried again later and the branch waits, so the order holds;
4. `924` (our number was recorded already: an earlier attempt got through and its answer was
   lost): the receipt is recovered with `selectInvoice` and kept if its totals are ours;
5. once fiscalised, the stock-tracked goods it moved are taken off (or, for a credit note, put
   back on) the quantity on hand and their stock chain is queued as a job of its own (`stock`);
6. any other code: ZRA refused the content, nothing was recorded; the document is
   `rejected` with ZRA's words, and the branch goes on with the next one. Once the cause is
   fixed (an item's classification, say), `retry_rejected` queues it again and the request
   is rebuilt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from shared_code.platform.clock import Clock
from shared_code.platform.db import Database, UnitOfWork
from shared_code.platform.ids import new_id
from shared_code.platform.messaging import enqueue
from shared_code.zra import device_repository, errors, stock, submission_repository, wire
from shared_code.zra.client import VsdcAnswer, VsdcClient, VsdcUnavailable
from shared_code.zra.item_registration import ItemRegistration, fingerprint, item_request
from shared_code.zra.messages import SEND_PENDING
from shared_code.zra.model import HEAD_OFFICE, FiscalStatus, fiscal_status
from shared_code.zra.submission_repository import Submission

log = logging.getLogger(__name__)

RETRYABLE_CODES = frozenset({"802", "838", "894", "990", "991", "992", "993"})
"""The VSDC answered but could not reach ZRA (or ZRA was busy): the request is fine, try again."""
ALREADY_RECORDED = "924"
RECEIPT_FIELDS = ("rcptNo", "sdcId", "intrlData", "rcptSign", "vsdcRcptPbctDate")
"""What a receipt must carry to be printed; a `000` without them is not a receipt."""
LEASE_SECONDS = 120
"""Longer than one call's timeout: a sender that dies frees its branch after this."""


@dataclass(frozen=True)
class FiscalDevice:
    """The branch's initialised VSDC: where to send and how it is known."""

    branch_id: str
    sdc_id: str
    """From initialisation; needed to look a sale up again (`selectInvoice`)."""


@dataclass(frozen=True)
class SendReport:
    """What one run of the sender did."""

    fiscalised: int = 0
    rejected: int = 0
    waiting: bool = False
    """True if the branch stopped at a document to retry later."""
    busy: bool = False
    """True if another sender held the branch."""


RequestBuilder = Callable[[UnitOfWork, Submission], "BuiltRequest"]


@dataclass(frozen=True)
class BuiltRequest:
    """A document's `saveSales` body, or why it cannot be sent."""

    body: dict[str, Any] | None
    problems: tuple[str, ...] = ()
    items: tuple[ItemRegistration, ...] = ()
    """The items its lines name, which ZRA must hold first."""
    user: tuple[str, str] = ("intellifin", "IntelliFin")
    """Who registers them (`regrId`, `regrNm`): who issued the document."""


@dataclass(frozen=True)
class Backoff:
    """How long a submission without a ZRA answer waits before its next try."""

    base_seconds: float = 60.0
    """After the first failure; doubles with each one after."""
    max_seconds: float = 1800.0
    """The wait never grows past this."""

    def after(self, attempts: int) -> timedelta:
        """The wait after `attempts` tries (1 or more)."""
        exponent = min(max(attempts - 1, 0), 30)
        return timedelta(seconds=min(self.base_seconds * 2**exponent, self.max_seconds))


def queue_submission(
    uow: UnitOfWork, *, document_type: str, document_id: UUID, document_number: str, issued_by: UUID
) -> None:
    """Queue an issued document for ZRA in the issuing transaction, and wake its branch's sender.

    The caller decides that the document needs fiscalising (the business is VAT-registered on
    its date). An invoice goes to the branch it was issued from, a note to its invoice's; one
    that names none to the main device's branch (`000` until a device is set up: it waits, and
    goes once that branch's device is initialised).
    """
    branch_id = submission_repository.branch_of_document(uow, document_type, document_id)
    named_unknown = branch_id is not None and device_repository.get_device(uow, branch_id) is None
    if named_unknown and document_type == "invoice" and device_repository.get_device(uow) is not None:
        raise errors.unknown_branch(str(branch_id))
    if branch_id is None:
        device = device_repository.get_device(uow)
        branch_id = str(device["branch_id"]) if device else HEAD_OFFICE
    if submission_repository.insert(
        uow,
        submission_id=new_id(),
        document_type=document_type,
        document_id=document_id,
        document_number=document_number,
        branch_id=branch_id,
        submitted_by=issued_by,
    ):
        enqueue(uow, SEND_PENDING, {"branch_id": branch_id})


def submission_of(uow: UnitOfWork, document_type: str, document_id: UUID) -> Submission | None:
    """Where a document stands with ZRA (None if it was never queued)."""
    return submission_repository.of_document(uow, document_type, document_id)


def submissions_of(uow: UnitOfWork, document_type: str, document_ids: list[UUID]) -> dict[UUID, Submission]:
    """Where several documents stand with ZRA, by document."""
    return submission_repository.of_documents(uow, document_type, document_ids) if document_ids else {}


def fiscal_status_of(uow: UnitOfWork, document_type: str, document_id: UUID, *, issued: bool) -> FiscalStatus:
    """Where a document stands with ZRA: `not_issued` (a draft), `not_required` (issued while the
    business was not VAT-registered), or its submission's state."""
    found = submission_repository.of_document(uow, document_type, document_id)
    if found is None:
        return FiscalStatus("not_required" if issued else "not_issued")
    return status_of_submission(found)


def fiscal_statuses_of(uow: UnitOfWork, document_type: str, document_ids: list[UUID]) -> dict[UUID, FiscalStatus]:
    """The fiscal status of several issued documents of one type (one read)."""
    found = submissions_of(uow, document_type, document_ids)
    return {
        document_id: status_of_submission(found[document_id]) if document_id in found else FiscalStatus("not_required")
        for document_id in document_ids
    }


def status_of_submission(submission: Submission) -> FiscalStatus:
    """The fiscal status a stored submission shows."""
    return fiscal_status(
        status=submission.status,
        attempts=submission.attempts,
        last_result_code=submission.last_result_code,
        last_error=submission.last_error,
        receipt=submission.receipt,
    )


def retry_rejected(uow: UnitOfWork, document_type: str, document_id: UUID, *, clock: Clock) -> None:
    """Queue a document ZRA refused again (its request is rebuilt); 409 `zra_not_rejected` otherwise."""
    found = submission_repository.of_document(uow, document_type, document_id)
    if found is None or not submission_repository.requeue(uow, found.id, clock.now()):
        raise errors.not_rejected()
    enqueue(uow, SEND_PENDING, {"branch_id": found.branch_id})


def _missing_receipt_fields(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return list(RECEIPT_FIELDS)
    return [name for name in RECEIPT_FIELDS if data.get(name) in (None, "")]


def _totals_match(request: dict[str, Any], recovered: dict[str, Any]) -> bool:
    try:
        return all(Decimal(str(recovered[f])) == Decimal(str(request[f])) for f in ("totAmt", "totTaxAmt"))
    except (KeyError, ArithmeticError):
        return False


def _send_one(
    db: Database,
    tenant_id: UUID,
    submission: Submission,
    *,
    device: FiscalDevice,
    client: VsdcClient,
    clock: Clock,
    backoff: Backoff,
) -> str:
    """Send one stored request and record what came of it: `fiscalised`, `rejected` or `waiting`."""
    request_text = submission.request or ""
    document = f"{submission.document_type}:{submission.document_number}"
    try:
        answer: VsdcAnswer | None = client.save_sales(request_text, document=document)
        failure = None
    except VsdcUnavailable as error:
        answer, failure = None, error
    with db.unit_of_work(tenant_id) as uow:
        now = clock.now()
        retry_at = now + backoff.after(submission.attempts + 1)
        if answer is None:
            submission_repository.mark_retry(
                uow, submission.id, code=None, error=f"No answer from the VSDC ({failure})", next_attempt_at=retry_at
            )
            outcome = "waiting"
        elif answer.succeeded and not _missing_receipt_fields(answer.data):
            submission_repository.mark_fiscalised(uow, submission.id, dict(answer.data), code="000", at=now)
            _queue_stock(uow, submission, request_text)
            outcome = "fiscalised"
        elif answer.succeeded:
            missing = ", ".join(_missing_receipt_fields(answer.data))
            submission_repository.mark_retry(
                uow, submission.id, code="000", error=f"The receipt lacked {missing}", next_attempt_at=retry_at
            )
            outcome = "waiting"
        elif answer.result_code == ALREADY_RECORDED:
            outcome = _recover(uow, submission, request_text, device=device, client=client, now=now, backoff=backoff)
        elif answer.result_code in RETRYABLE_CODES:
            submission_repository.mark_retry(
                uow, submission.id, code=answer.result_code, error=answer.message, next_attempt_at=retry_at
            )
            outcome = "waiting"
        else:
            submission_repository.mark_rejected(uow, submission.id, code=answer.result_code, error=answer.message)
            outcome = "rejected"
        uow.commit()
    return outcome


def _queue_stock(uow: UnitOfWork, submission: Submission, request_text: str) -> None:
    """Queue the document's stock chain in a savepoint: whatever goes wrong there, the receipt
    written in the same transaction is kept (the failure is logged for the operator)."""
    try:
        with uow.connection.transaction():
            stock.queue_after_fiscalised(uow, submission, request_text)
    except Exception:
        log.exception(
            "the stock movement of %s %s was not queued", submission.document_type, submission.document_number
        )


def _recover(
    uow: UnitOfWork,
    submission: Submission,
    request_text: str,
    *,
    device: FiscalDevice,
    client: VsdcClient,
    now: datetime,
    backoff: Backoff,
) -> str:
    """924: an earlier attempt was recorded; take its receipt if it is this document's."""
    retry_at = now + backoff.after(submission.attempts + 1)
    try:
        found = client.select_invoice(device.sdc_id, submission.document_number, document=submission.document_number)
    except VsdcUnavailable as error:
        submission_repository.mark_retry(
            uow, submission.id, code=ALREADY_RECORDED, error=f"Recovery failed ({error})", next_attempt_at=retry_at
        )
        return "waiting"
    if not found.succeeded or _missing_receipt_fields(found.data):
        submission_repository.mark_retry(
            uow, submission.id, code=found.result_code, error=found.message, next_attempt_at=retry_at
        )
        return "waiting"
    if not _totals_match(wire.loads(request_text), found.data):
        submission_repository.mark_rejected(
            uow,
            submission.id,
            code=ALREADY_RECORDED,
            error=f"ZRA holds another document numbered {submission.document_number} (its totals differ).",
        )
        return "rejected"
    submission_repository.mark_fiscalised(uow, submission.id, dict(found.data), code=ALREADY_RECORDED, at=now)
    _queue_stock(uow, submission, request_text)
    return "fiscalised"


REGISTER_AGAIN = {"994": "update", "001": "save"}
"""`saveItem` answering 994 (already registered: an earlier answer was lost) is tried as an
update; `updateItem` answering 001 (not registered: its code changed) as a registration."""


def _register_items(
    db: Database,
    tenant_id: UUID,
    submission: Submission,
    items: list[tuple[ItemRegistration, bool]],
    *,
    user: tuple[str, str],
    client: VsdcClient,
    clock: Clock,
    backoff: Backoff,
) -> str:
    """Register (or update) the items a document names; `ready`, `waiting` or `rejected`."""
    for item, known in items:
        body = item_request(item, user_id=user[0], user_name=user[1])
        how = "update" if known else "save"
        try:
            answer = client.update_item(body) if how == "update" else client.save_item(body)
            if answer.result_code in REGISTER_AGAIN and REGISTER_AGAIN[answer.result_code] != how:
                how = REGISTER_AGAIN[answer.result_code]
                answer = client.update_item(body) if how == "update" else client.save_item(body)
            failure = None
        except VsdcUnavailable as error:
            answer, failure = None, error
        with db.unit_of_work(tenant_id) as uow:
            now = clock.now()
            if answer is not None and answer.succeeded:
                device_repository.record_item(
                    uow, item.item_id, item_code=item.code, fingerprint=fingerprint(item), at=now
                )
                uow.commit()
                continue
            what = f"Registering item {item.code} ({item.name}) with ZRA"
            if answer is None or answer.result_code in RETRYABLE_CODES:
                reason = f"no answer from the VSDC ({failure})" if answer is None else answer.message
                submission_repository.mark_retry(
                    uow,
                    submission.id,
                    code=None if answer is None else answer.result_code,
                    error=f"{what}: {reason}",
                    next_attempt_at=now + backoff.after(submission.attempts + 1),
                )
                outcome = "waiting"
            else:
                submission_repository.mark_rejected(
                    uow, submission.id, code=answer.result_code, error=f"{what}: {answer.message}"
                )
                outcome = "rejected"
            uow.commit()
        return outcome
    return "ready"


def send_pending(
    db: Database,
    tenant_id: UUID,
    *,
    device: FiscalDevice,
    client: VsdcClient,
    build: RequestBuilder,
    clock: Clock,
    backoff: Backoff | None = None,
    limit: int = 100,
) -> SendReport:
    """Send the branch's waiting documents in order, one at a time, until none is due (at most `limit`).

    Before a document's first attempt its request is built and stored, after the items it
    names are registered with ZRA (or updated, when they changed since).
    """
    backoff = backoff or Backoff()
    holder = new_id()
    with db.unit_of_work(tenant_id) as uow:
        if not submission_repository.take_lease(uow, device.branch_id, holder, clock.now(), LEASE_SECONDS):
            return SendReport(busy=True)
        uow.commit()
    fiscalised = rejected = 0
    waiting = False
    try:
        for _ in range(limit):
            with db.unit_of_work(tenant_id) as uow:
                if not submission_repository.take_lease(uow, device.branch_id, holder, clock.now(), LEASE_SECONDS):
                    return SendReport(fiscalised, rejected, busy=True)
                head = submission_repository.head_of_branch(uow, device.branch_id)
                if head is None or head.next_attempt_at > clock.now():
                    waiting = head is not None
                    uow.commit()
                    break
                built: BuiltRequest | None = None
                stale: list[tuple[ItemRegistration, bool]] = []
                if head.request is None:
                    built = build(uow, head)
                    if built.body is None:
                        submission_repository.mark_rejected(
                            uow, head.id, code="preflight", error=" ".join(built.problems)
                        )
                        uow.commit()
                        rejected += 1
                        continue
                    known = device_repository.registered_items(uow, [item.item_id for item in built.items])
                    stale = [
                        (item, item.item_id in known)
                        for item in built.items
                        if known.get(item.item_id) != fingerprint(item)
                    ]
                uow.commit()
            if stale:
                assert built is not None
                registered = _register_items(
                    db, tenant_id, head, stale, user=built.user, client=client, clock=clock, backoff=backoff
                )
                if registered == "rejected":
                    rejected += 1
                    continue
                if registered == "waiting":
                    waiting = True
                    break
            if built is not None:
                assert built.body is not None
                text = client.body(built.body)
                with db.unit_of_work(tenant_id) as uow:
                    submission_repository.store_request(uow, head.id, text)
                    uow.commit()
                head = replace(head, request=text)
            outcome = _send_one(db, tenant_id, head, device=device, client=client, clock=clock, backoff=backoff)
            if outcome == "fiscalised":
                fiscalised += 1
            elif outcome == "rejected":
                rejected += 1
            else:
                waiting = True
                break
    finally:
        with db.unit_of_work(tenant_id) as uow:
            submission_repository.release_lease(uow, device.branch_id, holder)
            uow.commit()
    return SendReport(fiscalised, rejected, waiting)
