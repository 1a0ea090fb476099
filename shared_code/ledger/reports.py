"""Reading the books: trial balance, period balances, an account's ledger and detail.

Every balance comes from the stored daily and monthly totals, never from a scan of the
whole journal; only a ledger page reads journal lines, through the account's index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from shared_code.ledger import account_repository, balance_repository, repository
from shared_code.ledger.accounts import get_account
from shared_code.ledger.balance_repository import AccountActivity, LedgerRow, Totals
from shared_code.ledger.chain import ChainHead
from shared_code.ledger.model import MAX_PAGE_SIZE, ZERO, Account, signed_balance_on_side
from shared_code.ledger.posting import EARLIEST_DATE, LATEST_DATE
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import DomainError, FieldError
from shared_code.platform.paging import cursor_part, decode_cursor, encode_cursor, invalid_cursor

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class TrialBalanceRow:
    """One account of a trial balance."""

    account: Account
    """The account."""
    balance: Decimal
    """Debit minus credit as of the report date."""
    compare_balance: Decimal | None
    """Debit minus credit as of the comparative date, if one was asked for."""

    @property
    def debit(self) -> Decimal:
        """The balance if it is a debit, else zero."""
        return signed_balance_on_side(self.balance)[0]

    @property
    def credit(self) -> Decimal:
        """The balance if it is a credit, else zero."""
        return signed_balance_on_side(self.balance)[1]


@dataclass(frozen=True)
class TrialBalance:
    """Every account with postings and its balance as of a date (and a comparative date)."""

    as_of: date
    """Report date (postings dated on or before it)."""
    compare_to: date | None
    """Comparative date, if any."""
    rows: tuple[TrialBalanceRow, ...]
    """In account-code order."""

    @property
    def total_debit(self) -> Decimal:
        """Sum of the debit column."""
        return sum((row.debit for row in self.rows), ZERO)

    @property
    def total_credit(self) -> Decimal:
        """Sum of the credit column."""
        return sum((row.credit for row in self.rows), ZERO)

    @property
    def compare_total_debit(self) -> Decimal | None:
        """Sum of the comparative debit column."""
        if self.compare_to is None:
            return None
        return sum((signed_balance_on_side(row.compare_balance or ZERO)[0] for row in self.rows), ZERO)

    @property
    def compare_total_credit(self) -> Decimal | None:
        """Sum of the comparative credit column."""
        if self.compare_to is None:
            return None
        return sum((signed_balance_on_side(row.compare_balance or ZERO)[1] for row in self.rows), ZERO)

    @property
    def is_balanced(self) -> bool:
        """Debits equal credits (always, unless the stored balances were tampered with)."""
        return self.total_debit == self.total_credit


def trial_balance(uow: UnitOfWork, as_of: date, *, compare_to: date | None = None) -> TrialBalance:
    """The trial balance as of `as_of`, with a comparative column as of `compare_to`.

    Lists every account with postings by either date, headers excluded.
    """
    current = balance_repository.totals_as_of(uow, as_of)
    compared = balance_repository.totals_as_of(uow, compare_to) if compare_to is not None else {}
    accounts = account_repository.accounts_by_ids(uow, set(current) | set(compared))
    rows = [
        TrialBalanceRow(
            account=account,
            balance=current.get(account.id, Totals()).balance,
            compare_balance=compared.get(account.id, Totals()).balance if compare_to is not None else None,
        )
        for account in sorted(accounts.values(), key=lambda a: a.code)
    ]
    return TrialBalance(as_of=as_of, compare_to=compare_to, rows=tuple(rows))


@dataclass(frozen=True)
class PeriodBalance:
    """One account's movement over a period."""

    account: Account
    """The account."""
    opening: Decimal
    """Debit minus credit before the period."""
    debit: Decimal
    """Debits in the period."""
    credit: Decimal
    """Credits in the period."""

    @property
    def closing(self) -> Decimal:
        """Debit minus credit at the end of the period."""
        return self.opening + self.debit - self.credit


def account_balances(
    uow: UnitOfWork, date_from: date, date_to: date, *, include_closing_entries: bool = False
) -> tuple[PeriodBalance, ...]:
    """Each account's opening balance, debits, credits and closing balance for a period.

    Year-end closing entries are left out of the movement unless asked for, so income and
    expense show the year's activity (what a profit and loss statement needs).
    """
    _check_range(date_from, date_to)
    opening = balance_repository.totals_as_of(uow, date_from - _DAY)
    closing = balance_repository.totals_as_of(uow, date_to)
    closing_entries = (
        {} if include_closing_entries else balance_repository.closing_totals_between(uow, date_from, date_to)
    )
    accounts = account_repository.accounts_by_ids(uow, set(opening) | set(closing))
    balances = []
    for account in sorted(accounts.values(), key=lambda a: a.code):
        start = opening.get(account.id, Totals())
        movement = closing.get(account.id, Totals()) - start - closing_entries.get(account.id, Totals())
        balances.append(PeriodBalance(account, start.balance, movement.debit, movement.credit))
    return tuple(balances)


@dataclass(frozen=True)
class LedgerLine:
    """A ledger row with the account's balance after it."""

    row: LedgerRow
    """The journal line."""
    running_balance: Decimal
    """Debit minus credit after this line."""


