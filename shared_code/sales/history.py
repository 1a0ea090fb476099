"""An invoice's history: every event from its draft to its last payment, each with who did it.

Events are written by the use cases that make them (`record_event`), in their own
transaction, so the history never says something happened that was rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared_code.identity.memberships import user_names
from shared_code.platform.db import UnitOfWork
from shared_code.sales import history_repository, invoice_repository
from shared_code.sales.errors import invoice_not_found
from shared_code.sales.history_repository import InvoiceEvent, InvoiceEventKind

__all__ = ["HistoryEntry", "InvoiceEvent", "InvoiceEventKind", "invoice_history", "record_event"]


@dataclass(frozen=True)
class HistoryEntry:
    """An event as a person reads it: with the name of who did it."""

    event: InvoiceEvent
    """What happened."""
    actor_name: str | None
    """The actor's full name; `None` when the system did it or it was not recorded."""


def record_event(uow: UnitOfWork, invoice_id: UUID, event: InvoiceEvent) -> None:
    """Add `event` to the invoice's history in the caller's transaction."""
    history_repository.record(uow, invoice_id, event)


def invoice_history(uow: UnitOfWork, invoice_id: UUID) -> list[HistoryEntry]:
    """The invoice's events, oldest first; 404 `invoice_not_found` if there is no such invoice."""
    if invoice_repository.get_invoice(uow, invoice_id) is None:
        raise invoice_not_found()
    events = history_repository.events_of(uow, invoice_id)
    names = user_names(uow, (e.actor_user_id for e in events if e.actor_user_id is not None))
    return [HistoryEntry(e, names.get(e.actor_user_id) if e.actor_user_id else None) for e in events]
