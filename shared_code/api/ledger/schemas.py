"""Request and response bodies of the ledger API, and the views that fill them.

Money travels as strings ("1234.50"), never as JSON numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

from shared_code.api.types import Day, Money, MoneyIn, RequestBody
from shared_code.ledger.model import Account, AccountType, CashFlowClass, JournalEntry, PartyType
from shared_code.ledger.period_repository import ClosedYear


class AccountIn(RequestBody):
    """A new account."""

    code: str = Field(min_length=1, max_length=20, examples=["1150-02"])
    name: str = Field(max_length=200)
    account_type: AccountType
    subtype: str = Field(max_length=50, examples=["mobile_money_wallet"])
    parent_id: UUID | None = None
    is_header: bool = False
    cash_flow_class: CashFlowClass | None = Field(None, description="Left out: follows the subtype.")
    description: str = Field("", max_length=1000)


class AccountPatch(RequestBody):
    """Changes to an account; fields left out stay as they are."""

    code: str | None = Field(None, min_length=1, max_length=20)
    name: str | None = Field(None, max_length=200)
    account_type: AccountType | None = None
    subtype: str | None = Field(None, max_length=50)
    parent_id: UUID | None = None
    is_header: bool | None = None
    cash_flow_class: CashFlowClass | None = None
    description: str | None = Field(None, max_length=1000)


class AccountOut(BaseModel):
    """An account of the chart."""

    id: UUID
    code: str
    name: str
    account_type: AccountType
    subtype: str
    cash_flow_class: CashFlowClass | None
    parent_id: UUID | None
    is_header: bool
    is_system: bool
    role: str | None
    description: str
    archived_at: datetime | None
    normal_balance: str = Field(description="debit or credit")


class AccountList(BaseModel):
    """A page of the chart, in code order."""

    items: list[AccountOut]
    next_cursor: str | None


class AccountDetailOut(BaseModel):
    """An account with its place in the chart, balance and activity."""

    account: AccountOut
    parent: AccountOut | None
    children: list[AccountOut]
    as_of: date
    balance: Money = Field(description="Debit minus credit as of `as_of`.")
    line_count: int
    first_posting: date | None
    last_posting: date | None


class PartyIn(RequestBody):
    """The customer or supplier a line concerns."""

    type: PartyType
    id: UUID


class LineIn(RequestBody):
    """A line of a manual journal entry: a debit or a credit."""

    account_id: UUID
    debit: MoneyIn = Decimal(0)
    credit: MoneyIn = Decimal(0)
    memo: str = Field("", max_length=500)
    party: PartyIn | None = None


class JournalEntryIn(RequestBody):
    """A manual journal entry."""

    entry_date: Day
    description: str = Field(max_length=500)
    lines: list[LineIn] = Field(max_length=1000)


class ReverseIn(RequestBody):
    """How to reverse an entry; by default on the original's date."""

    entry_date: Day | None = None
    description: str | None = Field(None, max_length=500)


class PartyOut(BaseModel):
    """The customer or supplier of a line."""

    type: PartyType
    id: UUID


class LineOut(BaseModel):
    """A posted line."""

    line_number: int
    account_id: UUID
    account_code: str
    account_name: str
    debit: Money
    credit: Money
    memo: str
    party: PartyOut | None


class JournalEntryOut(BaseModel):
    """A posted journal entry."""

    id: UUID
    entry_number: int
    entry_date: date
    description: str
    source_type: str
    source_id: UUID | None
    created_by: UUID
    posted_by_name: str | None = Field(description="The name of the user who posted it (null if unknown).")
    posted_at: datetime
    total: Money
    reverses_entry_id: UUID | None
    reversed_by_entry_id: UUID | None
    previous_hash: str
    hash: str
    lines: list[LineOut]


class JournalEntryList(BaseModel):
    """A page of journal entries, newest date first."""

    items: list[JournalEntryOut]
    next_cursor: str | None


class TrialBalanceRowOut(BaseModel):
    """One account of the trial balance."""

    account_id: UUID
    code: str
    name: str
    account_type: AccountType
    debit: Money
    credit: Money
    balance: Money = Field(description="Debit minus credit.")
    compare_debit: Money | None
    compare_credit: Money | None
    compare_balance: Money | None


class TrialBalanceOut(BaseModel):
    """The trial balance as of a date, with an optional comparative date."""

    as_of: date
    compare_to: date | None
    rows: list[TrialBalanceRowOut]
    total_debit: Money
    total_credit: Money
    compare_total_debit: Money | None
    compare_total_credit: Money | None
    balanced: bool


class PeriodBalanceOut(BaseModel):
    """An account's movement over a period."""

    account_id: UUID
    code: str
    name: str
    account_type: AccountType
    opening: Money
    debit: Money
    credit: Money
    closing: Money


class AccountBalancesOut(BaseModel):
    """Every account's movement over a period (year-end closing entries left out)."""

    date_from: date
    date_to: date
    rows: list[PeriodBalanceOut]


