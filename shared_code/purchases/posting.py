"""Pure builders: the journal drafts of expenses, bills, supplier payments, supplier credits,
reimbursements and the reverse charge, in ZMW.

A purchase debits each line's account with what it cost net of VAT, input VAT (1400) with
what may be claimed and non-claimable VAT (6240) with the rest, and credits what paid for it:
the cash, bank or wallet account (an expense), the staff member's reimbursement (2020, an
expense a member of staff paid) or trade payables (2010, a bill, the supplier as party).
Reverse charge adds the 16% to the cost and credits 2120; import VAT paid at customs is
debited to 1400 (or 6240) and paid with the rest. Every amount is rounded to the ngwee once
and the last ngwee of rounding lands on the largest cost line, so each draft balances by
construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from shared_code.ledger.model import Party, PartyType, SourceDocument
from shared_code.ledger.posting import DraftLine, JournalDraft, credit, debit
from shared_code.purchases.input_vat import InputVatDecision, VatRoute

ZERO = Decimal("0.00")
NGWEE = Decimal("0.01")
HUNDRED = Decimal(100)

ROLES = ("trade_payables", "non_claimable_vat", "accrued_expenses")
"""The chart roles every purchase posting may need (VAT, RVAT and WHT add theirs)."""


def to_ngwee(value: Decimal) -> Decimal:
    """`value` to the ngwee, half up."""
    return value.quantize(NGWEE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PurchaseAccounts:
    """The accounts purchases post to, found by their chart role."""

    payable: UUID
    """`trade_payables` (2010)."""
    non_claimable_vat: UUID
    """`non_claimable_vat` (6240)."""
    reimbursement: UUID
    """`accrued_expenses` (2020): what is owed to a member of staff who paid."""
    vat_input: UUID | None = None
    """`vat_input` (1400); None for a buyer that claims none."""
    reverse_charge_vat: UUID | None = None
    """`reverse_charge_vat` (2120), when a purchase is reverse-charged."""
    withholding_tax: UUID | None = None
    """`withholding_tax_payable` (2240), when tax is withheld from a payment."""


@dataclass(frozen=True)
class CostLine:
    """A line's cost as the tax engine computed it."""

    account_id: UUID
    """The account it is debited to."""
    net: Decimal
    """VAT-exclusive amount (the engine's precision)."""
    vat: Decimal
    """VAT charged on it."""
    claimable_share: Decimal = Decimal(1)
    """The share of `vat` that may be claimed (a restricted category: below 1)."""


@dataclass(frozen=True)
class PurchaseAmounts:
    """What a purchase posts, to the ngwee."""

    costs: tuple[tuple[UUID, Decimal], ...]
    """Debits by account, in first-seen order (reverse charge included)."""
    input_vat: Decimal
    """Dr 1400."""
    vat_cost: Decimal
    """Dr 6240."""
    reverse_charge_vat: Decimal
    """Cr 2120."""
    paid: Decimal
    """What the supplier (and customs) are paid: the credit to payables, cash or reimbursement."""


def purchase_amounts(
    lines: Sequence[CostLine],
    *,
    total: Decimal,
    decision: InputVatDecision,
    reverse_charge_rate: Decimal = Decimal(0),
    import_vat: Decimal = ZERO,
) -> PurchaseAmounts:
    """The ngwee amounts of a purchase whose lines charge `total` (to the ngwee), VAT decided by `decision`."""
    if not lines:
        raise ValueError("a purchase has at least one line")
    vat = to_ngwee(sum((line.vat for line in lines), ZERO))
    claimable = to_ngwee(sum((line.vat * line.claimable_share for line in lines), ZERO))
    input_vat = claimable if decision.route is VatRoute.CLAIM else ZERO
    vat_cost = vat - input_vat
    if import_vat:
        if decision.route is VatRoute.CLAIM:
            input_vat += import_vat
        else:
            vat_cost += import_vat
    costs: dict[UUID, Decimal] = {}
    for line in lines:
        costs[line.account_id] = costs.get(line.account_id, Decimal(0)) + line.net
    rounded = {account: to_ngwee(amount) for account, amount in costs.items()}
    largest = max(rounded, key=lambda account: abs(rounded[account]))
    rounded[largest] += total - vat - sum(rounded.values(), ZERO)
    rvat = ZERO
    if decision.route is VatRoute.REVERSE_CHARGE and reverse_charge_rate:
        rvat = to_ngwee(sum(rounded.values(), ZERO) * reverse_charge_rate / HUNDRED)
        shares = {account: to_ngwee(amount * reverse_charge_rate / HUNDRED) for account, amount in rounded.items()}
        shares[largest] += rvat - sum(shares.values(), ZERO)
        rounded = {account: amount + shares[account] for account, amount in rounded.items()}
    return PurchaseAmounts(
        costs=tuple(rounded.items()),
        input_vat=input_vat,
        vat_cost=vat_cost,
        reverse_charge_vat=rvat,
        paid=total + import_vat,
    )


