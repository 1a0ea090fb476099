"""The `saveSales` request of a sale, credit note or debit note, and every reason it cannot be sent.

Pure: a `SaleDocument` (the document's lines already taxed by the sales tax engine, the
registered ZRA item of each line, the seller's device and who confirms it) in; the VSDC's
JSON body (amounts as `Decimal`, for `wire.dumps`) or a list of problems out. The amounts are
the engine's, which follow section 4.5 of the reference; nothing here recomputes tax.

What the reference marks uncertain is a `SalesOptions` field with the safest default, so an
organization (or ZRA's certification) can change it without a code change:

* `max_quantity_places`: S6 and RRA allow 2 decimals in `qty`; IntelliFin's documents allow 4.
  A line with more than this is refused here, before a number is spent on it.
* `credit_note_status`: `salesSttsCd` of a credit note, `02` (S1, S5, S6) or `05` (S3).
* `purchaser_acceptance`: `prchrAcptcYn`, `N` in S1's samples, `Y` in S3 and S15.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared_code.platform.errors import FieldError
from shared_code.sales.tax import BUCKET_SUFFIX, DocumentTax, Levy, LineTax, TaxCategory

LUSAKA = timezone(timedelta(hours=2), "CAT")
"""The VSDC's clock: Central Africa Time, UTC+2 all year."""

HEADER_BUCKETS = ("A", "B", "C1", "C2", "C3", "D", "RVAT", "E", "F", "IPL1", "IPL2", "TL", "ECM", "EXEEG", "TOT")
"""Every bucket the header carries (`taxblAmt<X>`, `taxRt<X>`, `taxAmt<X>`), used or not: 45 fields."""

_SUFFIX = {**BUCKET_SUFFIX, "F": "F"}
_LEVY_FIELDS: dict[Levy, tuple[str, str, str]] = {
    Levy.TL: ("tlCatCd", "tlTaxblAmt", "tlAmt"),
    Levy.IPL1: ("iplCatCd", "iplTaxblAmt", "iplAmt"),
    Levy.IPL2: ("iplCatCd", "iplTaxblAmt", "iplAmt"),
    Levy.ECM: ("exciseTxCatCd", "exciseTaxblAmt", "exciseTxAmt"),
    Levy.EXEEG: ("exciseTxCatCd", "exciseTaxblAmt", "exciseTxAmt"),
}
_ZERO = Decimal(0)


class ReceiptType(StrEnum):
    """`rcptTyCd`: what the document is."""

    SALE = "S"
    CREDIT_NOTE = "R"
    DEBIT_NOTE = "D"


class PaymentType(StrEnum):
    """`pmtTyCd` (code class 07)."""

    CASH = "01"
    CREDIT = "02"
    CASH_CREDIT = "03"
    BANK_CHEQUE = "04"
    CARD = "05"
    MOBILE_MONEY = "06"
    OTHER = "07"
    BANK_TRANSFER = "08"


@dataclass(frozen=True)
class ZraItem:
    """An item as registered with the VSDC (`saveItem`): what a line must name."""

    code: str
    """`itemCd`."""
    classification_code: str | None
    """`itemClsCd`: ZRA's item classification; required before a sale."""
    name: str
    """`itemNm`."""
    unit_code: str
    """`qtyUnitCd` (code class 10)."""
    packaging_code: str
    """`pkgUnitCd` (code class 17)."""
    is_goods: bool
    """Goods release stock (`stockRlsDt`); services do not."""


@dataclass(frozen=True)
class SaleLine:
    """One line of the document: its item, quantity and what the engine computed."""

    item: ZraItem | None
    """The registered item; None for a free-text line, which ZRA cannot take."""
    quantity: Decimal
    """`qty` (and `pkg`)."""
    discount_rate: Decimal
    """`dcRt`, percent."""
    tax: LineTax
    """The engine's amounts for the line."""
    rrp: Decimal | None = None
    """Category B: the recommended retail price per unit."""


@dataclass(frozen=True)
class OriginalReceipt:
    """What ZRA gave the invoice a note corrects."""

    receipt_number: int
    """Its `rcptNo` (the note's `orgInvcNo`)."""
    sdc_id: str
    """Its `sdcId` (the note's `orgSdcId`)."""


@dataclass(frozen=True)
class Confirmer:
    """Who confirms the document (the header's `regrId`/`regrNm`/`modrId`/`modrNm`)."""

    user_id: str
    name: str


