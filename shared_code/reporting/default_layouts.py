"""The built-in layouts: the four statements in an IFRS-for-SMEs presentation and a
shorter one for ZFRS for Micro and Small Entities. Pure data.

Lines take accounts by subtype (and cash-flow class for the cash-flow statement), never by
code, so a tenant's renumbered or added accounts fall in the right line by themselves.
"""

from __future__ import annotations

from shared_code.ledger.model import AccountType, CashFlowClass
from shared_code.reporting.model import Figure, Framework, Layout, Line, Match, Section, StatementKind, Term

_A, _L, _Q, _I, _X = (
    AccountType.ASSET,
    AccountType.LIABILITY,
    AccountType.EQUITY,
    AccountType.INCOME,
    AccountType.EXPENSE,
)
_BALANCE_SHEET = frozenset({_A, _L, _Q})
_OPERATING, _INVESTING, _FINANCING = CashFlowClass.OPERATING, CashFlowClass.INVESTING, CashFlowClass.FINANCING


def _of(account_type: AccountType, *subtypes: str) -> Match:
    return Match(account_types=frozenset({account_type}), subtypes=frozenset(subtypes))


def _line(key: str, label: str, *include: Match, sign: int = 1, figures: frozenset[Figure] = frozenset()) -> Line:
    return Line(key, label, include=include, sign=sign, figures=figures)


def _total(key: str, label: str, *lines: str) -> Line:
    return Line(key, label, formula=tuple(Term(line[1:], -1) if line.startswith("-") else Term(line) for line in lines))


_PRIOR = frozenset({Figure.PRIOR_YEARS_EARNINGS})
_CURRENT = frozenset({Figure.CURRENT_YEAR_EARNINGS})

# Profit or loss: every line shows credit minus debit, so income is positive and expenses negative.
_PL_IFRS = Layout(
    StatementKind.PROFIT_AND_LOSS,
    "Statement of profit or loss",
    Framework.IFRS_FOR_SMES,
    (
        Section(
            "profit_or_loss",
            "Profit or loss",
            (
                _line("revenue", "Revenue", _of(_I, "revenue", "contra_revenue"), sign=-1),
                _line("cost_of_sales", "Cost of sales", _of(_X, "cost_of_sales"), sign=-1),
                _total("gross_profit", "Gross profit", "revenue", "cost_of_sales"),
                _line("other_income", "Other income", _of(_I, "other_income"), sign=-1),
                _line("operating_expenses", "Operating expenses", _of(_X, "operating_expense"), sign=-1),
                _line("other_expenses", "Other expenses", _of(_X, "other_expense"), sign=-1),
                _total(
                    "operating_profit",
                    "Operating profit",
                    "gross_profit",
                    "other_income",
                    "operating_expenses",
                    "other_expenses",
                ),
                _line("finance_costs", "Finance costs", _of(_X, "finance_cost"), sign=-1),
                _total("profit_before_tax", "Profit before tax", "operating_profit", "finance_costs"),
                _line("income_tax", "Income tax expense", _of(_X, "income_tax_expense"), sign=-1),
                _total("profit_for_the_period", "Profit for the period", "profit_before_tax", "income_tax"),
            ),
        ),
    ),
)

_PL_MSE = Layout(
    StatementKind.PROFIT_AND_LOSS,
    "Income statement",
    Framework.MSE,
    (
        Section(
            "income_statement",
            "Income statement",
            (
                _line(
                    "revenue", "Sales and other income", _of(_I, "revenue", "contra_revenue", "other_income"), sign=-1
                ),
                _line("cost_of_sales", "Cost of sales", _of(_X, "cost_of_sales"), sign=-1),
                _total("gross_profit", "Gross profit", "revenue", "cost_of_sales"),
                _line("expenses", "Expenses", _of(_X, "operating_expense", "other_expense", "finance_cost"), sign=-1),
                _total("profit_before_tax", "Profit before tax", "gross_profit", "expenses"),
                _line("income_tax", "Income tax", _of(_X, "income_tax_expense"), sign=-1),
                _total("profit_for_the_period", "Profit for the year", "profit_before_tax", "income_tax"),
            ),
        ),
    ),
)