class LedgerLineOut(BaseModel):
    """A line of an account's general ledger."""

    entry_id: UUID
    entry_number: int
    entry_date: date
    line_number: int
    description: str
    memo: str
    source_type: str
    source_id: UUID | None
    debit: Money
    credit: Money
    running_balance: Money


class LedgerPageOut(BaseModel):
    """A page of an account's general ledger."""

    account: AccountOut
    date_from: date
    date_to: date
    opening_balance: Money
    closing_balance: Money
    lines: list[LedgerLineOut]
    next_cursor: str | None


class VerificationIn(RequestBody):
    """What to verify."""

    full_chain: bool = Field(
        False,
        description="Re-read the whole chain from the first entry and check the stored balances; "
        "by default only the entries posted since the last verified one are read.",
    )


class VerificationOut(BaseModel):
    """A verification run: pending until the background job has done it, then its findings."""

    id: UUID
    status: str = Field(description="pending or done")
    full_chain: bool
    requested_at: datetime
    finished_at: datetime | None
    ok: bool | None = Field(description="The chain (and, for a full run, the stored balances) checked out")
    from_entry_number: int | None = Field(description="The first entry this run read")
    entries_checked: int | None
    last_entry_number: int | None
    last_hash: str | None
    broken_entry_id: UUID | None
    broken_entry_number: int | None
    problem: str | None
    balances_ok: bool | None = Field(description="Stored balances equal the journal (full runs only)")
    balance_mismatches: int | None
    status_url: str


class PeriodOut(BaseModel):
    """A month and whether it takes postings."""

    start: date
    end: date
    status: str = Field(description="open, partly_locked, locked or closed")


class ClosedYearOut(BaseModel):
    """A closed fiscal year."""

    start: date
    end: date
    label: str
    closed_at: datetime
    closed_by: UUID
    closing_entry_id: UUID | None


class PeriodsOut(BaseModel):
    """The period settings and the months of one fiscal year."""

    fiscal_year_start_month: int
    lock_date: date | None
    fiscal_year_start: date
    fiscal_year_end: date
    fiscal_year_label: str
    fiscal_year_closed: bool
    periods: list[PeriodOut]
    closed_years: list[ClosedYearOut]


class LockDateIn(RequestBody):
    """A new lock date (null unlocks) and why."""

    lock_date: Day | None
    reason: str = Field("", max_length=500)


class LockDateChangeOut(BaseModel):
    """One audited change of the lock date."""

    id: UUID
    changed_at: datetime
    changed_by: UUID
    old_lock_date: date | None
    new_lock_date: date | None
    reason: str


class FiscalYearIn(RequestBody):
    """The month the fiscal year starts in."""

    start_month: int = Field(ge=1, le=12)


class YearEndCloseIn(RequestBody):
    """The last day of the fiscal year to close."""

    year_end: Day


class YearEndCloseOut(BaseModel):
    """A closed year and its closing entry."""

    closed_year: ClosedYearOut
    closing_entry: JournalEntryOut | None


def account_out(account: Account) -> AccountOut:
    """The API view of an account."""
    return AccountOut(
        id=account.id,
        code=account.code,
        name=account.name,
        account_type=account.account_type,
        subtype=account.subtype,
        cash_flow_class=account.cash_flow_class,
        parent_id=account.parent_id,
        is_header=account.is_header,
        is_system=account.is_system,
        role=account.role,
        description=account.description,
        archived_at=account.archived_at,
        normal_balance=account.account_type.normal_side.value,
    )


def entry_out(
    entry: JournalEntry, accounts: Mapping[UUID, Account], names: Mapping[UUID, str] | None = None
) -> JournalEntryOut:
    """The API view of a posted entry; `accounts` holds the accounts its lines name, `names`
    the name of who posted it."""
    return JournalEntryOut(
        id=entry.id,
        entry_number=entry.entry_number,
        entry_date=entry.entry_date,
        description=entry.description,
        source_type=entry.source.document_type,
        source_id=entry.source.document_id,
        created_by=entry.created_by,
        posted_by_name=(names or {}).get(entry.created_by),
        posted_at=entry.posted_at,
        total=entry.total,
        reverses_entry_id=entry.reverses_entry_id,
        reversed_by_entry_id=entry.reversed_by_entry_id,
        previous_hash=entry.previous_hash,
        hash=entry.hash,
        lines=[
            LineOut(
                line_number=line.line_number,
                account_id=line.account_id,
                account_code=accounts[line.account_id].code,
                account_name=accounts[line.account_id].name,
                debit=line.debit,
                credit=line.credit,
                memo=line.memo,
                party=PartyOut(type=line.party.party_type, id=line.party.party_id) if line.party else None,
            )
            for line in entry.lines
        ],
    )


def closed_year_out(closed: ClosedYear) -> ClosedYearOut:
    """The API view of a closed fiscal year."""
    return ClosedYearOut(
        start=closed.year.start,
        end=closed.year.end,
        label=closed.year.label,
        closed_at=closed.closed_at,
        closed_by=closed.closed_by,
        closing_entry_id=closed.closing_entry_id,
    )
