"""Payments received: against one or more invoices, partly or in full; what no invoice takes
stays as the customer's credit. Posted (with any realised FX difference) in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from shared_code.ledger import accounts as ledger_accounts
from shared_code.ledger.model import CASH_SUBTYPES, AccountType
from shared_code.ledger.service import entry_posted_with_key, post_entry
from shared_code.platform.clock import Clock, today_in_zambia
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError, NotFound
from shared_code.platform.ids import new_id
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of
from shared_code.sales import customer_repository, payment_repository
from shared_code.sales.errors import rejected
from shared_code.sales.history import InvoiceEvent, InvoiceEventKind, record_event
from shared_code.sales.invoicing import sales_accounts
from shared_code.sales.model import ZMW, PaymentMethod
from shared_code.sales.payment_repository import PaymentRow
from shared_code.sales.posting import Allocation, credit_application_draft, payment_draft, refund_draft

NGWEE = Decimal("0.01")
DEFAULT_DEPOSIT_ROLES = {
    PaymentMethod.CASH: "cash_on_hand",
    PaymentMethod.BANK: "bank_zmw",
    PaymentMethod.CARD: "bank_zmw",
    PaymentMethod.CHEQUE: "bank_zmw",
}
"""Where a ZMW payment goes when the client names no account (mobile money must name its wallet)."""


_CURSOR = "payments"


@dataclass(frozen=True)
class AllocationRequest:
    """Part of a payment applied to one invoice."""

    invoice_id: UUID
    """An issued invoice of the same customer and currency."""
    amount: Decimal
    """Up to what is outstanding on it."""


@dataclass(frozen=True)
class PaymentRequest:
    """A payment as a client records it."""

    customer_id: UUID
    """Who paid."""
    method: PaymentMethod
    """How."""
    amount: Decimal
    """What arrived, 2 dp, above zero."""
    allocations: tuple[AllocationRequest, ...] = ()
    """Invoices it pays; the rest is kept as credit."""
    payment_date: date | None = None
    """Today in Zambia by default."""
    currency: str = ZMW
    """ISO code."""
    exchange_rate: Decimal | None = None
    """ZMW per unit on the payment date; required for a foreign currency."""
    deposit_account_id: UUID | None = None
    """Cash, bank or wallet account the money went to."""
    reference: str = ""
    """Bank or mobile-money reference."""


def _money_problems(field: str, amount: Decimal) -> list[FieldError]:
    if not amount.is_finite() or amount <= 0:
        return [FieldError(field, "amount_not_positive", "The amount must be above zero.")]
    if amount != amount.quantize(NGWEE):
        return [FieldError(field, "amount_precision", "At most 2 decimal places (ngwee).")]
    return []


def _deposit_account(uow: UnitOfWork, request: PaymentRequest, errors: list[FieldError]) -> UUID | None:
    if request.deposit_account_id is None:
        role = DEFAULT_DEPOSIT_ROLES.get(request.method) if request.currency == ZMW else None
        if role is None:
            errors.append(
                FieldError("deposit_account_id", "deposit_account_required", "Say which account received it.")
            )
            return None
        return ledger_accounts.account_for_role(uow, role).id
    try:
        account = ledger_accounts.get_account(uow, request.deposit_account_id)
    except NotFound:
        errors.append(FieldError("deposit_account_id", "account_not_found", "No such account."))
        return None
    if account.account_type is not AccountType.ASSET or account.subtype not in CASH_SUBTYPES or not account.is_postable:
        errors.append(
            FieldError("deposit_account_id", "account_not_cash", f"{account.code} is not cash, bank or wallet.")
        )
        return None
    return account.id


def record_payment(
    uow: UnitOfWork, request: PaymentRequest, *, recorded_by: UUID, clock: Clock, idempotency_key: str | None = None
) -> PaymentRow:
    """Record and post a payment; 422 with every problem and nothing written."""
    if idempotency_key is not None:
        existing = payment_repository.payment_id_for_key(uow, idempotency_key)
        if existing is not None:
            return get_payment(uow, existing)
    errors = _money_problems("amount", request.amount)
    if customer_repository.get_customer(uow, request.customer_id) is None:
        errors.append(FieldError("customer_id", "customer_not_found", "No such customer."))
    currency = request.currency.upper()
    rate = Decimal(1) if currency == ZMW else request.exchange_rate
    if rate is None or rate <= 0:
        errors.append(FieldError("exchange_rate", "exchange_rate_required", "Give the ZMW rate of a foreign currency."))
    deposit = _deposit_account(uow, request, errors)
    invoices = payment_repository.lock_invoices(uow, [a.invoice_id for a in request.allocations])
    allocations: list[Allocation] = []
    seen: set[UUID] = set()
    for index, wanted in enumerate(request.allocations):
        path = f"allocations.{index}"
        errors.extend(_money_problems(f"{path}.amount", wanted.amount))
        invoice = invoices.get(wanted.invoice_id)
        if invoice is None or invoice["status"] != "issued" or invoice["customer_id"] != request.customer_id:
            errors.append(
                FieldError(f"{path}.invoice_id", "invoice_not_payable", "No issued invoice of this customer.")
            )
            continue
        if wanted.invoice_id in seen:
            errors.append(FieldError(f"{path}.invoice_id", "invoice_repeated", "Each invoice once per payment."))
        seen.add(wanted.invoice_id)
        if invoice["currency"] != currency:
            errors.append(
                FieldError(f"{path}.invoice_id", "currency_mismatch", f"The invoice is in {invoice['currency']}.")
            )
        outstanding = Decimal(str(invoice["outstanding"]))
        if wanted.amount > outstanding:
            errors.append(FieldError(f"{path}.amount", "allocation_exceeds_outstanding", f"At most {outstanding}."))
        allocations.append(Allocation(wanted.invoice_id, wanted.amount, Decimal(str(invoice["exchange_rate"]))))
    allocated = sum((a.amount for a in request.allocations), Decimal(0))
    if allocated > request.amount:
        errors.append(
            FieldError("allocations", "allocations_exceed_amount", "The allocations add up to more than paid.")
        )
    if errors or deposit is None or rate is None:
        raise rejected(errors, "The payment cannot be recorded.")
    payment_id = new_id()
    payment_date = request.payment_date or today_in_zambia(clock)
    entry = post_entry(
        uow,
        payment_draft(
            payment_id=payment_id,
            customer_id=request.customer_id,
            entry_date=payment_date,
            amount=request.amount,
            payment_rate=rate,
            deposit_account=deposit,
            allocations=allocations,
            accounts=sales_accounts(uow, vat=False, levies=set()),
            reference=request.reference.strip(),
        ),
        posted_by=recorded_by,
        clock=clock,
    )
    payment = PaymentRow(
        id=payment_id,
        customer_id=request.customer_id,
        payment_date=payment_date,
        method=request.method.value,
        amount=request.amount,
        currency=currency,
        exchange_rate=rate,
        unallocated=request.amount - allocated,
        deposit_account_id=deposit,
        reference=request.reference.strip(),
        journal_entry_id=entry.id,
    )
    payment_repository.insert_payment(
        uow, payment, [(a.invoice_id, a.amount) for a in allocations], created_by=recorded_by, key=idempotency_key
    )
    recorded_at = clock.now()
    for allocation in allocations:
        _record_applied(uow, allocation.invoice_id, payment, allocation.amount, recorded_by, recorded_at)
    return payment


def _record_applied(
    uow: UnitOfWork, invoice_id: UUID, payment: PaymentRow, amount: Decimal, by: UUID, at: datetime
) -> None:
    record_event(
        uow,
        invoice_id,
        InvoiceEvent(
            InvoiceEventKind.PAYMENT_APPLIED,
            at,
            by,
            amount=amount,
            reference=payment.reference or None,
            related_id=payment.id,
        ),
    )


@dataclass(frozen=True)
class PaymentWithAllocations:
    """A payment and what it paid: (invoice, amount) per invoice."""

    payment: PaymentRow
    allocations: list[tuple[UUID, Decimal]]


def list_payments(
    uow: UnitOfWork,
    *,
    customer_id: UUID | None = None,
    invoice_id: UUID | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[PaymentWithAllocations]:
    """Payments and refunds, newest first, each with its allocations; of one customer, or
    those applied to one invoice, if given."""
    after = None
    if cursor:
        day, last_id = decode_cursor(_CURSOR, cursor, 2)
        after = (cursor_part(date.fromisoformat, day), cursor_part(UUID, last_id))
    rows = payment_repository.list_payments(
        uow, customer_id=customer_id, invoice_id=invoice_id, after=after, limit=limit + 1
    )
    page = page_of(rows, limit, lambda p: encode_cursor(_CURSOR, p.payment_date.isoformat(), str(p.id)))
    allocations = payment_repository.allocations_of_payments(uow, [p.id for p in page.items])
    return Page(
        items=tuple(PaymentWithAllocations(p, allocations[p.id]) for p in page.items), next_cursor=page.next_cursor
    )


def get_payment(uow: UnitOfWork, payment_id: UUID) -> PaymentRow:
    """One payment; 404 `payment_not_found` if there is none."""
    payment = payment_repository.get_payment(uow, payment_id)
    if payment is None:
        raise NotFound("payment", code="payment_not_found")
    return payment


def _credit_payment(uow: UnitOfWork, payment_id: UUID) -> PaymentRow:
    payment = payment_repository.lock_payment(uow, payment_id)
    if payment is None:
        raise NotFound("payment", code="payment_not_found")
    return payment


def apply_credit(
    uow: UnitOfWork,
    payment_id: UUID,
    *,
    invoice_id: UUID,
    amount: Decimal,
    applied_by: UUID,
    clock: Clock,
    on: date | None = None,
    idempotency_key: str | None = None,
) -> PaymentRow:
    """Apply part of a payment's unused credit to an issued invoice of the same customer and
    currency; posted with any FX difference. 422 above the credit or the outstanding amount.
    A retry with the same idempotency key returns the payment and applies nothing more."""
    payment = _credit_payment(uow, payment_id)
    entry_key = f"apply:{payment.id}:{idempotency_key}" if idempotency_key else None
    if entry_key is not None and entry_posted_with_key(uow, entry_key) is not None:
        return payment
    errors = _money_problems("amount", amount)
    invoice = payment_repository.lock_invoices(uow, [invoice_id]).get(invoice_id)
    if invoice is None or invoice["status"] != "issued" or invoice["customer_id"] != payment.customer_id:
        errors.append(FieldError("invoice_id", "invoice_not_payable", "No issued invoice of this customer."))
    else:
        if invoice["currency"] != payment.currency:
            errors.append(FieldError("invoice_id", "currency_mismatch", f"The invoice is in {invoice['currency']}."))
        outstanding = Decimal(str(invoice["outstanding"]))
        if amount > outstanding:
            errors.append(FieldError("amount", "allocation_exceeds_outstanding", f"At most {outstanding}."))
    if amount > payment.unallocated:
        errors.append(FieldError("amount", "credit_exceeds_available", f"At most {payment.unallocated} is unused."))
    if errors or invoice is None:
        raise rejected(errors, "The credit cannot be applied.")
    day = on or today_in_zambia(clock)
    post_entry(
        uow,
        credit_application_draft(
            payment_id=payment.id,
            customer_id=payment.customer_id,
            entry_date=day,
            allocation=Allocation(invoice_id, amount, Decimal(str(invoice["exchange_rate"]))),
            payment_rate=payment.exchange_rate,
            accounts=sales_accounts(uow, vat=False, levies=set()),
            idempotency_key=entry_key,
        ),
        posted_by=applied_by,
        clock=clock,
    )
    payment_repository.use_credit(uow, payment.id, amount)
    payment_repository.add_allocation(uow, payment.id, invoice_id, amount, day)
    _record_applied(uow, invoice_id, payment, amount, applied_by, clock.now())
    return get_payment(uow, payment.id)


def refund_credit(
    uow: UnitOfWork,
    payment_id: UUID,
    *,
    amount: Decimal,
    refunded_by: UUID,
    clock: Clock,
    paid_from: UUID | None = None,
    on: date | None = None,
    reference: str = "",
    idempotency_key: str | None = None,
) -> PaymentRow:
    """Pay part of a payment's unused credit back to the customer (from the account it came
    into unless another is named); recorded as a refund and posted. 422 above the credit."""
    if idempotency_key is not None:
        existing = payment_repository.payment_id_for_key(uow, f"refund:{idempotency_key}")
        if existing is not None:
            return get_payment(uow, existing)
    payment = _credit_payment(uow, payment_id)
    errors = _money_problems("amount", amount)
    if amount > payment.unallocated:
        errors.append(FieldError("amount", "credit_exceeds_available", f"At most {payment.unallocated} is unused."))
    request = PaymentRequest(
        customer_id=payment.customer_id,
        method=PaymentMethod(payment.method),
        amount=amount,
        currency=payment.currency,
        deposit_account_id=paid_from or payment.deposit_account_id,
    )
    account = _deposit_account(uow, request, errors)
    if errors or account is None:
        raise rejected(errors, "The refund cannot be made.")
    refund_id = new_id()
    day = on or today_in_zambia(clock)
    entry = post_entry(
        uow,
        refund_draft(
            refund_id=refund_id,
            customer_id=payment.customer_id,
            entry_date=day,
            amount=amount,
            payment_rate=payment.exchange_rate,
            paid_from=account,
            accounts=sales_accounts(uow, vat=False, levies=set()),
        ),
        posted_by=refunded_by,
        clock=clock,
    )
    payment_repository.use_credit(uow, payment.id, amount)
    refund = PaymentRow(
        id=refund_id,
        customer_id=payment.customer_id,
        payment_date=day,
        method=payment.method,
        amount=amount,
        currency=payment.currency,
        exchange_rate=payment.exchange_rate,
        unallocated=Decimal("0.00"),
        deposit_account_id=account,
        reference=reference.strip() or f"Refund of credit from payment {payment.id}",
        journal_entry_id=entry.id,
        kind="refund",
    )
    key = f"refund:{idempotency_key}" if idempotency_key else None
    payment_repository.insert_payment(uow, refund, [], created_by=refunded_by, key=key)
    return refund


def payment_allocations(uow: UnitOfWork, payment_id: UUID) -> list[tuple[UUID, Decimal]]:
    """(invoice, amount) of each invoice the payment was applied to."""
    return payment_repository.allocations_of(uow, payment_id)
