"""The purchase builders balance for any lines the tax engine computes: prices inclusive and
exclusive of VAT, restricted categories, reverse charge, import VAT, and supplier payments
with tax withheld; and a small expense reads like the book it writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from shared_code.ledger.model import Party, PartyType
from shared_code.ledger.posting import JournalDraft
from shared_code.purchases.input_vat import InputVatDecision, VatReason, VatRoute
from shared_code.purchases.posting import (
    BillSettlement,
    CostLine,
    PurchaseAccounts,
    bill_draft,
    expense_draft,
    purchase_amounts,
    reimbursement_draft,
    supplier_credit_draft,
    supplier_payment_draft,
    to_ngwee,
)
from shared_code.purchases.wht import wht_amount, wht_rate
from shared_code.sales.tax import LineIn, TaxCategory, default_rate_table, tax_document

D = Decimal
DAY = date(2026, 3, 2)
ACCOUNTS = PurchaseAccounts(
    payable=uuid4(),
    non_claimable_vat=uuid4(),
    reimbursement=uuid4(),
    vat_input=uuid4(),
    reverse_charge_vat=uuid4(),
    withholding_tax=uuid4(),
)
BANK = uuid4()
EXPENSE_ACCOUNTS = [uuid4() for _ in range(3)]
CLAIM = InputVatDecision(VatRoute.CLAIM, None)
COST = InputVatDecision(VatRoute.COST, VatReason.SMART_INVOICE_MISSING)
RVAT = InputVatDecision(VatRoute.REVERSE_CHARGE, VatReason.REVERSE_CHARGE_NOT_CLAIMABLE)


def _balanced(draft: JournalDraft) -> None:
    debits = sum((line.debit for line in draft.lines), D(0))
    credits = sum((line.credit for line in draft.lines), D(0))
    assert debits == credits
    for line in draft.lines:
        assert line.debit >= 0 and line.credit >= 0 and (line.debit == 0) != (line.credit == 0)
        assert line.debit == line.debit.quantize(D("0.01")) and line.credit == line.credit.quantize(D("0.01"))


def _money(max_value: str, places: int, min_value: str = "0") -> st.SearchStrategy[D]:
    return st.decimals(min_value=D(min_value), max_value=D(max_value), places=places, allow_nan=False)


line_in = st.builds(
    LineIn,
    quantity=_money("1000", 4, "0.0001"),
    unit_price=_money("100000", 4, "0.01"),
    category=st.sampled_from([TaxCategory.A, TaxCategory.C3, TaxCategory.D, TaxCategory.TOT]),
)
shares = st.sampled_from([D(1), D("0.9"), D(0)])


def _cost_lines(lines: list[LineIn], inclusive: bool, picked: list[D]) -> tuple[list[CostLine], D]:
    tax = tax_document(lines, on=DAY, rates=default_rate_table(), prices_include_vat=inclusive, vat_registered=True)
    cost_lines = [
        CostLine(EXPENSE_ACCOUNTS[i % 3], taxed.total_amount - taxed.vat_amount, taxed.vat_amount, share)
        for i, (taxed, share) in enumerate(zip(tax.lines, picked, strict=True))
    ]
    return cost_lines, to_ngwee(tax.total_amount)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(line_in, shares), min_size=1, max_size=8),
    st.booleans(),
    st.sampled_from([CLAIM, COST, RVAT]),
    _money("100000", 2),
    st.booleans(),
)
def test_every_expense_and_bill_balances(
    lines: list[tuple[LineIn, D]], inclusive: bool, decision: InputVatDecision, import_vat: D, staff: bool
) -> None:
    cost_lines, total = _cost_lines([line for line, _ in lines], inclusive, [share for _, share in lines])
    amounts = purchase_amounts(
        cost_lines,
        total=total,
        decision=decision,
        reverse_charge_rate=D(16) if decision is RVAT else D(0),
        import_vat=import_vat if decision is not RVAT else D(0),
    )
    assert amounts.input_vat >= 0 and amounts.vat_cost >= 0
    if decision is not CLAIM:
        assert amounts.input_vat == 0
    expense = expense_draft(
        expense_id=uuid4(),
        number="EXP-2026-00001",
        entry_date=DAY,
        amounts=amounts,
        accounts=ACCOUNTS,
        paid_from=None if staff else BANK,
    )
    bill = bill_draft(
        bill_id=uuid4(),
        number="BILL-2026-00001",
        supplier_id=uuid4(),
        entry_date=DAY,
        amounts=amounts,
        accounts=ACCOUNTS,
    )
    for draft in (expense, bill):
        if amounts.paid:
            _balanced(draft)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_money("100000", 2, "0.01"), _money("100", 2)), min_size=1, max_size=6))
def test_a_supplier_payment_with_tax_withheld_balances(bills: list[tuple[D, D]]) -> None:
    settlements = [
        BillSettlement(uuid4(), f"BILL-{i}", amount, min(amount, wht_amount(amount, rate)))
        for i, (amount, rate) in enumerate(bills)
    ]
    draft = supplier_payment_draft(
        payment_id=uuid4(),
        number="SPAY-1",
        supplier_id=uuid4(),
        entry_date=DAY,
        settlements=settlements,
        paid_from=BANK,
        accounts=ACCOUNTS,
    )
    _balanced(draft)
    withheld = sum((line.credit for line in draft.lines if line.account_id == ACCOUNTS.withholding_tax), D(0))
    assert withheld == sum((s.withheld for s in settlements), D(0))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(line_in, shares), min_size=1, max_size=6), st.booleans(), st.data())
def test_a_supplier_credit_balances_for_any_part_of_any_bill(
    lines: list[tuple[LineIn, D]], rvat: bool, data: st.DataObject
) -> None:
    cost_lines, total = _cost_lines([line for line, _ in lines], True, [share for _, share in lines])
    decision = RVAT if rvat else CLAIM
    amounts = purchase_amounts(cost_lines, total=total, decision=decision, reverse_charge_rate=D(16))
    if amounts.paid == 0:
        return
    bill = bill_draft(
        bill_id=uuid4(), number="B-1", supplier_id=uuid4(), entry_date=DAY, amounts=amounts, accounts=ACCOUNTS
    )
    others = [(line.account_id, line.debit, line.credit) for line in bill.lines if line.account_id != ACCOUNTS.payable]
    amount = data.draw(_money(str(amounts.paid), 2, "0.01"))
    draft = supplier_credit_draft(
        credit_id=uuid4(),
        number="SC-1",
        bill_number="B-1",
        supplier_id=uuid4(),
        entry_date=DAY,
        bill_lines=others,
        bill_payable=amounts.paid,
        amount=amount,
        accounts=ACCOUNTS,
    )
    _balanced(draft)


def test_a_diesel_receipt_claims_90_percent_of_its_vat_and_costs_the_rest() -> None:
    fuel = EXPENSE_ACCOUNTS[0]
    # K1,160.00 of diesel, VAT inclusive: K1,000.00 net, K160.00 VAT, of which 90% is claimable.
    amounts = purchase_amounts(
        [CostLine(fuel, D("1000.0000"), D("160.0000"), D("0.9"))], total=D("1160.00"), decision=CLAIM
    )
    draft = expense_draft(
        expense_id=uuid4(), number="EXP-2026-00001", entry_date=DAY, amounts=amounts, accounts=ACCOUNTS, paid_from=BANK
    )
    assert [(line.account_id, line.debit, line.credit) for line in draft.lines] == [
        (fuel, D("1000.00"), D(0)),
        (ACCOUNTS.vat_input, D("144.00"), D(0)),
        (ACCOUNTS.non_claimable_vat, D("16.00"), D(0)),
        (BANK, D(0), D("1160.00")),
    ]


def test_an_imported_service_is_reverse_charged_into_its_cost() -> None:
    software = EXPENSE_ACCOUNTS[1]
    amounts = purchase_amounts(
        [CostLine(software, D("500.0000"), D(0))], total=D("500.00"), decision=RVAT, reverse_charge_rate=D(16)
    )
    supplier = uuid4()
    draft = bill_draft(
        bill_id=uuid4(), number="BILL-1", supplier_id=supplier, entry_date=DAY, amounts=amounts, accounts=ACCOUNTS
    )
    assert [(line.account_id, line.debit, line.credit) for line in draft.lines] == [
        (software, D("580.00"), D(0)),
        (ACCOUNTS.reverse_charge_vat, D(0), D("80.00")),
        (ACCOUNTS.payable, D(0), D("500.00")),
    ]
    assert draft.lines[-1].party == Party(PartyType.SUPPLIER, supplier)


def test_import_vat_paid_at_customs_is_input_vat() -> None:
    goods = EXPENSE_ACCOUNTS[2]
    amounts = purchase_amounts(
        [CostLine(goods, D("10000"), D(0))], total=D("10000.00"), decision=CLAIM, import_vat=D("1600.00")
    )
    draft = expense_draft(
        expense_id=uuid4(), number="EXP-1", entry_date=DAY, amounts=amounts, accounts=ACCOUNTS, paid_from=BANK
    )
    assert [(line.account_id, line.debit, line.credit) for line in draft.lines] == [
        (goods, D("10000.00"), D(0)),
        (ACCOUNTS.vat_input, D("1600.00"), D(0)),
        (BANK, D(0), D("11600.00")),
    ]


def test_management_fees_withhold_15_percent_from_a_resident_and_20_from_a_non_resident() -> None:
    assert wht_rate("management_fees", resident=True, on=DAY) == D(15)
    assert wht_rate("management_fees", resident=False, on=DAY) == D(20)
    assert wht_rate("management_fees", resident=True, on=date(2022, 12, 31)) is None
    assert wht_amount(D("1000.00"), D(15)) == D("150.00")


def test_a_staff_member_is_reimbursed_from_the_bank() -> None:
    draft = reimbursement_draft(
        reimbursement_id=uuid4(), entry_date=DAY, amount=D("250.00"), paid_from=BANK, accounts=ACCOUNTS, memo="Refund"
    )
    _balanced(draft)
    assert [(line.account_id, line.debit) for line in draft.lines] == [
        (ACCOUNTS.reimbursement, D("250.00")),
        (BANK, D(0)),
    ]


def test_a_category_treatment_is_the_one_of_the_date() -> None:
    from shared_code.purchases.categories import DEFAULT_CATEGORIES
    from shared_code.purchases.model import ExpenseCategory, VatTreatment

    diesel = next(c for c in DEFAULT_CATEGORIES if c.code == "fuel_diesel")
    category = ExpenseCategory(uuid4(), diesel.code, diesel.name, diesel.kind, uuid4(), True, diesel.treatments)
    on_2018 = category.treatment_on(date(2018, 12, 31))
    on_2019 = category.treatment_on(date(2019, 1, 1))
    assert on_2018 is not None and on_2018.treatment is VatTreatment.STANDARD
    assert on_2019 is not None and (on_2019.treatment, on_2019.claimable_share) == (VatTreatment.RESTRICTED, D("0.9"))
    assert category.treatment_on(date(1999, 12, 31)) is None
