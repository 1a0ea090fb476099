"""Test support for the ledger: an organization with the default chart, and small helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from shared_code.ledger import account_repository, service
from shared_code.ledger.chart import TaxMode, seed_default_chart
from shared_code.ledger.model import MANUAL, JournalEntry, SourceDocument
from shared_code.ledger.posting import DraftLine, JournalDraft, credit, debit
from shared_code.platform.clock import FixedClock
from shared_code.platform.db import Database, UnitOfWork
from shared_code.platform.ids import new_id
from shared_code.platform.tenancy import provision_tenant

ACCOUNTANT = UUID("00000000-0000-7000-8000-00000000a001")


@dataclass
class Books:
    """One organization's books in a test database."""

    db: Database
    tenant: UUID
    ids: dict[str, UUID]
    """Account id by code."""
    clock: FixedClock = field(default_factory=lambda: FixedClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC)))

    @contextmanager
    def uow(self) -> Iterator[UnitOfWork]:
        """A committed-on-success unit of work in this tenant."""
        with self.db.unit_of_work(self.tenant) as uow:
            yield uow
            uow.commit()

    def draft(
        self,
        day: date,
        description: str,
        *lines: tuple[str, str, str],
        key: str | None = None,
        source: SourceDocument = MANUAL,
    ) -> JournalDraft:
        """A draft from `(code, "dr"|"cr", "amount")` triples."""
        built: list[DraftLine] = []
        for code, side, amount in lines:
            make = debit if side == "dr" else credit
            built.append(make(self.ids[code], Decimal(amount)))
        return JournalDraft(
            entry_date=day, description=description, lines=tuple(built), idempotency_key=key, source=source
        )

    def post(self, day: date, description: str, *lines: tuple[str, str, str], key: str | None = None) -> JournalEntry:
        """Post and commit one entry."""
        with self.uow() as uow:
            return service.post_entry(
                uow, self.draft(day, description, *lines, key=key), posted_by=ACCOUNTANT, clock=self.clock
            )

    def count(self, table: str) -> int:
        """Rows in one of the ledger's tables."""
        assert table.isidentifier()
        with self.db.unit_of_work(self.tenant) as uow:
            row = uow.fetch_one(f"SELECT count(*) AS n FROM {table}")
        assert row is not None
        return int(row["n"])


def open_books(db: Database, tax_mode: TaxMode = TaxMode.VAT) -> Books:
    """A new organization with the default chart for `tax_mode`."""
    tenant = new_id()
    provision_tenant(db, tenant)
    with db.unit_of_work(tenant) as uow:
        seed_default_chart(uow, tax_mode)
        accounts = account_repository.list_accounts(
            uow, account_repository.AccountFilter(include_archived=True, limit=1000)
        )
        uow.commit()
    return Books(db=db, tenant=tenant, ids={account.code: account.id for account in accounts})
