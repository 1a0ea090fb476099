"""Sales documents and the pure rules they obey: customers, items, invoices, credit notes,
payments, and the document numbers issued ones carry.

Pure: no I/O. Amounts a document shows are `Decimal` (4 dp for ZRA's fields, 2 dp for what
a customer owes or pays).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from shared_code.organizations.model import TPIN_PATTERN, normalise_zambian_phone
from shared_code.platform.errors import FieldError
from shared_code.sales.tax import Levy, TaxCategory

ZMW = "ZMW"
MAX_NAME = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ITEM_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$")
_CLASSIFICATION = re.compile(r"^[0-9]{8,10}$")
CREDIT_NOTE_REASONS = {
    "01": "Wrong product(s)",
    "02": "Wrong price",
    "03": "Damaged goods",
    "04": "Wrong customer invoiced",
    "05": "Duplicated invoice",
    "06": "Excess supplies",
    "07": "Other",
}
"""ZRA's credit-note reasons (`rfdRsnCd`, code class 32)."""


DEBIT_NOTE_REASONS = {
    "01": "Wrong quantity invoiced",
    "02": "Wrong invoice amount",
    "03": "Omitted item",
    "04": "Other",
}
"""ZRA's debit-note reasons (`dbtRsnCd`, code class 67)."""


class CustomerKind(StrEnum):
    """A person or a business (businesses need a TPIN on VAT invoices)."""

    INDIVIDUAL = "individual"
    BUSINESS = "business"


class ItemKind(StrEnum):
    """Goods (may be stock-tracked) or a service."""

    GOODS = "goods"
    SERVICE = "service"


class InvoiceStatus(StrEnum):
    """Where an invoice is in its life, as clients see it."""

    DRAFT = "draft"
    ISSUED = "issued"
    SENT = "sent"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    VOID = "void"


class PaymentMethod(StrEnum):
    """How the customer paid."""

    CASH = "cash"
    BANK = "bank"
    MOBILE_MONEY = "mobile_money"
    CARD = "card"
    CHEQUE = "cheque"


@dataclass(frozen=True)
class Customer:
    """Someone the business sells to."""

    id: UUID
    """Stable identity."""
    kind: CustomerKind
    """Individual or business."""
    name: str
    """Legal or display name."""
    tpin: str | None
    """ZRA TPIN, 10 digits; required for VAT invoices to businesses."""
    contact_person: str | None
    """Who to ask for."""
    phone: str | None
    """Zambian number, stored as +260…"""
    email: str | None
    """Where invoices go."""
    address: str | None
    """Postal or street address, free text."""
    payment_terms_days: int
    """Days from issue to due date."""
    currency: str
    """The currency invoices to the customer are usually in."""
    archived_at: datetime | None = None
    """When it was archived; archived customers take no new invoices."""


@dataclass(frozen=True)
class Item:
    """Goods or a service the business sells, with what ZRA needs to know about it."""

    id: UUID
    """Stable identity."""
    code: str
    """The business's own code (ZRA's `itemCd`)."""
    name: str
    """What it is called on invoices."""
    kind: ItemKind
    """Goods or service."""
    classification_code: str | None
    """ZRA item classification (UNSPSC, 8 or 10 digits)."""
    unit_code: str
    """ZRA quantity unit (`qtyUnitCd`)."""
    packaging_code: str
    """ZRA packaging unit (`pkgUnitCd`)."""
    tax_category: TaxCategory
    """VAT category."""
    levy: Levy | None
    """Levy charged on it, if any."""
    rrp: Decimal | None
    """Recommended retail price (category B)."""
    default_price: Decimal
    """The usual unit price."""
    price_includes_vat: bool
    """Whether `default_price` includes VAT."""
    income_account_id: UUID | None
    """Where its sales are credited (the chart's sales account when None)."""
    stock_tracked: bool
    """Whether stock is counted (goods only)."""
    origin_country: str = "ZM"
    """Where the goods come from (ZRA's `orgnNatCd`, ISO 3166 alpha-2)."""
    archived_at: datetime | None = None
    """When it was archived."""


@dataclass(frozen=True)
class DocumentLine:
    """A line of an invoice as written, before tax."""

    description: str
    """What is sold."""
    quantity: Decimal
    """Up to 4 decimals."""
    unit_price: Decimal
    """Up to 4 decimals."""
    tax_category: TaxCategory
    """VAT category."""
    income_account_id: UUID
    """The income account it credits."""
    discount_rate: Decimal = Decimal("0")
    """Percent off."""
    levy: Levy | None = None
    """Levy, if any."""
    rrp: Decimal | None = None
    """RRP per unit (category B)."""
    item_id: UUID | None = None
    """The item sold, if any."""


