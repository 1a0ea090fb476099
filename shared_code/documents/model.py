"""Printed documents as plain values, and the rules of how an organization's look.

Pure: no I/O. What a PDF shows is built into one of these values first (`PrintedDocument`,
`PrintedStatement`, `PrintedReceipt`), so the same value always renders the same bytes and
a hash of it names the stored file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared_code.platform.errors import FieldError

RENDERER_VERSION = "2"
"""Part of every content hash: bump it when the layout code changes what a PDF looks like."""

_ACCENT = re.compile(r"^#[0-9A-F]{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_SUBJECT = 200
MAX_MESSAGE = 5000


class Layout(StrEnum):
    """The layouts an organization chooses among; one layout code draws them all."""

    CLASSIC = "classic"
    """Logo and seller on the left, the title in the accent colour on the right."""
    MODERN = "modern"
    """A band of the accent colour across the top with the title in white."""
    COMPACT = "compact"
    """Smaller type and tighter rows: more lines per page."""


class DocumentKind(StrEnum):
    """What is printed or e-mailed."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    STATEMENT = "statement"
    RECEIPT = "receipt"


class EmailStatus(StrEnum):
    """Where an e-mail of a document is."""

    QUEUED = "queued"
    """Waiting for the mail server (also after a failed attempt that will be retried)."""
    SENT = "sent"
    """The mail server took it."""
    FAILED = "failed"
    """Refused for good, or out of retries; `last_error` says why."""


@dataclass(frozen=True)
class DocumentStyle:
    """How an organization's documents look."""

    layout: Layout = Layout.CLASSIC
    """Which layout."""
    accent_colour: str = "#1F4E79"
    """`#RRGGBB`, upper case: headings, rules and the table header."""


@dataclass(frozen=True)
class PaymentDetails:
    """Where a customer pays; a section is printed only for what is given."""

    bank_name: str | None = None
    """The bank, e.g. Zanaco."""
    bank_branch: str | None = None
    """The branch (or its sort code)."""
    bank_account_name: str | None = None
    """The name the account is held in."""
    bank_account_number: str | None = None
    """The account number."""
    airtel_money_number: str | None = None
    """An Airtel Money number, +260…"""

    @property
    def has_bank(self) -> bool:
        """True when a bank account can be printed (bank and number at least)."""
        return bool(self.bank_name and self.bank_account_number)

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to print."""
        return not self.has_bank and not self.airtel_money_number


@dataclass(frozen=True)
class DocumentSettings:
    """An organization's choices for its printed and e-mailed documents."""

    style: DocumentStyle = DocumentStyle()
    """Layout and accent colour."""
    payment: PaymentDetails = PaymentDetails()
    """Bank and Airtel Money details printed on invoices and statements."""
    terms: str = ""
    """Terms printed at the foot of invoices."""
    reply_to: str | None = None
    """Where customers' replies to e-mailed documents go (the profile's e-mail when None)."""


@dataclass(frozen=True)
class FiscalReceipt:
    """What ZRA's VSDC returned when it signed a document (`rcptNo`, `sdcId`, ...)."""

    receipt_number: int
    """ZRA's receipt number (`rcptNo`)."""
    sdc_id: str
    """The fiscal device (`sdcId`)."""
    fiscal_at: datetime
    """When the VSDC signed it (`vsdcRcptPbctDate`), in Lusaka time: printed as it is."""
    internal_data: str
    """`intrlData`."""
    signature: str
    """`rcptSign`."""
    qr_code_url: str
    """`qrCodeUrl`: where anyone can check the receipt; printed as a QR code."""


@dataclass(frozen=True)
class Party:
    """A seller or a buyer as printed."""

    name: str
    """Legal or trading name."""
    tpin: str | None = None
    """ZRA TPIN."""
    address: tuple[str, ...] = ()
    """Address lines."""
    phone: str | None = None
    """Phone."""
    email: str | None = None
    """E-mail."""


@dataclass(frozen=True)
class PrintedLine:
    """One line of an invoice or credit note as printed."""

    description: str
    """What was sold."""
    quantity: Decimal
    """Up to 4 dp."""
    unit_price: Decimal
    """As the document states it (VAT-inclusive or not)."""
    discount_rate: Decimal
    """Percent off."""
    tax_category: str
    """ZRA category code."""
    vat_amount: Decimal
    """VAT of the line."""
    amount: Decimal
    """What the line charges, VAT included."""


@dataclass(frozen=True)
class TaxRow:
    """One row of the tax breakdown."""

    code: str
    """Category or levy code."""
    rate: Decimal
    """Percent."""
    taxable_amount: Decimal
    """Base."""
    tax_amount: Decimal
    """Tax."""


@dataclass(frozen=True)
class PrintedDocument:
    """An invoice or a credit note as printed."""

    kind: DocumentKind
    """Invoice or credit note."""
    number: str
    """Its number."""
    issue_date: date
    """Its date."""
    currency: str
    """ISO code."""
    seller: Party
    """The organization."""
    buyer: Party
    """The customer."""
    lines: tuple[PrintedLine, ...]
    """In order."""
    tax_rows: tuple[TaxRow, ...]
    """By category, then levies."""
    total_taxable: Decimal
    """VAT-exclusive total."""
    total_tax: Decimal
    """VAT and levies."""
    amount_due: Decimal
    """The total, to the ngwee."""
    details: tuple[tuple[str, str], ...] = ()
    """Further labelled facts (due date, LPO, the credited invoice, the reason...)."""
    notes: str = ""
    """Printed notes."""
    fiscal: FiscalReceipt | None = None
    """ZRA's signature; without it the document is not a tax invoice."""
    fiscal_required: bool = True
    """False for a business not registered for VAT: no ZRA block at all, not the 'awaiting' mark."""
    payment: PaymentDetails = PaymentDetails()
    """Where to pay (invoices only)."""
    terms: str = ""
    """Terms."""


