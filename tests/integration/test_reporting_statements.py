"""The four statements of a small trading company's year, read from the stored totals.

Chanda Trading Ltd (VAT-registered, calendar year) starts on 2 January 2026. Its year,
entry by entry (kwacha):

 1.  2 Jan  shareholders pay in share capital                 bank 50,000 / share capital 50,000
 2. 10 Jan  stock bought on credit, VAT 16%                   stock 30,000, input VAT 4,800 / payables 34,800
 3. 15 Jan  a computer paid from the bank                     equipment 12,000 / bank 12,000
 4. 20 Mar  sales paid by Airtel Money                        wallet 46,400 / sales 40,000, output VAT 6,400
 5. 20 Mar  cost of the goods sold                            cost of sales 24,000 / stock 24,000
 6. 10 Apr  the supplier paid                                 payables 34,800 / bank 34,800
 7. 30 Jun  rent                                              rent 6,000 / bank 6,000
 8.  5 Aug  sales on credit                                   receivables 23,200 / sales 20,000, output VAT 3,200
 9. 20 Sep  a customer pays part                              bank 10,000 / receivables 10,000
10.  1 Oct  a bank loan                                       bank 15,000 / borrowings 15,000
11. 31 Dec  loan interest                                     interest 500 / bank 500
12. 31 Dec  a year's depreciation of the computer (3 years)   depreciation 4,000 / accumulated depreciation 4,000
13. 31 Dec  income tax at 30% of 25,500                       income tax 7,650 / tax payable 7,650
14. 31 Dec  Airtel Money swept to the bank                    bank 40,000 / wallet 40,000
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from shared_code.ledger import closing, service
from shared_code.platform.clock import FixedClock
from shared_code.platform.db import Database
from shared_code.reporting.model import StatementKind
from shared_code.reporting.periods import Span
from shared_code.reporting.reading import StatementSet
from shared_code.reporting.statements import Statement
from tests.integration.ledger_books import ACCOUNTANT, Books, open_books

D = Decimal
YEAR = Span(date(2026, 1, 1), date(2026, 12, 31), "current")
YEAR_END = Span(None, date(2026, 12, 31), "current")


@pytest.fixture
def books(db: Database) -> Books:
    books = open_books(db)
    for day, text, *lines in [
        (date(2026, 1, 2), "Share capital", ("1100", "dr", "50000"), ("3010", "cr", "50000")),
        (date(2026, 1, 10), "Stock", ("1300", "dr", "30000"), ("1400", "dr", "4800"), ("2010", "cr", "34800")),
        (date(2026, 1, 15), "Computer", ("1520", "dr", "12000"), ("1100", "cr", "12000")),
        (date(2026, 3, 20), "Airtel sales", ("1150", "dr", "46400"), ("4010", "cr", "40000"), ("2100", "cr", "6400")),
        (date(2026, 3, 20), "Cost of sales", ("5010", "dr", "24000"), ("1300", "cr", "24000")),
        (date(2026, 4, 10), "Supplier paid", ("2010", "dr", "34800"), ("1100", "cr", "34800")),
        (date(2026, 6, 30), "Rent", ("6100", "dr", "6000"), ("1100", "cr", "6000")),
        (date(2026, 8, 5), "Credit sales", ("1200", "dr", "23200"), ("4010", "cr", "20000"), ("2100", "cr", "3200")),
        (date(2026, 9, 20), "Customer pays", ("1100", "dr", "10000"), ("1200", "cr", "10000")),
        (date(2026, 10, 1), "Bank loan", ("1100", "dr", "15000"), ("2510", "cr", "15000")),
        (date(2026, 12, 31), "Interest", ("7010", "dr", "500"), ("1100", "cr", "500")),
        (date(2026, 12, 31), "Depreciation", ("6220", "dr", "4000"), ("1590", "cr", "4000")),
        (date(2026, 12, 31), "Income tax", ("8010", "dr", "7650"), ("2270", "cr", "7650")),
        (date(2026, 12, 31), "Sweep", ("1100", "dr", "40000"), ("1150", "cr", "40000")),
    ]:
        books.post(day, text, *lines)
    return books


def _shown(statement: Statement, column: int = 0) -> dict[str, Decimal]:
    return {row.key: row.amounts[column] for row in statement.rows if row.kind != "section"}


def test_the_profit_or_loss_of_the_year(books: Books) -> None:
    with books.db.read_snapshot(books.tenant) as uow:
        read = StatementSet(uow).statement(StatementKind.PROFIT_AND_LOSS, YEAR, layout_reference="ifrs_for_smes")
    assert _shown(read.statement) == {
        "revenue": D("60000.00"),
        "cost_of_sales": D("-24000.00"),
        "gross_profit": D("36000.00"),
        "other_income": D("0.00"),
        "operating_expenses": D("-10000.00"),
        "other_expenses": D("0.00"),
        "operating_profit": D("26000.00"),
        "finance_costs": D("-500.00"),
        "profit_before_tax": D("25500.00"),
        "income_tax": D("-7650.00"),
        "profit_for_the_period": D("17850.00"),
    }
    assert read.statement.checks["profit"] == (D("17850.00"),)
    assert read.head.last_entry_number == 14
    opex = read.statement.row("operating_expenses")
    assert [(a.account.code, a.amounts) for a in opex.accounts] == [
        ("6100", (D("-6000.00"),)),
        ("6220", (D("-4000.00"),)),
    ]


def test_the_financial_position_at_the_year_end(books: Books) -> None:
    with books.db.read_snapshot(books.tenant) as uow:
        read = StatementSet(uow).statement(StatementKind.FINANCIAL_POSITION, YEAR_END, layout_reference="ifrs_for_smes")
    shown = _shown(read.statement)
    assert {k: shown[k] for k in shown if shown[k]} == {
        "property_plant_equipment": D("8000.00"),
        "total_non_current_assets": D("8000.00"),
        "inventories": D("6000.00"),
        "trade_receivables": D("13200.00"),
        "current_tax_assets": D("4800.00"),
        "cash": D("68100.00"),
        "total_current_assets": D("92100.00"),
        "total_assets": D("100100.00"),
        "share_capital": D("50000.00"),
        "current_year_earnings": D("17850.00"),
        "total_equity": D("67850.00"),
        "long_term_borrowings": D("15000.00"),
        "total_non_current_liabilities": D("15000.00"),
        "current_tax_liabilities": D("17250.00"),
        "total_current_liabilities": D("17250.00"),
        "total_liabilities": D("32250.00"),
        "total_equity_and_liabilities": D("100100.00"),
    }
    checks = read.statement.checks
    assert (checks["assets"], checks["liabilities"], checks["equity"], checks["difference"]) == (
        (D("100100.00"),),
        (D("32250.00"),),
        (D("67850.00"),),
        (D("0.00"),),
    )


def test_the_cash_flows_of_the_year_by_the_indirect_method(books: Books) -> None:
    with books.db.read_snapshot(books.tenant) as uow:
        read = StatementSet(uow).statement(StatementKind.CASH_FLOWS, YEAR, layout_reference="ifrs_for_smes")
    shown = _shown(read.statement)
    assert {k: shown[k] for k in shown if shown[k]} == {
        "profit_before_tax": D("25500.00"),
        "depreciation": D("4000.00"),
        "receivables": D("-13200.00"),
        "inventories": D("-6000.00"),
        "indirect_taxes": D("4800.00"),
        "net_operating": D("15100.00"),
        "investing": D("-12000.00"),
        "net_investing": D("-12000.00"),
        "borrowings": D("15000.00"),
        "equity_flows": D("50000.00"),
        "net_financing": D("65000.00"),
        "net_change": D("68100.00"),
    }
    checks = read.statement.checks
    assert checks["opening_cash"] == (D("0.00"),) and checks["closing_cash"] == (D("68100.00"),)
    assert checks["difference"] == (D("0.00"),)


def test_the_changes_in_equity_tie_to_the_financial_position(books: Books) -> None:
    with books.db.read_snapshot(books.tenant) as uow:
        read = StatementSet(uow).changes_in_equity(YEAR, layout_reference="ifrs_for_smes")
    columns = {c.key: c for c in read.statement.columns}
    share = columns["share_capital"]
    assert (share.opening, share.contributions, share.closing) == (D("0.00"), D("50000.00"), D("50000.00"))
    earnings = columns["current_year_earnings"]
    assert (earnings.opening, earnings.profit, earnings.other, earnings.closing) == (
        D("0.00"),
        D("17850.00"),
        D("0.00"),
        D("17850.00"),
    )
    assert read.statement.total("closing") == D("67850.00")


def test_after_the_year_end_close_the_result_sits_in_retained_earnings(books: Books) -> None:
    with books.uow() as uow:
        closing.close_fiscal_year(
            uow, date(2026, 12, 31), closed_by=ACCOUNTANT, clock=FixedClock(datetime(2027, 1, 5, tzinfo=UTC))
        )
    with books.db.read_snapshot(books.tenant) as uow:
        statements = StatementSet(uow)
        position = statements.statement(StatementKind.FINANCIAL_POSITION, YEAR_END, layout_reference="ifrs_for_smes")
        profit = statements.statement(StatementKind.PROFIT_AND_LOSS, YEAR, layout_reference="ifrs_for_smes")
        equity = statements.changes_in_equity(YEAR, layout_reference="ifrs_for_smes")
    shown = _shown(position.statement)
    assert (shown["retained_earnings"], shown["current_year_earnings"], shown["total_equity"]) == (
        D("17850.00"),
        D("0.00"),
        D("67850.00"),
    )
    assert _shown(profit.statement)["profit_for_the_period"] == D("17850.00")
    columns = {c.key: c for c in equity.statement.columns}
    assert (columns["current_year_earnings"].profit, columns["current_year_earnings"].other) == (
        D("17850.00"),
        D("-17850.00"),
    )
    assert (columns["retained_earnings"].other, columns["retained_earnings"].closing) == (
        D("17850.00"),
        D("17850.00"),
    )


def test_comparative_columns_equal_separate_runs_with_change_and_percent(books: Books) -> None:
    quarter = Span(date(2026, 7, 1), date(2026, 9, 30), "current")
    with books.db.read_snapshot(books.tenant) as uow:
        statements = StatementSet(uow)
        compared = statements.statement(
            StatementKind.PROFIT_AND_LOSS, quarter, ["previous_period", "2026-01-01..2026-03-31"], "mse"
        )
        previous = statements.statement(
            StatementKind.PROFIT_AND_LOSS, Span(date(2026, 4, 1), date(2026, 6, 30), "current"), layout_reference="mse"
        )
        first = statements.statement(
            StatementKind.PROFIT_AND_LOSS, Span(date(2026, 1, 1), date(2026, 3, 31), "current"), layout_reference="mse"
        )
    assert [(c.start, c.end, c.label) for c in compared.statement.columns] == [
        (date(2026, 7, 1), date(2026, 9, 30), "current"),
        (date(2026, 4, 1), date(2026, 6, 30), "previous_period"),
        (date(2026, 1, 1), date(2026, 3, 31), "custom"),
    ]
    for row in compared.statement.rows:
        if row.kind != "section":
            assert row.amounts[1] == previous.statement.row(row.key).amounts[0]
            assert row.amounts[2] == first.statement.row(row.key).amounts[0]
    assert _shown(compared.statement, 0)["revenue"] == D("20000.00")
    assert _shown(compared.statement, 2)["revenue"] == D("40000.00")


def test_a_statement_set_reads_one_ledger_head_whatever_commits_meanwhile(books: Books) -> None:
    with books.db.read_snapshot(books.tenant) as uow:
        statements = StatementSet(uow)
        before = statements.statement(StatementKind.PROFIT_AND_LOSS, YEAR, layout_reference="mse")
        with books.uow() as other:
            service.post_entry(
                other,
                books.draft(date(2026, 11, 1), "Late sale", ("1100", "dr", "999"), ("4020", "cr", "999")),
                posted_by=ACCOUNTANT,
            )
        after = StatementSet(uow).statement(StatementKind.PROFIT_AND_LOSS, YEAR, layout_reference="mse")
        november = statements.statement(
            StatementKind.PROFIT_AND_LOSS, Span(date(2026, 11, 1), date(2026, 11, 30), "now"), layout_reference="mse"
        )
        position = statements.statement(StatementKind.FINANCIAL_POSITION, YEAR_END, layout_reference="mse")
    assert before.head == after.head == position.head and before.head.last_entry_number == 14
    assert _shown(after.statement)["revenue"] == D("60000.00")
    assert _shown(november.statement)["revenue"] == D("0.00")
    assert position.statement.checks["difference"] == (D("0.00"),)
    with books.db.read_snapshot(books.tenant) as uow:
        fresh = StatementSet(uow).statement(StatementKind.PROFIT_AND_LOSS, YEAR, layout_reference="mse")
    assert fresh.head.last_entry_number == 15 and _shown(fresh.statement)["revenue"] == D("60999.00")
