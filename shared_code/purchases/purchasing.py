"""Expenses and bills: draft, preview, change, submit, approve or reject, post (numbered and
posted in one transaction), void (a posted one by reversal), reimburse a member of staff.

The document moves by `model.TRANSITIONS`. Until approvals ([APPR]) exist, approving is a
direct action of a member with `expenses:approve` who neither drafted nor submitted it;
`approve_purchase` and `reject_purchase` are the steps an approval orchestration will call.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID

from shared_code.ledger import accounts as ledger_accounts
from shared_code.ledger.model import CASH_SUBTYPES, AccountType
from shared_code.ledger.service import post_entry, reverse_entry
from shared_code.platform.clock import Clock, today_in_zambia
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import Conflict, FieldError
from shared_code.platform.ids import new_id
from shared_code.platform.paging import Page, cursor_part, decode_cursor, encode_cursor, page_of
from shared_code.purchases import purchase_repository
from shared_code.purchases.computing import Computed, LineRequest, PurchaseRequest, compute
from shared_code.purchases.errors import action_not_allowed, own_approval, purchase_not_found, rejected
from shared_code.purchases.model import (
    Purchase,
    PurchaseAction,
    PurchaseKind,
    PurchasePaymentMethod,
    PurchaseStatus,
    next_status,
)
from shared_code.purchases.posting import (
    ROLES,
    PurchaseAccounts,
    bill_draft,
    expense_draft,
    reimbursement_draft,
)
from shared_code.purchases.purchase_repository import PurchaseFilter
from shared_code.sales.model import format_number

NUMBER_FORMATS = {PurchaseKind.EXPENSE: "EXP-{year}-{seq:05d}", PurchaseKind.BILL: "BILL-{year}-{seq:05d}"}


def purchase_accounts(
    uow: UnitOfWork, *, vat_input: bool = False, reverse_charge: bool = False, wht: bool = False
) -> PurchaseAccounts:
    """The accounts purchases post to, by chart role (409 `account_role_missing` if one is gone)."""
    found = ledger_accounts.accounts_for_roles(
        uow,
        set(ROLES)
        | ({"vat_input"} if vat_input else set())
        | ({"reverse_charge_vat"} if reverse_charge else set())
        | ({"withholding_tax_payable"} if wht else set()),
    )
    return PurchaseAccounts(
        payable=found["trade_payables"].id,
        non_claimable_vat=found["non_claimable_vat"].id,
        reimbursement=found["accrued_expenses"].id,
        vat_input=found["vat_input"].id if vat_input else None,
        reverse_charge_vat=found["reverse_charge_vat"].id if reverse_charge else None,
        withholding_tax=found["withholding_tax_payable"].id if wht else None,
    )


def _get(uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID, *, for_update: bool = False) -> Purchase:
    purchase = purchase_repository.get_purchase(uow, purchase_id, for_update=for_update)
    if purchase is None or purchase.header.kind is not kind:
        raise purchase_not_found(kind.value)
    return purchase


def _allowed(purchase: Purchase, action: PurchaseAction) -> PurchaseStatus:
    after = next_status(purchase.status, action)
    if after is None:
        raise action_not_allowed(purchase.header.kind.value, purchase.status.value, action.value)
    return after


def request_of(purchase: Purchase) -> PurchaseRequest:
    """The request that makes `purchase` again (to recompute it on submit and post)."""
    header = purchase.header
    return PurchaseRequest(
        kind=header.kind,
        lines=tuple(
            LineRequest(
                unit_price=line.unit_price,
                category_id=line.category_id,
                description=line.description,
                quantity=line.quantity,
                vat_amount=line.stated_vat,
            )
            for line in purchase.lines
        ),
        supplier_id=header.supplier_id,
        document_date=header.document_date,
        due_date=header.due_date,
        prices_include_vat=header.prices_include_vat,
        supply_kind=header.supply_kind,
        zra_receipt_number=header.evidence.zra_receipt_number,
        sdc_id=header.evidence.sdc_id,
        zra_qr=header.evidence.zra_qr,
        customs_entry_number=header.evidence.customs_entry_number,
        import_vat=header.import_vat,
        claim_input_vat=header.claim_input_vat,
        payment_method=header.payment_method,
        paid_from_account_id=header.paid_from_account_id,
        paid_by_user_id=header.paid_by_user_id,
        supplier_reference=header.supplier_reference,
        notes=header.notes,
    )


def preview_purchase(uow: UnitOfWork, request: PurchaseRequest, *, drafted_by: UUID, clock: Clock) -> Computed:
    """What a purchase would come to and post; nothing is saved."""
    return compute(uow, request, clock=clock, drafted_by=drafted_by)


def create_draft(
    uow: UnitOfWork, request: PurchaseRequest, *, created_by: UUID, clock: Clock, idempotency_key: str | None = None
) -> Purchase:
    """Save a new draft. With an idempotency key, a repeat returns the first draft unchanged."""
    if idempotency_key is not None:
        existing = purchase_repository.purchase_id_for_key(uow, idempotency_key)
        if existing is not None:
            return _get(uow, request.kind, existing)
    computed = compute(uow, request, clock=clock, drafted_by=created_by)
    purchase_id = new_id()
    if not purchase_repository.insert_draft(
        uow, purchase_id, computed.header, computed.totals, created_by=created_by, key=idempotency_key
    ):
        found = purchase_repository.purchase_id_for_key(uow, idempotency_key or "")
        return _get(uow, request.kind, found or purchase_id)
    purchase_repository.replace_lines(uow, purchase_id, computed.lines, computed.tax)
    return _get(uow, request.kind, purchase_id)


def update_draft(
    uow: UnitOfWork, purchase_id: UUID, request: PurchaseRequest, *, updated_by: UUID, clock: Clock
) -> Purchase:
    """Replace a draft; 409 once it is submitted (`..._not_draft`) or posted (`..._posted`)."""
    current = _get(uow, request.kind, purchase_id, for_update=True)
    _allowed(current, PurchaseAction.EDIT)
    computed = compute(uow, request, clock=clock, drafted_by=current.created_by)
    purchase_repository.update_draft(uow, purchase_id, computed.header, computed.totals)
    purchase_repository.replace_lines(uow, purchase_id, computed.lines, computed.tax)
    return _get(uow, request.kind, purchase_id)


def delete_draft(uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID) -> None:
    """Delete a draft (anything further along is voided instead)."""
    current = _get(uow, kind, purchase_id, for_update=True)
    _allowed(current, PurchaseAction.EDIT)
    purchase_repository.delete_draft(uow, purchase_id)


def submit_purchase(
    uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID, *, submitted_by: UUID, clock: Clock
) -> Purchase:
    """Submit a draft for approval, checked again as it is now (a category or rate may have changed)."""
    current = _get(uow, kind, purchase_id, for_update=True)
    after = _allowed(current, PurchaseAction.SUBMIT)
    compute(uow, request_of(current), clock=clock, drafted_by=current.created_by)
    purchase_repository.set_status(
        uow, purchase_id, after, submitted_by=submitted_by, submitted_at=clock.now(), rejection_reason=None
    )
    return _get(uow, kind, purchase_id)


def approve_purchase(
    uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID, *, approved_by: UUID, clock: Clock
) -> Purchase:
    """Approve a submitted purchase; 403 `approval_by_submitter` for whoever drafted or submitted it."""
    current = _get(uow, kind, purchase_id, for_update=True)
    after = _allowed(current, PurchaseAction.APPROVE)
    if approved_by in {current.created_by, current.submitted_by}:
        raise own_approval()
    purchase_repository.set_status(uow, purchase_id, after, approved_by=approved_by, approved_at=clock.now())
    return _get(uow, kind, purchase_id)


def reject_purchase(
    uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID, *, rejected_by: UUID, reason: str
) -> Purchase:
    """Send a submitted purchase back to draft with the reason; nobody rejects their own."""
    current = _get(uow, kind, purchase_id, for_update=True)
    after = _allowed(current, PurchaseAction.REJECT)
    if rejected_by in {current.created_by, current.submitted_by}:
        raise own_approval()
    purchase_repository.set_status(
        uow, purchase_id, after, rejection_reason=reason.strip() or "Rejected", submitted_by=None, submitted_at=None
    )
    return _get(uow, kind, purchase_id)


def post_purchase(uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID, *, posted_by: UUID, clock: Clock) -> Purchase:
    """Number an approved purchase and post it through the ledger in this transaction; posting
    a posted one returns it. A locked period, an archived or header account: 422, nothing written."""
    current = _get(uow, kind, purchase_id, for_update=True)
    if current.status is PurchaseStatus.POSTED:
        return current
    after = _allowed(current, PurchaseAction.POST)
    computed = compute(uow, request_of(current), clock=clock, drafted_by=current.created_by)
    amounts = computed.amounts
    accounts = purchase_accounts(uow, vat_input=amounts.input_vat > 0, reverse_charge=amounts.reverse_charge_vat > 0)
    # The number's row lock is held until commit: take it as late as possible.
    sequence = purchase_repository.next_number(uow, kind.value)
    number = format_number(NUMBER_FORMATS[kind], year=computed.header.document_date.year, sequence=sequence)
    if kind is PurchaseKind.BILL:
        assert computed.header.supplier_id is not None
        draft = bill_draft(
            bill_id=purchase_id,
            number=number,
            supplier_id=computed.header.supplier_id,
            entry_date=computed.header.document_date,
            amounts=amounts,
            accounts=accounts,
        )
    else:
        draft = expense_draft(
            expense_id=purchase_id,
            number=number,
            entry_date=computed.header.document_date,
            amounts=amounts,
            accounts=accounts,
            paid_from=computed.header.paid_from_account_id,
            supplier_id=computed.header.supplier_id,
        )
    entry = post_entry(uow, draft, posted_by=posted_by, clock=clock)
    purchase_repository.update_draft(uow, purchase_id, computed.header, computed.totals)
    purchase_repository.replace_lines(uow, purchase_id, computed.lines, computed.tax)
    purchase_repository.set_status(
        uow,
        purchase_id,
        after,
        number=number,
        sequence_number=sequence,
        journal_entry_id=entry.id,
        posted_by=posted_by,
        posted_at=clock.now(),
    )
    return _get(uow, kind, purchase_id)


def void_purchase(uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID, *, voided_by: UUID, clock: Clock) -> Purchase:
    """Void a purchase; a posted one is reversed in the ledger (a bill only while nothing was paid
    or credited on it: 409 `bill_settled`)."""
    current = _get(uow, kind, purchase_id, for_update=True)
    if current.status is PurchaseStatus.VOID:
        return current
    after = _allowed(current, PurchaseAction.VOID)
    changes: dict[str, object] = {"voided_at": clock.now()}
    if current.status is PurchaseStatus.POSTED:
        if current.amount_paid or current.amount_credited or current.reimbursement_entry_id:
            raise Conflict(
                f"{kind.value}_settled",
                f"The {kind.value} has payments, credits or a reimbursement against it.",
                "Correct it with a supplier credit instead.",
            )
        assert current.journal_entry_id is not None
        reversal = reverse_entry(
            uow,
            current.journal_entry_id,
            posted_by=voided_by,
            entry_date=max(current.header.document_date, today_in_zambia(clock)),
            description=f"Void of {kind.value} {current.number}",
            clock=clock,
        )
        changes["reversal_entry_id"] = reversal.id
    purchase_repository.set_status(uow, purchase_id, after, **changes)
    return _get(uow, kind, purchase_id)


def reimburse_staff(
    uow: UnitOfWork, expense_id: UUID, *, paid_from: UUID, on: date | None, paid_by: UUID, clock: Clock
) -> Purchase:
    """Pay back the member of staff who paid a posted expense (once: repeating returns it)."""
    current = _get(uow, PurchaseKind.EXPENSE, expense_id, for_update=True)
    if current.reimbursement_entry_id is not None:
        return current
    problems = paid_from_problem(uow, paid_from)
    if problems:
        raise rejected(problems, "Not reimbursed.")
    if current.status is not PurchaseStatus.POSTED or current.header.payment_method is not PurchasePaymentMethod.STAFF:
        raise Conflict("expense_not_reimbursable", "Only a posted expense paid by staff is reimbursed.")
    day = on or today_in_zambia(clock)
    entry = post_entry(
        uow,
        reimbursement_draft(
            reimbursement_id=expense_id,
            entry_date=day,
            amount=current.amount_due,
            paid_from=paid_from,
            accounts=purchase_accounts(uow),
            memo=f"Reimbursement of expense {current.number}",
        ),
        posted_by=paid_by,
        clock=clock,
    )
    purchase_repository.mark_reimbursed(uow, expense_id, entry.id)
    return replace(current, reimbursement_entry_id=entry.id)


def paid_from_problem(uow: UnitOfWork, account_id: UUID) -> list[FieldError]:
    """Why `account_id` cannot pay a supplier or a member of staff (empty if it can)."""
    account = ledger_accounts.accounts_by_ids(uow, [account_id]).get(account_id)
    if account is None:
        return [FieldError("paid_from_account_id", "account_not_found", "No such account.")]
    if account.account_type is not AccountType.ASSET or account.subtype not in CASH_SUBTYPES:
        return [FieldError("paid_from_account_id", "account_not_cash", f"{account.code} is not cash or bank.")]
    return []


def get_purchase(uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID) -> Purchase:
    """One expense or bill with its lines; 404 `expense_not_found` / `bill_not_found`."""
    return _get(uow, kind, purchase_id)


def list_purchases(
    uow: UnitOfWork, where: PurchaseFilter, *, cursor: str | None = None, limit: int = 50
) -> Page[Purchase]:
    """Expenses or bills, newest first, filtered (status, supplier, category, dates, claimable VAT, search)."""
    tag = f"{where.kind.value}s"
    if where.date_from and where.date_to and where.date_from > where.date_to:
        raise rejected([FieldError("from", "date_range_invalid", "`from` must be on or before `to`.")], "Bad period.")
    after = None
    if cursor:
        day, last_id = decode_cursor(tag, cursor, 2)
        after = (cursor_part(date.fromisoformat, day), cursor_part(UUID, last_id))
    rows = purchase_repository.list_purchases(uow, where, after=after, limit=limit + 1)
    return page_of(rows, limit, lambda p: encode_cursor(tag, p.header.document_date.isoformat(), str(p.id)))


def complete_approval(
    uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID, *, approved_by: UUID, clock: Clock
) -> Purchase:
    """The approval workflow's end: approve the submitted purchase and post it in this transaction.

    The public use case the approvals capability calls; repeating it changes nothing (a
    posted purchase is returned as it is)."""
    current = _get(uow, kind, purchase_id, for_update=True)
    if current.status is PurchaseStatus.SUBMITTED:
        approve_purchase(uow, kind, purchase_id, approved_by=approved_by, clock=clock)
    return post_purchase(uow, kind, purchase_id, posted_by=approved_by, clock=clock)


def return_to_draft(uow: UnitOfWork, kind: PurchaseKind, purchase_id: UUID, *, reason: str) -> Purchase:
    """The approval workflow sent the purchase back (rejected, sent back, withdrawn): it is a draft
    again with the reason; a purchase no longer submitted is left as it is."""
    current = _get(uow, kind, purchase_id, for_update=True)
    if current.status is not PurchaseStatus.SUBMITTED:
        return current
    purchase_repository.set_status(
        uow,
        purchase_id,
        PurchaseStatus.DRAFT,
        rejection_reason=reason.strip() or "Returned",
        submitted_by=None,
        submitted_at=None,
    )
    return _get(uow, kind, purchase_id)
