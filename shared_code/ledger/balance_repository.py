"""SQL for stored balances and the general ledger, inside the caller's tenant unit of work.

Two tables hold per-account totals: `ledger_daily_totals` (one row per account and day
with postings) and `ledger_monthly_totals` (per account and month). A balance as of a day
is the whole months before that day's month plus the days of the month up to it, so it
reads a bounded number of small rows however long the history is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.ledger.model import YEAR_END_CLOSE, ZERO, JournalEntry
from shared_code.platform.db import UnitOfWork


@dataclass(frozen=True)
class Totals:
    """Debits and credits of one account over some span."""

    debit: Decimal = ZERO
    """Sum of debits."""
    credit: Decimal = ZERO
    """Sum of credits."""

    @property
    def balance(self) -> Decimal:
        """Debit minus credit."""
        return self.debit - self.credit

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.debit + other.debit, self.credit + other.credit)

    def __sub__(self, other: Totals) -> Totals:
        return Totals(self.debit - other.debit, self.credit - other.credit)


def add_to_balances(uow: UnitOfWork, entries: Iterable[JournalEntry]) -> None:
    """Add newly posted entries' lines to the stored daily and monthly totals."""
    daily: dict[tuple[UUID, date], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, Decimal(0)])
    for entry in entries:
        for line in entry.lines:
            sums = daily[(line.account_id, entry.entry_date)]
            sums[0] += line.debit
            sums[1] += line.credit
            sums[2] += 1
    monthly: dict[tuple[UUID, date], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, Decimal(0)])
    for (account_id, day), sums in daily.items():
        into = monthly[(account_id, day.replace(day=1))]
        for index in range(3):
            into[index] += sums[index]
    for table, period_column, totals in (
        ("ledger_daily_totals", "day", daily),
        ("ledger_monthly_totals", "month", monthly),
    ):
        keys = sorted(totals)
        uow.execute(
            f"""
            INSERT INTO {table} (account_id, {period_column}, debit, credit, line_count)
            SELECT * FROM unnest(%(accounts)s::uuid[], %(periods)s::date[], %(debits)s::numeric[],
                                 %(credits)s::numeric[], %(counts)s::bigint[])
            ON CONFLICT (account_id, {period_column}) DO UPDATE
            SET debit = {table}.debit + excluded.debit,
                credit = {table}.credit + excluded.credit,
                line_count = {table}.line_count + excluded.line_count
            """,
            {
                "accounts": [account_id for account_id, _ in keys],
                "periods": [period for _, period in keys],
                "debits": [totals[key][0] for key in keys],
                "credits": [totals[key][1] for key in keys],
                "counts": [int(totals[key][2]) for key in keys],
            },
        )


def totals_as_of(uow: UnitOfWork, as_of: date, account_id: UUID | None = None) -> dict[UUID, Totals]:
    """Each account's totals of every posting dated on or before `as_of` (one account if given).

    Accounts that never had a posting by then are absent.
    """
    rows = uow.fetch_all(
        """
        SELECT account_id, sum(debit) AS debit, sum(credit) AS credit
        FROM (
            SELECT account_id, debit, credit FROM ledger_monthly_totals
            WHERE month < date_trunc('month', %(as_of)s::date)::date
              AND (%(account)s::uuid IS NULL OR account_id = %(account)s)
            UNION ALL
            SELECT account_id, debit, credit FROM ledger_daily_totals
            WHERE day >= date_trunc('month', %(as_of)s::date)::date AND day <= %(as_of)s
              AND (%(account)s::uuid IS NULL OR account_id = %(account)s)
        ) AS spans
        GROUP BY account_id
        """,
        {"as_of": as_of, "account": account_id},
    )
    return {row["account_id"]: Totals(row["debit"], row["credit"]) for row in rows}


def closing_totals_between(uow: UnitOfWork, start: date, end: date) -> dict[UUID, Totals]:
    """Each account's totals in year-end closing entries dated from `start` to `end`."""
    rows = uow.fetch_all(
        """
        SELECT l.account_id, sum(l.debit) AS debit, sum(l.credit) AS credit
        FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        WHERE e.source_type = %(closing)s AND e.entry_date BETWEEN %(start)s AND %(end)s
        GROUP BY l.account_id
        """,
        {"closing": YEAR_END_CLOSE, "start": start, "end": end},
    )
    return {row["account_id"]: Totals(row["debit"], row["credit"]) for row in rows}


@dataclass(frozen=True)
class AccountActivity:
    """How much an account was used."""

    line_count: int
    """Journal lines naming it."""
    first_day: date | None
    """Date of its first posting."""
    last_day: date | None
    """Date of its last posting."""


def account_activity(uow: UnitOfWork, account_id: UUID) -> AccountActivity:
    """Counts and first/last posting dates of one account, from the stored totals."""
    row = uow.fetch_one(
        """
        SELECT coalesce(sum(line_count), 0) AS n, min(day) AS first_day, max(day) AS last_day
        FROM ledger_daily_totals WHERE account_id = %(id)s
        """,
        {"id": account_id},
    )
    assert row is not None
    return AccountActivity(int(row["n"]), row["first_day"], row["last_day"])


def posting_span(uow: UnitOfWork) -> tuple[date, date] | None:
    """The dates of the first and last postings, or None if nothing is posted."""
    row = uow.fetch_one("SELECT min(day) AS first, max(day) AS last FROM ledger_daily_totals")
    return (row["first"], row["last"]) if row and row["first"] else None


