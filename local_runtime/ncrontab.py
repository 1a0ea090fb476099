"""Timer schedules as Azure Functions reads them: NCRONTAB expressions and TimeSpans.

The local runtime reads each `@app.timer_trigger(schedule=...)` from the indexed app and
must fire it when Azure would. Azure parses the schedule with NCrontab (six fields), or,
failing that, as a .NET TimeSpan meaning "every so often". This module does the same:

    {second} {minute} {hour} {day} {month} {day-of-week}

- each field is `*`, a value, a range `a-b`, a step `*/n`, `a-b/n` or `a/n` (from `a` to the
  field's maximum), or a comma-separated list of those;
- months are 1-12 or names, days of week 0-6 with Sunday 0, or names. A name is the English
  name or a prefix of it of at least three letters, in any case (`Jan`, `january`, `Mon`);
- **day and day-of-week must both match** (NCrontab checks the day of week after choosing the
  day; classic Unix cron fires when *either* matches). `0 0 9 13 * Fri` fires on Friday the
  13th only;
- times are UTC, the Functions default (Zambia, UTC+2 with no daylight saving, writes 07:30
  for 09:30 local).

Where NCrontab is lenient about an obvious mistake this parser refuses it, so whatever is
accepted here is also accepted by Azure: day of week 7, a step of 0, a reversed range
(`10-1`), one- or two-letter names, and a day that no listed month has (`31 Feb`: NCrontab
accepts it and never fires).

A TimeSpan (`[d.]hh:mm[:ss]`, e.g. `00:05:00`) means a fixed interval: the next run is that
long after the given moment. Azure allows TimeSpan schedules on App Service plans only.
"""

from __future__ import annotations

import calendar
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta

_MONTH_NAMES = tuple(calendar.month_name[1:])
_DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_GREGORIAN_CYCLE_YEARS = 400  # the calendar, weekdays included, repeats every 400 years
_TIMESPAN = re.compile(r"(?:(?P<days>\d+)\.)?(?P<hours>\d{1,2}):(?P<minutes>\d{1,2})(?::(?P<seconds>\d{1,2}))?")


@dataclass(frozen=True)
class _FieldKind:
    """One of the six positions of an NCRONTAB expression."""

    label: str
    low: int
    high: int
    names: tuple[str, ...] = ()


_FIELDS = (
    _FieldKind("second", 0, 59),
    _FieldKind("minute", 0, 59),
    _FieldKind("hour", 0, 23),
    _FieldKind("day", 1, 31),
    _FieldKind("month", 1, 12, _MONTH_NAMES),
    _FieldKind("day-of-week", 0, 6, _DAY_NAMES),
)


class Schedule(ABC):
    """When a timer fires."""

    expression: str
    """The schedule as written in the trigger."""

    @abstractmethod
    def next_after(self, moment: datetime) -> datetime:
        """The first firing strictly after `moment` (timezone-aware), as an aware UTC datetime."""


@dataclass(frozen=True)
class CronSchedule(Schedule):
    """An NCRONTAB schedule: the values each field allows, ascending."""

    expression: str
    seconds: tuple[int, ...]
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    days: tuple[int, ...]
    months: tuple[int, ...]
    days_of_week: frozenset[int]
    """0 is Sunday."""

    def next_after(self, moment: datetime) -> datetime:
        """The first whole second after `moment` that every field allows."""
        start = _as_utc(moment).replace(microsecond=0) + timedelta(seconds=1)
        last_year = min(start.year + _GREGORIAN_CYCLE_YEARS, MAXYEAR)
        for year in range(start.year, last_year + 1):
            for month in self.months:
                if (year, month) < (start.year, start.month):
                    continue
                days_in_month = calendar.monthrange(year, month)[1]
                for day in self.days:
                    if day > days_in_month:
                        break
                    candidate = date(year, month, day)
                    if candidate < start.date() or _cron_weekday(candidate) not in self.days_of_week:
                        continue
                    not_before = start.time() if candidate == start.date() else time.min
                    at = self._first_time_from(not_before)
                    if at is not None:
                        return datetime.combine(candidate, at, tzinfo=UTC)
        raise ValueError(f"'{self.expression}' does not fire after {moment.isoformat()}")

    def _first_time_from(self, not_before: time) -> time | None:
        floor = (not_before.hour, not_before.minute, not_before.second)
        for hour in self.hours:
            if hour < floor[0]:
                continue
            for minute in self.minutes:
                if (hour, minute) < floor[:2]:
                    continue
                for second in self.seconds:
                    if (hour, minute, second) >= floor:
                        return time(hour, minute, second)
        return None


