"""SQL for ZRA stock: items' quantity on hand and the stock movements waiting for the VSDC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from shared_code.platform.db import Row, UnitOfWork


@dataclass(frozen=True)
class StockMovement:
    """One movement on its way to the VSDC: `saveStockItems`, then `saveStockMaster`."""

    id: UUID
    position: int
    """Its `sarNo`, and its place in the branch's order."""
    branch_id: str
    submission_id: UUID | None
    """The fiscalised document that caused it (None for an adjustment)."""
    sar_type: str
    movement_request: str
    """The exact `saveStockItems` text, replayed on every retry."""
    master_request: str
    """The exact `saveStockMaster` text (absolute quantities, as they were after this movement)."""
    status: str
    """`pending`, `movement_sent` (ZRA holds the movement; the master is next), `done` or `rejected`."""
    attempts: int
    next_attempt_at: datetime
    last_result_code: str | None
    last_error: str | None
    created_at: datetime
    done_at: datetime | None


_COLUMNS = """id, position, branch_id, submission_id, sar_type, movement_request, master_request, status, attempts,
    next_attempt_at, last_result_code, last_error, created_at, done_at"""


def next_sar_number(uow: UnitOfWork) -> int:
    """A new movement number (never reused)."""
    row = uow.fetch_one("SELECT nextval('zra_stock_sar_numbers') AS n", {})
    assert row is not None
    return int(row["n"])


def stock_tracked_codes(uow: UnitOfWork, codes: list[str]) -> dict[str, UUID]:
    """Of these item codes, those of stock-tracked goods, with their item."""
    rows = uow.fetch_all("SELECT id, code FROM items WHERE code = ANY(%(codes)s) AND stock_tracked", {"codes": codes})
    return {row["code"]: row["id"] for row in rows}


def change_on_hand(uow: UnitOfWork, item_code: str, change: Decimal) -> Decimal:
    """Add `change` (negative: take) to an item's quantity on hand; the quantity after."""
    row = uow.fetch_one(
        """
        UPDATE items SET quantity_on_hand = quantity_on_hand + %(change)s WHERE code = %(code)s
        RETURNING quantity_on_hand
        """,
        {"change": change, "code": item_code},
    )
    assert row is not None
    return Decimal(row["quantity_on_hand"])


def stock_item(uow: UnitOfWork, item_id: UUID, *, for_update: bool = False) -> Row | None:
    """An item's stock fields."""
    lock = " FOR UPDATE" if for_update else ""
    return uow.fetch_one(
        f"""
        SELECT id, code, name, kind, stock_tracked, quantity_on_hand, classification_code, unit_code, packaging_code,
            tax_category, default_price, archived_at
        FROM items WHERE id = %(id)s{lock}
        """,
        {"id": item_id},
    )


def set_on_hand(uow: UnitOfWork, item_id: UUID, quantity: Decimal) -> None:
    """The item's quantity on hand is `quantity` (a count)."""
    uow.execute("UPDATE items SET quantity_on_hand = %(q)s WHERE id = %(id)s", {"q": quantity, "id": item_id})


def stock_items(uow: UnitOfWork) -> list[Row]:
    """Every stock-tracked item not archived, by code, with its quantity on hand."""
    return uow.fetch_all(
        """
        SELECT id, code, name, quantity_on_hand FROM items WHERE stock_tracked AND archived_at IS NULL ORDER BY code
        """,
        {},
    )


def insert_movement(
    uow: UnitOfWork,
    *,
    movement_id: UUID,
    position: int,
    branch_id: str,
    submission_id: UUID | None,
    sar_type: str,
    movement_request: str,
    master_request: str,
) -> bool:
    """Add a movement to its branch's stock queue; False if its document has one already."""
    row = uow.fetch_one(
        """
        INSERT INTO zra_stock_movements (id, position, branch_id, submission_id, sar_type, movement_request,
            master_request)
        VALUES (%(id)s, %(position)s, %(branch)s, %(submission)s, %(type)s, %(movement)s, %(master)s)
        ON CONFLICT (submission_id) DO NOTHING RETURNING id
        """,
        {
            "id": movement_id,
            "position": position,
            "branch": branch_id,
            "submission": submission_id,
            "type": sar_type,
            "movement": movement_request,
            "master": master_request,
        },
    )
    return row is not None


