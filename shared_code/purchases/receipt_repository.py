"""SQL for the receipts kept with expenses and bills (their files are in Blob Storage)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from shared_code.platform.db import UnitOfWork


@dataclass(frozen=True)
class Receipt:
    """A receipt kept with a purchase."""

    id: UUID
    purchase_id: UUID
    receipt_type: str
    """`jpeg`, `png`, `heic` or `pdf`: what was uploaded."""
    content_type: str
    """What is stored and served: `image/jpeg` or `application/pdf`."""
    file_name: str
    size_bytes: int
    sha256: str
    width: int | None
    height: int | None
    blob_name: str
    thumbnail_blob_name: str | None
    retain_until: date
    """Kept at least until this day (6 years, §1.4)."""
    uploaded_by: UUID
    created_at: datetime


_COLUMNS = """id, purchase_id, receipt_type, content_type, file_name, size_bytes, sha256, width, height, blob_name,
    thumbnail_blob_name, retain_until, uploaded_by, created_at"""


def insert_receipt(uow: UnitOfWork, receipt: Receipt) -> bool:
    """Insert `receipt`; False (nothing written) if the purchase already has the same file."""
    cursor = uow.execute(
        f"""
        INSERT INTO receipts ({_COLUMNS})
        VALUES (%(id)s, %(purchase_id)s, %(receipt_type)s, %(content_type)s, %(file_name)s, %(size_bytes)s,
                %(sha256)s, %(width)s, %(height)s, %(blob_name)s, %(thumbnail_blob_name)s, %(retain_until)s,
                %(uploaded_by)s, %(created_at)s)
        ON CONFLICT (purchase_id, sha256) DO NOTHING
        """,
        receipt.__dict__,
    )
    return cursor.rowcount == 1


def receipt_with_hash(uow: UnitOfWork, purchase_id: UUID, sha256: str) -> Receipt | None:
    """The purchase's receipt of the same file, if any."""
    row = uow.fetch_one(
        f"SELECT {_COLUMNS} FROM receipts WHERE purchase_id = %(purchase)s AND sha256 = %(sha)s",
        {"purchase": purchase_id, "sha": sha256},
    )
    return Receipt(**row) if row else None


def receipts_of(uow: UnitOfWork, purchase_id: UUID) -> list[Receipt]:
    """The purchase's receipts, oldest first."""
    rows = uow.fetch_all(
        f"SELECT {_COLUMNS} FROM receipts WHERE purchase_id = %(id)s ORDER BY created_at, id", {"id": purchase_id}
    )
    return [Receipt(**row) for row in rows]


def get_receipt(uow: UnitOfWork, purchase_id: UUID, receipt_id: UUID) -> Receipt | None:
    """One receipt of the purchase, or None."""
    row = uow.fetch_one(
        f"SELECT {_COLUMNS} FROM receipts WHERE id = %(id)s AND purchase_id = %(purchase)s",
        {"id": receipt_id, "purchase": purchase_id},
    )
    return Receipt(**row) if row else None
