"""Purchases and the pure rules they obey: suppliers, expense categories with their dated VAT
treatment, expenses (paid now) and bills (on credit), and the life of each document.

Pure: no I/O. Money is `Decimal`, in ZMW, to the ngwee where it is what is owed or paid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from uuid import UUID

from shared_code.organizations.model import TPIN_PATTERN, normalise_zambian_phone
from shared_code.platform.errors import FieldError

MAX_NAME = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CATEGORY_CODE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


class CategoryKind(StrEnum):
    """Which kind of account a category posts to."""

    EXPENSE = "expense"
    COST_OF_SALES = "cost_of_sales"
    FIXED_ASSET = "fixed_asset"


class VatTreatment(StrEnum):
    """How VAT on a purchase of a category is treated."""

    STANDARD = "standard"
    """16%, claimable in full (when the evidence is there)."""
    ZERO = "zero"
    """Zero-rated: no VAT charged."""
    EXEMPT = "exempt"
    """Exempt: no VAT charged."""
    NONE = "none"
    """Outside VAT (wages, bank charges, levies): no VAT charged."""
    RESTRICTED = "restricted"
    """16% charged, only a share claimable (diesel: 90%)."""


@dataclass(frozen=True)
class CategoryTreatment:
    """A category's VAT treatment over a span of dates."""

    effective_from: date
    """First day it applies."""
    effective_to: date | None
    """Last day it applies; None while in force."""
    treatment: VatTreatment
    """The treatment."""
    claimable_share: Decimal = Decimal(1)
    """The share of the VAT that may be claimed (below 1 only when restricted)."""

    def applies_on(self, day: date) -> bool:
        """True if the treatment is in force on `day`."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class ExpenseCategory:
    """What a purchase was for, and the account it posts to."""

    id: UUID
    """Stable identity."""
    code: str
    """Stable lower-case code (`fuel_diesel`)."""
    name: str
    """What people call it."""
    kind: CategoryKind
    """Expense, cost of sales or fixed asset."""
    account_id: UUID
    """The account its purchases are debited to."""
    income_tax_deductible: bool
    """False for entertainment, donations, penalties: added back in the tax computation (6260)."""
    treatments: tuple[CategoryTreatment, ...]
    """Its dated VAT treatments; spans must not overlap."""
    archived_at: datetime | None = None
    """When it was archived; archived categories take no new purchases."""

    def treatment_on(self, day: date) -> CategoryTreatment | None:
        """The treatment in force on `day`, or None if none is set for that day."""
        return next((t for t in self.treatments if t.applies_on(day)), None)


def category_problems(category: ExpenseCategory) -> list[FieldError]:
    """Every rule `category` breaks as data (the account is checked against the chart elsewhere)."""
    errors = []
    if not _CATEGORY_CODE.match(category.code):
        errors.append(FieldError("code", "code_invalid", "Lower-case letters, digits and '_', at most 50."))
    if not 1 <= len(category.name.strip()) <= MAX_NAME:
        errors.append(FieldError("name", "name_invalid", f"A name of 1 to {MAX_NAME} characters."))
    if not category.treatments:
        errors.append(FieldError("treatments", "treatment_required", "Give at least one VAT treatment."))
    for index, treatment in enumerate(category.treatments):
        path = f"treatments.{index}"
        if treatment.effective_to is not None and treatment.effective_to < treatment.effective_from:
            errors.append(FieldError(f"{path}.effective_to", "date_range_invalid", "It ends before it starts."))
        if treatment.treatment is VatTreatment.RESTRICTED:
            if not Decimal(0) <= treatment.claimable_share < Decimal(1):
                errors.append(
                    FieldError(
                        f"{path}.claimable_share",
                        "share_out_of_range",
                        "A restricted share is 0 (none claimable) up to, not including, 1.",
                    )
                )
        elif treatment.claimable_share != 1:
            errors.append(
                FieldError(
                    f"{path}.claimable_share", "share_not_restricted", "Only a restricted treatment has a share."
                )
            )
    ordered = sorted(enumerate(category.treatments), key=lambda pair: pair[1].effective_from)
    for (index, treatment), (_, following) in pairwise(ordered):
        if treatment.effective_to is None or treatment.effective_to >= following.effective_from:
            errors.append(
                FieldError(f"treatments.{index}.effective_to", "treatments_overlap", "Treatments overlap in time.")
            )
    return errors


@dataclass(frozen=True)
class Supplier:
    """Someone the business buys from."""

    id: UUID
    """Stable identity."""
    name: str
    """Legal or trading name."""
    tpin: str | None
    """ZRA TPIN, 10 digits; needed for an input VAT claim."""
    vat_registered: bool
    """Whether the supplier charges VAT."""
    phone: str | None
    """Zambian number, stored as +260…"""
    email: str | None
    """Where remittances go."""
    payment_terms_days: int
    """Days from a bill's date to its due date."""
    default_category_id: UUID | None
    """The category new purchases from the supplier start with."""
    wht_type: str | None
    """The withholding tax deducted from payments to it (`wht.WHT_TYPES`), if any."""
    resident: bool = True
    """Resident in Zambia (WHT rates and reverse charge differ for non-residents)."""
    archived_at: datetime | None = None
    """When it was archived."""