def latest_balance(uow: UnitOfWork, account_id: UUID) -> Decimal:
    """Debit minus credit of every posting to the account, whatever its date."""
    row = uow.fetch_one(
        "SELECT coalesce(sum(debit - credit), 0) AS balance FROM ledger_monthly_totals WHERE account_id = %(id)s",
        {"id": account_id},
    )
    return Decimal(row["balance"]) if row else ZERO


@dataclass(frozen=True)
class LedgerRow:
    """One line of an account's general ledger."""

    entry_id: UUID
    """The entry the line belongs to."""
    entry_number: int
    """Its number."""
    entry_date: date
    """Its date."""
    line_number: int
    """Position in the entry."""
    description: str
    """The entry's description."""
    memo: str
    """The line's memo."""
    source_type: str
    """What document the entry records."""
    source_id: UUID | None
    """Which one."""
    debit: Decimal
    """Debit amount or zero."""
    credit: Decimal
    """Credit amount or zero."""


def ledger_rows(
    uow: UnitOfWork,
    account_id: UUID,
    date_from: date,
    date_to: date,
    *,
    after: tuple[date, int, int] | None,
    limit: int,
) -> list[LedgerRow]:
    """Lines of one account dated `date_from`..`date_to`, oldest first, after a keyset cursor."""
    after_date, after_number, after_line = after if after else (None, None, None)
    rows = uow.fetch_all(
        """
        SELECT l.entry_id, l.entry_number, l.entry_date, l.line_number, e.description, l.memo,
               e.source_type, e.source_id, l.debit, l.credit
        FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
        WHERE l.account_id = %(account)s
          AND l.entry_date BETWEEN %(date_from)s AND %(date_to)s
          AND (%(after_date)s::date IS NULL
               OR (l.entry_date, l.entry_number, l.line_number)
                  > (%(after_date)s, %(after_number)s, %(after_line)s))
        ORDER BY l.entry_date, l.entry_number, l.line_number
        LIMIT %(limit)s
        """,
        {
            "account": account_id,
            "date_from": date_from,
            "date_to": date_to,
            "after_date": after_date,
            "after_number": after_number,
            "after_line": after_line,
            "limit": limit,
        },
    )
    return [LedgerRow(**row) for row in rows]


def day_totals_through(uow: UnitOfWork, account_id: UUID, day: date, entry_number: int, line_number: int) -> Totals:
    """One account's totals on `day` up to and including the given line (running balances)."""
    row = uow.fetch_one(
        """
        SELECT coalesce(sum(debit), 0) AS debit, coalesce(sum(credit), 0) AS credit
        FROM journal_lines
        WHERE account_id = %(account)s AND entry_date = %(day)s
          AND (entry_number, line_number) <= (%(number)s, %(line)s)
        """,
        {"account": account_id, "day": day, "number": entry_number, "line": line_number},
    )
    assert row is not None
    return Totals(row["debit"], row["credit"])


def rebuild_balances(uow: UnitOfWork) -> None:
    """Recompute the stored totals from the journal (after a bulk load, or to repair)."""
    uow.execute("DELETE FROM ledger_daily_totals")
    uow.execute("DELETE FROM ledger_monthly_totals")
    uow.execute(
        """
        INSERT INTO ledger_daily_totals (account_id, day, debit, credit, line_count)
        SELECT account_id, entry_date, sum(debit), sum(credit), count(*)
        FROM journal_lines GROUP BY account_id, entry_date
        """
    )
    uow.execute(
        """
        INSERT INTO ledger_monthly_totals (account_id, month, debit, credit, line_count)
        SELECT account_id, date_trunc('month', day)::date, sum(debit), sum(credit), sum(line_count)
        FROM ledger_daily_totals GROUP BY account_id, date_trunc('month', day)
        """
    )


def stored_balance_mismatches(uow: UnitOfWork) -> list[tuple[UUID, date]]:
    """(account, day or month) pairs where the stored totals differ from the journal's."""
    rows = uow.fetch_all(
        """
        WITH journal AS (
            SELECT account_id, entry_date AS day, sum(debit) AS debit, sum(credit) AS credit,
                   count(*) AS n
            FROM journal_lines GROUP BY account_id, entry_date
        ),
        daily AS (
            SELECT coalesce(j.account_id, d.account_id) AS account_id, coalesce(j.day, d.day) AS day
            FROM journal j FULL JOIN ledger_daily_totals d ON d.account_id = j.account_id AND d.day = j.day
            WHERE d.account_id IS NULL OR j.account_id IS NULL
               OR (d.debit, d.credit, d.line_count) IS DISTINCT FROM (j.debit, j.credit, j.n)
        ),
        by_month AS (
            SELECT account_id, date_trunc('month', day)::date AS month, sum(debit) AS debit,
                   sum(credit) AS credit, sum(n) AS n
            FROM journal GROUP BY 1, 2
        ),
        monthly AS (
            SELECT coalesce(j.account_id, m.account_id) AS account_id, coalesce(j.month, m.month) AS day
            FROM by_month j FULL JOIN ledger_monthly_totals m
                 ON m.account_id = j.account_id AND m.month = j.month
            WHERE m.account_id IS NULL OR j.account_id IS NULL
               OR (m.debit, m.credit, m.line_count) IS DISTINCT FROM (j.debit, j.credit, j.n)
        )
        SELECT account_id, day FROM daily UNION SELECT account_id, day FROM monthly
        ORDER BY 2, 1
        """
    )
    return [(row["account_id"], row["day"]) for row in rows]
