"""Receipts: uploaded with an expense, checked by content, kept in Blob Storage under
`tenant_<id>/receipts/` for 6 years, and served only through the API."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from shared_code.platform.clock import Clock, today_in_zambia
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import NotFound
from shared_code.platform.ids import new_id
from shared_code.platform.ports import FileStore
from shared_code.purchases import receipt_repository
from shared_code.purchases.errors import rejected
from shared_code.purchases.model import PurchaseKind
from shared_code.purchases.purchasing import get_purchase
from shared_code.purchases.receipt_files import ReceiptRejected, process_receipt
from shared_code.purchases.receipt_repository import Receipt

RETENTION_YEARS = 6
"""Tax invoices and receipts are kept at least 6 years (§1.4)."""


def _retain_until(day: date) -> date:
    try:
        return day.replace(year=day.year + RETENTION_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + RETENTION_YEARS, day=28)


def upload_receipt(
    uow: UnitOfWork,
    files: FileStore,
    expense_id: UUID,
    *,
    data: bytes,
    file_name: str,
    uploaded_by: UUID,
    clock: Clock,
) -> tuple[Receipt, bool]:
    """Check and keep a receipt of the expense; the same file again returns the first (False)."""
    expense = get_purchase(uow, PurchaseKind.EXPENSE, expense_id)
    try:
        processed = process_receipt(data)
    except ReceiptRejected as refused:
        raise rejected([refused.problem], "The receipt cannot be kept.") from refused
    existing = receipt_repository.receipt_with_hash(uow, expense.id, processed.sha256)
    if existing is not None:
        return existing, False
    receipt_id = new_id()
    prefix = f"tenant_{uow.require_tenant()}/receipts/{expense.id}/{receipt_id}"
    extension = "pdf" if processed.thumbnail is None else "jpg"
    receipt = Receipt(
        id=receipt_id,
        purchase_id=expense.id,
        receipt_type=processed.receipt_type.value,
        content_type=processed.content_type,
        file_name=(file_name.strip() or f"receipt.{extension}")[:200],
        size_bytes=len(processed.content),
        sha256=processed.sha256,
        width=processed.width,
        height=processed.height,
        blob_name=f"{prefix}.{extension}",
        thumbnail_blob_name=f"{prefix}_thumb.jpg" if processed.thumbnail is not None else None,
        retain_until=_retain_until(max(expense.header.document_date, today_in_zambia(clock))),
        uploaded_by=uploaded_by,
        created_at=clock.now(),
    )
    # The files go first: a failed commit leaves an orphan blob, never a row without its file.
    files.put(receipt.blob_name, processed.content, processed.content_type)
    if processed.thumbnail is not None and receipt.thumbnail_blob_name is not None:
        files.put(receipt.thumbnail_blob_name, processed.thumbnail, "image/jpeg")
    if not receipt_repository.insert_receipt(uow, receipt):
        found = receipt_repository.receipt_with_hash(uow, expense.id, processed.sha256)
        return (found or receipt), False
    return receipt, True


def list_receipts(uow: UnitOfWork, expense_id: UUID) -> list[Receipt]:
    """The expense's receipts, oldest first (404 if there is no such expense)."""
    expense = get_purchase(uow, PurchaseKind.EXPENSE, expense_id)
    return receipt_repository.receipts_of(uow, expense.id)


def receipt_file(
    uow: UnitOfWork, files: FileStore, expense_id: UUID, receipt_id: UUID, *, thumbnail: bool = False
) -> tuple[Receipt, bytes, str]:
    """A receipt, its file (or thumbnail) and content type; 404 `receipt_not_found`."""
    receipt = receipt_repository.get_receipt(uow, expense_id, receipt_id)
    if receipt is None or (thumbnail and receipt.thumbnail_blob_name is None):
        raise NotFound("receipt", code="receipt_not_found")
    if thumbnail and receipt.thumbnail_blob_name is not None:
        return receipt, files.get(receipt.thumbnail_blob_name), "image/jpeg"
    return receipt, files.get(receipt.blob_name), receipt.content_type