@dataclass(frozen=True)
class SaleDocument:
    """Everything a `saveSales` request says."""

    cis_invoice_number: str
    """Our own number (`cisInvcNo`), unique per branch for sales and notes alike."""
    receipt_type: ReceiptType
    sale_date: date
    """`salesDt`."""
    confirmed_at: datetime
    """`cfmDt` (timezone-aware; sent in Lusaka time)."""
    customer_name: str
    customer_tpin: str | None
    payment_type: PaymentType
    currency: str
    exchange_rate: Decimal
    lines: tuple[SaleLine, ...]
    tax: DocumentTax
    """The document's totals and buckets, from the same engine run as the lines."""
    confirmer: Confirmer
    lpo_number: str | None = None
    destination_country: str | None = None
    principal_id: str | None = None
    original: OriginalReceipt | None = None
    """Credit and debit notes: the invoice's receipt."""
    reason_code: str | None = None
    """Credit note: `rfdRsnCd` (class 32); debit note: `dbtRsnCd` (class 67)."""
    reason: str = ""
    """Free text: the debit note's `invcAdjustReason`, else part of `remark`."""
    remark: str = ""


@dataclass(frozen=True)
class SalesOptions:
    """The choices the reference leaves open (see the module docstring)."""

    max_quantity_places: int = 2
    credit_note_status: str = "02"
    purchaser_acceptance: str = "N"
    bucket_rates: Mapping[str, Decimal] = field(default_factory=dict)
    """Each header bucket's rate in percent, by code (`A`, `TL`, ...), from the VSDC's codes;
    a bucket the document uses takes the engine's rate, an unused one this (0 if absent)."""


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def sale_problems(document: SaleDocument, options: SalesOptions) -> list[FieldError]:
    """Every reason the VSDC would refuse `document`, found before anything is numbered or sent."""
    problems: list[FieldError] = []
    if not document.lines:
        problems.append(FieldError("lines", "zra_no_lines", "A document sent to ZRA needs at least one line."))
    if len(document.lines) != len(document.tax.lines):
        raise ValueError("the document's lines and its taxed lines differ in number")
    for index, line in enumerate(document.lines):
        path = f"lines.{index}"
        if line.item is None:
            problems.append(
                FieldError(f"{path}.item_id", "zra_item_required", "ZRA accepts only lines of a registered item.")
            )
        elif not line.item.classification_code:
            problems.append(
                FieldError(
                    f"{path}.item_id",
                    "zra_item_classification_missing",
                    f"Item {line.item.code} has no ZRA item classification code.",
                )
            )
        if _places(line.quantity) > options.max_quantity_places:
            problems.append(
                FieldError(
                    f"{path}.quantity",
                    "zra_quantity_precision",
                    f"ZRA takes at most {options.max_quantity_places} decimal places in a quantity.",
                )
            )
        if line.tax.category is TaxCategory.B and line.rrp is None:
            problems.append(FieldError(f"{path}.rrp", "rrp_required", "A category B line needs the RRP."))
    categories = {line.tax.category for line in document.lines}
    if document.lpo_number and categories - {TaxCategory.C2}:
        problems.append(FieldError("lpo_number", "zra_lpo_lines_not_c2", "With an LPO number every line must be C2."))
    if TaxCategory.C2 in categories and not document.lpo_number:
        problems.append(FieldError("lpo_number", "lpo_number_required", "A C2 line needs the LPO number."))
    if TaxCategory.C1 in categories and not document.destination_country:
        problems.append(FieldError("destination_country", "destination_required", "An export needs its destination."))
    if TaxCategory.RVAT in categories and not document.principal_id:
        problems.append(FieldError("principal_id", "principal_required", "A reverse-VAT sale needs the principal."))
    if document.customer_tpin is not None and not (
        len(document.customer_tpin) == 10 and document.customer_tpin.isdigit()
    ):
        problems.append(FieldError("customer_id", "tpin_invalid", "The customer's TPIN must be 10 digits."))
    if document.receipt_type is not ReceiptType.SALE:
        if document.original is None:
            problems.append(
                FieldError(
                    "invoice_id",
                    "zra_original_not_fiscalised",
                    "The invoice this note corrects has no ZRA receipt yet.",
                )
            )
        if not document.reason_code:
            problems.append(FieldError("reason_code", "reason_code_required", "A note needs ZRA's reason code."))
    if document.exchange_rate <= 0:
        problems.append(FieldError("exchange_rate", "exchange_rate_required", "The rate must be above zero."))
    return problems


def _moment(value: datetime) -> str:
    return value.astimezone(LUSAKA).strftime("%Y%m%d%H%M%S")