_FP_IFRS = Layout(
    StatementKind.FINANCIAL_POSITION,
    "Statement of financial position",
    Framework.IFRS_FOR_SMES,
    (
        Section(
            "assets",
            "Assets",
            (
                Section(
                    "non_current_assets",
                    "Non-current assets",
                    (
                        _line(
                            "property_plant_equipment",
                            "Property, plant and equipment",
                            _of(_A, "fixed_asset", "accumulated_depreciation"),
                        ),
                        _line("intangible_assets", "Intangible assets", _of(_A, "intangible_asset")),
                        _line(
                            "other_non_current_assets", "Other non-current assets", _of(_A, "other_non_current_asset")
                        ),
                        _total(
                            "total_non_current_assets",
                            "Total non-current assets",
                            "property_plant_equipment",
                            "intangible_assets",
                            "other_non_current_assets",
                        ),
                    ),
                ),
                Section(
                    "current_assets",
                    "Current assets",
                    (
                        _line("inventories", "Inventories", _of(_A, "inventory")),
                        _line(
                            "trade_receivables",
                            "Trade and other receivables",
                            _of(_A, "receivable", "contra_asset", "prepayment"),
                        ),
                        _line("current_tax_assets", "Tax receivable", _of(_A, "tax")),
                        _line(
                            "other_current_assets",
                            "Collections in transit and other current assets",
                            _of(_A, "clearing", "other_current_asset"),
                        ),
                        _line("cash", "Cash and cash equivalents", _of(_A, "cash", "bank", "mobile_money_wallet")),
                        _total(
                            "total_current_assets",
                            "Total current assets",
                            "inventories",
                            "trade_receivables",
                            "current_tax_assets",
                            "other_current_assets",
                            "cash",
                        ),
                    ),
                ),
                _total("total_assets", "Total assets", "total_non_current_assets", "total_current_assets"),
            ),
        ),
        Section(
            "equity_and_liabilities",
            "Equity and liabilities",
            (
                Section(
                    "equity",
                    "Equity",
                    (
                        _line("share_capital", "Share capital", _of(_Q, "share_capital"), sign=-1),
                        _line(
                            "owners_capital",
                            "Owners' capital less drawings",
                            _of(_Q, "owner_capital", "drawings"),
                            sign=-1,
                        ),
                        _line(
                            "retained_earnings",
                            "Retained earnings",
                            _of(_Q, "retained_earnings"),
                            sign=-1,
                            figures=_PRIOR,
                        ),
                        _line(
                            "current_year_earnings",
                            "Current-year earnings",
                            _of(_Q, "current_year_earnings"),
                            sign=-1,
                            figures=_CURRENT,
                        ),
                        _line("other_reserves", "Other reserves", _of(_Q, "opening_balance", "other_equity"), sign=-1),
                        _total(
                            "total_equity",
                            "Total equity",
                            "share_capital",
                            "owners_capital",
                            "retained_earnings",
                            "current_year_earnings",
                            "other_reserves",
                        ),
                    ),
                ),
                Section(
                    "non_current_liabilities",
                    "Non-current liabilities",
                    (
                        _line("long_term_borrowings", "Borrowings", _of(_L, "long_term_borrowing"), sign=-1),
                        _line(
                            "other_non_current_liabilities",
                            "Other non-current liabilities",
                            _of(_L, "other_non_current_liability"),
                            sign=-1,
                        ),
                        _total(
                            "total_non_current_liabilities",
                            "Total non-current liabilities",
                            "long_term_borrowings",
                            "other_non_current_liabilities",
                        ),
                    ),
                ),
                Section(
                    "current_liabilities",
                    "Current liabilities",
                    (
                        _line(
                            "trade_payables",
                            "Trade and other payables",
                            _of(
                                _L,
                                "payable",
                                "accrued_liability",
                                "deferred_revenue",
                                "payroll",
                                "other_current_liability",
                            ),
                            sign=-1,
                        ),
                        _line("current_tax_liabilities", "Tax payable", _of(_L, "tax"), sign=-1),
                        _line(
                            "short_term_borrowings", "Short-term borrowings", _of(_L, "short_term_borrowing"), sign=-1
                        ),
                        _total(
                            "total_current_liabilities",
                            "Total current liabilities",
                            "trade_payables",
                            "current_tax_liabilities",
                            "short_term_borrowings",
                        ),
                    ),
                ),
                _total(
                    "total_liabilities",
                    "Total liabilities",
                    "total_non_current_liabilities",
                    "total_current_liabilities",
                ),
                _total(
                    "total_equity_and_liabilities", "Total equity and liabilities", "total_equity", "total_liabilities"
                ),
            ),
        ),
    ),
)