def _supplier(supplier_id: UUID | None) -> Party | None:
    return Party(PartyType.SUPPLIER, supplier_id) if supplier_id is not None else None


def _signed_debit(account: UUID, amount: Decimal, memo: str, party: Party | None = None) -> DraftLine:
    """A debit for a positive amount, a credit for a negative one (a line's rounding may flip it)."""
    return debit(account, amount, memo, party) if amount >= 0 else credit(account, -amount, memo, party)


def _cost_lines(amounts: PurchaseAmounts, accounts: PurchaseAccounts, memo: str) -> list[DraftLine]:
    lines = [_signed_debit(account, amount, memo) for account, amount in amounts.costs if amount != 0]
    if amounts.input_vat:
        if accounts.vat_input is None:
            raise ValueError("input VAT is claimed but no VAT input account was given")
        lines.append(debit(accounts.vat_input, amounts.input_vat, "Input VAT"))
    if amounts.vat_cost:
        lines.append(debit(accounts.non_claimable_vat, amounts.vat_cost, "Non-claimable VAT"))
    lines.extend(reverse_charge_lines(amounts.reverse_charge_vat, accounts))
    return lines


def reverse_charge_lines(rvat: Decimal, accounts: PurchaseAccounts) -> list[DraftLine]:
    """The reverse charge's credit: RVAT owed to ZRA on an imported service (its debit is in the cost)."""
    if not rvat:
        return []
    if accounts.reverse_charge_vat is None:
        raise ValueError("a reverse charge needs the reverse-charge VAT account")
    return [credit(accounts.reverse_charge_vat, rvat, "Reverse-charge VAT (imported service)")]


def expense_draft(
    *,
    expense_id: UUID,
    number: str,
    entry_date: date,
    amounts: PurchaseAmounts,
    accounts: PurchaseAccounts,
    paid_from: UUID | None,
    supplier_id: UUID | None = None,
    staff_memo: str = "",
) -> JournalDraft:
    """An expense paid now: Dr costs and VAT; Cr the account it was paid from, or the staff
    member's reimbursement (2020) when `paid_from` is None."""
    memo = f"Expense {number}"
    party = _supplier(supplier_id)
    paid = (
        credit(paid_from, amounts.paid, memo, party)
        if paid_from is not None
        else credit(accounts.reimbursement, amounts.paid, staff_memo or f"{memo}: reimburse staff")
    )
    return JournalDraft(
        entry_date=entry_date,
        description=memo,
        lines=(*_cost_lines(amounts, accounts, memo), paid),
        source=SourceDocument("expense", expense_id),
        idempotency_key=f"expense:{expense_id}",
    )


def bill_draft(
    *,
    bill_id: UUID,
    number: str,
    supplier_id: UUID,
    entry_date: date,
    amounts: PurchaseAmounts,
    accounts: PurchaseAccounts,
) -> JournalDraft:
    """A bill on credit: Dr costs and VAT; Cr trade payables (2010) with the supplier as party."""
    memo = f"Bill {number}"
    return JournalDraft(
        entry_date=entry_date,
        description=memo,
        lines=(
            *_cost_lines(amounts, accounts, memo),
            credit(accounts.payable, amounts.paid, memo, _supplier(supplier_id)),
        ),
        source=SourceDocument("bill", bill_id),
        idempotency_key=f"bill:{bill_id}",
    )