def head_of_branch(uow: UnitOfWork, branch_id: str) -> StockMovement | None:
    """The oldest unfinished movement of the branch, locked: the next one to send."""
    row = uow.fetch_one(
        f"""
        SELECT {_COLUMNS} FROM zra_stock_movements
        WHERE branch_id = %(branch)s AND status IN ('pending', 'movement_sent')
        ORDER BY position LIMIT 1 FOR UPDATE
        """,
        {"branch": branch_id},
    )
    return StockMovement(**row) if row else None


def of_submission(uow: UnitOfWork, submission_id: UUID) -> StockMovement | None:
    """The movement a fiscalised document caused, if any."""
    row = uow.fetch_one(
        f"SELECT {_COLUMNS} FROM zra_stock_movements WHERE submission_id = %(id)s", {"id": submission_id}
    )
    return StockMovement(**row) if row else None


def list_movements(uow: UnitOfWork, *, limit: int) -> list[StockMovement]:
    """Movements newest first."""
    rows = uow.fetch_all(
        f"SELECT {_COLUMNS} FROM zra_stock_movements ORDER BY position DESC LIMIT %(limit)s", {"limit": limit}
    )
    return [StockMovement(**row) for row in rows]


def branches_due(uow: UnitOfWork, now: datetime) -> list[str]:
    """Initialised branches whose next movement may be tried now."""
    rows = uow.fetch_all(
        """
        SELECT DISTINCT ON (m.branch_id) m.branch_id, m.next_attempt_at
        FROM zra_stock_movements m JOIN zra_devices d ON d.branch_id = m.branch_id AND d.sdc_id IS NOT NULL
        WHERE m.status IN ('pending', 'movement_sent') ORDER BY m.branch_id, m.position
        """,
        {},
    )
    return [row["branch_id"] for row in rows if row["next_attempt_at"] <= now]


def mark_movement_sent(uow: UnitOfWork, movement_id: UUID, *, code: str) -> None:
    """ZRA holds the movement (000, or 994: an earlier attempt got through); the master is next."""
    uow.execute(
        """
        UPDATE zra_stock_movements SET status = 'movement_sent', attempts = attempts + 1,
            last_result_code = %(code)s, last_error = NULL
        WHERE id = %(id)s
        """,
        {"code": code, "id": movement_id},
    )


def mark_done(uow: UnitOfWork, movement_id: UUID, *, at: datetime) -> None:
    """ZRA holds the movement and the quantities after it."""
    uow.execute(
        """
        UPDATE zra_stock_movements SET status = 'done', attempts = attempts + 1, last_result_code = '000',
            last_error = NULL, done_at = %(at)s
        WHERE id = %(id)s
        """,
        {"at": at, "id": movement_id},
    )


def mark_retry(uow: UnitOfWork, movement_id: UUID, *, code: str | None, error: str, next_attempt_at: datetime) -> None:
    """No answer, or ZRA unreachable from the VSDC: the same request goes again later."""
    uow.execute(
        """
        UPDATE zra_stock_movements SET attempts = attempts + 1, last_result_code = %(code)s,
            last_error = %(error)s, next_attempt_at = %(next)s
        WHERE id = %(id)s
        """,
        {"code": code, "error": error[:1000], "next": next_attempt_at, "id": movement_id},
    )


def requeue(uow: UnitOfWork, movement_id: UUID, now: datetime) -> StockMovement | None:
    """Put a refused movement back in its branch's queue with its exact texts (a movement ZRA did
    record answers 994 and counts as sent); None if it is not refused."""
    row = uow.fetch_one(
        f"""
        UPDATE zra_stock_movements SET status = 'pending', next_attempt_at = %(now)s, attempts = 0
        WHERE id = %(id)s AND status = 'rejected' RETURNING {_COLUMNS}
        """,
        {"id": movement_id, "now": now},
    )
    return StockMovement(**row) if row else None


def mark_rejected(uow: UnitOfWork, movement_id: UUID, *, code: str, error: str) -> None:
    """ZRA refused the content: kept with ZRA's words; the branch goes on with the next one."""
    uow.execute(
        """
        UPDATE zra_stock_movements SET status = 'rejected', attempts = attempts + 1, last_result_code = %(code)s,
            last_error = %(error)s
        WHERE id = %(id)s
        """,
        {"code": code, "error": error[:1000], "id": movement_id},
    )
