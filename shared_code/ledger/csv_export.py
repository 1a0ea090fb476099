"""The trial balance, an account's ledger and the journal as CSV, for a spreadsheet.

Money is a plain decimal with two places ("1234.50", "-80.00"): no thousands separator, no
currency, so a spreadsheet reads it as a number. Free text that would start a formula is
quoted with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.identity.memberships import user_names
from shared_code.ledger import account_repository, reports
from shared_code.ledger.model import signed_balance_on_side
from shared_code.ledger.repository import EntryFilter
from shared_code.ledger.service import filtered_entry_batches
from shared_code.platform.db import UnitOfWork

TRIAL_BALANCE_COLUMNS = ("code", "name", "account_type", "debit", "credit", "balance")
COMPARE_COLUMNS = ("compare_debit", "compare_credit", "compare_balance")
LEDGER_COLUMNS = (
    "date",
    "entry_number",
    "description",
    "memo",
    "source",
    "debit",
    "credit",
    "running_balance",
)
JOURNAL_COLUMNS = (
    "date",
    "entry_number",
    "description",
    "source",
    "posted_by",
    "posted_at",
    "line",
    "account_code",
    "account_name",
    "debit",
    "credit",
    "memo",
)
_PAGE = 500


def trial_balance_csv(report: reports.TrialBalance) -> str:
    """The trial balance, one account a row in code order (comparative columns if asked for)."""
    comparing = report.compare_to is not None
    header = TRIAL_BALANCE_COLUMNS + (COMPARE_COLUMNS if comparing else ())
    rows: list[Sequence[str]] = []
    for row in report.rows:
        cells = [_text(row.account.code), _text(row.account.name), row.account.account_type.value]
        cells += [_money(row.debit), _money(row.credit), _money(row.balance)]
        if comparing:
            compare = row.compare_balance or Decimal(0)
            compare_debit, compare_credit = signed_balance_on_side(compare)
            cells += [_money(compare_debit), _money(compare_credit), _money(compare)]
        rows.append(cells)
    return _write([header, *rows])


def ledger_csv(uow: UnitOfWork, account_id: UUID, date_from: date, date_to: date) -> Iterator[str]:
    """An account's ledger for a period, oldest first, a page at a time: an opening-balance
    row, then every line with its running balance. Check the account and the range first
    (`reports.general_ledger`): a problem raised once the file has begun cannot be answered."""
    page = reports.general_ledger(uow, account_id, date_from, date_to, limit=_PAGE)
    yield _write(
        [LEDGER_COLUMNS, [date_from.isoformat(), "", "Opening balance", "", "", "", "", _money(page.opening_balance)]]
    )
    while True:
        yield _write(
            [
                line.row.entry_date.isoformat(),
                str(line.row.entry_number),
                _text(line.row.description),
                _text(line.row.memo),
                line.row.source_type,
                _money(line.row.debit),
                _money(line.row.credit),
                _money(line.running_balance),
            ]
            for line in page.lines
        )
        if page.next_cursor is None:
            return
        page = reports.general_ledger(uow, account_id, date_from, date_to, cursor=page.next_cursor, limit=_PAGE)


def journal_csv(uow: UnitOfWork, where: EntryFilter) -> Iterator[str]:
    """Every entry the filter keeps (checked by `service.entry_filter`), newest date first, a
    batch at a time, one line a row with its entry's date, number, description, source and
    who posted it."""
    yield _write([JOURNAL_COLUMNS])
    names: dict[UUID, str] = {}
    for entries in filtered_entry_batches(uow, where):
        names.update(user_names(uow, {entry.created_by for entry in entries} - names.keys()))
        accounts = account_repository.accounts_by_ids(uow, {line.account_id for e in entries for line in e.lines})
        yield _write(
            [
                entry.entry_date.isoformat(),
                str(entry.entry_number),
                _text(entry.description),
                entry.source.document_type,
                _text(names.get(entry.created_by, "")),
                entry.posted_at.isoformat(),
                str(line.line_number),
                _text(accounts[line.account_id].code),
                _text(accounts[line.account_id].name),
                _money(line.debit),
                _money(line.credit),
                _text(line.memo),
            ]
            for entry in entries
            for line in entry.lines
        )


def _write(rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _text(text: str) -> str:
    """Free text made safe for spreadsheets: a leading =, +, - or @ would run as a formula."""
    return f"'{text}" if text[:1] in {"=", "+", "-", "@"} else text
