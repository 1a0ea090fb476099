"""A purchase request resolved and taxed: its supplier, categories, VAT treatment, the input
VAT rule's decision and what it posts. The server computes every amount with sales' engine;
the VAT a receipt states is only checked against it (±1 ngwee a line)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from shared_code.ledger import accounts as ledger_accounts
from shared_code.ledger.model import CASH_SUBTYPES, Account, AccountType
from shared_code.organizations.profile import get_profile
from shared_code.platform.clock import Clock, today_in_zambia
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.purchases import category_repository, supplier_repository
from shared_code.purchases.errors import rejected
from shared_code.purchases.input_vat import InputVatDecision, InputVatFacts, VatReason, VatRoute, decide_input_vat
from shared_code.purchases.model import (
    Evidence,
    ExpenseCategory,
    PurchaseHeader,
    PurchaseKind,
    PurchaseLine,
    PurchasePaymentMethod,
    Supplier,
    SupplyKind,
    VatTreatment,
)
from shared_code.purchases.posting import CostLine, PurchaseAmounts, purchase_amounts, to_ngwee
from shared_code.purchases.purchase_repository import Totals
from shared_code.sales.tax import DocumentTax, LineIn, TaxCategory, default_rate_table, line_problems, tax_document

NGWEE = Decimal("0.01")
_CATEGORY_OF: dict[VatTreatment, TaxCategory] = {
    VatTreatment.STANDARD: TaxCategory.A,
    VatTreatment.RESTRICTED: TaxCategory.A,
    VatTreatment.ZERO: TaxCategory.C3,
    VatTreatment.EXEMPT: TaxCategory.D,
    VatTreatment.NONE: TaxCategory.TOT,
}
"""The tax engine's category for a treatment, when the supplier charges VAT."""
_DEFAULT_ACCOUNT_ROLE = {
    PurchasePaymentMethod.CASH: "cash_on_hand",
    PurchasePaymentMethod.BANK: "bank_zmw",
    PurchasePaymentMethod.CARD: "bank_zmw",
}


@dataclass(frozen=True)
class LineRequest:
    """A line as a client sends it."""

    unit_price: Decimal
    """Price of one, at most 2 decimals (VAT-inclusive unless the document says otherwise)."""
    category_id: UUID | None = None
    """What it was for (the supplier's default category when None)."""
    description: str | None = None
    """What was bought (the category's name by default)."""
    quantity: Decimal = Decimal(1)
    """Up to 4 decimals."""
    vat_amount: Decimal | None = None
    """The VAT the receipt shows for the line, if the client read it."""


@dataclass(frozen=True)
class PurchaseRequest:
    """An expense or bill as a client sends it."""

    kind: PurchaseKind
    """Expense or bill."""
    lines: tuple[LineRequest, ...]
    """The lines."""
    supplier_id: UUID | None = None
    """Who sold it (required on a bill)."""
    document_date: date | None = None
    """Today in Zambia by default."""
    due_date: date | None = None
    """A bill's: its date plus the supplier's terms by default."""
    prices_include_vat: bool = True
    """Whether unit prices include VAT."""
    supply_kind: SupplyKind = SupplyKind.LOCAL
    """Local, imported service or import."""
    zra_receipt_number: str | None = None
    sdc_id: str | None = None
    zra_qr: str | None = None
    customs_entry_number: str | None = None
    import_vat: Decimal = Decimal(0)
    """VAT paid at customs (imports only)."""
    claim_input_vat: bool | None = None
    """False: treat the VAT as cost; True: insist (refused for a buyer without VAT)."""
    payment_method: PurchasePaymentMethod | None = None
    """How an expense was paid (required on an expense, absent on a bill)."""
    paid_from_account_id: UUID | None = None
    """Cash, bank or wallet account (defaults: cash on hand, the ZMW bank)."""
    paid_by_user_id: UUID | None = None
    """The member of staff who paid (staff method; the drafter by default)."""
    supplier_reference: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Computed:
    """A request resolved and taxed: what would be saved and posted."""

    header: PurchaseHeader
    lines: tuple[PurchaseLine, ...]
    tax: DocumentTax
    decision: InputVatDecision
    amounts: PurchaseAmounts
    supplier: Supplier | None

    @property
    def totals(self) -> Totals:
        """What is stored beside the document."""
        reason = self.decision.reason.value if self.decision.reason else None
        if reason is None and self.amounts.vat_cost:
            reason = "restricted_share"
        return Totals(tax=self.tax, amounts=self.amounts, vat_reason=reason)


