"""Sign-off use cases: an accountant marks a period's statement set reviewed or approved;
a later posting dated in or before the period makes the sign-off stale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from shared_code.ledger import reports
from shared_code.platform.clock import Clock, SystemClock
from shared_code.platform.db import UnitOfWork
from shared_code.platform.ids import new_id
from shared_code.reporting import sign_off_repository
from shared_code.reporting.errors import idempotency_key_reused, nothing_posted
from shared_code.reporting.model import SignOff, SignOffStatus, StatementKind
from shared_code.reporting.periods import check_range
from shared_code.reporting.reading import StatementSet


@dataclass(frozen=True)
class SignOffView:
    """A sign-off and whether the books have moved under it since."""

    sign_off: SignOff
    """The record."""
    later_postings: int
    """Entries posted after it and dated on or before the period's end (they change its
    figures: the period's own, or the opening balances)."""

    @property
    def stale(self) -> bool:
        """True once a later posting changed what was signed."""
        return self.later_postings > 0


def sign_off_period(
    uow: UnitOfWork,
    date_from: date,
    date_to: date,
    status: SignOffStatus,
    *,
    signed_by: UUID,
    layout_versions: dict[StatementKind, str] | None = None,
    note: str = "",
    clock: Clock | None = None,
    idempotency_key: str | None = None,
) -> SignOffView:
    """Record the sign-off of the statements of `date_from`..`date_to` at today's ledger head,
    with the layout version of each statement (the tier's defaults unless given).

    With an idempotency key, a repeat returns the first sign-off (and whether it has gone
    stale since) and records nothing; the key with another request is refused (409
    `idempotency_key_reused`).
    """
    chosen = layout_versions or {}
    if idempotency_key is not None:
        earlier = sign_off_repository.sign_off_for_key(uow, idempotency_key)
        if earlier is not None:
            return _replay(uow, earlier, date_from, date_to, status, chosen, note)
    check_range(date_from, date_to)
    statements = StatementSet(uow)
    if statements.head.last_entry_number == 0:
        raise nothing_posted()
    layouts = {kind: statements.layout(kind, chosen.get(kind), date_to).reference for kind in StatementKind}
    record = SignOff(
        id=new_id(),
        date_from=date_from,
        date_to=date_to,
        status=status,
        layout_versions=layouts,
        ledger_entry_number=statements.head.last_entry_number,
        ledger_hash=statements.head.last_hash,
        note=note,
        signed_by=signed_by,
        signed_at=(clock or SystemClock()).now(),
    )
    if not sign_off_repository.insert_sign_off(uow, record, idempotency_key):
        # A request with the same key was recorded first, while this one was being read.
        winner = sign_off_repository.sign_off_for_key(uow, idempotency_key or "")
        assert winner is not None
        return _replay(uow, winner, date_from, date_to, status, chosen, note)
    return SignOffView(record, 0)


def _replay(
    uow: UnitOfWork,
    earlier: SignOff,
    date_from: date,
    date_to: date,
    status: SignOffStatus,
    layout_versions: dict[StatementKind, str],
    note: str,
) -> SignOffView:
    same = (earlier.date_from, earlier.date_to, earlier.status, earlier.note) == (date_from, date_to, status, note)
    if not same or any(earlier.layout_versions.get(k) != v for k, v in layout_versions.items()):
        raise idempotency_key_reused("sign-off")
    return _view(uow, earlier)


def _view(uow: UnitOfWork, record: SignOff) -> SignOffView:
    return SignOffView(record, reports.entries_posted_after(uow, record.ledger_entry_number, record.date_to))


def sign_off_history(uow: UnitOfWork, date_from: date | None = None, date_to: date | None = None) -> list[SignOffView]:
    """Sign-offs of periods overlapping the given dates, newest first, each with its staleness."""
    return [_view(uow, record) for record in sign_off_repository.list_sign_offs(uow, date_from, date_to)]
