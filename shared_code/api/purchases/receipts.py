"""Receipts of an expense: upload (checked by content), list, and the file or its thumbnail,
served only here, after the permission check."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Response, UploadFile, status
from pydantic import BaseModel

from shared_code.api.auth import OrgContext, require_permission
from shared_code.api.types import ServicesDep
from shared_code.purchases import receipts
from shared_code.purchases.receipt_files import MAX_BYTES
from shared_code.purchases.receipt_repository import Receipt

router = APIRouter(prefix="/api/v1/orgs/{org_id}", tags=["purchases"])

Read = Annotated[OrgContext, Depends(require_permission("expenses:read"))]
Create = Annotated[OrgContext, Depends(require_permission("expenses:create"))]
_BINARY = {"schema": {"type": "string", "format": "binary"}}


class ReceiptOut(BaseModel):
    """A receipt kept with an expense (its file is at `.../file`, its thumbnail at `.../thumbnail`)."""

    id: UUID
    receipt_type: str
    content_type: str
    file_name: str
    size_bytes: int
    sha256: str
    width: int | None
    height: int | None
    has_thumbnail: bool
    retain_until: date
    uploaded_by: UUID
    created_at: datetime
    duplicate: bool = False


class ReceiptList(BaseModel):
    """An expense's receipts, oldest first."""

    items: list[ReceiptOut]


def _out(receipt: Receipt, *, duplicate: bool = False) -> ReceiptOut:
    return ReceiptOut(
        id=receipt.id,
        receipt_type=receipt.receipt_type,
        content_type=receipt.content_type,
        file_name=receipt.file_name,
        size_bytes=receipt.size_bytes,
        sha256=receipt.sha256,
        width=receipt.width,
        height=receipt.height,
        has_thumbnail=receipt.thumbnail_blob_name is not None,
        retain_until=receipt.retain_until,
        uploaded_by=receipt.uploaded_by,
        created_at=receipt.created_at,
        duplicate=duplicate,
    )


@router.post("/expenses/{expense_id}/receipts", status_code=status.HTTP_201_CREATED, response_model=ReceiptOut)
async def upload_receipt(
    expense_id: UUID,
    file: Annotated[UploadFile, File(description="A JPEG, PNG or HEIC photo, or a PDF; at most 10 MiB.")],
    ctx: Create,
    services: ServicesDep,
) -> ReceiptOut:
    """Keep a receipt with the expense: images upright, EXIF stripped, at most 2000 px, with a thumbnail.
    The same file twice is kept once (`duplicate: true`)."""
    data = await file.read(MAX_BYTES + 1)

    def keep() -> ReceiptOut:
        with services.db.unit_of_work(ctx.organization_id) as uow:
            receipt, new = receipts.upload_receipt(
                uow,
                services.blob,
                expense_id,
                data=data,
                file_name=file.filename or "",
                uploaded_by=ctx.user_id,
                clock=services.clock,
            )
            uow.commit()
        return _out(receipt, duplicate=not new)

    return await asyncio.to_thread(keep)


@router.get("/expenses/{expense_id}/receipts", response_model=ReceiptList)
def list_receipts(expense_id: UUID, ctx: Read, services: ServicesDep) -> ReceiptList:
    """The expense's receipts."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        return ReceiptList(items=[_out(r) for r in receipts.list_receipts(uow, expense_id)])


@router.get(
    "/expenses/{expense_id}/receipts/{receipt_id}/file",
    response_class=Response,
    responses={200: {"content": dict.fromkeys(("image/jpeg", "application/pdf"), _BINARY)}},
)
def receipt_file(expense_id: UUID, receipt_id: UUID, ctx: Read, services: ServicesDep) -> Response:
    """The receipt's stored file."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        receipt, data, content_type = receipts.receipt_file(uow, services.blob, expense_id, receipt_id)
    extension = "jpg" if receipt.thumbnail_blob_name else "pdf"
    return Response(
        content=data,
        media_type=content_type,
        headers={
            "Cache-Control": "private, no-store",
            "Content-Disposition": f'inline; filename="receipt-{receipt.id}.{extension}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get(
    "/expenses/{expense_id}/receipts/{receipt_id}/thumbnail",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": _BINARY}}},
)
def receipt_thumbnail(expense_id: UUID, receipt_id: UUID, ctx: Read, services: ServicesDep) -> Response:
    """A small JPEG of an image receipt (404 for a PDF)."""
    with services.db.unit_of_work(ctx.organization_id) as uow:
        _, data, content_type = receipts.receipt_file(uow, services.blob, expense_id, receipt_id, thumbnail=True)
    return Response(content=data, media_type=content_type, headers={"Cache-Control": "private, no-store"})
