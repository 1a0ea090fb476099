"""The sales posting builders: every draft balances, for prices with and without VAT, in
ZMW and in a foreign currency, and each amount lands on the account its role says."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID, uuid4

import pytest

from shared_code.ledger.posting import JournalDraft
from shared_code.sales.posting import (
    Allocation,
    SalesAccounts,
    credit_application_draft,
    credit_note_draft,
    debit_note_draft,
    invoice_draft,
    payment_draft,
    refund_draft,
)
from shared_code.sales.tax import DocumentTax, Levy, LineIn, TaxCategory, default_rate_table, tax_document

D = Decimal
ACCOUNTS = SalesAccounts(
    receivable=uuid4(),
    vat_output=uuid4(),
    fx_gain_loss=uuid4(),
    customer_credit=uuid4(),
    levies={levy: uuid4() for levy in Levy},
)
GOODS, SERVICES, BANK = uuid4(), uuid4(), uuid4()
CUSTOMER = uuid4()
DAY = date(2026, 4, 1)


def tax(*lines: LineIn, inclusive: bool) -> DocumentTax:
    return tax_document(lines, on=DAY, rates=default_rate_table(), prices_include_vat=inclusive, vat_registered=True)


def net(draft: JournalDraft, account: UUID) -> Decimal:
    """Credits less debits on `account`."""
    return sum((line.credit - line.debit for line in draft.lines if line.account_id == account), D(0))


def balanced(draft: JournalDraft) -> bool:
    debits = sum((line.debit for line in draft.lines), D(0))
    credits = sum((line.credit for line in draft.lines), D(0))
    return debits == credits and all(line.debit >= 0 and line.credit >= 0 for line in draft.lines)


def issue(document: DocumentTax, accounts: list[UUID], rate: str = "1") -> JournalDraft:
    return invoice_draft(
        invoice_id=uuid4(),
        number="INV-2026-00001",
        customer_id=CUSTOMER,
        entry_date=DAY,
        tax=document,
        income_accounts=accounts,
        exchange_rate=D(rate),
        accounts=ACCOUNTS,
    )


MIXED = (
    LineIn(quantity=D("3"), unit_price=D("57.99"), category=TaxCategory.A, discount_rate=D("10")),
    LineIn(quantity=D("2.5"), unit_price=D("33.33"), category=TaxCategory.A),
    LineIn(quantity=D("1"), unit_price=D("1175"), category=TaxCategory.A, levy=Levy.TL),
    LineIn(quantity=D("4"), unit_price=D("12.50"), category=TaxCategory.C3),
)


@pytest.mark.parametrize("inclusive", [True, False], ids=["vat-inclusive", "vat-exclusive"])
def test_an_invoice_debits_what_the_customer_owes_and_credits_vat_levy_and_income(inclusive: bool) -> None:
    document = tax(*MIXED, inclusive=inclusive)
    draft = issue(document, [GOODS, GOODS, SERVICES, GOODS])
    assert balanced(draft)
    assert -net(draft, ACCOUNTS.receivable) == document.amount_due
    assert net(draft, ACCOUNTS.vat_output) == document.bucket("A").tax_amount.quantize(D("0.01"), ROUND_HALF_UP)  # type: ignore[union-attr]
    assert net(draft, ACCOUNTS.levies[Levy.TL]) == document.bucket("TL").tax_amount.quantize(D("0.01"), ROUND_HALF_UP)  # type: ignore[union-attr]
    income = net(draft, GOODS) + net(draft, SERVICES)
    assert abs(income - sum(line.net_amount for line in document.lines)) <= D("0.01")
    assert draft.source.document_type == "invoice"
    assert all(line.party is not None for line in draft.lines if line.account_id == ACCOUNTS.receivable)


def test_the_references_invoice_posts_116_100_16() -> None:
    draft = issue(tax(LineIn(quantity=D("1"), unit_price=D("116"), category=TaxCategory.A), inclusive=True), [GOODS])
    assert [(line.debit, line.credit) for line in draft.lines] == [
        (D("116.00"), D(0)),
        (D(0), D("16.00")),
        (D(0), D("100.00")),
    ]


@pytest.mark.parametrize("inclusive", [True, False], ids=["vat-inclusive", "vat-exclusive"])
def test_a_usd_invoice_posts_in_zmw_at_the_rate_of_issue_and_still_balances(inclusive: bool) -> None:
    document = tax(*MIXED, inclusive=inclusive)
    draft = issue(document, [GOODS, SERVICES, SERVICES, GOODS], rate="27.123456")
    assert balanced(draft)
    assert -net(draft, ACCOUNTS.receivable) == (document.amount_due * D("27.123456")).quantize(D("0.01"), ROUND_HALF_UP)


def test_minimum_taxable_value_vat_above_the_price_still_balances() -> None:
    # sold at K10, RRP K1,000: VAT out of the RRP base exceeds the price, so income is negative
    document = tax(LineIn(quantity=D("1"), unit_price=D("10"), category=TaxCategory.B, rrp=D("1000")), inclusive=True)
    draft = issue(document, [GOODS])
    assert balanced(draft)
    assert net(draft, ACCOUNTS.vat_output) == D("137.93")
    assert net(draft, GOODS) == D("-127.93")


@pytest.mark.parametrize("inclusive", [True, False], ids=["vat-inclusive", "vat-exclusive"])
def test_a_credit_note_is_the_invoice_entry_on_the_other_sides(inclusive: bool) -> None:
    document = tax(*MIXED, inclusive=inclusive)
    accounts = [GOODS, GOODS, SERVICES, GOODS]
    invoice = issue(document, accounts)
    note = credit_note_draft(
        credit_note_id=uuid4(),
        number="CN-2026-00001",
        invoice_number="INV-2026-00001",
        customer_id=CUSTOMER,
        entry_date=DAY,
        tax=document,
        income_accounts=accounts,
        exchange_rate=D(1),
        accounts=ACCOUNTS,
    )
    assert balanced(note)
    for account in (ACCOUNTS.receivable, ACCOUNTS.vat_output, ACCOUNTS.levies[Levy.TL], GOODS, SERVICES):
        assert net(note, account) == -net(invoice, account)
    assert note.source.document_type == "credit_note"


def pay(amount: str, rate: str, *allocations: Allocation) -> JournalDraft:
    return payment_draft(
        payment_id=uuid4(),
        customer_id=CUSTOMER,
        entry_date=DAY,
        amount=D(amount),
        payment_rate=D(rate),
        deposit_account=BANK,
        allocations=allocations,
        accounts=ACCOUNTS,
    )


def test_a_payment_clears_each_invoice_and_keeps_the_over_payment_as_customer_credit() -> None:
    draft = pay("500.00", "1", Allocation(uuid4(), D("116.00"), D(1)), Allocation(uuid4(), D("300.00"), D(1)))
    assert balanced(draft)
    assert net(draft, BANK) == D("-500.00")
    assert net(draft, ACCOUNTS.receivable) == D("416.00")
    assert net(draft, ACCOUNTS.customer_credit) == D("84.00")
    assert net(draft, ACCOUNTS.fx_gain_loss) == 0


def test_a_usd_payment_at_a_better_rate_than_the_invoice_realises_an_fx_gain() -> None:
    # invoiced USD 100 at 25.50 (K2,550.00); paid USD 100 at 26.10 (K2,610.00): gain K60.00
    draft = pay("100.00", "26.10", Allocation(uuid4(), D("100.00"), D("25.50")))
    assert balanced(draft)
    assert net(draft, ACCOUNTS.receivable) == D("2550.00")
    assert net(draft, ACCOUNTS.fx_gain_loss) == D("60.00")


def test_a_usd_payment_at_a_worse_rate_realises_an_fx_loss_and_credit_at_the_payment_rate() -> None:
    # invoiced USD 80 at 27.00 (K2,160.00); paid USD 100 at 26.00: K2,080 clears it (loss K80), K520 credit
    draft = pay("100.00", "26.00", Allocation(uuid4(), D("80.00"), D("27.00")))
    assert balanced(draft)
    assert net(draft, ACCOUNTS.receivable) == D("2160.00")
    assert net(draft, ACCOUNTS.fx_gain_loss) == D("-80.00")
    assert net(draft, ACCOUNTS.customer_credit) == D("520.00")


def test_customer_credit_applied_later_clears_the_invoice_at_its_rate_and_books_the_difference() -> None:
    # USD 50 of credit taken at 26.00, applied to an invoice issued at 25.00: gain K50.00
    draft = credit_application_draft(
        payment_id=uuid4(),
        customer_id=CUSTOMER,
        entry_date=DAY,
        allocation=Allocation(uuid4(), D("50.00"), D("25.00")),
        payment_rate=D("26.00"),
        accounts=ACCOUNTS,
    )
    assert balanced(draft)
    assert net(draft, ACCOUNTS.customer_credit) == D("-1300.00")
    assert net(draft, ACCOUNTS.receivable) == D("1250.00")
    assert net(draft, ACCOUNTS.fx_gain_loss) == D("50.00")


def test_a_refund_pays_customer_credit_back_out_of_the_bank() -> None:
    draft = refund_draft(
        refund_id=uuid4(),
        customer_id=CUSTOMER,
        entry_date=DAY,
        amount=D("84.00"),
        payment_rate=D(1),
        paid_from=BANK,
        accounts=ACCOUNTS,
    )
    assert balanced(draft)
    assert (net(draft, ACCOUNTS.customer_credit), net(draft, BANK)) == (D("-84.00"), D("84.00"))


@pytest.mark.parametrize("inclusive", [True, False], ids=["vat-inclusive", "vat-exclusive"])
def test_a_debit_note_posts_like_an_invoice_of_its_lines(inclusive: bool) -> None:
    document = tax(*MIXED, inclusive=inclusive)
    accounts = [GOODS, GOODS, SERVICES, GOODS]
    note = debit_note_draft(
        debit_note_id=uuid4(),
        number="DN-2026-00001",
        invoice_number="INV-2026-00001",
        customer_id=CUSTOMER,
        entry_date=DAY,
        tax=document,
        income_accounts=accounts,
        exchange_rate=D(1),
        accounts=ACCOUNTS,
    )
    invoice = issue(document, accounts)
    assert balanced(note)
    for account in (ACCOUNTS.receivable, ACCOUNTS.vat_output, ACCOUNTS.levies[Levy.TL], GOODS, SERVICES):
        assert net(note, account) == net(invoice, account)
    assert note.source.document_type == "debit_note"
