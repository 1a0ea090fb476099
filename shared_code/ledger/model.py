"""Ledger values: accounts and posted journal entries, and the money rules they share.

Pure: no I/O. Money is `Decimal` with two places (ngwee); nothing here rounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

ZERO = Decimal("0.00")
NGWEE = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999999999.99")
"""The largest amount a NUMERIC(18, 2) column holds."""
MAX_PAGE_SIZE = 500
"""The most rows one page of a ledger listing holds."""


class AccountType(StrEnum):
    """The five account types; the first digit of a default code follows them."""

    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"

    @property
    def normal_side(self) -> Side:
        """The side on which the account's balance normally sits."""
        return Side.DEBIT if self in {AccountType.ASSET, AccountType.EXPENSE} else Side.CREDIT

    @property
    def is_profit_and_loss(self) -> bool:
        """Income and expense accounts: closed into retained earnings at year end."""
        return self in {AccountType.INCOME, AccountType.EXPENSE}


class Side(StrEnum):
    """Debit or credit."""

    DEBIT = "debit"
    CREDIT = "credit"


class CashFlowClass(StrEnum):
    """Where an account's movements fall in the statement of cash flows."""

    OPERATING = "operating"
    INVESTING = "investing"
    FINANCING = "financing"


class PartyType(StrEnum):
    """Who a line is about, for receivable and payable sub-ledgers."""

    CUSTOMER = "customer"
    SUPPLIER = "supplier"


SUBTYPES: dict[AccountType, frozenset[str]] = {
    AccountType.ASSET: frozenset(
        {
            "cash",
            "bank",
            "mobile_money_wallet",
            "clearing",
            "receivable",
            "contra_asset",
            "prepayment",
            "inventory",
            "tax",
            "fixed_asset",
            "accumulated_depreciation",
            "intangible_asset",
            "other_current_asset",
            "other_non_current_asset",
        }
    ),
    AccountType.LIABILITY: frozenset(
        {
            "payable",
            "accrued_liability",
            "deferred_revenue",
            "tax",
            "payroll",
            "short_term_borrowing",
            "long_term_borrowing",
            "other_current_liability",
            "other_non_current_liability",
        }
    ),
    AccountType.EQUITY: frozenset(
        {
            "share_capital",
            "owner_capital",
            "drawings",
            "retained_earnings",
            "current_year_earnings",
            "opening_balance",
            "other_equity",
        }
    ),
    AccountType.INCOME: frozenset({"revenue", "contra_revenue", "other_income"}),
    AccountType.EXPENSE: frozenset(
        {"cost_of_sales", "operating_expense", "finance_cost", "income_tax_expense", "other_expense"}
    ),
}
"""The subtypes each account type allows."""

CASH_SUBTYPES = frozenset({"cash", "bank", "mobile_money_wallet"})
"""Cash and cash equivalents: they are the cash, so they have no cash-flow class."""

_INVESTING_SUBTYPES = frozenset({"fixed_asset", "accumulated_depreciation", "intangible_asset"})
_FINANCING_SUBTYPES = frozenset(
    {"short_term_borrowing", "long_term_borrowing", "share_capital", "owner_capital", "drawings"}
)


def default_cash_flow_class(subtype: str) -> CashFlowClass | None:
    """The usual cash-flow class of a subtype (None for cash itself)."""
    if subtype in CASH_SUBTYPES:
        return None
    if subtype in _INVESTING_SUBTYPES:
        return CashFlowClass.INVESTING
    if subtype in _FINANCING_SUBTYPES:
        return CashFlowClass.FINANCING
    return CashFlowClass.OPERATING