@dataclass(frozen=True)
class IntervalSchedule(Schedule):
    """A TimeSpan schedule: fires every `interval`."""

    expression: str
    interval: timedelta

    def next_after(self, moment: datetime) -> datetime:
        """`moment` plus the interval."""
        return _as_utc(moment) + self.interval


def parse(expression: str) -> Schedule:
    """Parse a timer trigger schedule; raises `ValueError` saying what is wrong."""
    text = expression.strip()
    if not text:
        raise ValueError("the schedule is empty")
    timespan = _TIMESPAN.fullmatch(text)
    if timespan:
        return _parse_timespan(text, timespan)
    tokens = text.split()
    if len(tokens) != len(_FIELDS):
        raise ValueError(
            f"'{text}' has {len(tokens)} fields; a schedule needs 6: "
            "{second} {minute} {hour} {day} {month} {day-of-week}, or a TimeSpan such as 00:05:00"
        )
    seconds, minutes, hours, days, months, days_of_week = (
        _parse_field(token, kind, text) for token, kind in zip(tokens, _FIELDS, strict=True)
    )
    longest_month = max(29 if month == 2 else calendar.monthrange(2001, month)[1] for month in months)
    if days[0] > longest_month:
        raise ValueError(f"'{text}' never fires: none of its months has day {days[0]}")
    return CronSchedule(text, seconds, minutes, hours, days, months, frozenset(days_of_week))


def _parse_timespan(text: str, match: re.Match[str]) -> IntervalSchedule:
    hours, minutes, seconds = (int(match[part] or 0) for part in ("hours", "minutes", "seconds"))
    if hours > 23 or minutes > 59 or seconds > 59:
        raise ValueError(f"'{text}' is not a TimeSpan: use [d.]hh:mm[:ss] with hh 0-23, mm and ss 0-59")
    interval = timedelta(days=int(match["days"] or 0), hours=hours, minutes=minutes, seconds=seconds)
    if not interval:
        raise ValueError(f"'{text}' is a zero interval; the timer would never wait")
    return IntervalSchedule(text, interval)


def _parse_field(token: str, kind: _FieldKind, expression: str) -> tuple[int, ...]:
    values: set[int] = set()
    for part in token.split(","):
        values.update(_parse_part(part, kind, expression))
    return tuple(sorted(values))


def _parse_part(part: str, kind: _FieldKind, expression: str) -> range:
    where = f"in the {kind.label} field of '{expression}'"
    if not part:
        raise ValueError(f"empty list item {where}")
    base, slash, step_text = part.partition("/")
    step = 1
    if slash:
        if not (step_text.isascii() and step_text.isdigit()) or int(step_text) == 0:
            raise ValueError(f"step '/{step_text}' {where} must be a whole number of at least 1")
        step = int(step_text)
    if base == "*":
        return range(kind.low, kind.high + 1, step)
    first_text, dash, last_text = base.partition("-")
    first = _parse_value(first_text, kind, where)
    if not dash:
        return range(first, (kind.high if slash else first) + 1, step)
    last = _parse_value(last_text, kind, where)
    if last < first:
        raise ValueError(f"range '{base}' {where} runs backwards")
    return range(first, last + 1, step)


def _parse_value(text: str, kind: _FieldKind, where: str) -> int:
    if text.isascii() and text.isdigit():
        value = int(text)
        if not kind.low <= value <= kind.high:
            raise ValueError(f"{value} is out of range {kind.low}-{kind.high} {where}")
        return value
    if kind.names and len(text) >= 3 and text.isalpha():
        for offset, name in enumerate(kind.names):
            if name.lower().startswith(text.lower()):
                return kind.low + offset
    expected = f"a number {kind.low}-{kind.high}"
    if kind.names:
        expected += f" or a name such as {kind.names[1][:3]}"
    raise ValueError(f"'{text}' {where} is not {expected}")


def _cron_weekday(day: date) -> int:
    """Day of week with Sunday 0, as cron counts (Python counts Monday 0)."""
    return (day.weekday() + 1) % 7


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no timezone; timer schedules run in UTC")
    return moment.astimezone(UTC)