def supplier_problems(supplier: Supplier, *, wht_types: frozenset[str]) -> list[FieldError]:
    """Every rule `supplier` breaks (empty if none); `wht_types` are the known WHT codes."""
    errors = []
    if not 1 <= len(supplier.name.strip()) <= MAX_NAME:
        errors.append(FieldError("name", "name_invalid", f"A name of 1 to {MAX_NAME} characters."))
    if supplier.tpin is not None and not TPIN_PATTERN.match(supplier.tpin):
        errors.append(FieldError("tpin", "tpin_invalid", "A TPIN is 10 digits."))
    if supplier.vat_registered and supplier.tpin is None:
        errors.append(FieldError("tpin", "tpin_required", "A VAT-registered supplier has a TPIN."))
    if supplier.phone is not None and normalise_zambian_phone(supplier.phone) != supplier.phone:
        errors.append(FieldError("phone", "phone_invalid", "Enter a Zambian number, e.g. 0977 123456."))
    if supplier.email is not None and (len(supplier.email) > 254 or not _EMAIL.match(supplier.email)):
        errors.append(FieldError("email", "email_invalid", "Enter an e-mail address."))
    if not 0 <= supplier.payment_terms_days <= 365:
        errors.append(FieldError("payment_terms_days", "terms_out_of_range", "0 to 365 days."))
    if supplier.wht_type is not None and supplier.wht_type not in wht_types:
        errors.append(FieldError("wht_type", "wht_type_unknown", "Not a withholding tax type."))
    return errors


def clean_supplier(supplier: Supplier) -> Supplier:
    """`supplier` with its name single-spaced, TPIN digits only and phone in +260 form."""
    tpin = supplier.tpin.replace(" ", "").replace("-", "") if supplier.tpin else None
    phone = (normalise_zambian_phone(supplier.phone) or supplier.phone) if supplier.phone else None
    return Supplier(
        **{
            **supplier.__dict__,
            "name": " ".join(supplier.name.split()),
            "tpin": tpin or None,
            "phone": phone or None,
            "email": supplier.email.strip() or None if supplier.email else None,
            "wht_type": supplier.wht_type or None,
        }
    )


class PurchaseKind(StrEnum):
    """Paid now, or on credit."""

    EXPENSE = "expense"
    BILL = "bill"


class PurchasePaymentMethod(StrEnum):
    """How an expense was paid (staff: by a member of staff, to be reimbursed)."""

    CASH = "cash"
    BANK = "bank"
    WALLET = "wallet"
    CARD = "card"
    STAFF = "staff"


class SupplyKind(StrEnum):
    """Where what was bought came from, which decides how its VAT is accounted for."""

    LOCAL = "local"
    """From a Zambian supplier: input VAT on a Smart Invoice."""
    IMPORTED_SERVICE = "imported_service"
    """From a non-resident without a Zambian tax agent: reverse charge (RVAT)."""
    IMPORT = "import"
    """Goods imported: VAT paid at customs, claimed with the customs entry."""


