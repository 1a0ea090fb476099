"""Paying suppliers across bills, with withholding tax deducted, and recording their credits.

A payment takes what each allocation says off its bill; of that, the WHT of the supplier's
type (on the VAT-exclusive part, at the rate of the payment's date) is withheld and owed to
ZRA (2240), the rest leaves the bank. A supplier credit takes an amount off a posted bill
and undoes that share of the bill's entry. Neither may take more than a bill's balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.ledger import accounts as ledger_accounts
from shared_code.ledger.service import get_entry, post_entry
from shared_code.platform.clock import Clock, today_in_zambia
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id
from shared_code.purchases import purchase_repository, settlement_repository, supplier_repository
from shared_code.purchases.errors import credit_not_found, payment_not_found, rejected
from shared_code.purchases.model import Purchase, PurchaseKind, PurchasePaymentMethod, PurchaseStatus
from shared_code.purchases.posting import BillSettlement, supplier_credit_draft, supplier_payment_draft, to_ngwee
from shared_code.purchases.purchasing import paid_from_problem, purchase_accounts
from shared_code.purchases.settlement_repository import SupplierCredit, SupplierPayment
from shared_code.purchases.wht import wht_amount, wht_rate
from shared_code.sales.model import format_number

_DEFAULT_ROLE = {
    PurchasePaymentMethod.CASH: "cash_on_hand",
    PurchasePaymentMethod.BANK: "bank_zmw",
    PurchasePaymentMethod.CARD: "bank_zmw",
}


@dataclass(frozen=True)
class PaymentRequest:
    """A payment to a supplier as a client sends it."""

    supplier_id: UUID
    allocations: tuple[tuple[UUID, Decimal], ...]
    """(bill, amount taken off it: cash plus tax withheld)."""
    method: PurchasePaymentMethod
    payment_date: date | None = None
    paid_from_account_id: UUID | None = None
    withhold_tax: bool | None = None
    """None: withhold when the supplier has a WHT type."""
    reference: str = ""


def _amount_problems(field: str, amount: Decimal) -> list[FieldError]:
    if not amount.is_finite() or amount <= 0:
        return [FieldError(field, "amount_not_positive", "The amount must be above zero.")]
    if amount != amount.quantize(Decimal("0.01")):
        return [FieldError(field, "amount_precision", "At most 2 decimal places (ngwee).")]
    return []


def _bill_problems(path: str, bill: Purchase | None, supplier_id: UUID, amount: Decimal) -> list[FieldError]:
    if (
        bill is None
        or bill.header.kind is not PurchaseKind.BILL
        or bill.status is not PurchaseStatus.POSTED
        or bill.header.supplier_id != supplier_id
    ):
        return [FieldError(f"{path}.bill_id", "bill_not_payable", "No posted bill of this supplier.")]
    if amount > bill.outstanding:
        return [FieldError(f"{path}.amount", "amount_exceeds_balance", f"The bill's balance is {bill.outstanding}.")]
    return []


def _withheld(bill: Purchase, amount: Decimal, rate: Decimal) -> Decimal:
    """WHT on the VAT-exclusive part of `amount` taken off `bill`."""
    net_share = (bill.amount_due - to_ngwee(bill.total_vat) - bill.header.import_vat) / bill.amount_due
    return wht_amount(amount * net_share, rate)


def pay_supplier(
    uow: UnitOfWork, request: PaymentRequest, *, paid_by: UUID, clock: Clock, idempotency_key: str | None = None
) -> SupplierPayment:
    """Pay bills of one supplier in this transaction; 422 with every problem, nothing written."""
    if idempotency_key is not None:
        existing = settlement_repository.payment_id_for_key(uow, idempotency_key)
        if existing is not None:
            return get_payment(uow, existing)[0]
    on = request.payment_date or today_in_zambia(clock)
    errors: list[FieldError] = []
    supplier = supplier_repository.get_supplier(uow, request.supplier_id)
    if supplier is None:
        raise rejected([FieldError("supplier_id", "supplier_not_found", "No such supplier.")], "Not paid.")
    if request.method is PurchasePaymentMethod.STAFF:
        errors.append(FieldError("method", "method_invalid", "Pay a supplier by cash, bank, wallet or card."))
    account_id = request.paid_from_account_id
    if account_id is None:
        role = _DEFAULT_ROLE.get(request.method)
        if role is None:
            errors.append(FieldError("paid_from_account_id", "paid_from_required", "Say which account paid."))
        else:
            account_id = ledger_accounts.account_for_role(uow, role).id
    if account_id is not None:
        errors.extend(paid_from_problem(uow, account_id))
    if not request.allocations:
        errors.append(FieldError("allocations", "allocations_required", "Say which bills are paid."))
    withhold = request.withhold_tax if request.withhold_tax is not None else supplier.wht_type is not None
    rate = Decimal(0)
    if withhold:
        if supplier.wht_type is None:
            errors.append(FieldError("withhold_tax", "wht_type_required", "The supplier has no withholding tax type."))
        else:
            found = wht_rate(supplier.wht_type, resident=supplier.resident, on=on)
            if found is None:
                errors.append(FieldError("withhold_tax", "wht_rate_missing", f"No {supplier.wht_type} rate on {on}."))
            rate = found or Decimal(0)
    bills = purchase_repository.purchases_by_ids(uow, [bill for bill, _ in request.allocations], for_update=True)
    settlements: list[BillSettlement] = []
    seen: set[UUID] = set()
    for index, (bill_id, amount) in enumerate(request.allocations):
        path = f"allocations.{index}"
        if bill_id in seen:
            errors.append(FieldError(f"{path}.bill_id", "bill_repeated", "Each bill once per payment."))
            continue
        seen.add(bill_id)
        problems = _amount_problems(f"{path}.amount", amount)
        bill = bills.get(bill_id)
        problems = problems or _bill_problems(path, bill, supplier.id, amount)
        errors.extend(problems)
        if not problems and bill is not None and bill.number is not None:
            withheld = _withheld(bill, amount, rate) if rate else Decimal("0.00")
            settlements.append(BillSettlement(bill_id, bill.number, amount, withheld))
    if errors:
        raise rejected(errors, "The payment is not valid.")
    assert account_id is not None
    payment_id = new_id()
    number = format_number(
        "SPAY-{year}-{seq:05d}", year=on.year, sequence=purchase_repository.next_number(uow, "supplier_payment")
    )
    withheld_total = sum((s.withheld for s in settlements), Decimal("0.00"))
    entry = post_entry(
        uow,
        supplier_payment_draft(
            payment_id=payment_id,
            number=number,
            supplier_id=supplier.id,
            entry_date=on,
            settlements=settlements,
            paid_from=account_id,
            accounts=purchase_accounts(uow, wht=withheld_total > 0),
            reference=request.reference.strip(),
        ),
        posted_by=paid_by,
        clock=clock,
    )
    cleared = sum((s.amount for s in settlements), Decimal("0.00"))
    payment = SupplierPayment(
        id=payment_id,
        number=number,
        supplier_id=supplier.id,
        payment_date=on,
        method=request.method.value,
        paid_from_account_id=account_id,
        amount_cleared=cleared,
        wht_amount=withheld_total,
        wht_type=supplier.wht_type if withheld_total else None,
        amount_paid=cleared - withheld_total,
        reference=request.reference.strip(),
        journal_entry_id=entry.id,
    )
    settlement_repository.insert_payment(uow, payment, settlements, key=idempotency_key, created_by=paid_by)
    for settlement in settlements:
        purchase_repository.add_settled(uow, settlement.bill_id, paid=settlement.amount)
    return payment


def get_payment(uow: UnitOfWork, payment_id: UUID) -> tuple[SupplierPayment, list[tuple[UUID, Decimal, Decimal]]]:
    """A payment and its allocations; 404 `supplier_payment_not_found`."""
    found = settlement_repository.get_payment(uow, payment_id)
    if found is None:
        raise payment_not_found()
    return found


def list_payments(uow: UnitOfWork, *, supplier_id: UUID | None, limit: int = 100) -> list[SupplierPayment]:
    """The latest payments to suppliers, newest first."""
    return settlement_repository.list_payments(uow, supplier_id=supplier_id, limit=limit)


@dataclass(frozen=True)
class CreditRequest:
    """A supplier credit as a client sends it."""

    bill_id: UUID
    amount: Decimal
    """VAT-inclusive, as the supplier's credit note shows it."""
    credit_date: date | None = None
    reason: str = ""
    supplier_reference: str = ""


