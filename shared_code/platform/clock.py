"""Clocks: the one source of "now", so tests and periods can pin time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

ZAMBIA = ZoneInfo("Africa/Lusaka")
"""Zambia keeps Central Africa Time (UTC+2) all year."""


class Clock(Protocol):
    """Tells the current time, always timezone-aware UTC."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still until moved: for tests."""

    current: datetime

    def now(self) -> datetime:
        """The pinned instant."""
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.current += delta


def today_in_zambia(clock: Clock) -> date:
    """The date in Zambia now: the default date of reports, periods and documents."""
    return clock.now().astimezone(ZAMBIA).date()
