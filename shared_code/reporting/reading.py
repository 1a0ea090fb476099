"""Reading statements: one statement set at one ledger head, from the stored totals only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from shared_code.ledger import closing, reports
from shared_code.ledger.accounts import whole_chart
from shared_code.ledger.chain import ChainHead
from shared_code.ledger.model import ZERO, Account, AccountType
from shared_code.ledger.periods import add_months
from shared_code.platform.db import UnitOfWork
from shared_code.reporting.errors import layout_invalid
from shared_code.reporting.layouts import built_in, get_layout_version
from shared_code.reporting.model import Framework, LayoutVersion, StatementKind, suggested_framework
from shared_code.reporting.periods import Span, check_range, comparative_spans
from shared_code.reporting.statements import (
    ChangesInEquity,
    Statement,
    compute_changes_in_equity,
    compute_statement,
    movement,
)
from shared_code.reporting.validation import placement, validate_layout

_DAY = timedelta(days=1)
EMPTY_HEAD = ChainHead(last_entry_number=0, last_hash="")
"""The head of books with nothing posted."""


class StoredBalances:
    """The ledger's stored totals, each date read once per statement set."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._balances: dict[date, dict[UUID, Decimal]] = {}
        self._closing: dict[tuple[date, date], dict[UUID, Decimal]] = {}

    def balances(self, as_of: date) -> Mapping[UUID, Decimal]:
        """Debit minus credit per account as of a date."""
        if as_of not in self._balances:
            self._balances[as_of] = reports.balances_as_of(self._uow, as_of)
        return self._balances[as_of]

    def closing(self, start: date, end: date) -> Mapping[UUID, Decimal]:
        """Year-end closing entries' debit minus credit per account in a period."""
        if (start, end) not in self._closing:
            self._closing[(start, end)] = reports.closing_entry_balances(self._uow, start, end)
        return self._closing[(start, end)]


@dataclass(frozen=True)
class StatementRead:
    """A statement with what it was read from."""

    statement: Statement
    """The figures."""
    layout: LayoutVersion
    """The layout version used."""
    head: ChainHead
    """The ledger head the figures reflect (entry number 0 before any posting)."""


@dataclass(frozen=True)
class EquityRead:
    """The statement of changes in equity with what it was read from."""

    statement: ChangesInEquity
    """The figures."""
    layout: LayoutVersion
    """The layout version used."""
    head: ChainHead
    """The ledger head the figures reflect."""


class StatementSet:
    """Statements read in one transaction: open it on `Database.read_snapshot` so they all
    reflect the same ledger head, which is read first and recorded on each."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.head = reports.ledger_head(uow) or EMPTY_HEAD
        self.accounts: list[Account] = whole_chart(uow)
        self.fiscal_year_start_month = closing.period_policy(uow).fiscal_year_start_month
        self.source = StoredBalances(uow)

    def layout(self, kind: StatementKind, reference: str | None, as_of: date) -> LayoutVersion:
        """The version asked for, or the default of the tier the turnover suggests; refused
        unless it places every account exactly once."""
        version = (
            get_layout_version(self.uow, reference, kind)
            if reference
            else built_in(self.suggested_framework(as_of), kind)
        )
        problems = validate_layout(version.layout, self.accounts)
        if problems:
            raise layout_invalid(problems)
        return version

    def suggested_framework(self, as_of: date) -> Framework:
        """From the revenue of the twelve months to `as_of` (domain reference §6.1)."""
        revenue_ids = {a.id for a in self.accounts if a.account_type is AccountType.INCOME and a.subtype == "revenue"}
        start = add_months(as_of.replace(day=1), -11)
        moved = movement(start, as_of, self.source)
        turnover = -sum((v for i, v in moved.items() if i in revenue_ids), ZERO)
        return suggested_framework(turnover)

    def statement(
        self,
        kind: StatementKind,
        current: Span,
        compare: list[str] | None = None,
        layout_reference: str | None = None,
    ) -> StatementRead:
        """Profit or loss, financial position or cash flows for `current` and its comparatives."""
        check_range(current.start or current.end, current.end)
        spans = [current, *comparative_spans(current, compare or [], self.fiscal_year_start_month)]
        version = self.layout(kind, layout_reference, current.end)
        placed = placement(version.layout, self.accounts)
        result = compute_statement(
            version.layout, placed, self.accounts, spans, self.source, self.fiscal_year_start_month
        )
        return StatementRead(result, version, self.head)

    def changes_in_equity(self, current: Span, layout_reference: str | None = None) -> EquityRead:
        """The statement of changes in equity for a period."""
        assert current.start is not None
        check_range(current.start, current.end)
        version = self.layout(StatementKind.CHANGES_IN_EQUITY, layout_reference, current.end)
        placed = placement(version.layout, self.accounts)
        result = compute_changes_in_equity(
            version.layout, placed, self.accounts, current, self.source, self.fiscal_year_start_month
        )
        return EquityRead(result, version, self.head)
