"""What ZRA signed, as a printed document shows it: read from fiscalisation's public status."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import UUID

from shared_code.documents.model import FiscalReceipt
from shared_code.platform.db import UnitOfWork
from shared_code.zra import fiscalisation

LUSAKA = timezone(timedelta(hours=2), "CAT")


def zra_receipt(uow: UnitOfWork, document_type: str, document_id: UUID) -> tuple[FiscalReceipt | None, bool]:
    """ZRA's receipt of an issued document (None until it is fiscalised), and whether the
    document needs one at all (False for a business not registered for VAT on its date)."""
    status = fiscalisation.fiscal_status_of(uow, document_type, document_id, issued=True)
    if status.status == "not_required":
        return None, False
    if status.status != "fiscalised" or status.receipt_number is None:
        return None, True
    signed_at = datetime.strptime(status.fiscal_at or "", "%Y%m%d%H%M%S").replace(tzinfo=LUSAKA)
    return (
        FiscalReceipt(
            receipt_number=status.receipt_number,
            sdc_id=status.sdc_id or "",
            fiscal_at=signed_at,
            internal_data=status.internal_data or "",
            signature=status.signature or "",
            qr_code_url=status.qr_url or "",
        ),
        True,
    )
