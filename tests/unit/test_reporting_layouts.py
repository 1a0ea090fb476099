"""Layouts as data and the validator, without a database: every default layout places every
account of the default chart exactly once, and a broken layout lists each problem."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

import pytest

from shared_code.ledger.chart import DEFAULT_CHART
from shared_code.ledger.model import Account, AccountType, CashFlowClass, default_cash_flow_class
from shared_code.reporting.default_layouts import DEFAULT_LAYOUTS, default_layout
from shared_code.reporting.model import (
    Figure,
    Framework,
    Line,
    Match,
    Section,
    StatementKind,
    Term,
    layout_from_json,
    layout_to_json,
    suggested_framework,
)
from shared_code.reporting.validation import placement, validate_layout

CHART = [
    Account(
        id=uuid4(),
        code=c.code,
        name=c.name,
        account_type=c.account_type,
        subtype=c.subtype,
        cash_flow_class=default_cash_flow_class(c.subtype),
        parent_id=None,
        is_header=c.is_header,
        is_system=c.system,
        role=c.role,
        description="",
        archived_at=None,
    )
    for c in DEFAULT_CHART
]


def _account(code: str, account_type: AccountType, subtype: str, cash_flow_class: CashFlowClass) -> Account:
    return replace(
        CHART[1],
        id=uuid4(),
        code=code,
        name=f"Account {code}",
        account_type=account_type,
        subtype=subtype,
        cash_flow_class=cash_flow_class,
        role=None,
    )


@pytest.mark.parametrize("key", sorted(DEFAULT_LAYOUTS, key=str))
def test_every_default_layout_places_every_account_of_the_default_chart_exactly_once(
    key: tuple[Framework, StatementKind],
) -> None:
    layout = DEFAULT_LAYOUTS[key]
    assert validate_layout(layout, CHART) == []
    placed = placement(layout, CHART)
    expected_types = {
        StatementKind.PROFIT_AND_LOSS: {AccountType.INCOME, AccountType.EXPENSE},
        StatementKind.FINANCIAL_POSITION: {AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY},
        StatementKind.CASH_FLOWS: set(AccountType),
        StatementKind.CHANGES_IN_EQUITY: {AccountType.EQUITY},
    }[layout.kind]
    covered = {
        a.id
        for a in CHART
        if not a.is_header
        and a.account_type in expected_types
        and not (layout.kind is StatementKind.CASH_FLOWS and a.subtype in {"cash", "bank", "mobile_money_wallet"})
    }
    assert set(placed.line_of_account) == covered


def test_the_cash_flow_defaults_class_accumulated_depreciation_as_an_add_back_and_the_rest_by_class() -> None:
    layout = default_layout(Framework.IFRS_FOR_SMES, StatementKind.CASH_FLOWS)
    lines = placement(layout, CHART).line_of_account
    by_code = {a.code: a.id for a in CHART}
    assert lines[by_code["1590"]] == "depreciation"
    assert lines[by_code["1520"]] == "investing"
    assert lines[by_code["2510"]] == "borrowings"
    assert lines[by_code["3030"]] == "equity_flows"
    assert lines[by_code["1180"]] == "receivables"  # collections in transit are not cash
    assert lines[by_code["2270"]] == lines[by_code["8010"]] == "income_tax_paid"
    assert lines[by_code["2100"]] == "indirect_taxes"
    assert lines[by_code["4010"]] == lines[by_code["7010"]] == "profit_before_tax"
    assert lines[by_code["3100"]] == "other_operating"


def test_a_tenant_account_with_its_own_class_moves_section_without_a_layout_change() -> None:
    loan_to_a_director = _account("1250", AccountType.ASSET, "receivable", CashFlowClass.INVESTING)
    layout = default_layout(Framework.IFRS_FOR_SMES, StatementKind.CASH_FLOWS)
    assert validate_layout(layout, [*CHART, loan_to_a_director]) == []
    assert placement(layout, [*CHART, loan_to_a_director]).line_of_account[loan_to_a_director.id] == "investing"


def test_unmapped_and_doubly_mapped_accounts_are_listed() -> None:
    layout = default_layout(Framework.IFRS_FOR_SMES, StatementKind.PROFIT_AND_LOSS)
    section = layout.sections[0]
    without_finance_costs = tuple(c for c in section.children if c.key != "finance_costs")
    broken = replace(
        layout,
        sections=(
            replace(
                section,
                children=(
                    *[
                        replace(c, formula=tuple(t for t in c.formula if t.line != "finance_costs"))
                        if isinstance(c, Line)
                        else c
                        for c in without_finance_costs
                    ],
                    Line("sales_again", "Sales again", include=(Match(codes=frozenset({"4010"})),), sign=-1),
                ),
            ),
        ),
    )
    problems = validate_layout(broken, CHART)
    assert sorted((p.code, p.message.split(" is ")[0]) for p in problems) == [
        ("account_mapped_twice", "Account 4010 Sales - goods"),
        ("account_unmapped", "Account 7010 Interest expense"),
        ("account_unmapped", "Account 7020 Net foreign-exchange (gain) / loss"),
    ]


def test_formulas_naming_a_missing_line_or_looping_are_refused() -> None:
    layout = default_layout(Framework.MSE, StatementKind.PROFIT_AND_LOSS)
    section = layout.sections[0]
    looped = tuple(
        replace(c, formula=(*c.formula, Term("profit_for_the_period")))
        if isinstance(c, Line) and c.key == "gross_profit"
        else c
        for c in section.children
    )
    broken = replace(
        layout,
        sections=(replace(section, children=(*looped, Line("ghost", "Ghost", formula=(Term("no_such_line"),)))),),
    )
    codes = sorted(p.code for p in validate_layout(broken, CHART))
    assert codes == ["formula_cycle", "formula_unknown_line"]


def test_figures_must_each_be_in_exactly_one_line_of_a_financial_position() -> None:
    layout = default_layout(Framework.IFRS_FOR_SMES, StatementKind.FINANCIAL_POSITION)
    extra = Line("again", "Again", figures=frozenset({Figure.CURRENT_YEAR_EARNINGS}))
    broken = replace(layout, sections=(*layout.sections, Section("more", "More", (extra,))))
    assert [p.code for p in validate_layout(broken, CHART)] == ["figure_mapped_twice"]
    pl = default_layout(Framework.IFRS_FOR_SMES, StatementKind.PROFIT_AND_LOSS)
    with_figure = replace(pl, sections=(*pl.sections, Section("more", "More", (extra,))))
    assert [p.code for p in validate_layout(with_figure, CHART)] == ["figure_not_allowed"]


def test_keys_must_be_unique_and_well_formed_and_lines_not_empty() -> None:
    layout = default_layout(Framework.MSE, StatementKind.CHANGES_IN_EQUITY)
    broken = replace(
        layout,
        sections=(
            *layout.sections,
            Section(
                "columns",
                "Again",
                (Line("Bad Key", "Empty"), Line("x", "Both", include=(Match(),), formula=(Term("capital"),))),
            ),
        ),
    )
    assert sorted(p.code for p in validate_layout(broken, CHART)) == [
        "line_empty",
        "line_key_duplicate",
        "line_key_invalid",
        "line_kind_invalid",
        "match_empty",
    ]


@pytest.mark.parametrize(
    "layout", list(DEFAULT_LAYOUTS.values()), ids=lambda layout: f"{layout.framework}-{layout.kind}"
)
def test_a_layout_survives_its_json_form(layout: object) -> None:
    assert layout_from_json(layout_to_json(layout)) == layout  # type: ignore[arg-type]


def test_the_tier_is_suggested_from_turnover() -> None:
    from decimal import Decimal

    assert suggested_framework(Decimal("19999999.99")) is Framework.MSE
    assert suggested_framework(Decimal("20000000.00")) is Framework.IFRS_FOR_SMES
