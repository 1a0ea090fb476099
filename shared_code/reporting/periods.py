"""Report periods and comparative columns. Pure.

A period is month, quarter, fiscal year, year to date or custom; a statement shows it and
up to three comparative columns: the previous period, the same period last year, or a
custom one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from shared_code.ledger.periods import add_months, fiscal_year_containing, month_end
from shared_code.ledger.posting import EARLIEST_DATE, LATEST_DATE
from shared_code.platform.errors import DomainError, FieldError

MAX_COMPARATIVES = 3
"""The most comparative columns a statement shows."""
MAX_YEARS = 10
"""The longest period a statement covers."""

_DAY = timedelta(days=1)


class PeriodKind(StrEnum):
    """How a period is chosen from a date."""

    MONTH = "month"
    QUARTER = "quarter"
    FISCAL_YEAR = "fiscal_year"
    YEAR_TO_DATE = "year_to_date"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Span:
    """A statement column's dates: `start` is None for a financial position (a date only)."""

    start: date | None
    """First day of a period, or None for a position as of `end`."""
    end: date
    """Last day (the as-of date of a position)."""
    label: str
    """Column heading: `current`, `previous_period`, `same_period_last_year`, `custom`."""


def period_for(kind: PeriodKind, day: date, fiscal_year_start_month: int) -> tuple[date, date]:
    """The period of `kind` that contains `day` (to `day` itself for year to date)."""
    year = fiscal_year_containing(day, fiscal_year_start_month)
    if kind is PeriodKind.MONTH:
        return day.replace(day=1), month_end(day)
    if kind is PeriodKind.QUARTER:
        months_in = (day.year * 12 + day.month) - (year.start.year * 12 + year.start.month)
        start = add_months(year.start, months_in // 3 * 3)
        return start, add_months(start, 3) - _DAY
    if kind is PeriodKind.FISCAL_YEAR:
        return year.start, year.end
    if kind is PeriodKind.YEAR_TO_DATE:
        return year.start, day
    raise ValueError("a custom period names its own dates")


def statement_period(
    start: date | None,
    end: date | None,
    kind: PeriodKind | None,
    on: date | None,
    *,
    today: date,
    fiscal_year_start_month: int,
) -> tuple[date, date]:
    """The period a statement over time is asked for: `start`..`end` (with one end missing, to
    today or from the start of the fiscal year `end` falls in), else the `kind` period that
    contains `on` (today by default), else this fiscal year."""
    if start is not None or end is not None or kind is PeriodKind.CUSTOM:
        last = end or today
        return start or fiscal_year_containing(last, fiscal_year_start_month).start, last
    return period_for(kind or PeriodKind.FISCAL_YEAR, on or today, fiscal_year_start_month)


def position_period(
    as_of: date | None,
    kind: PeriodKind | None,
    on: date | None,
    *,
    today: date,
    fiscal_year_start_month: int,
) -> tuple[date, date]:
    """The date of a financial position and the period it closes: `as_of`, else the end of
    the `kind` period containing `on` (`on` itself for year to date or custom), else today;
    the period is the `kind` one, or the fiscal year to that date."""
    if as_of is None and kind is not None and kind is not PeriodKind.CUSTOM:
        return period_for(kind, on or today, fiscal_year_start_month)
    day = as_of or on or today
    return fiscal_year_containing(day, fiscal_year_start_month).start, day


def split_comparatives(compare: list[str] | None) -> list[str]:
    """The comparative columns of `compare=`, repeated or separated by commas."""
    return [part.strip() for item in compare or [] for part in item.split(",") if part.strip()]


def check_range(start: date, end: date, field: str = "from") -> None:
    """Refuse a period that runs backwards, is out of range or is longer than ten years."""
    if not EARLIEST_DATE <= start <= LATEST_DATE or not EARLIEST_DATE <= end <= LATEST_DATE:
        raise _bad(field, "date_out_of_range", f"Dates from {EARLIEST_DATE.isoformat()}.")
    if start > end:
        raise _bad(field, "date_range_invalid", "`from` must be on or before `to`.")
    if _shift_years(start, MAX_YEARS) <= end:
        raise _bad(field, "date_range_too_long", f"A statement covers at most {MAX_YEARS} years.")


def comparative_spans(current: Span, compare: list[str], fiscal_year_start_month: int) -> list[Span]:
    """The comparative columns asked for: `previous_period`, `same_period_last_year`, or a
    custom `YYYY-MM-DD..YYYY-MM-DD` (a date `YYYY-MM-DD` for a financial position)."""
    if len(compare) > MAX_COMPARATIVES:
        raise _bad("compare", "too_many_comparatives", f"At most {MAX_COMPARATIVES} comparative columns.")
    spans: list[Span] = []
    for index, choice in enumerate(compare):
        field = f"compare.{index}"
        if choice == "previous_period":
            spans.append(_previous(current, fiscal_year_start_month))
        elif choice == "same_period_last_year":
            start = _shift_years(current.start, -1) if current.start else None
            end = _shift_years(current.end, -1, keep_month_end=True)
            spans.append(Span(start, end, choice))
        else:
            spans.append(_custom(choice, current, field))
    for index, span in enumerate(spans):
        check_range(span.start or span.end, span.end, f"compare.{index}")
    return spans


def _previous(current: Span, fiscal_year_start_month: int) -> Span:
    if current.start is None:
        # A position's previous period is the end of the previous fiscal year.
        year = fiscal_year_containing(current.end, fiscal_year_start_month)
        end = year.start - _DAY
        if end == current.end:
            end = fiscal_year_containing(end, fiscal_year_start_month).start - _DAY
        return Span(None, end, "previous_period")
    if current.start.day == 1 and current.end == month_end(current.end):
        months = (current.end.year * 12 + current.end.month) - (current.start.year * 12 + current.start.month) + 1
        return Span(add_months(current.start, -months), current.start - _DAY, "previous_period")
    length = current.end - current.start
    return Span(current.start - length - _DAY, current.start - _DAY, "previous_period")


def _custom(token: str, current: Span, field: str) -> Span:
    try:
        if current.start is None:
            return Span(None, date.fromisoformat(token), "custom")
        start, end = token.split("..")
        return Span(date.fromisoformat(start), date.fromisoformat(end), "custom")
    except ValueError:
        example = "2025-12-31" if current.start is None else "2025-01-01..2025-12-31"
        raise _bad(
            field,
            "compare_invalid",
            f"`previous_period`, `same_period_last_year` or dates like {example}.",
        ) from None


def _shift_years(day: date, years: int, *, keep_month_end: bool = False) -> date:
    moved = date(day.year + years, day.month, 1) if EARLIEST_DATE.year <= day.year + years <= LATEST_DATE.year else day
    if moved is day:
        return LATEST_DATE if years > 0 else EARLIEST_DATE
    if keep_month_end and day == month_end(day):
        return month_end(moved)
    return min(moved.replace(day=min(day.day, month_end(moved).day)), LATEST_DATE)


def _bad(field: str, code: str, message: str) -> DomainError:
    titles = {
        "date_out_of_range": "The dates are out of range.",
        "date_range_invalid": "The period ends before it starts.",
        "date_range_too_long": "The period is too long.",
        "too_many_comparatives": "Too many comparative columns.",
        "compare_invalid": "A comparative column is not understood.",
    }
    return DomainError(code=code, title=titles[code], status=422, errors=[FieldError(field, code, message)])
