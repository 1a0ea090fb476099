"""NCRONTAB and TimeSpan timer schedules, read as Azure Functions reads them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from local_runtime.ncrontab import CronSchedule, IntervalSchedule, parse


def at(text: str) -> datetime:
    """A UTC moment written as `YYYY-MM-DD HH:MM:SS`."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def firings(expression: str, after: str, count: int) -> list[str]:
    """The next `count` firings of a schedule, as `YYYY-MM-DD HH:MM:SS` (weekday)."""
    schedule = parse(expression)
    moment = at(after)
    found = []
    for _ in range(count):
        moment = schedule.next_after(moment)
        found.append(moment.strftime("%Y-%m-%d %H:%M:%S %a"))
    return found


def test_every_five_seconds() -> None:
    assert firings("*/5 * * * * *", "2026-11-30 10:00:03", 3) == [
        "2026-11-30 10:00:05 Mon",
        "2026-11-30 10:00:10 Mon",
        "2026-11-30 10:00:15 Mon",
    ]


def test_hourly_at_minute_zero_rolls_over_midnight_and_month_end() -> None:
    assert firings("0 0 * * * *", "2026-11-30 22:30:00", 3) == [
        "2026-11-30 23:00:00 Mon",
        "2026-12-01 00:00:00 Tue",
        "2026-12-01 01:00:00 Tue",
    ]


def test_next_after_is_strictly_after_a_firing_moment() -> None:
    schedule = parse("0 0 * * * *")

    assert schedule.next_after(at("2026-11-30 10:00:00")) == at("2026-11-30 11:00:00")
    assert schedule.next_after(at("2026-11-30 09:59:59.999")) == at("2026-11-30 10:00:00")


def test_weekdays_at_half_past_nine_skip_the_weekend() -> None:
    assert firings("0 30 9 * * 1-5", "2026-12-04 09:30:00", 3) == [
        "2026-12-07 09:30:00 Mon",
        "2026-12-08 09:30:00 Tue",
        "2026-12-09 09:30:00 Wed",
    ]
    assert _fields_of(parse("0 30 9 * * Mon-Fri")) == _fields_of(parse("0 30 9 * * 1-5"))


def _fields_of(schedule: object) -> tuple[object, ...]:
    assert isinstance(schedule, CronSchedule)
    return (
        schedule.seconds,
        schedule.minutes,
        schedule.hours,
        schedule.days,
        schedule.months,
        schedule.days_of_week,
    )


def test_month_and_day_names_in_any_case_and_length() -> None:
    quarterly = parse("0 0 6 1 Jan,apr,JULY,October *")
    assert isinstance(quarterly, CronSchedule)
    assert quarterly.months == (1, 4, 7, 10)
    assert firings("0 0 6 1 Jan,apr,JULY,October *", "2026-11-30 00:00:00", 2) == [
        "2027-01-01 06:00:00 Fri",
        "2027-04-01 06:00:00 Thu",
    ]
    weekend = parse("0 0 8 * * sat,SUNDAY")
    assert isinstance(weekend, CronSchedule)
    assert weekend.days_of_week == {0, 6}


def test_steps_ranges_and_lists_combine() -> None:
    schedule = parse("0 5/20 1-10/3,22 * * *")
    assert isinstance(schedule, CronSchedule)
    assert schedule.minutes == (5, 25, 45)
    assert schedule.hours == (1, 4, 7, 10, 22)
    assert firings("0 5/20 1-10/3,22 * * *", "2026-11-30 10:50:00", 3) == [
        "2026-11-30 22:05:00 Mon",
        "2026-11-30 22:25:00 Mon",
        "2026-11-30 22:45:00 Mon",
    ]


def test_day_and_day_of_week_must_both_match_as_in_ncrontab() -> None:
    assert firings("0 0 9 13 * Fri", "2026-01-01 00:00:00", 3) == [
        "2026-02-13 09:00:00 Fri",
        "2026-03-13 09:00:00 Fri",
        "2026-11-13 09:00:00 Fri",
    ]


