"""Statement layouts as data: a tree of sections and lines over the chart of accounts.

Pure: no I/O. A line takes accounts by type, subtype, role, cash-flow class, code range or
list (`Match`), with a sign; a subtotal is a formula over other lines. Amounts are
debit-minus-credit before the sign, `Decimal` with two places; nothing here rounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared_code.ledger.model import CASH_SUBTYPES, Account, AccountType, CashFlowClass


class StatementKind(StrEnum):
    """The four statements of a set."""

    PROFIT_AND_LOSS = "profit_and_loss"
    FINANCIAL_POSITION = "financial_position"
    CASH_FLOWS = "cash_flows"
    CHANGES_IN_EQUITY = "changes_in_equity"


class Framework(StrEnum):
    """The ZICA tier a layout presents for (domain reference §6.1)."""

    IFRS_FOR_SMES = "ifrs_for_smes"
    MSE = "mse"
    """ZFRS for Micro and Small Entities, below K20 million turnover."""


IFRS_FOR_SMES_TURNOVER = 20_000_000
"""Turnover (ZMW) from which a company is economically significant: IFRS for SMEs."""


def suggested_framework(annual_turnover: Decimal) -> Framework:
    """IFRS for SMEs from K20 million of turnover, ZFRS for MSEs below."""
    return Framework.IFRS_FOR_SMES if annual_turnover >= IFRS_FOR_SMES_TURNOVER else Framework.MSE


class Figure(StrEnum):
    """Amounts a financial position or equity statement shows that are no account's balance."""

    CURRENT_YEAR_EARNINGS = "current_year_earnings"
    """The open fiscal year's result to the report date (income and expense since its start)."""
    PRIOR_YEARS_EARNINGS = "prior_years_earnings"
    """Results of earlier years not yet closed into retained earnings."""


STATEMENT_TYPES: Mapping[StatementKind, frozenset[AccountType]] = {
    StatementKind.PROFIT_AND_LOSS: frozenset({AccountType.INCOME, AccountType.EXPENSE}),
    StatementKind.FINANCIAL_POSITION: frozenset({AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY}),
    StatementKind.CASH_FLOWS: frozenset(AccountType),
    StatementKind.CHANGES_IN_EQUITY: frozenset({AccountType.EQUITY}),
}
"""The account types each statement's lines must cover (cash itself excepted for cash flows)."""

STATEMENT_FIGURES: Mapping[StatementKind, frozenset[Figure]] = {
    StatementKind.PROFIT_AND_LOSS: frozenset(),
    StatementKind.FINANCIAL_POSITION: frozenset(Figure),
    StatementKind.CASH_FLOWS: frozenset(),
    StatementKind.CHANGES_IN_EQUITY: frozenset(Figure),
}
"""The figures each statement must place in exactly one line."""


def covers(kind: StatementKind, account: Account) -> bool:
    """True if the statement's lines must place `account`: a non-header account of its types
    (archived ones too: they may carry history in a comparative period). The cash-flow
    statement leaves out cash and cash equivalents, whose change it explains."""
    if account.is_header or account.account_type not in STATEMENT_TYPES[kind]:
        return False
    return not (kind is StatementKind.CASH_FLOWS and account.subtype in CASH_SUBTYPES)


@dataclass(frozen=True)
class Match:
    """Accounts meeting every criterion given (an empty criterion is no constraint)."""

    account_types: frozenset[AccountType] = frozenset()
    """Any of these types."""
    subtypes: frozenset[str] = frozenset()
    """Any of these subtypes."""
    roles: frozenset[str] = frozenset()
    """Any of these roles."""
    cash_flow_classes: frozenset[CashFlowClass] = frozenset()
    """Any of these cash-flow classes."""
    codes: frozenset[str] = frozenset()
    """Any of these codes."""
    code_from: str | None = None
    """Codes from this one (compared as text, so `1150-02` sits between `1150` and `1160`)."""
    code_to: str | None = None
    """Codes up to this one, inclusive."""

    @property
    def is_empty(self) -> bool:
        """True if it names no criterion (it would take every account)."""
        return not (
            self.account_types
            or self.subtypes
            or self.roles
            or self.cash_flow_classes
            or self.codes
            or self.code_from
            or self.code_to
        )

    def matches(self, account: Account) -> bool:
        """True if `account` meets every criterion."""
        return (
            not self.is_empty
            and (not self.account_types or account.account_type in self.account_types)
            and (not self.subtypes or account.subtype in self.subtypes)
            and (not self.roles or account.role in self.roles)
            and (not self.cash_flow_classes or account.cash_flow_class in self.cash_flow_classes)
            and (not self.codes or account.code in self.codes)
            and (self.code_from is None or account.code >= self.code_from)
            and (self.code_to is None or account.code <= self.code_to)
        )