def buyer_vat_registered(uow: UnitOfWork, on: date) -> bool:
    """True if the organization is registered for VAT on `on`."""
    profile, _ = get_profile(uow, uow.require_tenant())
    return profile.vat_registered and (profile.vat_effective_date is None or profile.vat_effective_date <= on)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _money_problems(field: str, value: Decimal, *, positive: bool) -> list[FieldError]:
    if not value.is_finite() or value < 0 or (positive and value == 0):
        return [FieldError(field, "amount_not_positive", "The amount must be above zero.")]
    if _places(value) > 2:
        return [FieldError(field, "amount_precision", "At most 2 decimal places (ngwee).")]
    return []


def _supplier(uow: UnitOfWork, request: PurchaseRequest, errors: list[FieldError]) -> Supplier | None:
    if request.supplier_id is None:
        if request.kind is PurchaseKind.BILL:
            errors.append(FieldError("supplier_id", "supplier_required", "A bill names its supplier."))
        return None
    supplier = supplier_repository.get_supplier(uow, request.supplier_id)
    if supplier is None:
        errors.append(FieldError("supplier_id", "supplier_not_found", "No such supplier."))
    elif supplier.archived_at is not None:
        errors.append(FieldError("supplier_id", "supplier_archived", "The supplier is archived."))
    return supplier


def _paid_from(uow: UnitOfWork, request: PurchaseRequest, errors: list[FieldError]) -> tuple[UUID | None, UUID | None]:
    """The account an expense was paid from and the staff member who paid (None, None for a bill)."""
    if request.kind is PurchaseKind.BILL:
        if request.payment_method is not None:
            errors.append(FieldError("payment_method", "bill_not_paid", "A bill is on credit; pay it with a payment."))
        return None, None
    method = request.payment_method
    if method is None:
        errors.append(FieldError("payment_method", "payment_method_required", "Say how the expense was paid."))
        return None, None
    if method is PurchasePaymentMethod.STAFF:
        return None, request.paid_by_user_id
    account_id = request.paid_from_account_id
    if account_id is None:
        role = _DEFAULT_ACCOUNT_ROLE.get(method)
        if role is None:
            errors.append(FieldError("paid_from_account_id", "paid_from_required", "Say which wallet paid."))
            return None, None
        account_id = ledger_accounts.account_for_role(uow, role).id
    account = ledger_accounts.accounts_by_ids(uow, [account_id]).get(account_id)
    if account is None:
        errors.append(FieldError("paid_from_account_id", "account_not_found", "No such account."))
    elif account.account_type is not AccountType.ASSET or account.subtype not in CASH_SUBTYPES:
        errors.append(FieldError("paid_from_account_id", "account_not_cash", f"{account.code} is not cash or bank."))
    elif not account.is_postable:
        errors.append(
            FieldError("paid_from_account_id", "account_not_postable", f"{account.code} cannot be posted to.")
        )
    return account_id, None