def record_supplier_credit(
    uow: UnitOfWork, request: CreditRequest, *, recorded_by: UUID, clock: Clock, idempotency_key: str | None = None
) -> SupplierCredit:
    """Take a supplier's credit off a posted bill and undo that share of its entry; 422 if it is
    more than the bill's balance (`amount_exceeds_balance`)."""
    if idempotency_key is not None:
        existing = settlement_repository.credit_id_for_key(uow, idempotency_key)
        if existing is not None:
            return get_credit(uow, existing)
    bill = purchase_repository.purchases_by_ids(uow, [request.bill_id], for_update=True).get(request.bill_id)
    errors = _amount_problems("amount", request.amount)
    if bill is None or bill.header.supplier_id is None:
        errors.append(FieldError("bill_id", "bill_not_payable", "No posted bill."))
    elif not errors:
        errors = [
            FieldError(e.field.removeprefix("x."), e.code, e.message)
            for e in _bill_problems("x", bill, bill.header.supplier_id, request.amount)
        ]
    if errors:
        raise rejected(errors, "The credit is not valid.")
    assert bill is not None
    assert bill.header.supplier_id is not None
    assert bill.journal_entry_id is not None
    assert bill.number is not None
    on = request.credit_date or today_in_zambia(clock)
    accounts = purchase_accounts(uow)
    bill_lines = [
        (line.account_id, line.debit, line.credit)
        for line in get_entry(uow, bill.journal_entry_id).lines
        if line.account_id != accounts.payable
    ]
    credit_id = new_id()
    number = format_number(
        "SCR-{year}-{seq:05d}", year=on.year, sequence=purchase_repository.next_number(uow, "supplier_credit")
    )
    entry = post_entry(
        uow,
        supplier_credit_draft(
            credit_id=credit_id,
            number=number,
            bill_number=bill.number,
            supplier_id=bill.header.supplier_id,
            entry_date=on,
            bill_lines=bill_lines,
            bill_payable=bill.amount_due,
            amount=request.amount,
            accounts=accounts,
        ),
        posted_by=recorded_by,
        clock=clock,
    )
    credit = SupplierCredit(
        id=credit_id,
        number=number,
        supplier_id=bill.header.supplier_id,
        bill_id=bill.id,
        credit_date=on,
        amount=request.amount,
        reason=request.reason.strip(),
        supplier_reference=request.supplier_reference.strip(),
        journal_entry_id=entry.id,
    )
    settlement_repository.insert_credit(uow, credit, key=idempotency_key, created_by=recorded_by)
    purchase_repository.add_settled(uow, bill.id, credited=request.amount)
    return credit


def get_credit(uow: UnitOfWork, credit_id: UUID) -> SupplierCredit:
    """A supplier credit; 404 `supplier_credit_not_found`."""
    credit = settlement_repository.get_credit(uow, credit_id)
    if credit is None:
        raise credit_not_found()
    return credit
