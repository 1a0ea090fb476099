"""The default Zambian SME chart (§6.4) and the account rules that need no database."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from uuid import UUID

import pytest

from shared_code.ledger.accounts import account_shape_problems
from shared_code.ledger.chart import DEFAULT_CHART, TaxMode, default_chart
from shared_code.ledger.model import (
    SUBTYPES,
    Account,
    AccountType,
    CashFlowClass,
    Side,
    default_cash_flow_class,
)

VAT_ACCOUNTS = {"1400", "1420", "2100", "2110", "2120"}
TOT_ACCOUNTS = {"2130", "6250"}


def test_the_full_chart_has_76_postable_accounts_under_11_headers() -> None:
    counts = Counter(account.is_header for account in DEFAULT_CHART)
    assert counts == {False: 76, True: 11}


def test_codes_and_roles_are_unique_and_codes_follow_the_class_scheme() -> None:
    codes = [account.code for account in DEFAULT_CHART]
    roles = [account.role for account in DEFAULT_CHART if account.role]
    assert len(set(codes)) == len(codes) and codes == sorted(codes)
    assert len(set(roles)) == len(roles)
    first_digit_types = {
        "1": "asset",
        "2": "liability",
        "3": "equity",
        "4": "income",
        "5": "expense",
        "6": "expense",
        "7": "expense",
        "8": "expense",
    }
    for account in DEFAULT_CHART:
        if account.code[0] in first_digit_types:
            assert account.account_type == first_digit_types[account.code[0]], account.code


def test_every_account_sits_under_a_header_of_its_own_type_with_a_valid_subtype() -> None:
    headers = {account.code: account for account in DEFAULT_CHART if account.is_header}
    for account in DEFAULT_CHART:
        assert account.subtype in SUBTYPES[account.account_type], account.code
        if not account.is_header:
            assert account.parent in headers, account.code
            assert headers[account.parent].account_type == account.account_type, account.code


@pytest.mark.parametrize(
    ("mode", "has_vat", "has_tot"),
    [(TaxMode.VAT, True, False), (TaxMode.TURNOVER_TAX, False, True), (TaxMode.VAT_AND_TURNOVER_TAX, True, True)],
)
def test_tax_accounts_follow_the_tax_mode(mode: TaxMode, has_vat: bool, has_tot: bool) -> None:
    codes = {account.code for account in default_chart(mode)}
    assert (codes >= VAT_ACCOUNTS) is has_vat and not (VAT_ACCOUNTS & codes and not has_vat)
    assert (codes >= TOT_ACCOUNTS) is has_tot and not (TOT_ACCOUNTS & codes and not has_tot)
    assert {"2200", "2210", "2240"} <= codes  # PAYE, NAPSA and WHT payable in every mode


def test_three_separate_mobile_money_wallets() -> None:
    wallets = {a.role: a.name for a in DEFAULT_CHART if a.subtype == "mobile_money_wallet"}
    assert wallets == {
        "airtel_money_wallet": "Airtel Money wallet",
        "mtn_momo_wallet": "MTN MoMo wallet",
        "zamtel_kwacha_wallet": "Zamtel Kwacha wallet",
    }


def test_cash_flow_classes_follow_the_subtype() -> None:
    assert default_cash_flow_class("mobile_money_wallet") is None
    assert default_cash_flow_class("fixed_asset") is CashFlowClass.INVESTING
    assert default_cash_flow_class("long_term_borrowing") is CashFlowClass.FINANCING
    assert default_cash_flow_class("receivable") is CashFlowClass.OPERATING
    assert AccountType.EXPENSE.normal_side is Side.DEBIT and AccountType.INCOME.normal_side is Side.CREDIT


GOOD = Account(
    id=UUID(int=1),
    code="1150-01",
    name="Airtel Money, Café shop 2",
    account_type=AccountType.ASSET,
    subtype="mobile_money_wallet",
    cash_flow_class=None,
    parent_id=None,
    is_header=False,
    is_system=False,
    role=None,
    description="",
    archived_at=None,
)


def test_a_well_formed_account_has_no_problems() -> None:
    assert account_shape_problems(GOOD) == []


def test_every_shape_problem_is_listed() -> None:
    bad = replace(
        GOOD, code="11.50", name="", subtype="revenue", cash_flow_class=CashFlowClass.OPERATING, description="x" * 1001
    )
    bad = replace(bad, subtype="cash")
    assert [(e.field, e.code) for e in account_shape_problems(bad)] == [
        ("code", "code_invalid"),
        ("name", "name_required"),
        ("cash_flow_class", "cash_flow_class_not_allowed"),
        ("description", "description_too_long"),
    ]
    assert [e.code for e in account_shape_problems(replace(GOOD, subtype="revenue"))] == ["subtype_invalid"]


def test_a_business_on_neither_vat_nor_turnover_tax_gets_no_indirect_tax_accounts() -> None:
    from shared_code.ledger.chart import TaxMode, default_chart

    none = {account.role for account in default_chart(TaxMode.NONE) if account.role}
    vat = {account.role for account in default_chart(TaxMode.VAT) if account.role}
    tot = {account.role for account in default_chart(TaxMode.TURNOVER_TAX) if account.role}
    assert "vat_output" in vat and not {"vat_output", "vat_input", "vat_control"} & none
    assert (tot - vat) and not (tot - vat) & none
    assert none <= vat & tot