_FP_MSE = Layout(
    StatementKind.FINANCIAL_POSITION,
    "Balance sheet",
    Framework.MSE,
    (
        Section(
            "assets",
            "Assets",
            (
                _line(
                    "non_current_assets",
                    "Property, equipment and other long-term assets",
                    _of(_A, "fixed_asset", "accumulated_depreciation", "intangible_asset", "other_non_current_asset"),
                ),
                _line("inventories", "Stock", _of(_A, "inventory")),
                _line(
                    "receivables",
                    "Debtors, prepayments and tax receivable",
                    _of(_A, "receivable", "contra_asset", "prepayment", "tax", "clearing", "other_current_asset"),
                ),
                _line("cash", "Cash, bank and mobile money", _of(_A, "cash", "bank", "mobile_money_wallet")),
                _total("total_assets", "Total assets", "non_current_assets", "inventories", "receivables", "cash"),
            ),
        ),
        Section(
            "equity_and_liabilities",
            "Capital and liabilities",
            (
                _line(
                    "capital",
                    "Capital",
                    _of(_Q, "share_capital", "owner_capital", "drawings", "opening_balance", "other_equity"),
                    sign=-1,
                ),
                _line(
                    "retained_earnings",
                    "Retained earnings",
                    _of(_Q, "retained_earnings", "current_year_earnings"),
                    sign=-1,
                    figures=frozenset(Figure),
                ),
                _total("total_equity", "Total capital", "capital", "retained_earnings"),
                _line(
                    "current_liabilities",
                    "Creditors, tax and short-term loans",
                    _of(
                        _L,
                        "payable",
                        "accrued_liability",
                        "deferred_revenue",
                        "payroll",
                        "tax",
                        "short_term_borrowing",
                        "other_current_liability",
                    ),
                    sign=-1,
                ),
                _line(
                    "long_term_liabilities",
                    "Long-term loans",
                    _of(_L, "long_term_borrowing", "other_non_current_liability"),
                    sign=-1,
                ),
                _total("total_liabilities", "Total liabilities", "current_liabilities", "long_term_liabilities"),
                _total(
                    "total_equity_and_liabilities", "Total capital and liabilities", "total_equity", "total_liabilities"
                ),
            ),
        ),
    ),
)

# Cash flows, indirect method: each line shows the cash effect of its accounts' movement
# (credit minus debit), so the lines add up to the change in cash exactly.
_INCOME_TAX = Match(roles=frozenset({"income_tax_payable", "income_tax_prepaid"}))
_PROFIT_BEFORE_TAX = Line(
    "profit_before_tax",
    "Profit before tax",
    include=(Match(account_types=frozenset({_I, _X})),),
    exclude=(_of(_X, "income_tax_expense"),),
    sign=-1,
)
_DEPRECIATION = _line(
    "depreciation", "Depreciation and amortisation", Match(subtypes=frozenset({"accumulated_depreciation"})), sign=-1
)
_INCOME_TAX_PAID = _line("income_tax_paid", "Income tax paid", _of(_X, "income_tax_expense"), _INCOME_TAX, sign=-1)
_RECEIVABLE_SUBTYPES = ("receivable", "contra_asset", "prepayment", "clearing", "other_current_asset")
_PAYABLE_SUBTYPES = ("payable", "accrued_liability", "deferred_revenue", "payroll", "other_current_liability")