@dataclass(frozen=True)
class Term:
    """One line of a subtotal's formula, added or subtracted."""

    line: str
    """The key of the line (or subtotal) it takes."""
    sign: int = 1
    """+1 adds it, -1 subtracts it."""


@dataclass(frozen=True)
class Line:
    """A statement line: accounts (and figures) with a sign, or a subtotal formula."""

    key: str
    """Unique in its layout; formulas and drill-down name it."""
    label: str
    """What the statement prints."""
    include: tuple[Match, ...] = ()
    """Accounts matching any of these…"""
    exclude: tuple[Match, ...] = ()
    """…and none of these."""
    figures: frozenset[Figure] = frozenset()
    """Figures added to the line (financial position, changes in equity)."""
    sign: int = 1
    """Multiplies debit-minus-credit: -1 shows credit balances (income, liabilities) positive."""
    formula: tuple[Term, ...] = ()
    """For a subtotal: the signed sum of these lines' shown amounts."""

    @property
    def is_subtotal(self) -> bool:
        """True for a formula line."""
        return bool(self.formula)

    def takes(self, account: Account) -> bool:
        """True if this line takes `account`."""
        return any(m.matches(account) for m in self.include) and not any(m.matches(account) for m in self.exclude)


@dataclass(frozen=True)
class Section:
    """A heading with lines and sub-sections under it."""

    key: str
    """Unique in its layout (shares the namespace of line keys)."""
    label: str
    """The heading."""
    children: tuple[Section | Line, ...] = ()
    """In print order."""


@dataclass(frozen=True)
class Layout:
    """How one statement is presented."""

    kind: StatementKind
    """Which statement."""
    name: str
    """What the organization calls it."""
    framework: Framework
    """The tier it presents for."""
    sections: tuple[Section, ...]
    """Top-level sections in print order."""

    def lines(self) -> Iterator[tuple[str, Line]]:
        """Every line with its field path (`sections.0.children.2`), in print order."""
        for index, section in enumerate(self.sections):
            yield from _lines(section, f"sections.{index}")

    def walk(self) -> Iterator[tuple[str, int, Section | Line]]:
        """Every section and line with its path and depth (0 = top), in print order."""
        for index, section in enumerate(self.sections):
            yield from _walk(section, f"sections.{index}", 0)


def _lines(section: Section, path: str) -> Iterator[tuple[str, Line]]:
    for index, child in enumerate(section.children):
        child_path = f"{path}.children.{index}"
        if isinstance(child, Line):
            yield child_path, child
        else:
            yield from _lines(child, child_path)


def _walk(node: Section | Line, path: str, depth: int) -> Iterator[tuple[str, int, Section | Line]]:
    yield path, depth, node
    if isinstance(node, Section):
        for index, child in enumerate(node.children):
            yield from _walk(child, f"{path}.children.{index}", depth + 1)


@dataclass(frozen=True)
class LayoutVersion:
    """One saved, immutable version of an organization's layout (or a built-in default)."""

    id: UUID | None
    """The version's id; None for a built-in default."""
    layout_id: UUID | None
    """The layout it is a version of; None for a built-in default."""
    version: int
    """1, 2, … within the layout (0 for a built-in default)."""
    layout: Layout
    """The content."""
    built_in: str | None = None
    """The default's name (`ifrs_for_smes`, `mse`) if built in."""
    created_by: UUID | None = field(default=None, compare=False)
    """Who saved it."""

    @property
    def reference(self) -> str:
        """What `layout_version=` takes: the version id, or the default's name."""
        return str(self.id) if self.id is not None else (self.built_in or "")


class SignOffStatus(StrEnum):
    """How far an accountant has taken a period's statements."""

    REVIEWED = "reviewed"
    APPROVED = "approved"


