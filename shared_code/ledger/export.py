"""Books out: the journal as a beancount or hledger file an auditor can re-check.

The formatters are pure (accounts and entries in, lines of text out); `export_journal`
streams them from the database. Debits are positive amounts and credits negative, in
ZMW. The beancount file also asserts IntelliFin's closing balance of every account, exact
to the ngwee, so `bean-check` itself confirms the books agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from shared_code.ledger import balance_repository, repository
from shared_code.ledger.accounts import whole_chart
from shared_code.ledger.model import Account, AccountType, JournalEntry, format_money
from shared_code.platform.db import UnitOfWork

CURRENCY = "ZMW"

_ROOTS = {
    AccountType.ASSET: "Assets",
    AccountType.LIABILITY: "Liabilities",
    AccountType.EQUITY: "Equity",
    AccountType.INCOME: "Income",
    AccountType.EXPENSE: "Expenses",
}
_HLEDGER_TYPES = {
    AccountType.ASSET: "A",
    AccountType.LIABILITY: "L",
    AccountType.EQUITY: "E",
    AccountType.INCOME: "R",
    AccountType.EXPENSE: "X",
}


class ExportFormat(StrEnum):
    """Plain-text accounting formats IntelliFin writes."""

    BEANCOUNT = "beancount"
    HLEDGER = "hledger"


def account_name(account: Account) -> str:
    """The account's name in the export, e.g. `Assets:1150-Airtel-Money-wallet`.

    Valid for both beancount and hledger: type root, then the unique code and an ASCII
    slug of the name (so renaming an account changes only the slug).
    """
    ascii_name = unicodedata.normalize("NFKD", account.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")[:60].strip("-")
    return f"{_ROOTS[account.account_type]}:{account.code}" + (f"-{slug}" if slug else "")


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def beancount_lines(
    accounts: Iterable[Account],
    entries: Iterable[JournalEntry],
    *,
    open_date: date,
    closing_balances: Mapping[UUID, Decimal] | None = None,
    assert_on: date | None = None,
) -> Iterator[str]:
    """A beancount file: options, an `open` per account, a transaction per entry, and a
    `balance` assertion per account on `assert_on` if `closing_balances` are given."""
    names = {account.id: account_name(account) for account in accounts}
    yield 'option "title" "IntelliFin journal"\n'
    yield f'option "operating_currency" "{CURRENCY}"\n\n'
    for account_id in sorted(names, key=names.__getitem__):
        yield f"{open_date.isoformat()} open {names[account_id]} {CURRENCY}\n"
    yield "\n"
    for entry in entries:
        yield f"{entry.entry_date.isoformat()} * {_quoted(entry.description)}\n"
        yield f'  intellifin-entry: "{entry.id}"\n'
        yield f"  entry-number: {entry.entry_number}\n"
        yield f"  source: {_quoted(_source(entry))}\n"
        for line in entry.lines:
            yield f"  {names[line.account_id]}  {format_money(line.signed_amount)} {CURRENCY}\n"
            if line.memo:
                yield f"    memo: {_quoted(line.memo)}\n"
        yield "\n"
    if closing_balances is not None and assert_on is not None:
        for account_id in sorted(closing_balances, key=names.__getitem__):
            amount = format_money(closing_balances[account_id])
            # "~ 0.00": exact to the ngwee (beancount would otherwise allow one ngwee either way).
            yield f"{assert_on.isoformat()} balance {names[account_id]}  {amount} ~ 0.00 {CURRENCY}\n"


def hledger_lines(accounts: Iterable[Account], entries: Iterable[JournalEntry]) -> Iterator[str]:
    """An hledger journal: account declarations with their types, a transaction per entry."""
    listed = sorted(accounts, key=account_name)
    names = {account.id: account_name(account) for account in listed}
    yield f"commodity 1000.00 {CURRENCY}\n\n"
    for account in listed:
        yield f"account {names[account.id]}  ; type: {_HLEDGER_TYPES[account.account_type]}\n"
    yield "\n"
    for entry in entries:
        description = _hledger_text(entry.description)
        yield (
            f"{entry.entry_date.isoformat()} * ({entry.entry_number}) {description}"
            f"  ; intellifin-entry:{entry.id}, source:{_source(entry)}\n"
        )
        for line in entry.lines:
            memo = f"  ; {_hledger_text(line.memo)}" if line.memo else ""
            yield f"    {names[line.account_id]}  {format_money(line.signed_amount)} {CURRENCY}{memo}\n"
        yield "\n"


def _hledger_text(text: str) -> str:
    # A semicolon would start a comment; the rest of the line must stay one field.
    return " ".join(text.replace(";", ",").split())


def _source(entry: JournalEntry) -> str:
    source = entry.source
    return source.document_type + (f":{source.document_id}" if source.document_id else "")


def export_journal(uow: UnitOfWork, export_format: ExportFormat) -> Iterator[str]:
    """Stream the organization's whole journal in `export_format`, in posting order."""
    accounts = whole_chart(uow)
    entries = repository.iter_entries(uow)
    if export_format is ExportFormat.HLEDGER:
        yield from hledger_lines(accounts, entries)
        return
    first, last = balance_repository.posting_span(uow) or (date(2000, 1, 1), None)
    balances = balance_repository.totals_as_of(uow, last) if last is not None and last < date.max else {}
    yield from beancount_lines(
        accounts,
        entries,
        open_date=first,
        closing_balances={account_id: totals.balance for account_id, totals in balances.items()},
        assert_on=last + timedelta(days=1) if balances and last is not None else None,
    )