@dataclass(frozen=True)
class InvoiceHeader:
    """What an invoice says besides its lines."""

    customer_id: UUID
    """Who is billed."""
    issue_date: date
    """Date of the invoice (and of its journal entry)."""
    due_date: date
    """When payment is due."""
    currency: str
    """ISO code; the ledger stays in ZMW."""
    exchange_rate: Decimal | None
    """ZMW per unit of `currency`; required unless the currency is ZMW."""
    prices_include_vat: bool
    """Whether unit prices include VAT."""
    lpo_number: str | None = None
    """Local purchase order (required for C2 lines)."""
    destination_country: str | None = None
    """ISO country of an export (required for C1 lines)."""
    principal_id: str | None = None
    """The principal of an agent's RVAT sale."""
    reference: str = ""
    """The customer's reference."""
    notes: str = ""
    """Printed notes."""
    branch_id: str | None = None
    """The ZRA branch (`bhfId`) it is issued from; None: the organization's main device."""


def customer_problems(customer: Customer) -> list[FieldError]:
    """Every rule `customer` breaks (empty if none)."""
    errors = []
    if not 1 <= len(customer.name.strip()) <= MAX_NAME:
        errors.append(FieldError("name", "name_invalid", f"A name of 1 to {MAX_NAME} characters."))
    if customer.tpin is not None and not TPIN_PATTERN.match(customer.tpin):
        errors.append(FieldError("tpin", "tpin_invalid", "A TPIN is 10 digits."))
    if customer.phone is not None and normalise_zambian_phone(customer.phone) != customer.phone:
        errors.append(FieldError("phone", "phone_invalid", "Enter a Zambian number, e.g. 0977 123456."))
    if customer.email is not None and (len(customer.email) > 254 or not _EMAIL.match(customer.email)):
        errors.append(FieldError("email", "email_invalid", "Enter an e-mail address."))
    if not 0 <= customer.payment_terms_days <= 365:
        errors.append(FieldError("payment_terms_days", "terms_out_of_range", "0 to 365 days."))
    if not _CURRENCY.match(customer.currency):
        errors.append(FieldError("currency", "currency_invalid", "A three-letter ISO code, e.g. ZMW."))
    return errors


def normalised_customer_fields(tpin: str | None, phone: str | None) -> tuple[str | None, str | None]:
    """TPIN without spaces or dashes and phone in +260 form (unchanged if it is not a Zambian number)."""
    clean_tpin = tpin.replace(" ", "").replace("-", "") if tpin else None
    clean_phone = (normalise_zambian_phone(phone) or phone) if phone else None
    return clean_tpin or None, clean_phone or None


def item_problems(item: Item) -> list[FieldError]:
    """Every rule `item` breaks (empty if none)."""
    errors = []
    if not _ITEM_CODE.match(item.code):
        errors.append(FieldError("code", "code_invalid", "Letters, digits, '.', '_' or '-', at most 50."))
    if not 1 <= len(item.name.strip()) <= MAX_NAME:
        errors.append(FieldError("name", "name_invalid", f"A name of 1 to {MAX_NAME} characters."))
    if item.classification_code is not None and not _CLASSIFICATION.match(item.classification_code):
        errors.append(FieldError("classification_code", "classification_invalid", "ZRA's 8- or 10-digit code."))
    if item.tax_category is TaxCategory.B and item.rrp is None:
        errors.append(FieldError("rrp", "rrp_required", "A minimum-taxable-value (B) item needs its RRP."))
    if item.default_price < 0 or item.default_price != item.default_price.quantize(Decimal("0.0001")):
        errors.append(FieldError("default_price", "price_invalid", "Zero or more, at most 4 decimal places."))
    if item.stock_tracked and item.kind is ItemKind.SERVICE:
        errors.append(FieldError("stock_tracked", "service_not_stocked", "Only goods are stock-tracked."))
    if not (
        len(item.origin_country) == 2
        and item.origin_country.isascii()
        and item.origin_country.isalpha()
        and item.origin_country.isupper()
    ):
        errors.append(FieldError("origin_country", "country_invalid", "A two-letter ISO country code, e.g. ZM."))
    for field, code in (("unit_code", item.unit_code), ("packaging_code", item.packaging_code)):
        if not 1 <= len(code) <= 10:
            errors.append(FieldError(field, "unit_invalid", "ZRA's unit code, 1 to 10 characters."))
    return errors


