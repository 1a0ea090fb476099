"""The four statements computed from account balances through a layout. Pure.

Balances come in through a `BalanceSource` (debit-minus-credit per account as of a date,
and the year-end closing entries' share of a period), so the arithmetic here is tested
without a database and the use case reads only the ledger's stored totals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Protocol
from uuid import UUID

from shared_code.ledger.model import CASH_SUBTYPES, ZERO, Account, AccountType
from shared_code.ledger.periods import fiscal_year_containing
from shared_code.reporting.model import Figure, Layout, Line, Section, StatementKind
from shared_code.reporting.periods import Span
from shared_code.reporting.validation import Placement

_DAY = timedelta(days=1)


class BalanceSource(Protocol):
    """What the statements read: the ledger's stored totals."""

    def balances(self, as_of: date) -> Mapping[UUID, Decimal]:
        """Debit minus credit of every posting dated on or before `as_of`, per account."""
        ...

    def closing(self, start: date, end: date) -> Mapping[UUID, Decimal]:
        """Debit minus credit of year-end closing entries dated `start`..`end`, per account."""
        ...


@dataclass(frozen=True)
class AccountAmounts:
    """One account of a line, for drill-down."""

    account: Account
    """The account."""
    amounts: tuple[Decimal, ...]
    """Its shown amount (after the line's sign) in each column."""


@dataclass(frozen=True)
class Row:
    """One printed row: a section heading, a line or a subtotal."""

    key: str
    """The layout's key."""
    label: str
    """What is printed."""
    depth: int
    """Nesting (0 = a top-level section)."""
    kind: str
    """`section`, `line` or `subtotal`."""
    amounts: tuple[Decimal, ...]
    """Per column (empty for a section heading)."""
    accounts: tuple[AccountAmounts, ...] = ()
    """The accounts of a line with an amount in some column."""


@dataclass(frozen=True)
class Statement:
    """A profit or loss, financial position or cash-flow statement."""

    kind: StatementKind
    """Which one."""
    columns: tuple[Span, ...]
    """The current column first, then the comparatives."""
    rows: tuple[Row, ...]
    """In print order."""
    checks: Mapping[str, tuple[Decimal, ...]]
    """Totals computed from the accounts themselves, per column, independent of the layout's
    formulas: `profit` (profit or loss); `assets`, `liabilities`, `equity`, `difference`
    (financial position); `opening_cash`, `closing_cash`, `net_change`, `difference`, and the
    cash effect of each top-level section (cash flows)."""

    def row(self, key: str) -> Row:
        """The row with `key`."""
        return next(row for row in self.rows if row.key == key)


def compute_statement(
    layout: Layout,
    placement: Placement,
    accounts: Sequence[Account],
    spans: Sequence[Span],
    source: BalanceSource,
    fiscal_year_start_month: int,
) -> Statement:
    """Profit or loss, financial position or cash flows for each span, through `layout`."""
    by_id = {account.id: account for account in accounts}
    values: list[tuple[Mapping[UUID, Decimal], Mapping[Figure, Decimal]]] = []
    checks: dict[str, list[Decimal]] = {}
    for span in spans:
        account_values, figures, column_checks = _column(layout.kind, span, by_id, source, fiscal_year_start_month)
        values.append((account_values, figures))
        for name, amount in column_checks.items():
            checks.setdefault(name, []).append(amount)
    rows = _rows(layout, placement, by_id, values)
    if layout.kind is StatementKind.CASH_FLOWS:
        for section in layout.sections:
            keys = {line.key for line in _section_lines(section) if not line.is_subtotal}
            checks[section.key] = [sum((r.amounts[i] for r in rows if r.key in keys), ZERO) for i in range(len(spans))]
    return Statement(
        layout.kind,
        tuple(spans),
        tuple(rows),
        {name: tuple(a + ZERO for a in amounts) for name, amounts in checks.items()},
    )