@dataclass(frozen=True)
class Account:
    """One account of the chart."""

    id: UUID
    """Stable identity; journal lines point here."""
    code: str
    """Unique short code, e.g. `1150`; digits, capitals and hyphens."""
    name: str
    """What people call it."""
    account_type: AccountType
    """Asset, liability, equity, income or expense."""
    subtype: str
    """Finer kind within the type (see `SUBTYPES`)."""
    cash_flow_class: CashFlowClass | None
    """Cash-flow statement class; None for cash and cash equivalents."""
    parent_id: UUID | None
    """The header account this one sits under."""
    is_header: bool
    """Header accounts group others and cannot be posted to."""
    is_system: bool
    """Control accounts that documents post to automatically (receivables, VAT, …)."""
    role: str | None
    """Well-known role other features look the account up by (`vat_output`, …)."""
    description: str
    """Notes for people."""
    archived_at: datetime | None
    """When it was archived; archived accounts take no new postings."""

    @property
    def is_archived(self) -> bool:
        """True once archived."""
        return self.archived_at is not None

    @property
    def is_postable(self) -> bool:
        """True if journal lines may name this account."""
        return not self.is_header and not self.is_archived


@dataclass(frozen=True)
class Party:
    """The customer or supplier a journal line concerns."""

    party_type: PartyType
    """Customer or supplier."""
    party_id: UUID
    """Their id in the sales or purchases feature."""


@dataclass(frozen=True)
class SourceDocument:
    """The document a journal entry records, e.g. `("invoice", <id>)`."""

    document_type: str
    """Lower-case kind: `manual`, `invoice`, `payment`, `year_end_close`, …"""
    document_id: UUID | None = None
    """The document's id (None for manual entries without one)."""


MANUAL = SourceDocument("manual")
YEAR_END_CLOSE = "year_end_close"


@dataclass(frozen=True)
class JournalLine:
    """One posted line: exactly one of debit and credit is positive."""

    line_number: int
    """1-based position within the entry."""
    account_id: UUID
    """The account debited or credited."""
    debit: Decimal
    """Debit amount, two places, or zero."""
    credit: Decimal
    """Credit amount, two places, or zero."""
    memo: str = ""
    """Line note."""
    party: Party | None = None
    """Customer or supplier, for sub-ledgers."""

    @property
    def signed_amount(self) -> Decimal:
        """Debit minus credit."""
        return self.debit - self.credit


@dataclass(frozen=True)
class JournalEntry:
    """A posted journal entry: immutable, numbered and chained."""

    id: UUID
    """Identity."""
    entry_number: int
    """Gapless posting order within the tenant; also the order of the hash chain."""
    entry_date: date
    """The accounting date."""
    description: str
    """What happened."""
    source: SourceDocument
    """The document it records."""
    created_by: UUID
    """The user who posted it (or on whose behalf a feature posted it)."""
    posted_at: datetime
    """When it was posted (UTC)."""
    lines: tuple[JournalLine, ...]
    """Two or more lines, debits equal to credits."""
    previous_hash: str
    """Hash of the entry before it in the chain (or the tenant's genesis hash)."""
    hash: str
    """SHA-256 over this entry's canonical content and `previous_hash`."""
    idempotency_key: str | None = None
    """The caller's key: posting again with it returns this entry."""
    reverses_entry_id: UUID | None = None
    """The entry this one reverses, if it is a reversal."""
    reversed_by_entry_id: UUID | None = field(default=None, compare=False)
    """Derived when read: the reversal of this entry, if any. Not part of the hash."""

    @property
    def total(self) -> Decimal:
        """The sum of the debits (equal to the sum of the credits)."""
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def account_ids(self) -> frozenset[UUID]:
        """Every account the entry touches."""
        return frozenset(line.account_id for line in self.lines)


def signed_balance_on_side(balance: Decimal) -> tuple[Decimal, Decimal]:
    """A debit-minus-credit balance as (debit column, credit column) of a trial balance."""
    return (balance, ZERO) if balance >= 0 else (ZERO, -balance)


def format_money(amount: Decimal) -> str:
    """Two places, no grouping: `1234.50`."""
    return f"{amount:.2f}"