def _resolve_lines(
    request: PurchaseRequest,
    supplier: Supplier | None,
    on: date,
    categories: Mapping[UUID, ExpenseCategory],
    accounts: Mapping[UUID, Account],
    errors: list[FieldError],
) -> list[PurchaseLine]:
    lines = []
    if not request.lines:
        errors.append(FieldError("lines", "lines_required", "A purchase needs at least one line."))
    for index, line in enumerate(request.lines):
        path = f"lines.{index}"
        category_id = line.category_id or (supplier.default_category_id if supplier else None)
        category = categories.get(category_id) if category_id else None
        if category is None:
            code = "expense_category_not_found" if category_id else "expense_category_required"
            errors.append(FieldError(f"{path}.category_id", code, "Give a category (or a supplier with a default)."))
            continue
        if category.archived_at is not None:
            errors.append(FieldError(f"{path}.category_id", "expense_category_archived", "The category is archived."))
        account = accounts.get(category.account_id)
        if account is None or not account.is_postable:
            errors.append(
                FieldError(f"{path}.category_id", "account_not_postable", "The category's account cannot be posted to.")
            )
        treatment = category.treatment_on(on)
        if treatment is None:
            errors.append(
                FieldError(
                    f"{path}.category_id", "vat_treatment_missing", f"The category has no VAT treatment on {on}."
                )
            )
            continue
        errors.extend(_money_problems(f"{path}.unit_price", line.unit_price, positive=True))
        if line.vat_amount is not None:
            errors.extend(_money_problems(f"{path}.vat_amount", line.vat_amount, positive=False))
        description = (line.description or category.name).strip()
        if not 1 <= len(description) <= 500:
            errors.append(FieldError(f"{path}.description", "description_invalid", "1 to 500 characters."))
        lines.append(
            PurchaseLine(
                category_id=category.id,
                account_id=category.account_id,
                description=description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                treatment=treatment.treatment,
                claimable_share=treatment.claimable_share,
                stated_vat=line.vat_amount,
            )
        )
    return lines


def tax_category(line: PurchaseLine, *, supply_kind: SupplyKind, supplier_charges_vat: bool) -> TaxCategory:
    """The category the engine taxes a line under: VAT only on a local supplier's VAT invoice."""
    if supply_kind is not SupplyKind.LOCAL or not supplier_charges_vat:
        return TaxCategory.TOT
    return _CATEGORY_OF[line.treatment]


def _line_in(line: PurchaseLine, category: TaxCategory) -> LineIn:
    return LineIn(quantity=line.quantity, unit_price=line.unit_price, category=category)