def _operating(*subtypes: str) -> Match:
    return Match(account_types=_BALANCE_SHEET, cash_flow_classes=frozenset({_OPERATING}), subtypes=frozenset(subtypes))


def _other_operating(*named: str) -> Line:
    return Line(
        "other_operating",
        "Other operating movements",
        include=(_operating(),),
        exclude=(Match(subtypes=frozenset({*named, "accumulated_depreciation"})), _INCOME_TAX),
        sign=-1,
    )


_INVESTING_LINE = Line(
    "investing",
    "Purchase and sale of property, equipment and other long-term assets",
    include=(Match(account_types=_BALANCE_SHEET, cash_flow_classes=frozenset({_INVESTING})),),
    exclude=(Match(subtypes=frozenset({"accumulated_depreciation"})),),
    sign=-1,
)
_BORROWING = ("short_term_borrowing", "long_term_borrowing")

_CF_IFRS = Layout(
    StatementKind.CASH_FLOWS,
    "Statement of cash flows",
    Framework.IFRS_FOR_SMES,
    (
        Section(
            "operating_activities",
            "Cash flows from operating activities",
            (
                _PROFIT_BEFORE_TAX,
                _DEPRECIATION,
                _line(
                    "receivables",
                    "(Increase) / decrease in trade and other receivables",
                    _operating(*_RECEIVABLE_SUBTYPES),
                    sign=-1,
                ),
                _line("inventories", "(Increase) / decrease in inventories", _operating("inventory"), sign=-1),
                _line(
                    "payables",
                    "Increase / (decrease) in trade and other payables",
                    _operating(*_PAYABLE_SUBTYPES),
                    sign=-1,
                ),
                Line(
                    "indirect_taxes",
                    "Change in VAT, turnover tax and withholding tax balances",
                    include=(_operating("tax"),),
                    exclude=(_INCOME_TAX,),
                    sign=-1,
                ),
                _other_operating(*_RECEIVABLE_SUBTYPES, "inventory", *_PAYABLE_SUBTYPES, "tax"),
                _INCOME_TAX_PAID,
                _total(
                    "net_operating",
                    "Net cash from operating activities",
                    "profit_before_tax",
                    "depreciation",
                    "receivables",
                    "inventories",
                    "payables",
                    "indirect_taxes",
                    "other_operating",
                    "income_tax_paid",
                ),
            ),
        ),
        Section(
            "investing_activities",
            "Cash flows from investing activities",
            (_INVESTING_LINE, _total("net_investing", "Net cash used in investing activities", "investing")),
        ),
        Section(
            "financing_activities",
            "Cash flows from financing activities",
            (
                _line(
                    "borrowings",
                    "Borrowings raised less repaid",
                    Match(
                        cash_flow_classes=frozenset({_FINANCING}),
                        subtypes=frozenset(_BORROWING),
                        account_types=_BALANCE_SHEET,
                    ),
                    sign=-1,
                ),
                _line(
                    "equity_flows",
                    "Capital contributed less drawings and dividends",
                    Match(cash_flow_classes=frozenset({_FINANCING}), account_types=frozenset({_Q})),
                    sign=-1,
                ),
                Line(
                    "other_financing",
                    "Other financing",
                    include=(Match(cash_flow_classes=frozenset({_FINANCING}), account_types=frozenset({_A, _L})),),
                    exclude=(Match(subtypes=frozenset(_BORROWING)),),
                    sign=-1,
                ),
                _total(
                    "net_financing",
                    "Net cash from financing activities",
                    "borrowings",
                    "equity_flows",
                    "other_financing",
                ),
            ),
        ),
        Section(
            "change_in_cash",
            "Net change in cash and cash equivalents",
            (_total("net_change", "Net change in cash", "net_operating", "net_investing", "net_financing"),),
        ),
    ),
)