@dataclass(frozen=True)
class BillSettlement:
    """Part of a supplier payment applied to one bill."""

    bill_id: UUID
    """The bill."""
    number: str
    """Its number."""
    amount: Decimal
    """What it takes off the bill, 2 dp (cash paid plus tax withheld)."""
    withheld: Decimal = ZERO
    """The part withheld as WHT, 2 dp."""


def supplier_payment_draft(
    *,
    payment_id: UUID,
    number: str,
    supplier_id: UUID,
    entry_date: date,
    settlements: Sequence[BillSettlement],
    paid_from: UUID,
    accounts: PurchaseAccounts,
    reference: str = "",
) -> JournalDraft:
    """A payment to a supplier across bills: Dr trade payables per bill; Cr the account paid
    from with the cash; Cr WHT payable (2240) with what was withheld."""
    party = _supplier(supplier_id)
    withheld = sum((s.withheld for s in settlements), ZERO)
    cleared = sum((s.amount for s in settlements), ZERO)
    lines = [debit(accounts.payable, s.amount, f"Payment of bill {s.number}", party) for s in settlements]
    if cleared - withheld:
        lines.append(credit(paid_from, cleared - withheld, reference or f"Supplier payment {number}", party))
    if withheld:
        if accounts.withholding_tax is None:
            raise ValueError("tax is withheld but no WHT payable account was given")
        lines.append(credit(accounts.withholding_tax, withheld, f"WHT withheld, payment {number}", party))
    return JournalDraft(
        entry_date=entry_date,
        description=f"Supplier payment {number}",
        lines=tuple(lines),
        source=SourceDocument("supplier_payment", payment_id),
        idempotency_key=f"supplier_payment:{payment_id}",
    )


def supplier_credit_draft(
    *,
    credit_id: UUID,
    number: str,
    bill_number: str,
    supplier_id: UUID,
    entry_date: date,
    bill_lines: Sequence[tuple[UUID, Decimal, Decimal]],
    bill_payable: Decimal,
    amount: Decimal,
    accounts: PurchaseAccounts,
) -> JournalDraft:
    """A supplier's credit against a bill: Dr trade payables with `amount`; the bill's other
    lines (account, debit, credit) undone in the same proportion (`amount / bill_payable`),
    the last ngwee on the largest."""
    if not 0 < amount <= bill_payable:
        raise ValueError("a credit is above zero and at most the bill")
    ratio = amount / bill_payable
    signed = [(account, to_ngwee((dr - cr) * ratio)) for account, dr, cr in bill_lines]
    largest = max(range(len(signed)), key=lambda i: abs(signed[i][1]))
    account, value = signed[largest]
    signed[largest] = (account, value + amount - sum((v for _, v in signed), ZERO))
    memo = f"Supplier credit {number} against bill {bill_number}"
    return JournalDraft(
        entry_date=entry_date,
        description=memo,
        lines=(
            debit(accounts.payable, amount, memo, _supplier(supplier_id)),
            *(
                credit(account, value, memo) if value > 0 else debit(account, -value, memo)
                for account, value in signed
                if value != 0
            ),
        ),
        source=SourceDocument("supplier_credit", credit_id),
        idempotency_key=f"supplier_credit:{credit_id}",
    )


def reimbursement_draft(
    *,
    reimbursement_id: UUID,
    entry_date: date,
    amount: Decimal,
    paid_from: UUID,
    accounts: PurchaseAccounts,
    memo: str,
) -> JournalDraft:
    """A member of staff paid back for an expense they paid: Dr the reimbursement (2020); Cr the account paid from."""
    return JournalDraft(
        entry_date=entry_date,
        description=memo,
        lines=(debit(accounts.reimbursement, amount, memo), credit(paid_from, amount, memo)),
        source=SourceDocument("reimbursement", reimbursement_id),
        idempotency_key=f"reimbursement:{reimbursement_id}",
    )