def invoice_problems(
    header: InvoiceHeader, lines: list[DocumentLine], customer: Customer, *, vat_registered: bool
) -> list[FieldError]:
    """The rules an invoice breaks as a whole (the tax engine checks each line's numbers)."""
    errors = []
    if header.branch_id is not None and not (len(header.branch_id) == 3 and header.branch_id.isdigit()):
        errors.append(FieldError("branch_id", "branch_id_invalid", "A ZRA branch id is 3 digits (000: head office)."))
    if not lines:
        errors.append(FieldError("lines", "lines_required", "An invoice needs at least one line."))
    if header.due_date < header.issue_date:
        errors.append(FieldError("due_date", "due_before_issue", "The due date cannot be before the issue date."))
    if not _CURRENCY.match(header.currency):
        errors.append(FieldError("currency", "currency_invalid", "A three-letter ISO code, e.g. USD."))
    elif header.currency != ZMW and (header.exchange_rate is None or header.exchange_rate <= 0):
        errors.append(FieldError("exchange_rate", "exchange_rate_required", "Give the ZMW rate of a foreign currency."))
    elif header.currency == ZMW and header.exchange_rate not in (None, Decimal(1)):
        errors.append(FieldError("exchange_rate", "exchange_rate_not_one", "A ZMW invoice has rate 1."))
    categories = {line.tax_category for line in lines} if vat_registered else set()
    if TaxCategory.C2 in categories and not header.lpo_number:
        errors.append(
            FieldError("lpo_number", "lpo_number_required", "A zero-rated LPO (C2) line needs the LPO number.")
        )
    if header.lpo_number and vat_registered and categories - {TaxCategory.C2}:
        errors.append(FieldError("lines", "lpo_lines_not_c2", "With an LPO number every line must be C2."))
    if TaxCategory.C1 in categories and not header.destination_country:
        errors.append(
            FieldError("destination_country", "destination_required", "An export (C1) needs the destination country.")
        )
    if header.destination_country is not None and not _COUNTRY.match(header.destination_country):
        errors.append(FieldError("destination_country", "country_invalid", "A two-letter ISO country code."))
    if TaxCategory.RVAT in categories and not header.principal_id:
        errors.append(FieldError("principal_id", "principal_required", "An RVAT sale names its principal."))
    if vat_registered and customer.kind is CustomerKind.BUSINESS and not customer.tpin:
        errors.append(
            FieldError(
                "customer_id", "customer_tpin_required", "A VAT invoice to a business needs the customer's TPIN."
            )
        )
    if customer.archived_at is not None:
        errors.append(FieldError("customer_id", "customer_archived", "The customer is archived."))
    for index, line in enumerate(lines):
        if not 1 <= len(line.description.strip()) <= 500:
            errors.append(FieldError(f"lines.{index}.description", "description_invalid", "1 to 500 characters."))
    return errors


def format_number(template: str, *, year: int, sequence: int) -> str:
    """A document number from its organization's format, e.g. `INV-{year}-{seq:05d}` → `INV-2026-00042`."""
    return template.format(year=year, seq=sequence)


def number_format_problems(template: str) -> list[FieldError]:
    """Why `template` cannot number documents (it must contain `{seq...}` and only `year`/`seq`)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
        format_number(template, year=2026, sequence=1)
    except (ValueError, KeyError, IndexError):
        return [FieldError("format", "number_format_invalid", "Use {year} and {seq:05d}, e.g. INV-{year}-{seq:05d}.")]
    if "seq" not in fields or set(fields) - {"year", "seq"}:
        return [FieldError("format", "number_format_invalid", "The format needs {seq} and may use {year}.")]
    return []


def status_of(
    *, stored: str, amount_due: Decimal, settled: Decimal, due_date: date, sent: bool, today: date
) -> InvoiceStatus:
    """The status a client sees, from what is stored and what has been paid or credited."""
    if stored != InvoiceStatus.ISSUED:
        return InvoiceStatus(stored)
    if settled >= amount_due:
        return InvoiceStatus.PAID
    if due_date < today:
        return InvoiceStatus.OVERDUE
    if settled > 0:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.SENT if sent else InvoiceStatus.ISSUED


@dataclass(frozen=True)
class Invoice:
    """An invoice as stored: its header, lines and the totals last computed for it."""

    id: UUID
    """Stable identity."""
    status: str
    """`draft`, `issued` or `void` (see `status_of` for what clients see)."""
    header: InvoiceHeader
    """Customer, dates, currency and ZRA's variant fields."""
    lines: tuple[DocumentLine, ...]
    """The lines, in order."""
    number: str | None
    """The document number, once issued."""
    total_taxable: Decimal
    """VAT-exclusive total (4 dp)."""
    total_tax: Decimal
    """VAT and levies (4 dp)."""
    total_amount: Decimal
    """What the lines charge (4 dp)."""
    amount_due: Decimal
    """What the customer owes, to the ngwee, in the invoice's currency."""
    amount_paid: Decimal
    """Paid so far."""
    amount_credited: Decimal
    """Credited by credit notes so far."""
    amount_debited: Decimal
    """Charged on top by debit notes so far."""
    journal_entry_id: UUID | None
    """The entry that posted it, once issued."""
    issued_at: datetime | None
    """When it was issued."""
    sent_at: datetime | None
    """When it was sent to the customer."""

    @property
    def outstanding(self) -> Decimal:
        """What is still to be paid."""
        return self.amount_due + self.amount_debited - self.amount_paid - self.amount_credited
