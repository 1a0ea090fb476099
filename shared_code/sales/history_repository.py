"""SQL for an invoice's history (the append-only `invoice_events` table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from shared_code.platform.db import UnitOfWork
from shared_code.platform.ids import new_id


class InvoiceEventKind(StrEnum):
    """What can happen to an invoice."""

    CREATED = "created"
    UPDATED = "updated"
    ISSUED = "issued"
    SENT = "sent"
    VOIDED = "voided"
    PAYMENT_APPLIED = "payment_applied"
    CREDIT_NOTE_ISSUED = "credit_note_issued"
    DEBIT_NOTE_ISSUED = "debit_note_issued"


@dataclass(frozen=True)
class InvoiceEvent:
    """One thing that happened to an invoice, as stored."""

    event: InvoiceEventKind
    """What happened."""
    occurred_at: datetime
    """When (UTC)."""
    actor_user_id: UUID | None
    """Who did it; `None` for what the system did, or where an early invoice did not record it."""
    amount: Decimal | None = None
    """The money it concerns in the invoice's currency: the total issued, a payment applied,
    a credit or debit note's amount."""
    reference: str | None = None
    """The number it concerns (the invoice's, the note's) or a payment's reference."""
    related_id: UUID | None = None
    """The record it concerns: the journal entry (issued), the payment, the credit or debit note."""


def record(uow: UnitOfWork, invoice_id: UUID, event: InvoiceEvent) -> None:
    """Append `event` to the invoice's history, in the caller's transaction."""
    uow.execute(
        """
        INSERT INTO invoice_events (id, invoice_id, event, occurred_at, actor_user_id, amount, reference, related_id)
        VALUES (%(id)s, %(invoice_id)s, %(event)s, %(occurred_at)s, %(actor)s, %(amount)s, %(reference)s,
                %(related_id)s)
        """,
        {
            "id": new_id(),
            "invoice_id": invoice_id,
            "event": event.event.value,
            "occurred_at": event.occurred_at,
            "actor": event.actor_user_id,
            "amount": event.amount,
            "reference": event.reference,
            "related_id": event.related_id,
        },
    )


def events_of(uow: UnitOfWork, invoice_id: UUID) -> list[InvoiceEvent]:
    """The invoice's history, oldest first."""
    rows = uow.fetch_all(
        """
        SELECT event, occurred_at, actor_user_id, amount, reference, related_id
        FROM invoice_events WHERE invoice_id = %(invoice_id)s
        ORDER BY occurred_at, id
        """,
        {"invoice_id": invoice_id},
    )
    return [
        InvoiceEvent(
            event=InvoiceEventKind(row["event"]),
            occurred_at=row["occurred_at"],
            actor_user_id=row["actor_user_id"],
            amount=row["amount"],
            reference=row["reference"],
            related_id=row["related_id"],
        )
        for row in rows
    ]