@dataclass(frozen=True)
class SignOff:
    """An accountant's mark on a period's statement set, at the ledger head it was read at."""

    id: UUID
    """Identity."""
    date_from: date
    """First day of the period."""
    date_to: date
    """Last day (the financial position's date)."""
    status: SignOffStatus
    """Reviewed or approved."""
    layout_versions: Mapping[StatementKind, str]
    """The layout version of each statement signed (`LayoutVersion.reference`)."""
    ledger_entry_number: int
    """The last entry the statements reflect."""
    ledger_hash: str
    """Its hash: the statements' books, for an auditor to compare."""
    note: str
    """What the accountant wrote."""
    signed_by: UUID
    """Who."""
    signed_at: datetime
    """When."""


@dataclass(frozen=True)
class Notes:
    """The statements' notes page."""

    id: UUID | None
    """The saved version's id; None for the defaults, never saved."""
    basis_of_preparation: str
    """How the statements are prepared."""
    framework: Framework
    """The framework they follow."""
    policies: str
    """Accounting policies."""
    saved_by: UUID | None
    """Who saved this version."""
    saved_at: datetime | None
    """When."""


KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
"""Line and section keys: lower-case words joined by underscores."""


def layout_to_json(layout: Layout) -> dict[str, Any]:
    """The layout as plain JSON values (what is stored and served)."""
    return {
        "kind": layout.kind.value,
        "name": layout.name,
        "framework": layout.framework.value,
        "sections": [_node_to_json(section) for section in layout.sections],
    }


def _node_to_json(node: Section | Line) -> dict[str, Any]:
    if isinstance(node, Section):
        return {"key": node.key, "label": node.label, "children": [_node_to_json(c) for c in node.children]}
    return {
        "key": node.key,
        "label": node.label,
        "include": [_match_to_json(m) for m in node.include],
        "exclude": [_match_to_json(m) for m in node.exclude],
        "figures": sorted(f.value for f in node.figures),
        "sign": node.sign,
        "formula": [{"line": t.line, "sign": t.sign} for t in node.formula],
    }


def _match_to_json(match: Match) -> dict[str, Any]:
    return {
        "account_types": sorted(t.value for t in match.account_types),
        "subtypes": sorted(match.subtypes),
        "roles": sorted(match.roles),
        "cash_flow_classes": sorted(c.value for c in match.cash_flow_classes),
        "codes": sorted(match.codes),
        "code_from": match.code_from,
        "code_to": match.code_to,
    }


def layout_from_json(data: Mapping[str, Any]) -> Layout:
    """The layout of `layout_to_json`'s shape (raises ValueError or KeyError on another)."""
    return Layout(
        kind=StatementKind(data["kind"]),
        name=str(data["name"]),
        framework=Framework(data["framework"]),
        sections=tuple(_section_from_json(s) for s in data["sections"]),
    )


def _section_from_json(data: Mapping[str, Any]) -> Section:
    return Section(
        key=str(data["key"]),
        label=str(data["label"]),
        children=tuple(_section_from_json(c) if "children" in c else _line_from_json(c) for c in data["children"]),
    )


def _line_from_json(data: Mapping[str, Any]) -> Line:
    return Line(
        key=str(data["key"]),
        label=str(data["label"]),
        include=tuple(_match_from_json(m) for m in data.get("include", ())),
        exclude=tuple(_match_from_json(m) for m in data.get("exclude", ())),
        figures=frozenset(Figure(f) for f in data.get("figures", ())),
        sign=int(data.get("sign", 1)),
        formula=tuple(Term(str(t["line"]), int(t.get("sign", 1))) for t in data.get("formula", ())),
    )


def _match_from_json(data: Mapping[str, Any]) -> Match:
    return Match(
        account_types=frozenset(AccountType(t) for t in data.get("account_types", ())),
        subtypes=frozenset(str(s) for s in data.get("subtypes", ())),
        roles=frozenset(str(r) for r in data.get("roles", ())),
        cash_flow_classes=frozenset(CashFlowClass(c) for c in data.get("cash_flow_classes", ())),
        codes=frozenset(str(c) for c in data.get("codes", ())),
        code_from=data.get("code_from"),
        code_to=data.get("code_to"),
    )
