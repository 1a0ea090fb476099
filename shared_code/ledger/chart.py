"""The default chart of accounts of a Zambian SME, and seeding it into a new organization.

From the domain reference (§6.4): four-digit codes, class = first digit (1 assets,
2 liabilities, 3 equity, 4 income, 5 cost of sales, 6 operating expenses, 7 finance costs,
8 tax, 9 system), with gaps for tenants' own sub-accounts. VAT accounts are seeded for VAT
tenants, turnover-tax accounts for turnover-tax tenants, both for tenants registered for
both. Accounts marked † there are system accounts; their `role` is how other features
find them, whatever code the tenant gives them later.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shared_code.ledger import account_repository
from shared_code.ledger.model import Account, AccountType, default_cash_flow_class
from shared_code.platform.db import UnitOfWork
from shared_code.platform.ids import new_id


class TaxMode(StrEnum):
    """Which indirect tax the organization accounts for."""

    VAT = "vat"
    TURNOVER_TAX = "turnover_tax"
    VAT_AND_TURNOVER_TAX = "vat_and_turnover_tax"
    NONE = "none"
    """Neither VAT-registered nor on Turnover Tax (income tax only): no indirect-tax accounts."""


_VAT = frozenset({TaxMode.VAT, TaxMode.VAT_AND_TURNOVER_TAX})
_TOT = frozenset({TaxMode.TURNOVER_TAX, TaxMode.VAT_AND_TURNOVER_TAX})
_ALL = frozenset(TaxMode)

A, L, Q, I, X = (  # noqa: E741 - one letter per account type keeps the table readable
    AccountType.ASSET,
    AccountType.LIABILITY,
    AccountType.EQUITY,
    AccountType.INCOME,
    AccountType.EXPENSE,
)


@dataclass(frozen=True)
class ChartAccount:
    """One account of the default chart."""

    code: str
    """Four-digit code."""
    name: str
    """Name in the chart."""
    account_type: AccountType
    """Type."""
    subtype: str
    """Subtype."""
    parent: str | None = None
    """Code of the header above it (None for headers)."""
    role: str | None = None
    """Role other features look it up by."""
    system: bool = False
    """† in the reference: posted automatically by documents."""
    tax_modes: frozenset[TaxMode] = _ALL
    """Tax modes that get it."""

    @property
    def is_header(self) -> bool:
        """Headers have no parent in the default chart."""
        return self.parent is None


def _h(code: str, name: str, account_type: AccountType, subtype: str) -> ChartAccount:
    return ChartAccount(code, name, account_type, subtype)


DEFAULT_CHART: tuple[ChartAccount, ...] = (
    _h("1000", "Current assets", A, "other_current_asset"),
    ChartAccount("1010", "Cash on hand (petty cash and till float)", A, "cash", "1000", "cash_on_hand"),
    ChartAccount("1100", "Bank - ZMW current account", A, "bank", "1000", "bank_zmw"),
    ChartAccount("1110", "Bank - foreign-currency (USD) account", A, "bank", "1000", "bank_usd"),
    ChartAccount("1150", "Airtel Money wallet", A, "mobile_money_wallet", "1000", "airtel_money_wallet"),
    ChartAccount("1160", "MTN MoMo wallet", A, "mobile_money_wallet", "1000", "mtn_momo_wallet"),
    ChartAccount("1170", "Zamtel Kwacha wallet", A, "mobile_money_wallet", "1000", "zamtel_kwacha_wallet"),
    ChartAccount(
        "1180", "Mobile-money / card collections in transit", A, "clearing", "1000", "collections_in_transit", True
    ),
    ChartAccount("1200", "Trade receivables (debtors control)", A, "receivable", "1000", "trade_receivables", True),
    ChartAccount("1210", "Allowance for doubtful debts", A, "contra_asset", "1000", "doubtful_debts_allowance"),
    ChartAccount("1220", "Other receivables, deposits and staff advances", A, "receivable", "1000"),
    ChartAccount("1240", "Prepayments", A, "prepayment", "1000", "prepayments"),
    ChartAccount("1300", "Inventory", A, "inventory", "1000", "inventory", True),
    ChartAccount("1400", "VAT input tax", A, "tax", "1000", "vat_input", True, _VAT),
    ChartAccount(
        "1420",
        "Withholding VAT credits (WHVAT deducted by customers)",
        A,
        "tax",
        "1000",
        "withholding_vat_credits",
        True,
        _VAT,
    ),
    ChartAccount(
        "1430",
        "Income tax prepaid (provisional tax, WHT suffered, advance income tax)",
        A,
        "tax",
        "1000",
        "income_tax_prepaid",
    ),
    _h("1500", "Non-current assets", A, "other_non_current_asset"),
    ChartAccount("1510", "Land and buildings - cost", A, "fixed_asset", "1500"),
    ChartAccount("1520", "Plant, equipment and computers - cost", A, "fixed_asset", "1500"),
    ChartAccount("1530", "Motor vehicles - cost", A, "fixed_asset", "1500"),
    ChartAccount("1540", "Furniture and fittings - cost", A, "fixed_asset", "1500"),
    ChartAccount("1590", "Accumulated depreciation", A, "accumulated_depreciation", "1500", "accumulated_depreciation"),
    ChartAccount("1600", "Intangible assets (software, licences)", A, "intangible_asset", "1500"),
    _h("2000", "Current liabilities", L, "other_current_liability"),
    ChartAccount("2010", "Trade payables (creditors control)", L, "payable", "2000", "trade_payables", True),
    ChartAccount("2020", "Accrued expenses", L, "accrued_liability", "2000", "accrued_expenses"),
    ChartAccount("2040", "Customer deposits / deferred revenue", L, "deferred_revenue", "2000", "customer_deposits"),
    ChartAccount("2100", "VAT output tax", L, "tax", "2000", "vat_output", True, _VAT),
    ChartAccount("2110", "VAT control - net payable / refundable", L, "tax", "2000", "vat_control", True, _VAT),
    ChartAccount(
        "2120",
        "Reverse-charge VAT payable (imported services)",
        L,
        "tax",
        "2000",
        "reverse_charge_vat",
        True,
        _VAT,
    ),
    ChartAccount("2130", "Turnover tax payable", L, "tax", "2000", "turnover_tax_payable", False, _TOT),
    ChartAccount("2140", "Tourism levy payable", L, "tax", "2000", "tourism_levy_payable"),
    ChartAccount("2150", "Insurance premium levy payable", L, "tax", "2000", "insurance_premium_levy_payable"),
    ChartAccount("2160", "Excise duty payable", L, "tax", "2000", "excise_duty_payable"),
    ChartAccount("2200", "PAYE and Skills Development Levy payable (ZRA)", L, "payroll", "2000", "paye_payable"),
    ChartAccount("2210", "NAPSA payable (employee + employer)", L, "payroll", "2000", "napsa_payable"),
    ChartAccount("2220", "NHIMA payable (employee + employer)", L, "payroll", "2000", "nhima_payable"),
    ChartAccount(
        "2240",
        "Withholding tax payable (deducted from suppliers/landlords)",
        L,
        "tax",
        "2000",
        "withholding_tax_payable",
    ),
    ChartAccount("2250", "Net wages and other payroll deductions payable", L, "payroll", "2000", "net_wages_payable"),
    ChartAccount("2270", "Corporate income tax payable", L, "tax", "2000", "income_tax_payable"),
    ChartAccount("2300", "Bank overdraft and short-term borrowings", L, "short_term_borrowing", "2000"),
    _h("2500", "Non-current liabilities", L, "other_non_current_liability"),
    ChartAccount("2510", "Long-term borrowings and lease liabilities", L, "long_term_borrowing", "2500"),
    ChartAccount("2530", "Director / shareholder loan account", L, "long_term_borrowing", "2500"),
    _h("3000", "Equity", Q, "other_equity"),
    ChartAccount("3010", "Share capital", Q, "share_capital", "3000", "share_capital"),
    ChartAccount("3020", "Owner's / partners' capital", Q, "owner_capital", "3000", "owner_capital"),
    ChartAccount("3030", "Drawings", Q, "drawings", "3000", "drawings"),
    ChartAccount("3100", "Retained earnings", Q, "retained_earnings", "3000", "retained_earnings"),
    ChartAccount("3900", "Current-year earnings", Q, "current_year_earnings", "3000", "current_year_earnings", True),
    _h("4000", "Income", I, "revenue"),
    ChartAccount("4010", "Sales - goods", I, "revenue", "4000", "sales_goods"),
    ChartAccount("4020", "Sales - services", I, "revenue", "4000", "sales_services"),
    ChartAccount("4030", "Export sales", I, "revenue", "4000", "export_sales"),
    ChartAccount("4090", "Sales returns, allowances and discounts", I, "contra_revenue", "4000", "sales_returns"),
    ChartAccount("4100", "Interest and other income", I, "other_income", "4000", "other_income"),
    _h("5000", "Cost of sales", X, "cost_of_sales"),
    ChartAccount("5010", "Cost of goods sold", X, "cost_of_sales", "5000", "cost_of_goods_sold", True),
    ChartAccount("5020", "Import freight, customs duty and clearing", X, "cost_of_sales", "5000"),
    ChartAccount("5030", "Inventory adjustments and write-offs", X, "cost_of_sales", "5000", "inventory_adjustments"),
    _h("6000", "Operating expenses", X, "operating_expense"),
    ChartAccount("6010", "Salaries and wages", X, "operating_expense", "6000", "salaries_and_wages"),
    ChartAccount(
        "6020",
        "Employer payroll contributions (NAPSA, NHIMA, SDL)",
        X,
        "operating_expense",
        "6000",
        "employer_payroll_contributions",
    ),
    ChartAccount("6100", "Rent", X, "operating_expense", "6000"),
    ChartAccount("6110", "Electricity (ZESCO) and water", X, "operating_expense", "6000"),
    ChartAccount("6120", "Telephone, airtime and internet", X, "operating_expense", "6000"),
    ChartAccount(
        "6130",
        "Bank and mobile-money charges (incl. mobile money levy)",
        X,
        "operating_expense",
        "6000",
        "bank_charges",
    ),
    ChartAccount("6140", "Motor vehicle running costs and fuel", X, "operating_expense", "6000"),
    ChartAccount("6150", "Repairs and maintenance", X, "operating_expense", "6000"),
    ChartAccount("6160", "Professional fees (accounting, audit, legal, consulting)", X, "operating_expense", "6000"),
    ChartAccount("6170", "Advertising and marketing", X, "operating_expense", "6000"),
    ChartAccount("6180", "Office, stationery, software and IT", X, "operating_expense", "6000"),
    ChartAccount("6190", "Insurance", X, "operating_expense", "6000"),
    ChartAccount("6200", "Travel, subsistence, staff welfare and training", X, "operating_expense", "6000"),
    ChartAccount("6210", "Licences, PACRA fees, council levies and subscriptions", X, "operating_expense", "6000"),
    ChartAccount("6220", "Depreciation", X, "operating_expense", "6000", "depreciation"),
    ChartAccount("6230", "Bad and doubtful debts", X, "operating_expense", "6000", "bad_debts"),
    ChartAccount("6240", "Non-claimable input VAT", X, "operating_expense", "6000", "non_claimable_vat"),
    ChartAccount("6250", "Turnover tax", X, "operating_expense", "6000", "turnover_tax_expense", False, _TOT),
    ChartAccount(
        "6260",
        "Non-deductible expenses (entertainment, donations, tax penalties and interest)",
        X,
        "operating_expense",
        "6000",
    ),
    _h("7000", "Finance costs", X, "finance_cost"),
    ChartAccount("7010", "Interest expense", X, "finance_cost", "7000", "interest_expense"),
    ChartAccount("7020", "Net foreign-exchange (gain) / loss", X, "finance_cost", "7000", "fx_gain_loss"),
    _h("8000", "Tax", X, "income_tax_expense"),
    ChartAccount("8010", "Income tax expense (CIT)", X, "income_tax_expense", "8000", "income_tax_expense"),
    _h("9000", "System", Q, "other_equity"),
    ChartAccount("9990", "Suspense / opening-balance clearing", Q, "opening_balance", "9000", "suspense", True),
)
"""§6.4 of the domain reference, in code order."""


def default_chart(tax_mode: TaxMode) -> tuple[ChartAccount, ...]:
    """The default chart's accounts for `tax_mode`, headers included."""
    return tuple(account for account in DEFAULT_CHART if tax_mode in account.tax_modes)