def _line(index: int, line: SaleLine) -> dict[str, Any]:
    item = line.item
    if item is None:
        raise ValueError("check sale_problems first: a line has no registered item")
    tax = line.tax
    body: dict[str, Any] = {
        "itemSeq": index + 1,
        "itemCd": item.code,
        "itemClsCd": item.classification_code,
        "itemNm": item.name,
        "bcd": None,
        "pkgUnitCd": item.packaging_code,
        "pkg": line.quantity,
        "qtyUnitCd": item.unit_code,
        "qty": line.quantity,
        "prc": tax.unit_price,
        "splyAmt": tax.supply_amount,
        "dcRt": line.discount_rate,
        "dcAmt": tax.discount_amount,
        "isrccCd": None,
        "isrccNm": None,
        "isrcRt": _ZERO,
        "isrcAmt": _ZERO,
        "vatCatCd": tax.category.value,
        "exciseTxCatCd": None,
        "tlCatCd": None,
        "iplCatCd": None,
        "vatTaxblAmt": tax.taxable_amount,
        "vatAmt": tax.vat_amount,
        "exciseTaxblAmt": _ZERO,
        "exciseTxAmt": _ZERO,
        "tlTaxblAmt": _ZERO,
        "tlAmt": _ZERO,
        "iplTaxblAmt": _ZERO,
        "iplAmt": _ZERO,
        "totAmt": tax.total_amount,
    }
    if tax.levy is not None:
        category_field, taxable_field, amount_field = _LEVY_FIELDS[tax.levy]
        body[category_field] = tax.levy.value
        body[taxable_field] = tax.taxable_amount
        body[amount_field] = tax.levy_amount
    if tax.category is TaxCategory.B:
        body["rrp"] = line.rrp
    return body


def _buckets(tax: DocumentTax, rates: Mapping[str, Decimal]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for code in HEADER_BUCKETS:
        used = tax.bucket(code)
        suffix = _SUFFIX[code]
        fields[f"taxblAmt{suffix}"] = used.taxable_amount if used else _ZERO
        fields[f"taxRt{suffix}"] = used.rate if used else rates.get(code, _ZERO)
        fields[f"taxAmt{suffix}"] = used.tax_amount if used else _ZERO
    return fields


def sales_request(document: SaleDocument, options: SalesOptions) -> dict[str, Any]:
    """The `saveSales` body of a valid document (see `sale_problems`), without `tpin` and
    `bhfId`, which the client adds. Built once, stored, and replayed unchanged on every retry."""
    problems = sale_problems(document, options)
    if problems:
        raise ValueError(f"check sale_problems first: {[p.code for p in problems]}")
    receipt = document.receipt_type
    confirmed = _moment(document.confirmed_at)
    releases_stock = any(line.item is not None and line.item.is_goods for line in document.lines)
    body: dict[str, Any] = {
        "cisInvcNo": document.cis_invoice_number,
        "orgInvcNo": document.original.receipt_number if document.original else 0,
        "orgSdcId": document.original.sdc_id if document.original else None,
        "custTpin": document.customer_tpin,
        "custNm": document.customer_name,
        "salesTyCd": "N",
        "rcptTyCd": receipt.value,
        "pmtTyCd": document.payment_type.value,
        "salesSttsCd": options.credit_note_status if receipt is ReceiptType.CREDIT_NOTE else "02",
        "cfmDt": confirmed,
        "salesDt": document.sale_date.strftime("%Y%m%d"),
        "stockRlsDt": confirmed if releases_stock else None,
        "cnclReqDt": None,
        "cnclDt": None,
        "rfdDt": confirmed if receipt is ReceiptType.CREDIT_NOTE else None,
        "rfdRsnCd": document.reason_code if receipt is ReceiptType.CREDIT_NOTE else None,
        "totItemCnt": len(document.lines),
        **_buckets(document.tax, options.bucket_rates),
        "totTaxblAmt": document.tax.total_taxable,
        "totTaxAmt": document.tax.total_tax,
        "totAmt": document.tax.total_amount,
        "cashDcRt": _ZERO,
        "cashDcAmt": _ZERO,
        "prchrAcptcYn": options.purchaser_acceptance,
        "remark": _remark(document),
        "saleCtyCd": "1",
        "currencyTyCd": document.currency,
        "exchangeRt": document.exchange_rate,
        "destnCountryCd": document.destination_country,
        "lpoNumber": document.lpo_number,
        "regrId": document.confirmer.user_id,
        "regrNm": document.confirmer.name,
        "modrId": document.confirmer.user_id,
        "modrNm": document.confirmer.name,
        "itemList": [_line(index, line) for index, line in enumerate(document.lines)],
    }
    if document.principal_id:
        body["principalId"] = document.principal_id
    if receipt is ReceiptType.DEBIT_NOTE:
        body["dbtRsnCd"] = document.reason_code
        body["invcAdjustReason"] = document.reason or None
    return body


def _remark(document: SaleDocument) -> str | None:
    """The free-text remark; a credit note's reason text goes here (ZRA has no field for it)."""
    parts: Sequence[str] = [document.remark.strip()]
    if document.receipt_type is ReceiptType.CREDIT_NOTE and document.reason.strip():
        parts = [*parts, document.reason.strip()]
    text = " — ".join(p for p in parts if p)
    return text[:400] or None