class PurchaseStatus(StrEnum):
    """Where a purchase is in its life, as stored."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    POSTED = "posted"
    VOID = "void"


class PurchaseAction(StrEnum):
    """What may be done to a purchase; approvals drive `approve` and `reject`."""

    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    POST = "post"
    VOID = "void"


TRANSITIONS: dict[tuple[PurchaseStatus, PurchaseAction], PurchaseStatus] = {
    (PurchaseStatus.DRAFT, PurchaseAction.EDIT): PurchaseStatus.DRAFT,
    (PurchaseStatus.DRAFT, PurchaseAction.SUBMIT): PurchaseStatus.SUBMITTED,
    (PurchaseStatus.SUBMITTED, PurchaseAction.APPROVE): PurchaseStatus.APPROVED,
    (PurchaseStatus.SUBMITTED, PurchaseAction.REJECT): PurchaseStatus.DRAFT,
    (PurchaseStatus.APPROVED, PurchaseAction.POST): PurchaseStatus.POSTED,
    (PurchaseStatus.DRAFT, PurchaseAction.VOID): PurchaseStatus.VOID,
    (PurchaseStatus.SUBMITTED, PurchaseAction.VOID): PurchaseStatus.VOID,
    (PurchaseStatus.APPROVED, PurchaseAction.VOID): PurchaseStatus.VOID,
    (PurchaseStatus.POSTED, PurchaseAction.VOID): PurchaseStatus.VOID,
}
"""The document's state machine: (status, action) → the status after it. Anything else is refused."""


def next_status(status: PurchaseStatus, action: PurchaseAction) -> PurchaseStatus | None:
    """The status `action` leads to from `status`, or None if it is not allowed there."""
    return TRANSITIONS.get((status, action))


class PurchaseDisplayStatus(StrEnum):
    """The status a client sees: a posted bill is partly paid or paid by its payments."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    POSTED = "posted"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    VOID = "void"


def display_status(
    *, kind: PurchaseKind, stored: PurchaseStatus, amount_due: Decimal, settled: Decimal
) -> PurchaseDisplayStatus:
    """What a client sees: an expense is paid once posted; a bill by what was paid or credited."""
    if stored is not PurchaseStatus.POSTED:
        return PurchaseDisplayStatus(stored.value)
    if kind is PurchaseKind.EXPENSE or settled >= amount_due:
        return PurchaseDisplayStatus.PAID
    if settled > 0:
        return PurchaseDisplayStatus.PARTLY_PAID
    return PurchaseDisplayStatus.POSTED


@dataclass(frozen=True)
class Evidence:
    """What proves a purchase's VAT to ZRA."""

    zra_receipt_number: str | None = None
    """The Smart Invoice receipt number printed on the receipt."""
    sdc_id: str | None = None
    """The supplier's SDC (device) ID printed with it."""
    zra_qr: str | None = None
    """The decoded ZRA QR code (a URL on zra.org.zm)."""
    customs_entry_number: str | None = None
    """The customs entry of an import."""

    @property
    def smart_invoice(self) -> bool:
        """True if there is a Smart Invoice: receipt number and SDC ID, or a decoded ZRA QR."""
        return bool(self.zra_receipt_number and self.sdc_id) or is_zra_qr(self.zra_qr)


def is_zra_qr(text: str | None) -> bool:
    """True if `text` is a decoded ZRA Smart Invoice QR (a zra.org.zm address with its data)."""
    if not text:
        return False
    return re.match(r"^https://([a-z0-9-]+\.)*zra\.org\.zm/\S+$", text.strip()) is not None


@dataclass(frozen=True)
class PurchaseLine:
    """A line of a purchase as written, before tax."""

    category_id: UUID
    """What it was for."""
    account_id: UUID
    """The account it posts to (the category's)."""
    description: str
    """What was bought."""
    quantity: Decimal
    """Up to 4 decimals."""
    unit_price: Decimal
    """Up to 4 decimals."""
    treatment: VatTreatment
    """The category's VAT treatment on the document's date."""
    claimable_share: Decimal
    """The share of its VAT that may be claimed."""
    stated_vat: Decimal | None = None
    """The VAT the receipt shows for the line, checked against the engine's (±1 ngwee)."""