@dataclass(frozen=True)
class StatementRow:
    """One document on a statement."""

    day: date
    """Its date."""
    description: str
    """What it is, e.g. `Invoice`."""
    reference: str
    """Its number or reference."""
    debit: Decimal
    """Added to the balance."""
    credit: Decimal
    """Taken off."""
    balance: Decimal
    """Running balance."""


@dataclass(frozen=True)
class PrintedStatement:
    """A customer statement as printed."""

    seller: Party
    """The organization."""
    buyer: Party
    """The customer."""
    as_of: date
    """Documents up to this date."""
    currency: str
    """The balance's currency."""
    rows: tuple[StatementRow, ...]
    """Oldest first."""
    balance: Decimal
    """Owed (negative: in credit)."""
    aging: tuple[tuple[str, Decimal], ...]
    """Outstanding by days past due, in bucket order."""
    payment: PaymentDetails = PaymentDetails()
    """Where to pay."""


@dataclass(frozen=True)
class PrintedReceipt:
    """A payment receipt as printed on an 80 mm roll."""

    seller: Party
    """The organization."""
    customer: str
    """Who paid."""
    reference: str
    """The payment's reference (or its id's start)."""
    payment_date: date
    """When the money arrived."""
    method: str
    """How it was paid, in words."""
    currency: str
    """ISO code."""
    amount: Decimal
    """What was paid."""
    allocations: tuple[tuple[str, Decimal], ...]
    """Invoice number → amount applied."""
    unallocated: Decimal
    """Kept as the customer's credit."""


@dataclass(frozen=True)
class DocumentEmail:
    """One e-mail of a document to its customer, and where its delivery is."""

    id: UUID
    """Stable identity."""
    document_type: DocumentKind
    """What was sent."""
    document_id: UUID
    """The document (the customer, for a statement)."""
    recipient: str
    """The customer's address it went to."""
    subject: str
    """As sent."""
    message: str
    """The sender's own words above the document's summary (may be empty)."""
    attachment: str
    """The attached PDF's file name."""
    status: EmailStatus
    """Queued, sent or failed."""
    attempts: int
    """Deliveries tried so far."""
    last_error: str | None
    """Why the last attempt failed (kept after a later success, for the record)."""
    queued_by: UUID
    """Who sent it."""
    queued_at: datetime
    """When it was queued."""
    sent_at: datetime | None
    """When the mail server took it."""


def settings_problems(settings: DocumentSettings) -> list[FieldError]:
    """Every rule `settings` breaks (empty if none)."""
    errors = []
    if not _ACCENT.match(settings.style.accent_colour):
        errors.append(FieldError("accent_colour", "accent_colour_invalid", "A colour as #RRGGBB, e.g. #1F4E79."))
    payment = settings.payment
    if bool(payment.bank_name) != bool(payment.bank_account_number):
        errors.append(
            FieldError("bank_account_number", "bank_details_incomplete", "Give both the bank and the account number.")
        )
    if len(settings.terms) > 1000:
        errors.append(FieldError("terms", "terms_too_long", "At most 1000 characters."))
    if settings.reply_to is not None and (len(settings.reply_to) > 254 or not _EMAIL.match(settings.reply_to)):
        errors.append(FieldError("reply_to", "email_invalid", "Enter an e-mail address."))
    return errors


def email_problems(recipient: str | None, subject: str | None, message: str) -> list[FieldError]:
    """Why a document cannot be e-mailed with this recipient, subject (None: the template's) and message."""
    errors = []
    if not recipient:
        errors.append(FieldError("customer_id", "customer_email_missing", "The customer has no e-mail address."))
    elif len(recipient) > 254 or not _EMAIL.match(recipient):
        errors.append(
            FieldError("customer_id", "customer_email_invalid", "The customer's e-mail address is not valid.")
        )
    if subject is not None and (not 1 <= len(subject.strip()) <= MAX_SUBJECT or "\n" in subject or "\r" in subject):
        errors.append(
            FieldError("subject", "subject_invalid", f"A subject of 1 to {MAX_SUBJECT} characters on one line.")
        )
    if len(message) > MAX_MESSAGE:
        errors.append(FieldError("message", "message_too_long", f"At most {MAX_MESSAGE} characters."))
    return errors


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_canonical(item) for item in value]
    if isinstance(value, Decimal | date | datetime):
        return str(value)
    return value


def content_hash(*parts: Any, logo: bytes | None = None) -> str:
    """A hash of what a PDF shows: the printed value(s), the style, the logo, the renderer.

    Two requests for an unchanged document get the same hash, so the stored PDF is reused;
    any change (a payment, a new logo, another accent colour) gives a new one.
    """
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    digest.update(json.dumps([_canonical(part) for part in parts], sort_keys=True).encode())
    digest.update(hashlib.sha256(logo or b"").digest())
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class EmailPreview:
    """A document's e-mail as the customer would receive it, rendered without sending anything."""

    recipient: str
    """The customer's address."""
    recipient_name: str
    """The customer's name, as addressed."""
    reply_to: str | None
    """Where the customer's replies go."""
    subject: str
    """The sender's subject, or the template's when none is given."""
    text: str
    """The plain-text body with the sender's message filled in."""
    html: str | None
    """The HTML alternative of the same content."""
    attachment: str
    """The attached PDF's file name."""