_CF_MSE = Layout(
    StatementKind.CASH_FLOWS,
    "Cash flow statement",
    Framework.MSE,
    (
        Section(
            "operating_activities",
            "Cash from trading",
            (
                _PROFIT_BEFORE_TAX,
                _DEPRECIATION,
                Line(
                    "working_capital",
                    "Change in stock, debtors, creditors and tax balances",
                    include=(_operating(*_RECEIVABLE_SUBTYPES, "inventory", *_PAYABLE_SUBTYPES, "tax"),),
                    exclude=(_INCOME_TAX,),
                    sign=-1,
                ),
                _other_operating(*_RECEIVABLE_SUBTYPES, "inventory", *_PAYABLE_SUBTYPES, "tax"),
                _INCOME_TAX_PAID,
                _total(
                    "net_operating",
                    "Net cash from trading",
                    "profit_before_tax",
                    "depreciation",
                    "working_capital",
                    "other_operating",
                    "income_tax_paid",
                ),
            ),
        ),
        Section(
            "investing_activities",
            "Cash from investing",
            (_INVESTING_LINE, _total("net_investing", "Net cash from investing", "investing")),
        ),
        Section(
            "financing_activities",
            "Cash from owners and lenders",
            (
                _line(
                    "financing",
                    "Loans, capital and drawings",
                    Match(cash_flow_classes=frozenset({_FINANCING}), account_types=_BALANCE_SHEET),
                    sign=-1,
                ),
                _total("net_financing", "Net cash from owners and lenders", "financing"),
            ),
        ),
        Section(
            "change_in_cash",
            "Net change in cash",
            (_total("net_change", "Net change in cash", "net_operating", "net_investing", "net_financing"),),
        ),
    ),
)

# Changes in equity: each line is a column; every column shows credit minus debit.
_CE_IFRS = Layout(
    StatementKind.CHANGES_IN_EQUITY,
    "Statement of changes in equity",
    Framework.IFRS_FOR_SMES,
    (
        Section(
            "columns",
            "Equity",
            (
                _line("share_capital", "Share capital", _of(_Q, "share_capital"), sign=-1),
                _line("owners_capital", "Owners' capital", _of(_Q, "owner_capital"), sign=-1),
                _line("drawings", "Drawings", _of(_Q, "drawings"), sign=-1),
                _line("retained_earnings", "Retained earnings", _of(_Q, "retained_earnings"), sign=-1, figures=_PRIOR),
                _line(
                    "current_year_earnings",
                    "Current-year earnings",
                    _of(_Q, "current_year_earnings"),
                    sign=-1,
                    figures=_CURRENT,
                ),
                _line("other_reserves", "Other reserves", _of(_Q, "opening_balance", "other_equity"), sign=-1),
            ),
        ),
    ),
)

_CE_MSE = Layout(
    StatementKind.CHANGES_IN_EQUITY,
    "Statement of changes in capital",
    Framework.MSE,
    (
        Section(
            "columns",
            "Capital",
            (
                _line(
                    "capital",
                    "Capital",
                    _of(_Q, "share_capital", "owner_capital", "drawings", "opening_balance", "other_equity"),
                    sign=-1,
                ),
                _line(
                    "retained_earnings",
                    "Retained earnings",
                    _of(_Q, "retained_earnings", "current_year_earnings"),
                    sign=-1,
                    figures=frozenset(Figure),
                ),
            ),
        ),
    ),
)

DEFAULT_LAYOUTS: dict[tuple[Framework, StatementKind], Layout] = {
    (layout.framework, layout.kind): layout
    for layout in (_PL_IFRS, _PL_MSE, _FP_IFRS, _FP_MSE, _CF_IFRS, _CF_MSE, _CE_IFRS, _CE_MSE)
}
"""The built-in layout of each statement for each framework."""


def default_layout(framework: Framework, kind: StatementKind) -> Layout:
    """The built-in layout of `kind` for `framework`."""
    return DEFAULT_LAYOUTS[(framework, kind)]