def compute(uow: UnitOfWork, request: PurchaseRequest, *, clock: Clock, drafted_by: UUID) -> Computed:
    """Resolve `request` and tax it; 422 listing every problem (nothing is written)."""
    errors: list[FieldError] = []
    on = request.document_date or today_in_zambia(clock)
    supplier = _supplier(uow, request, errors)
    paid_from, paid_by = _paid_from(uow, request, errors)
    if request.kind is PurchaseKind.EXPENSE and request.payment_method is PurchasePaymentMethod.STAFF:
        paid_by = paid_by or drafted_by
    wanted = [line.category_id for line in request.lines if line.category_id]
    if supplier is not None and supplier.default_category_id is not None:
        wanted.append(supplier.default_category_id)
    categories = category_repository.categories_by_ids(uow, wanted)
    accounts = ledger_accounts.accounts_by_ids(uow, [c.account_id for c in categories.values()])
    lines = _resolve_lines(request, supplier, on, categories, accounts, errors)
    terms = supplier.payment_terms_days if supplier is not None and request.kind is PurchaseKind.BILL else 0
    due = request.due_date or on + timedelta(days=terms)
    if due < on:
        errors.append(FieldError("due_date", "due_before_date", "The due date cannot be before the bill's date."))
    errors.extend(_money_problems("import_vat", request.import_vat, positive=False))
    if request.import_vat and request.supply_kind is not SupplyKind.IMPORT:
        errors.append(FieldError("import_vat", "import_vat_not_import", "Only an import has VAT paid at customs."))
    elif request.import_vat and request.kind is PurchaseKind.BILL:
        errors.append(
            FieldError(
                "import_vat",
                "import_vat_on_bill",
                "VAT paid at customs is not owed to the supplier: record an expense.",
            )
        )
    charges_vat = supplier.vat_registered if supplier is not None else False
    categories_taxed = [
        tax_category(line, supply_kind=request.supply_kind, supplier_charges_vat=charges_vat) for line in lines
    ]
    rates = default_rate_table()
    for index, (line, category) in enumerate(zip(lines, categories_taxed, strict=True)):
        errors.extend(
            p
            for p in line_problems(f"lines.{index}", _line_in(line, category), on=on, rates=rates, vat_registered=True)
            if p.field != f"lines.{index}.unit_price"
        )
    header = PurchaseHeader(
        kind=request.kind,
        supplier_id=request.supplier_id,
        document_date=on,
        due_date=due,
        prices_include_vat=request.prices_include_vat,
        supply_kind=request.supply_kind,
        evidence=Evidence(
            zra_receipt_number=request.zra_receipt_number or None,
            sdc_id=request.sdc_id or None,
            zra_qr=request.zra_qr or None,
            customs_entry_number=request.customs_entry_number or None,
        ),
        payment_method=request.payment_method,
        paid_from_account_id=paid_from,
        paid_by_user_id=paid_by,
        import_vat=request.import_vat if request.import_vat.is_finite() else Decimal(0),
        claim_input_vat=request.claim_input_vat,
        supplier_reference=request.supplier_reference.strip(),
        notes=request.notes.strip(),
    )
    if errors:
        raise rejected(errors, f"The {request.kind.value} is not valid.")
    tax = tax_document(
        [_line_in(line, category) for line, category in zip(lines, categories_taxed, strict=True)],
        on=on,
        rates=rates,
        prices_include_vat=request.prices_include_vat,
        vat_registered=True,
    )
    for index, (line, taxed) in enumerate(zip(lines, tax.lines, strict=True)):
        if line.stated_vat is not None and abs(line.stated_vat - taxed.vat_amount) > NGWEE:
            errors.append(
                FieldError(
                    f"lines.{index}.vat_amount",
                    "vat_rate_mismatch",
                    f"At {taxed.vat_rate}% the VAT is {to_ngwee(taxed.vat_amount)}, not {line.stated_vat}.",
                )
            )
    decision = decide_input_vat(
        InputVatFacts(
            on=on,
            buyer_vat_registered=buyer_vat_registered(uow, on),
            supply_kind=request.supply_kind,
            supplier_vat_registered=charges_vat,
            supplier_tpin=supplier.tpin if supplier is not None else None,
            evidence=header.evidence,
            claim_requested=request.claim_input_vat,
        )
    )
    vat_paid = tax.total_tax > 0 or request.import_vat > 0
    if request.claim_input_vat and decision.reason is VatReason.BUYER_NOT_VAT_REGISTERED and vat_paid:
        errors.append(
            FieldError(
                "claim_input_vat",
                "input_vat_not_allowed",
                "The organization is not registered for VAT on this date, so it claims no input VAT.",
            )
        )
    total = to_ngwee(tax.total_amount)
    if total <= 0:
        errors.append(FieldError("lines", "amount_not_positive", "A purchase must cost something."))
    if errors:
        raise rejected(errors, f"The {request.kind.value} is not valid.")
    rvat_rate = rates.rate(TaxCategory.A.value, on) or Decimal(0)
    amounts = purchase_amounts(
        [
            CostLine(line.account_id, taxed.total_amount - taxed.vat_amount, taxed.vat_amount, line.claimable_share)
            for line, taxed in zip(lines, tax.lines, strict=True)
        ],
        total=total,
        decision=decision,
        reverse_charge_rate=rvat_rate if decision.route is VatRoute.REVERSE_CHARGE else Decimal(0),
        import_vat=header.import_vat,
    )
    return Computed(header=header, lines=tuple(lines), tax=tax, decision=decision, amounts=amounts, supplier=supplier)