def test_day_31_fires_only_in_months_that_have_one() -> None:
    assert firings("0 0 0 31 * *", "2026-01-31 00:00:00", 3) == [
        "2026-03-31 00:00:00 Tue",
        "2026-05-31 00:00:00 Sun",
        "2026-07-31 00:00:00 Fri",
    ]


def test_29_february_waits_for_a_leap_year() -> None:
    assert firings("0 0 0 29 Feb *", "2026-03-01 00:00:00", 2) == [
        "2028-02-29 00:00:00 Tue",
        "2032-02-29 00:00:00 Sun",
    ]
    assert firings("0 0 0 29 2 *", "2096-03-01 00:00:00", 1) == ["2104-02-29 00:00:00 Fri"]


def test_29_february_on_a_monday_can_be_decades_away() -> None:
    assert firings("0 0 0 29 Feb Mon", "2016-03-01 00:00:00", 1) == ["2044-02-29 00:00:00 Mon"]


def test_last_second_of_the_year_rolls_into_the_next() -> None:
    assert firings("59 59 23 31 12 *", "2026-12-31 23:59:59", 1) == ["2027-12-31 23:59:59 Fri"]


def test_times_are_utc_whatever_zone_the_moment_is_in() -> None:
    lusaka = timezone(timedelta(hours=2))
    fired = parse("0 30 7 * * *").next_after(datetime(2026, 11, 30, 10, 0, tzinfo=lusaka))

    assert fired == at("2026-12-01 07:30:00")
    assert fired.tzinfo is UTC


def test_a_moment_without_timezone_is_refused() -> None:
    with pytest.raises(ValueError, match="no timezone"):
        parse("* * * * * *").next_after(datetime(2026, 11, 30))


@pytest.mark.parametrize(
    ("expression", "interval"),
    [
        ("00:05:00", timedelta(minutes=5)),
        ("01:00:00", timedelta(hours=1)),
        ("1.00:00:00", timedelta(days=1)),
        ("00:30", timedelta(minutes=30)),
    ],
)
def test_timespan_means_a_fixed_interval(expression: str, interval: timedelta) -> None:
    schedule = parse(expression)

    assert schedule == IntervalSchedule(expression, interval)
    assert schedule.next_after(at("2026-11-30 10:00:00")) == at("2026-11-30 10:00:00") + interval


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("", "empty"),
        ("* * * * *", "has 5 fields"),
        ("0 * * * * * *", "has 7 fields"),
        ("60 * * * * *", "60 is out of range 0-59 in the second field"),
        ("0 0 24 * * *", "24 is out of range 0-23 in the hour field"),
        ("0 0 0 0 * *", "0 is out of range 1-31 in the day field"),
        ("0 0 0 * 13 *", "13 is out of range 1-12 in the month field"),
        ("0 0 0 * * 7", "7 is out of range 0-6 in the day-of-week field"),
        ("*/0 * * * * *", "step '/0'"),
        ("*/x * * * * *", "step '/x'"),
        ("0 1-10/ * * * *", "step '/'"),
        ("0 10-1 * * * *", "runs backwards"),
        ("0 0 0 * Foo *", "'Foo' in the month field"),
        ("0 0 0 * * Mo", "'Mo' in the day-of-week field"),
        ("0 0 0 ? * *", "'?' in the day field"),
        ("0 0 0 L * *", "'L' in the day field"),
        ("0 0 0 1,,2 * *", "empty list item"),
        ("0 0 0 31 Feb,Apr *", "never fires"),
        ("0 0 0 30,31 2 *", "never fires"),
        ("24:00:00", "not a TimeSpan"),
        ("00:60:00", "not a TimeSpan"),
        ("00:00:00", "zero interval"),
    ],
)
def test_invalid_schedules_are_refused_with_the_reason(expression: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse(expression)
