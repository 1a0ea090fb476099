"""Deadlines counted in business hours (pure: the calendar comes from the `holidays` package).

By default Africa/Lusaka, Monday to Friday 08:00-17:00, not on Zambian public holidays.
A configuration with every day, 0-24 and no holiday country counts plain elapsed time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from shared_code.approvals.model import BusinessHoursConfig

MAX_DAYS_SEARCHED = 3660


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


def is_working_day(day: date, config: BusinessHoursConfig) -> bool:
    """True if `day` is a working day under `config`."""
    if day.weekday() not in config.weekdays:
        return False
    return not (config.holiday_country and day in _holidays(config.holiday_country, day.year))


def add_business_hours(start: datetime, hours: Decimal, config: BusinessHoursConfig) -> datetime:
    """The moment `hours` working hours after `start` (aware), returned in UTC."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    zone = ZoneInfo(config.timezone)
    remaining = timedelta(seconds=float(hours * 3600))
    cursor = start.astimezone(zone)
    for _ in range(MAX_DAYS_SEARCHED):
        day = cursor.date()
        opens = datetime.combine(day, time(config.start_hour), zone)
        closes = (
            datetime.combine(day + timedelta(days=1), time(0), zone)
            if config.end_hour == 24
            else datetime.combine(day, time(config.end_hour), zone)
        )
        if is_working_day(day, config) and cursor < closes:
            begin = max(cursor, opens)
            available = closes - begin
            if remaining <= available:
                return (begin + remaining).astimezone(UTC)
            remaining -= available
        cursor = datetime.combine(day + timedelta(days=1), time(0), zone)
    raise ValueError("no working hours within ten years")