@dataclass(frozen=True)
class PurchaseHeader:
    """What a purchase says besides its lines."""

    kind: PurchaseKind
    """Expense or bill."""
    supplier_id: UUID | None
    """Who sold it (a bill always names one)."""
    document_date: date
    """Date of the receipt or bill (and of its journal entry)."""
    due_date: date
    """When a bill is due (an expense: its date)."""
    prices_include_vat: bool
    """Whether unit prices include VAT."""
    supply_kind: SupplyKind
    """Local, imported service or import."""
    evidence: Evidence
    """Smart Invoice or customs evidence."""
    payment_method: PurchasePaymentMethod | None = None
    """How an expense was paid."""
    paid_from_account_id: UUID | None = None
    """The cash, bank or wallet account an expense was paid from."""
    paid_by_user_id: UUID | None = None
    """The staff member who paid (to be reimbursed)."""
    import_vat: Decimal = Decimal(0)
    """VAT paid at customs on an import."""
    claim_input_vat: bool | None = None
    """False to treat the VAT as cost whatever the rule says; True to insist (refused for TOT)."""
    supplier_reference: str = ""
    """The supplier's invoice number."""
    notes: str = ""
    """Free text."""


@dataclass(frozen=True)
class LineAmounts:
    """A stored line's amounts as the tax engine computed them when it was last saved."""

    tax_category: str
    """The engine's category (`A`, `C3`, `D`, `TOT`)."""
    vat_rate: Decimal
    """Percent."""
    total_amount: Decimal
    """What the line charges (4 dp)."""
    taxable_amount: Decimal
    """VAT-exclusive (4 dp)."""
    vat_amount: Decimal
    """VAT (4 dp)."""


@dataclass(frozen=True)
class Purchase:
    """An expense or bill as stored: header, lines, the amounts last computed, where it is."""

    id: UUID
    """Stable identity."""
    status: PurchaseStatus
    """Stored status (see `display_status` for what clients see)."""
    header: PurchaseHeader
    """Kind, supplier, dates, payment, supply kind and evidence."""
    lines: tuple[PurchaseLine, ...]
    """The lines, in order."""
    number: str | None
    """The document number, once posted."""
    total_taxable: Decimal
    """VAT-exclusive total (4 dp)."""
    total_vat: Decimal
    """VAT charged (4 dp)."""
    total_amount: Decimal
    """What the lines charge (4 dp)."""
    input_vat_claimable: Decimal
    """Input VAT claimed (Dr 1400)."""
    vat_cost: Decimal
    """VAT that is a cost (Dr 6240)."""
    reverse_charge_vat: Decimal
    """RVAT accounted for (Cr 2120)."""
    vat_reason: str | None
    """Why VAT is not claimed (`input_vat.VatReason`), if it is not."""
    amount_due: Decimal
    """What the supplier (and customs) are paid, to the ngwee."""
    amount_paid: Decimal
    """Paid so far (bills)."""
    amount_credited: Decimal
    """Credited by the supplier so far (bills)."""
    journal_entry_id: UUID | None
    """The entry that posted it."""
    reversal_entry_id: UUID | None
    """The entry that reversed it, if a posted document was voided."""
    reimbursement_entry_id: UUID | None
    """The entry that paid the staff member back, if it was paid by staff."""
    created_by: UUID
    """Who drafted it."""
    submitted_by: UUID | None
    """Who submitted it for approval."""
    approved_by: UUID | None
    """Who approved it."""
    rejection_reason: str | None
    """Why it was last sent back, if it was."""
    line_amounts: tuple[LineAmounts, ...] = ()
    """The lines' stored amounts, in order (empty when read without lines)."""

    @property
    def vat_route(self) -> str:
        """Where its VAT went: `claim`, `reverse_charge`, `cost` or `none`."""
        if self.input_vat_claimable > 0:
            return "claim"
        if self.reverse_charge_vat > 0:
            return "reverse_charge"
        return "cost" if self.vat_cost > 0 else "none"

    @property
    def outstanding(self) -> Decimal:
        """What is still owed on a posted bill; nothing on an expense, which is paid when posted."""
        if self.header.kind is PurchaseKind.EXPENSE:
            return Decimal(0)
        return self.amount_due - self.amount_paid - self.amount_credited

    @property
    def display_status(self) -> PurchaseDisplayStatus:
        """The status a client sees."""
        return display_status(
            kind=self.header.kind,
            stored=self.status,
            amount_due=self.amount_due,
            settled=self.amount_paid + self.amount_credited,
        )