def _column(
    kind: StatementKind,
    span: Span,
    accounts: Mapping[UUID, Account],
    source: BalanceSource,
    fiscal_year_start_month: int,
) -> tuple[Mapping[UUID, Decimal], Mapping[Figure, Decimal], dict[str, Decimal]]:
    if kind is StatementKind.FINANCIAL_POSITION:
        values, figures = position(span.end, accounts, source, fiscal_year_start_month)
        assets = _sum(values, accounts, lambda a: a.account_type is AccountType.ASSET)
        liabilities = -_sum(values, accounts, lambda a: a.account_type is AccountType.LIABILITY)
        equity = -_sum(values, accounts, lambda a: a.account_type is AccountType.EQUITY) - sum(figures.values(), ZERO)
        return (
            values,
            figures,
            {
                "assets": assets,
                "liabilities": liabilities,
                "equity": equity,
                "difference": assets - liabilities - equity,
            },
        )
    assert span.start is not None
    moved = movement(span.start, span.end, source)
    if kind is StatementKind.PROFIT_AND_LOSS:
        return moved, {}, {"profit": -_sum(moved, accounts, lambda a: a.account_type.is_profit_and_loss)}
    opening = _sum(source.balances(span.start - _DAY), accounts, _is_cash)
    closing = _sum(source.balances(span.end), accounts, _is_cash)
    net_change = -_sum(moved, accounts, lambda a: not _is_cash(a))
    return (
        moved,
        {},
        {
            "opening_cash": opening,
            "closing_cash": closing,
            "net_change": net_change,
            "difference": net_change - (closing - opening),
        },
    )


def movement(start: date, end: date, source: BalanceSource) -> dict[UUID, Decimal]:
    """Each account's debit minus credit from `start` to `end`, closing entries left out."""
    before, after, closing = source.balances(start - _DAY), source.balances(end), source.closing(start, end)
    return {
        account_id: after.get(account_id, ZERO) - before.get(account_id, ZERO) - closing.get(account_id, ZERO)
        for account_id in set(before) | set(after)
    }


def position(
    as_of: date, accounts: Mapping[UUID, Account], source: BalanceSource, fiscal_year_start_month: int
) -> tuple[dict[UUID, Decimal], dict[Figure, Decimal]]:
    """Balance-sheet accounts as of a date, and the results not yet in retained earnings:
    the open year's since its start, and earlier years' left unclosed (debit minus credit)."""
    year_start = fiscal_year_containing(as_of, fiscal_year_start_month).start
    now, before_year = source.balances(as_of), source.balances(year_start - _DAY)
    values = {i: v for i, v in now.items() if i in accounts and not accounts[i].account_type.is_profit_and_loss}
    earlier = _sum(before_year, accounts, lambda a: a.account_type.is_profit_and_loss)
    to_date = _sum(now, accounts, lambda a: a.account_type.is_profit_and_loss)
    return values, {Figure.PRIOR_YEARS_EARNINGS: earlier, Figure.CURRENT_YEAR_EARNINGS: to_date - earlier}


def _is_cash(account: Account) -> bool:
    return account.account_type is AccountType.ASSET and account.subtype in CASH_SUBTYPES


def _sum(values: Mapping[UUID, Decimal], accounts: Mapping[UUID, Account], keep: Callable[[Account], bool]) -> Decimal:
    return sum((v for i, v in values.items() if i in accounts and keep(accounts[i])), ZERO)


def _section_lines(section: Section) -> Iterable[Line]:
    for child in section.children:
        if isinstance(child, Line):
            yield child
        else:
            yield from _section_lines(child)


def _rows(
    layout: Layout,
    placement: Placement,
    accounts: Mapping[UUID, Account],
    values: Sequence[tuple[Mapping[UUID, Decimal], Mapping[Figure, Decimal]]],
) -> list[Row]:
    columns = range(len(values))
    lines = {line.key: line for _, line in layout.lines()}
    shown: dict[str, tuple[Decimal, ...]] = {}
    members: dict[str, list[AccountAmounts]] = {}
    for key, line in lines.items():
        if line.is_subtotal:
            continue
        totals = [ZERO for _ in columns]
        for column, (_, figures) in enumerate(values):
            totals[column] = line.sign * sum((figures.get(figure, ZERO) for figure in line.figures), ZERO)
        for account_id, line_key in placement.line_of_account.items():
            if line_key != key:
                continue
            amounts = tuple(line.sign * values[c][0].get(account_id, ZERO) + ZERO for c in columns)
            if any(amounts):
                members.setdefault(key, []).append(AccountAmounts(accounts[account_id], amounts))
                totals = [t + a for t, a in zip(totals, amounts, strict=True)]
        shown[key] = tuple(t + ZERO for t in totals)  # + ZERO: no "-0.00" from a sign of -1
    for key in placement.order:
        shown[key] = tuple(sum((term.sign * shown[term.line][c] for term in lines[key].formula), ZERO) for c in columns)
    rows: list[Row] = []
    for _, depth, node in layout.walk():
        if isinstance(node, Section):
            rows.append(Row(node.key, node.label, depth, "section", ()))
        else:
            found = sorted(members.get(node.key, []), key=lambda m: m.account.code)
            rows.append(
                Row(
                    node.key,
                    node.label,
                    depth,
                    "subtotal" if node.is_subtotal else "line",
                    shown[node.key],
                    tuple(found),
                )
            )
    return rows


