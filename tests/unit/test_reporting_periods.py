"""Report periods and comparatives, for a business whose fiscal year starts in April (a
month other than January shows the fiscal-year arithmetic) and one that follows the
calendar year."""

from __future__ import annotations

from datetime import date

import pytest

from shared_code.platform.errors import DomainError
from shared_code.reporting.periods import (
    PeriodKind,
    Span,
    comparative_spans,
    period_for,
    position_period,
    split_comparatives,
    statement_period,
)

APRIL = 4
TODAY = date(2026, 8, 14)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (PeriodKind.MONTH, (date(2026, 8, 1), date(2026, 8, 31))),
        (PeriodKind.QUARTER, (date(2026, 7, 1), date(2026, 9, 30))),  # the fiscal year's second quarter
        (PeriodKind.FISCAL_YEAR, (date(2026, 4, 1), date(2027, 3, 31))),
        (PeriodKind.YEAR_TO_DATE, (date(2026, 4, 1), date(2026, 8, 14))),
    ],
)
def test_each_kind_of_period_containing_a_day_of_a_fiscal_year_from_april(
    kind: PeriodKind, expected: tuple[date, date]
) -> None:
    assert period_for(kind, TODAY, APRIL) == expected


def test_a_quarter_in_january_of_a_fiscal_year_from_april_is_its_last() -> None:
    assert period_for(PeriodKind.QUARTER, date(2027, 1, 20), APRIL) == (date(2027, 1, 1), date(2027, 3, 31))


def test_a_statement_over_time_takes_its_dates_then_its_period_then_this_fiscal_year() -> None:
    def asked(start: date | None, end: date | None, kind: PeriodKind | None, on: date | None) -> tuple[date, date]:
        return statement_period(start, end, kind, on, today=TODAY, fiscal_year_start_month=APRIL)

    assert asked(date(2026, 5, 1), date(2026, 5, 31), PeriodKind.QUARTER, None) == (date(2026, 5, 1), date(2026, 5, 31))
    assert asked(None, date(2026, 6, 30), None, None) == (date(2026, 4, 1), date(2026, 6, 30))
    assert asked(date(2026, 6, 1), None, None, None) == (date(2026, 6, 1), TODAY)
    assert asked(None, None, PeriodKind.QUARTER, date(2026, 5, 2)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert asked(None, None, PeriodKind.MONTH, None) == (date(2026, 8, 1), date(2026, 8, 31))
    assert asked(None, None, None, None) == (date(2026, 4, 1), date(2027, 3, 31))
    assert asked(None, None, PeriodKind.CUSTOM, None) == (date(2026, 4, 1), TODAY)


def test_a_financial_position_is_at_its_date_or_the_end_of_the_period_asked_for() -> None:
    def asked(as_of: date | None, kind: PeriodKind | None, on: date | None) -> tuple[date, date]:
        return position_period(as_of, kind, on, today=TODAY, fiscal_year_start_month=APRIL)

    assert asked(None, None, None) == (date(2026, 4, 1), TODAY)
    assert asked(date(2026, 5, 10), PeriodKind.QUARTER, None) == (date(2026, 4, 1), date(2026, 5, 10))
    assert asked(None, PeriodKind.QUARTER, date(2026, 5, 10)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert asked(None, PeriodKind.FISCAL_YEAR, None) == (date(2026, 4, 1), date(2027, 3, 31))
    assert asked(None, PeriodKind.YEAR_TO_DATE, date(2026, 12, 1)) == (date(2026, 4, 1), date(2026, 12, 1))
    assert asked(None, PeriodKind.CUSTOM, date(2027, 2, 1)) == (date(2026, 4, 1), date(2027, 2, 1))


def test_comparatives_are_split_on_commas_and_repeats() -> None:
    assert split_comparatives(["previous_period, same_period_last_year", " 2025-01-01..2025-03-31 ", ""]) == [
        "previous_period",
        "same_period_last_year",
        "2025-01-01..2025-03-31",
    ]
    assert split_comparatives(None) == []


def test_previous_period_same_period_last_year_and_custom_columns() -> None:
    quarter = Span(date(2026, 7, 1), date(2026, 9, 30), "current")
    spans = comparative_spans(quarter, ["previous_period", "same_period_last_year", "2024-07-01..2024-09-30"], APRIL)
    assert spans == [
        Span(date(2026, 4, 1), date(2026, 6, 30), "previous_period"),
        Span(date(2025, 7, 1), date(2025, 9, 30), "same_period_last_year"),
        Span(date(2024, 7, 1), date(2024, 9, 30), "custom"),
    ]
    position = Span(None, date(2026, 8, 14), "current")
    assert comparative_spans(position, ["previous_period", "2025-12-31"], APRIL) == [
        Span(None, date(2026, 3, 31), "previous_period"),  # the end of the previous fiscal year
        Span(None, date(2025, 12, 31), "custom"),
    ]
    february = Span(date(2024, 2, 1), date(2024, 2, 29), "current")
    assert comparative_spans(february, ["same_period_last_year"], 1) == [
        Span(date(2023, 2, 1), date(2023, 2, 28), "same_period_last_year")
    ]


@pytest.mark.parametrize(
    ("compare", "code", "field"),
    [
        (["previous_period"] * 4, "too_many_comparatives", "compare"),
        (["last_tuesday"], "compare_invalid", "compare.0"),
        (["previous_period", "2025-03-31..2025-01-01"], "date_range_invalid", "compare.1"),
        (["2010-01-01..2025-01-01"], "date_range_too_long", "compare.0"),
    ],
)
def test_bad_comparatives_are_refused_with_the_field_they_concern(compare: list[str], code: str, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        comparative_spans(Span(date(2026, 1, 1), date(2026, 3, 31), "current"), compare, 1)
    assert (refused.value.code, [e.field for e in refused.value.errors]) == (code, [field])
