"""Periods: the fiscal year setting, the audited lock date and the year-end close."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import psycopg
import pytest

from shared_code.ledger import reports, service
from shared_code.ledger.closing import (
    close_fiscal_year,
    fiscal_year_view,
    lock_date_history,
    period_policy,
    set_fiscal_year_start_month,
    set_lock_date,
)
from shared_code.ledger.periods import PeriodStatus
from shared_code.ledger.verify import verify_ledger
from shared_code.platform.clock import FixedClock
from shared_code.platform.db import Database
from shared_code.platform.errors import DomainError
from shared_code.platform.ids import new_id
from tests.integration.ledger_books import ACCOUNTANT, Books, open_books

CLOCK = FixedClock(datetime(2026, 2, 10, 12, 0, tzinfo=UTC))


@pytest.fixture
def books(db: Database) -> Books:
    return open_books(db)


def test_the_fiscal_year_starts_in_january_unless_set(books: Books) -> None:
    with books.uow() as uow:
        assert period_policy(uow).fiscal_year_start_month == 1
        set_fiscal_year_start_month(uow, 7)
        view = fiscal_year_view(uow, date(2026, 2, 10))
    assert (view.year.start, view.year.end, view.year.label) == (date(2025, 7, 1), date(2026, 6, 30), "FY2025/26")
    assert len(view.periods) == 12
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        set_fiscal_year_start_month(uow, 13)
    assert raised.value.code == "fiscal_year_start_month_invalid"


def test_every_lock_date_change_is_audited_and_the_audit_is_append_only(books: Books) -> None:
    other_user = new_id()
    with books.uow() as uow:
        first = set_lock_date(uow, date(2026, 1, 31), changed_by=ACCOUNTANT, reason="January filed", clock=CLOCK)
        assert set_lock_date(uow, date(2026, 1, 31), changed_by=ACCOUNTANT) is None
        set_lock_date(uow, None, changed_by=other_user, reason="Correct an invoice", clock=CLOCK)
        history = lock_date_history(uow)
    assert first is not None and first.old_lock_date is None
    assert [(c.changed_by, c.old_lock_date, c.new_lock_date, c.reason) for c in history] == [
        (other_user, date(2026, 1, 31), None, "Correct an invoice"),
        (ACCOUNTANT, None, date(2026, 1, 31), "January filed"),
    ]
    for tampering in (
        "DELETE FROM ledger_lock_date_changes",
        "UPDATE ledger_lock_date_changes SET reason = 'Nothing to see'",
        "UPDATE ledger_lock_date_changes SET new_lock_date = NULL",
    ):
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState), books.db.unit_of_work(books.tenant) as uow:
            uow.execute(tampering)
    with books.uow() as uow:
        assert lock_date_history(uow) == history


def test_months_show_their_status(books: Books) -> None:
    with books.uow() as uow:
        set_lock_date(uow, date(2026, 2, 14), changed_by=ACCOUNTANT)
        statuses = [view.status for view in fiscal_year_view(uow, date(2026, 5, 1)).periods[:3]]
    assert statuses == [PeriodStatus.LOCKED, PeriodStatus.PARTLY_LOCKED, PeriodStatus.OPEN]


def _trade_2025(books: Books) -> None:
    books.post(date(2025, 3, 1), "Owner's capital", ("1100", "dr", "5000.00"), ("3020", "cr", "5000.00"))
    books.post(
        date(2025, 6, 1), "Sales", ("1100", "dr", "1160.00"), ("4010", "cr", "1000.00"), ("2100", "cr", "160.00")
    )
    books.post(date(2025, 9, 1), "Rent", ("6100", "dr", "300.00"), ("1100", "cr", "300.00"))


def test_the_year_end_close_moves_income_and_expense_to_retained_earnings(books: Books) -> None:
    _trade_2025(books)
    with books.uow() as uow:
        set_lock_date(uow, date(2025, 12, 31), changed_by=ACCOUNTANT)
        closed = close_fiscal_year(uow, date(2025, 12, 31), closed_by=ACCOUNTANT, clock=CLOCK)
    entry = closed.closing_entry
    assert entry is not None and entry.entry_date == date(2025, 12, 31)
    with books.uow() as uow:
        after = {row.account.code: row.balance for row in reports.trial_balance(uow, date(2025, 12, 31)).rows}
        year = {
            b.account.code: (b.debit, b.credit)
            for b in reports.account_balances(uow, date(2025, 1, 1), date(2025, 12, 31))
        }
        assert verify_ledger(uow).ok
    assert after == {
        "1100": Decimal("5860.00"),
        "2100": Decimal("-160.00"),
        "3020": Decimal("-5000.00"),
        "3100": Decimal("-700.00"),
        "4010": Decimal("0.00"),
        "6100": Decimal("0.00"),
    }
    assert year["4010"] == (Decimal("0.00"), Decimal("1000.00"))  # the year's activity, closing entry left out
    with pytest.raises(DomainError) as late, books.uow() as uow:
        set_lock_date(uow, None, changed_by=ACCOUNTANT)
        service.post_entry(
            uow,
            books.draft(date(2025, 12, 1), "Late", ("6100", "dr", "1.00"), ("1100", "cr", "1.00")),
            posted_by=ACCOUNTANT,
        )
    assert late.value.code == "period_closed"
    with pytest.raises(DomainError) as reversed_close, books.uow() as uow:
        service.reverse_entry(uow, entry.id, posted_by=ACCOUNTANT, entry_date=date(2026, 1, 1))
    assert reversed_close.value.code == "entry_not_reversible"


@pytest.mark.parametrize(
    ("year_end", "code"),
    [
        (date(2025, 11, 30), "not_a_fiscal_year_end"),
        (date(2026, 12, 31), "year_not_ended"),
        (date(2025, 12, 31), "earlier_year_open"),
    ],
)
def test_years_close_once_in_order_after_they_end(books: Books, year_end: date, code: str) -> None:
    books.post(date(2024, 5, 1), "Old sale", ("1010", "dr", "1.00"), ("4010", "cr", "1.00"))
    _trade_2025(books)
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        close_fiscal_year(uow, year_end, closed_by=ACCOUNTANT, clock=CLOCK)
    assert raised.value.code == code


def test_a_year_closes_only_once_and_a_quiet_year_closes_without_an_entry(books: Books) -> None:
    with books.uow() as uow:
        quiet = close_fiscal_year(uow, date(2025, 12, 31), closed_by=ACCOUNTANT, clock=CLOCK)
    assert quiet.closing_entry is None
    with pytest.raises(DomainError) as raised, books.uow() as uow:
        close_fiscal_year(uow, date(2025, 12, 31), closed_by=ACCOUNTANT, clock=CLOCK)
    assert raised.value.code == "year_already_closed"
    with pytest.raises(DomainError) as fixed, books.uow() as uow:
        set_fiscal_year_start_month(uow, 4)
    assert fixed.value.code == "fiscal_year_fixed"