@dataclass(frozen=True)
class EquityColumn:
    """One column of the statement of changes in equity (credit minus debit)."""

    key: str
    """The layout line's key."""
    label: str
    """Its heading."""
    opening: Decimal
    """At the end of the day before the period."""
    profit: Decimal
    """The period's result (in the column of the current-year earnings)."""
    contributions: Decimal
    """Net movement of share and owners' capital accounts."""
    drawings_and_dividends: Decimal
    """Net movement of drawings accounts and of retained earnings outside the year-end close."""
    other: Decimal
    """Everything else, including the year-end transfer of the result into retained earnings."""
    closing: Decimal
    """At the end of the period."""
    accounts: tuple[Account, ...]
    """The accounts the column takes."""


@dataclass(frozen=True)
class ChangesInEquity:
    """The statement of changes in equity for one period."""

    span: Span
    """The period."""
    columns: tuple[EquityColumn, ...]
    """One per layout line, in print order."""

    def total(self, row: str) -> Decimal:
        """The total of a row (`opening`, `profit`, …, `closing`) across the columns."""
        return sum((getattr(column, row) for column in self.columns), ZERO)


def compute_changes_in_equity(
    layout: Layout,
    placement: Placement,
    accounts: Sequence[Account],
    span: Span,
    source: BalanceSource,
    fiscal_year_start_month: int,
) -> ChangesInEquity:
    """Opening, profit, contributions, drawings and dividends, other and closing per column."""
    assert span.start is not None
    by_id = {account.id: account for account in accounts}
    opening_values, opening_figures = position(span.start - _DAY, by_id, source, fiscal_year_start_month)
    closing_values, closing_figures = position(span.end, by_id, source, fiscal_year_start_month)
    moved = movement(span.start, span.end, source)
    profit = -_sum(moved, by_id, lambda a: a.account_type.is_profit_and_loss) + ZERO
    columns: list[EquityColumn] = []
    for _, line in layout.lines():
        if line.is_subtotal:
            continue
        mine = [by_id[i] for i, key in placement.line_of_account.items() if key == line.key]

        def total(values: Mapping[UUID, Decimal], figures: Mapping[Figure, Decimal], line: Line = line) -> Decimal:
            own = sum((values.get(a.id, ZERO) for a in mine), ZERO)  # noqa: B023 - used in this iteration only
            return line.sign * (own + sum((figures.get(f, ZERO) for f in line.figures), ZERO)) + ZERO

        def moved_of(subtypes: frozenset[str], line: Line = line) -> Decimal:
            return line.sign * sum((moved.get(a.id, ZERO) for a in mine if a.subtype in subtypes), ZERO) + ZERO  # noqa: B023

        opening = total(opening_values, opening_figures)
        closing = total(closing_values, closing_figures)
        line_profit = profit if Figure.CURRENT_YEAR_EARNINGS in line.figures else ZERO
        contributions = moved_of(frozenset({"share_capital", "owner_capital"}))
        drawings = moved_of(frozenset({"drawings", "retained_earnings"}))
        columns.append(
            EquityColumn(
                key=line.key,
                label=line.label,
                opening=opening,
                profit=line_profit,
                contributions=contributions,
                drawings_and_dividends=drawings,
                other=closing - opening - line_profit - contributions - drawings,
                closing=closing,
                accounts=tuple(sorted(mine, key=lambda a: a.code)),
            )
        )
    return ChangesInEquity(span, tuple(columns))


def change_and_percent(current: Decimal, compared: Decimal) -> tuple[Decimal, Decimal | None]:
    """The change from a comparative amount, and as a percentage of it (None from zero)."""
    change = current - compared
    if compared == 0:
        return change, None
    return change, (change / abs(compared) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
