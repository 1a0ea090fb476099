"""Fiscal years, monthly periods and the period guard."""

from __future__ import annotations

from datetime import date

import pytest

from shared_code.ledger.periods import (
    FiscalYear,
    Period,
    PeriodPolicy,
    PeriodStatus,
    fiscal_year_containing,
    guard_posting_date,
    monthly_periods,
    period_status,
)


@pytest.mark.parametrize(
    ("day", "start_month", "expected", "label"),
    [
        (date(2026, 3, 15), 1, FiscalYear(date(2026, 1, 1), date(2026, 12, 31)), "FY2026"),
        (date(2026, 3, 15), 4, FiscalYear(date(2025, 4, 1), date(2026, 3, 31)), "FY2025/26"),
        (date(2026, 4, 1), 4, FiscalYear(date(2026, 4, 1), date(2027, 3, 31)), "FY2026/27"),
        (date(2024, 2, 29), 7, FiscalYear(date(2023, 7, 1), date(2024, 6, 30)), "FY2023/24"),
    ],
)
def test_the_fiscal_year_follows_the_start_month(day: date, start_month: int, expected: FiscalYear, label: str) -> None:
    year = fiscal_year_containing(day, start_month)
    assert year == expected
    assert year.label == label


def test_a_bad_start_month_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match=r"1\.\.12"):
        fiscal_year_containing(date(2026, 1, 1), 13)


def test_a_year_starting_in_july_has_twelve_months_ending_in_june() -> None:
    periods = monthly_periods(fiscal_year_containing(date(2024, 1, 10), 7))
    assert len(periods) == 12
    assert periods[0] == Period(date(2023, 7, 1), date(2023, 7, 31))
    assert periods[7] == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert periods[-1] == Period(date(2024, 6, 1), date(2024, 6, 30))


def test_the_lock_date_stops_postings_on_and_before_it() -> None:
    policy = PeriodPolicy(lock_date=date(2026, 1, 31))
    assert [e.code for e in guard_posting_date(date(2026, 1, 31), policy)] == ["period_locked"]
    assert guard_posting_date(date(2026, 2, 1), policy) == []
    assert guard_posting_date(date(2026, 1, 31), policy, year_end_close=True) == []


def test_a_closed_year_stops_everything_even_the_closing_path() -> None:
    closed = fiscal_year_containing(date(2025, 6, 1), 1)
    policy = PeriodPolicy(closed_years=(closed,))
    assert [e.code for e in guard_posting_date(date(2025, 12, 31), policy, year_end_close=True)] == ["period_closed"]
    assert guard_posting_date(date(2026, 1, 1), policy) == []


def test_period_status_reads_the_lock_date_and_closed_years() -> None:
    year = fiscal_year_containing(date(2026, 1, 1), 1)
    policy = PeriodPolicy(lock_date=date(2026, 2, 14))
    statuses = [period_status(p, policy) for p in monthly_periods(year)[:3]]
    assert statuses == [PeriodStatus.LOCKED, PeriodStatus.PARTLY_LOCKED, PeriodStatus.OPEN]
    closed = PeriodPolicy(closed_years=(year,))
    assert {period_status(p, closed) for p in monthly_periods(year)} == {PeriodStatus.CLOSED}
