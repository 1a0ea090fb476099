"""Pure builders: the journal drafts of invoices, credit notes and payments, in ZMW.

An invoice debits the customer's receivable with what they owe and credits VAT output per
category, each levy to its own account, and the rest to the income account of each line.
A credit note is the same entry on the other sides. A payment debits where the money went
and credits the receivable at the rate each invoice was issued at; the difference the
payment's own rate makes is the realised FX gain or loss, and what is left over is the
customer's credit. Every amount is rounded to the ngwee once, and the last ngwee of
rounding lands on the largest income line, so each draft balances by construction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.ledger.model import Party, PartyType, SourceDocument
from shared_code.ledger.posting import DraftLine, JournalDraft, credit, debit
from shared_code.sales.tax import DocumentTax, Levy, TaxCategory, to_ngwee

ZERO = Decimal("0.00")

LEVY_ROLES: dict[Levy, str] = {
    Levy.TL: "tourism_levy_payable",
    Levy.IPL1: "insurance_premium_levy_payable",
    Levy.IPL2: "insurance_premium_levy_payable",
    Levy.ECM: "excise_duty_payable",
    Levy.EXEEG: "excise_duty_payable",
}
"""The chart role each levy is owed to."""

ROLES = ("trade_receivables", "vat_output", "fx_gain_loss", "customer_deposits")
"""The chart roles every sales posting may need (levies add `LEVY_ROLES`)."""

_LEVY_CODES = frozenset(levy.value for levy in Levy)
_VAT_CODES = frozenset(category.value for category in TaxCategory)


@dataclass(frozen=True)
class SalesAccounts:
    """The accounts sales documents post to, found by their chart role."""

    receivable: UUID
    """`trade_receivables`."""
    vat_output: UUID | None
    """`vat_output` (None for a seller that charges no VAT)."""
    fx_gain_loss: UUID
    """`fx_gain_loss`."""
    customer_credit: UUID
    """`customer_deposits`: over-payments kept for the customer."""
    levies: Mapping[Levy, UUID]
    """Each levy's account (`LEVY_ROLES`)."""


@dataclass(frozen=True)
class Allocation:
    """Part of a payment applied to one invoice."""

    invoice_id: UUID
    """The invoice paid."""
    amount: Decimal
    """In the invoice's (and payment's) currency, 2 dp."""
    invoice_rate: Decimal
    """ZMW per unit at which the invoice was issued."""


def _customer(customer_id: UUID) -> Party:
    return Party(PartyType.CUSTOMER, customer_id)


def _sale_amounts(
    tax: DocumentTax, income_accounts: Sequence[UUID], rate: Decimal, accounts: SalesAccounts
) -> tuple[Decimal, list[tuple[UUID, Decimal, str]]]:
    """The receivable in ZMW and the signed credits (account, amount, memo) that balance it."""
    receivable = to_ngwee(tax.amount_due * rate)
    credits: list[tuple[UUID, Decimal, str]] = []
    for bucket in tax.buckets:
        if bucket.tax_amount == 0:
            continue
        amount = to_ngwee(bucket.tax_amount * rate)
        if bucket.code in _LEVY_CODES:
            credits.append((accounts.levies[Levy(bucket.code)], amount, f"{bucket.code} levy {bucket.rate}%"))
        elif bucket.code in _VAT_CODES:
            if accounts.vat_output is None:
                raise ValueError("VAT is charged but no VAT output account was given")
            credits.append((accounts.vat_output, amount, f"VAT {bucket.code} {bucket.rate}%"))
    income: dict[UUID, Decimal] = {}
    for line, account in zip(tax.lines, income_accounts, strict=True):
        income[account] = income.get(account, Decimal(0)) + line.net_amount
    rounded = {account: to_ngwee(amount * rate) for account, amount in income.items()}
    remainder = receivable - sum((amount for _, amount, _ in credits), ZERO) - sum(rounded.values(), ZERO)
    largest = max(rounded, key=lambda account: abs(rounded[account]))
    rounded[largest] += remainder
    credits.extend((account, amount, "Sales") for account, amount in rounded.items() if amount != 0)
    return receivable, credits


def _signed(account: UUID, amount: Decimal, memo: str, *, credit_side: bool, party: Party | None = None) -> DraftLine:
    """A line on `credit_side` for a positive amount, on the other side for a negative one."""
    if (amount > 0) == credit_side:
        return credit(account, abs(amount), memo, party)
    return debit(account, abs(amount), memo, party)


def invoice_draft(
    *,
    invoice_id: UUID,
    number: str,
    customer_id: UUID,
    entry_date: date,
    tax: DocumentTax,
    income_accounts: Sequence[UUID],
    exchange_rate: Decimal,
    accounts: SalesAccounts,
) -> JournalDraft:
    """The entry of an issued invoice: Dr receivable; Cr VAT per category, levies, income per line account."""
    receivable, credits = _sale_amounts(tax, income_accounts, exchange_rate, accounts)
    party = _customer(customer_id)
    return JournalDraft(
        entry_date=entry_date,
        description=f"Invoice {number}",
        lines=(
            debit(accounts.receivable, receivable, f"Invoice {number}", party),
            *(_signed(account, amount, memo, credit_side=True) for account, amount, memo in credits),
        ),
        source=SourceDocument("invoice", invoice_id),
        idempotency_key=f"invoice:{invoice_id}",
    )