@dataclass(frozen=True)
class SeedResult:
    """What seeding the chart did."""

    created: tuple[str, ...]
    """Codes of the accounts created now."""
    existing: tuple[str, ...]
    """Codes (or roles) already present and left as they were."""


def seed_default_chart(uow: UnitOfWork, tax_mode: TaxMode | str) -> SeedResult:
    """Add the default chart for `tax_mode` to the organization in `uow`; does not commit.

    Idempotent and additive: an account whose code or role already exists is left as the
    tenant has it (renamed, moved or archived), and seeding again with another tax mode
    adds only the accounts that mode needs (e.g. the VAT accounts on VAT registration).
    """
    mode = TaxMode(tax_mode)
    created: list[str] = []
    existing: list[str] = []
    ids_by_code: dict[str, Account] = {}
    for wanted in default_chart(mode):
        parent = ids_by_code.get(wanted.parent) if wanted.parent else None
        if wanted.parent and parent is None:
            parent = account_repository.account_by_code(uow, wanted.parent)
        account = Account(
            id=new_id(),
            code=wanted.code,
            name=wanted.name,
            account_type=wanted.account_type,
            subtype=wanted.subtype,
            cash_flow_class=default_cash_flow_class(wanted.subtype),
            parent_id=parent.id if parent is not None and parent.is_header else None,
            is_header=wanted.is_header,
            is_system=wanted.system,
            role=wanted.role,
            description="",
            archived_at=None,
        )
        if account_repository.insert_account(uow, account, skip_existing=True):
            created.append(wanted.code)
            if wanted.is_header:
                ids_by_code[wanted.code] = account
        else:
            existing.append(wanted.code)
    return SeedResult(created=tuple(created), existing=tuple(existing))