@dataclass(frozen=True)
class LedgerPage:
    """One page of an account's general ledger."""

    account: Account
    """The account."""
    date_from: date
    """First day shown."""
    date_to: date
    """Last day shown."""
    opening_balance: Decimal
    """Balance before `date_from`."""
    closing_balance: Decimal
    """Balance at the end of `date_to`."""
    lines: tuple[LedgerLine, ...]
    """This page's lines, oldest first."""
    next_cursor: str | None
    """For the next page; None on the last."""


def general_ledger(
    uow: UnitOfWork,
    account_id: UUID,
    date_from: date,
    date_to: date,
    *,
    cursor: str | None = None,
    limit: int = 100,
) -> LedgerPage:
    """An account's postings from `date_from` to `date_to` with opening and running balances.

    Pages by keyset (`cursor` from the previous page); the running balance at the start of
    a page comes from the stored totals, so a deep page costs what the first one does.
    """
    _check_range(date_from, date_to)
    account = get_account(uow, account_id)
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    opening = _balance_as_of(uow, account_id, date_from - _DAY)
    after = None
    running = opening
    if cursor is not None:
        day, number, line = decode_cursor("ledger", cursor, 3)
        after = (cursor_part(date.fromisoformat, day), cursor_part(int, number), cursor_part(int, line))
        if not date_from <= after[0] <= date_to:
            raise invalid_cursor()
        running = (
            _balance_as_of(uow, account_id, after[0] - _DAY)
            + balance_repository.day_totals_through(uow, account_id, *after).balance
        )
    rows = balance_repository.ledger_rows(uow, account_id, date_from, date_to, after=after, limit=limit + 1)
    lines = []
    for row in rows[:limit]:
        running += row.debit - row.credit
        lines.append(LedgerLine(row=row, running_balance=running))
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor(
            "ledger", last.entry_date.isoformat(), str(last.entry_number), str(last.line_number)
        )
    return LedgerPage(
        account=account,
        date_from=date_from,
        date_to=date_to,
        opening_balance=opening,
        closing_balance=_balance_as_of(uow, account_id, date_to),
        lines=tuple(lines),
        next_cursor=next_cursor,
    )


@dataclass(frozen=True)
class AccountDetail:
    """An account with where it sits and how it stands."""

    account: Account
    """The account."""
    parent: Account | None
    """The header above it."""
    children: tuple[Account, ...]
    """Accounts under it (headers only)."""
    balance: Decimal
    """Debit minus credit as of `as_of`."""
    as_of: date
    """The balance date."""
    activity: AccountActivity
    """How many lines, first and last posting dates."""


def account_detail(uow: UnitOfWork, account_id: UUID, as_of: date) -> AccountDetail:
    """An account, its parent and children, its balance as of `as_of` and its activity."""
    account = get_account(uow, account_id)
    parent = account_repository.get_account(uow, account.parent_id) if account.parent_id else None
    return AccountDetail(
        account=account,
        parent=parent,
        children=tuple(account_repository.child_accounts(uow, account_id)),
        balance=_balance_as_of(uow, account_id, as_of),
        as_of=as_of,
        activity=balance_repository.account_activity(uow, account_id),
    )


def balances_as_of(uow: UnitOfWork, as_of: date) -> dict[UUID, Decimal]:
    """Debit minus credit per account of every posting dated on or before `as_of`, from the
    stored totals (accounts without postings by then are absent)."""
    return {account_id: totals.balance for account_id, totals in balance_repository.totals_as_of(uow, as_of).items()}


def closing_entry_balances(uow: UnitOfWork, date_from: date, date_to: date) -> dict[UUID, Decimal]:
    """Debit minus credit per account of the year-end closing entries dated in the period."""
    return {
        account_id: totals.balance
        for account_id, totals in balance_repository.closing_totals_between(uow, date_from, date_to).items()
    }


def ledger_head(uow: UnitOfWork) -> ChainHead | None:
    """The last posted entry's number and hash (None before the first posting): what a report
    read in the same transaction reflects."""
    return repository.read_chain_head(uow)


def entries_posted_after(uow: UnitOfWork, entry_number: int, dated_on_or_before: date) -> int:
    """How many entries numbered after `entry_number` are dated on or before a date: postings
    that change a report read at that head."""
    return repository.count_entries_after(uow, entry_number, dated_on_or_before)


def _balance_as_of(uow: UnitOfWork, account_id: UUID, as_of: date) -> Decimal:
    return balance_repository.totals_as_of(uow, as_of, account_id).get(account_id, Totals()).balance


def _check_range(date_from: date, date_to: date) -> None:
    if not EARLIEST_DATE <= date_from <= LATEST_DATE or not EARLIEST_DATE <= date_to <= LATEST_DATE:
        raise DomainError(
            code="date_out_of_range",
            title="The dates are out of range.",
            status=422,
            errors=[FieldError("from", "date_out_of_range", f"Dates from {EARLIEST_DATE.isoformat()}.")],
        )
    if date_from > date_to:
        raise DomainError(
            code="date_range_invalid",
            title="The period ends before it starts.",
            status=422,
            errors=[FieldError("from", "date_range_invalid", "`from` must be on or before `to`.")],
        )