def debit_note_draft(
    *,
    debit_note_id: UUID,
    number: str,
    invoice_number: str,
    customer_id: UUID,
    entry_date: date,
    tax: DocumentTax,
    income_accounts: Sequence[UUID],
    exchange_rate: Decimal,
    accounts: SalesAccounts,
) -> JournalDraft:
    """The entry of a debit note: posted like an invoice of its lines (Dr receivable; Cr VAT, levies, income)."""
    receivable, credits = _sale_amounts(tax, income_accounts, exchange_rate, accounts)
    memo = f"Debit note {number} against {invoice_number}"
    return JournalDraft(
        entry_date=entry_date,
        description=memo,
        lines=(
            debit(accounts.receivable, receivable, memo, _customer(customer_id)),
            *(_signed(account, amount, line_memo, credit_side=True) for account, amount, line_memo in credits),
        ),
        source=SourceDocument("debit_note", debit_note_id),
        idempotency_key=f"debit_note:{debit_note_id}",
    )


def credit_note_draft(
    *,
    credit_note_id: UUID,
    number: str,
    invoice_number: str,
    customer_id: UUID,
    entry_date: date,
    tax: DocumentTax,
    income_accounts: Sequence[UUID],
    exchange_rate: Decimal,
    accounts: SalesAccounts,
) -> JournalDraft:
    """The entry of a credit note: the invoice's entry for the credited lines, on the other sides."""
    receivable, credits = _sale_amounts(tax, income_accounts, exchange_rate, accounts)
    party = _customer(customer_id)
    memo = f"Credit note {number} against {invoice_number}"
    return JournalDraft(
        entry_date=entry_date,
        description=memo,
        lines=(
            *(_signed(account, amount, line_memo, credit_side=False) for account, amount, line_memo in credits),
            credit(accounts.receivable, receivable, memo, party),
        ),
        source=SourceDocument("credit_note", credit_note_id),
        idempotency_key=f"credit_note:{credit_note_id}",
    )


def fx_difference_line(difference: Decimal, accounts: SalesAccounts) -> DraftLine | None:
    """The realised FX line: a gain (positive) is a credit, a loss a debit; None when there is none."""
    if difference == 0:
        return None
    return _signed(accounts.fx_gain_loss, difference, "Realised exchange difference", credit_side=True)


def payment_draft(
    *,
    payment_id: UUID,
    customer_id: UUID,
    entry_date: date,
    amount: Decimal,
    payment_rate: Decimal,
    deposit_account: UUID,
    allocations: Sequence[Allocation],
    accounts: SalesAccounts,
    reference: str = "",
) -> JournalDraft:
    """The entry of a payment received: Dr the deposit account; Cr each invoice's receivable at
    its own rate; the FX difference; Cr customer credit with what no invoice took."""
    party = _customer(customer_id)
    received = to_ngwee(amount * payment_rate)
    allocated = sum((allocation.amount for allocation in allocations), ZERO)
    cleared = [to_ngwee(allocation.amount * allocation.invoice_rate) for allocation in allocations]
    allocated_at_payment_rate = to_ngwee(allocated * payment_rate)
    left_over = received - allocated_at_payment_rate if amount > allocated else ZERO
    difference = received - left_over - sum(cleared, ZERO)
    lines: list[DraftLine] = [debit(deposit_account, received, reference or "Payment received", party)]
    lines.extend(
        credit(accounts.receivable, zmw, f"Payment on invoice {allocation.invoice_id}", party)
        for allocation, zmw in zip(allocations, cleared, strict=True)
    )
    fx = fx_difference_line(difference, accounts)
    if fx is not None:
        lines.append(fx)
    if left_over > 0:
        lines.append(credit(accounts.customer_credit, left_over, "Customer credit (over-payment)", party))
    return JournalDraft(
        entry_date=entry_date,
        description=f"Payment received{f' ({reference})' if reference else ''}",
        lines=tuple(lines),
        source=SourceDocument("payment", payment_id),
        idempotency_key=f"payment:{payment_id}",
    )


def credit_application_draft(
    *,
    payment_id: UUID,
    customer_id: UUID,
    entry_date: date,
    allocation: Allocation,
    payment_rate: Decimal,
    accounts: SalesAccounts,
    idempotency_key: str | None = None,
) -> JournalDraft:
    """The entry of customer credit applied to an invoice: Dr customer credit at the payment's
    rate; Cr the receivable at the invoice's; the FX difference between them."""
    party = _customer(customer_id)
    used = to_ngwee(allocation.amount * payment_rate)
    cleared = to_ngwee(allocation.amount * allocation.invoice_rate)
    lines = [
        debit(accounts.customer_credit, used, "Customer credit applied", party),
        credit(accounts.receivable, cleared, f"Credit applied to invoice {allocation.invoice_id}", party),
    ]
    fx = fx_difference_line(used - cleared, accounts)
    if fx is not None:
        lines.append(fx)
    return JournalDraft(
        entry_date=entry_date,
        description="Customer credit applied to an invoice",
        lines=tuple(lines),
        source=SourceDocument("payment", payment_id),
        idempotency_key=idempotency_key,
    )


def refund_draft(
    *,
    refund_id: UUID,
    customer_id: UUID,
    entry_date: date,
    amount: Decimal,
    payment_rate: Decimal,
    paid_from: UUID,
    accounts: SalesAccounts,
) -> JournalDraft:
    """The entry of customer credit paid back: Dr customer credit; Cr the account the money left from."""
    party = _customer(customer_id)
    zmw = to_ngwee(amount * payment_rate)
    return JournalDraft(
        entry_date=entry_date,
        description="Refund of customer credit",
        lines=(
            debit(accounts.customer_credit, zmw, "Customer credit refunded", party),
            credit(paid_from, zmw, "Refund paid", party),
        ),
        source=SourceDocument("refund", refund_id),
        idempotency_key=f"refund:{refund_id}",
    )
