"""ZRA stock: what a fiscalised document or a count does to the quantity on hand, queued for the VSDC.

When the VSDC signs a sale of stock-tracked goods (or a credit note bringing them back), the
same transaction takes them off (or puts them back on) the quantity on hand and writes one
stock movement with both requests: `saveStockItems` and `saveStockMaster` with the
quantities as they now are. A job of its own (`zra.send_stock`, `stock_sending`) then sends
them, so a stock call that fails never touches the fiscalised invoice (reference 4.7).
A count (`record_count`) writes an adjustment the same way.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError, NotFound
from shared_code.platform.ids import new_id
from shared_code.platform.messaging import enqueue
from shared_code.zra import device_repository, errors, stock_repository, wire
from shared_code.zra.messages import SEND_STOCK
from shared_code.zra.stock_request import (
    ADJUST_IN,
    ADJUST_OUT,
    StockLine,
    lines_of_sale,
    master_request,
    movement_request,
    sar_type_of,
    signed_change,
)
from shared_code.zra.submission_repository import Submission

QUANTITY_PLACES = 4


def queue_after_fiscalised(uow: UnitOfWork, submission: Submission, request_text: str) -> bool:
    """In the transaction that marks `submission` fiscalised: move the stock its signed request
    names and queue the movement; False if nothing stock-tracked moved (or it was queued already)."""
    request: dict[str, Any] = wire.loads(request_text)
    sar_type = sar_type_of(str(request.get("rcptTyCd")))
    if sar_type is None or stock_repository.of_submission(uow, submission.id) is not None:
        return False
    codes = [str(line.get("itemCd")) for line in request.get("itemList") or []]
    lines = lines_of_sale(request, set(stock_repository.stock_tracked_codes(uow, codes)))
    if not lines:
        return False
    remaining: dict[str, Decimal] = {}
    for line in lines:
        remaining[line.item_code] = stock_repository.change_on_hand(
            uow, line.item_code, signed_change(sar_type, line.quantity)
        )
    user = (str(request.get("regrId") or "intellifin"), str(request.get("regrNm") or "IntelliFin"))
    sar_no = stock_repository.next_sar_number(uow)
    movement = movement_request(
        sar_no=sar_no,
        sar_type=sar_type,
        occurred_on=datetime.strptime(str(request["salesDt"]), "%Y%m%d").date(),  # noqa: DTZ007
        lines=lines,
        customer_tpin=request.get("custTpin"),
        customer_name=request.get("custNm"),
        remark=f"{submission.document_type.replace('_', ' ')} {submission.document_number}",
        user=user,
    )
    identity = (str(request["tpin"]), str(request["bhfId"]))
    master = master_request(remaining, user=user)
    _queue(uow, sar_no, identity, submission.id, sar_type, movement, master)
    return True


def _queue(
    uow: UnitOfWork,
    sar_no: int,
    identity: tuple[str, str],
    submission_id: UUID | None,
    sar_type: str,
    movement: dict[str, Any],
    master: dict[str, Any],
) -> None:
    """Keep both exact request texts (`tpin` and `bhfId` first, as the client writes them) and wake the sender."""
    tpin, branch_id = identity
    stock_repository.insert_movement(
        uow,
        movement_id=new_id(),
        position=sar_no,
        branch_id=branch_id,
        submission_id=submission_id,
        sar_type=sar_type,
        movement_request=wire.dumps({"tpin": tpin, "bhfId": branch_id, **movement}),
        master_request=wire.dumps({"tpin": tpin, "bhfId": branch_id, **master}),
    )
    enqueue(uow, SEND_STOCK, {"branch_id": branch_id}, tenant_id=uow.require_tenant())


def record_count(
    uow: UnitOfWork, item_id: UUID, counted: Decimal, *, user: tuple[str, str], today: date
) -> tuple[Decimal, bool]:
    """The item's quantity on hand is `counted`: an adjustment (06 in, 16 out) for the difference,
    queued for ZRA once the item is registered there and the device is set up. Returns the quantity
    before and whether a movement was queued (an unregistered item's count reaches ZRA with the
    master of its first sale)."""
    problems = []
    if not counted.is_finite() or counted < 0:
        problems.append(FieldError("quantity_on_hand", "invalid_quantity", "A quantity on hand is 0 or more."))
    elif counted != counted.quantize(Decimal(1).scaleb(-QUANTITY_PLACES)):
        problems.append(
            FieldError("quantity_on_hand", "invalid_quantity", f"At most {QUANTITY_PLACES} decimal places.")
        )
    row = stock_repository.stock_item(uow, item_id, for_update=True)
    if row is None:
        raise NotFound("item", "item_not_found")
    if not row["stock_tracked"]:
        problems.append(FieldError("item_id", "item_not_stock_tracked", "The item's stock is not tracked."))
    if problems:
        raise errors.invalid_stock(problems)
    counted = counted.quantize(Decimal(1).scaleb(-QUANTITY_PLACES))
    before = Decimal(row["quantity_on_hand"])
    stock_repository.set_on_hand(uow, item_id, counted)
    difference = counted - before
    registered = device_repository.registered_items(uow, [item_id])
    device = device_repository.get_device(uow)
    if difference == 0 or item_id not in registered or device is None:
        return before, False
    sar_type = ADJUST_IN if difference > 0 else ADJUST_OUT
    line = StockLine(
        item_code=str(row["code"]),
        classification_code=str(row["classification_code"]),
        name=str(row["name"]),
        packaging_code=str(row["packaging_code"]),
        unit_code=str(row["unit_code"]),
        quantity=abs(difference),
    )
    sar_no = stock_repository.next_sar_number(uow)
    movement = movement_request(
        sar_no=sar_no,
        sar_type=sar_type,
        occurred_on=today,
        lines=[line],
        customer_tpin=None,
        customer_name=None,
        remark="Stock count",
        user=user,
    )
    master = master_request({line.item_code: counted}, user=user)
    _queue(uow, sar_no, (str(device["tpin"]), str(device["branch_id"])), None, sar_type, movement, master)
    return before, True


def retry_refused(uow: UnitOfWork, movement_id: UUID, *, now: datetime) -> None:
    """Send a movement ZRA refused again, once its cause is fixed (409 `zra_not_rejected` otherwise)."""
    movement = stock_repository.requeue(uow, movement_id, now)
    if movement is None:
        raise errors.not_rejected()
    enqueue(uow, SEND_STOCK, {"branch_id": movement.branch_id}, tenant_id=uow.require_tenant())
