"""What the sandbox VSDC checks in a request before it records anything.

Pure: a request body (parsed with `Decimal` numbers) and what the VSDC knows in, a refusal
(result code and ZRA-style message) out. The checks are written from the reference, not from
IntelliFin's tax engine, so the sandbox catches the engine's mistakes instead of repeating them:

* envelope: `tpin` 10 digits, `bhfId` 3 digits (910 names a missing field: "... must not be null");
* codes: every code must be in its code class (913), the sales/receipt type pair must be one
  of NS NR ND TS TR TD CS CR CD PS (834), a buyer TPIN must be 10 digits (884);
* amounts: at most 4 decimal places, quantities at most 2 (910), `salesDt` within 180 days of
  today (910 naming `salesDt`);
* the section 4.5 arithmetic per line and per header bucket: a mismatch is 910 "Wrong Amount
  computation at <field>". Line values must be exact to the rounding of 4 places; a header
  bucket may differ from the sum of its rounded lines by 0.0001 per line (it is the rounded
  sum of unrounded values);
* variants: an LPO number makes every line C2; C2 needs the LPO number, C1 the destination
  country, RVAT the principal, B lines their RRP; notes (R, D) name the original receipt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

FOUR = Decimal("0.0001")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
WINDOW_DAYS = 180
LUSAKA = timezone(timedelta(hours=2), "CAT")
"""Central Africa Time (UTC+2, no daylight saving): the VSDC's clock."""

BUCKETS = ("A", "B", "C1", "C2", "C3", "D", "Rvat", "E", "F", "Ipl1", "Ipl2", "Tl", "Ecm", "Exeeg", "Tot")
"""The 15 header buckets, each with `taxblAmt<X>`, `taxRt<X>`, `taxAmt<X>`."""

VAT_BUCKET_OF = {
    "A": "A",
    "B": "B",
    "C1": "C1",
    "C2": "C2",
    "C3": "C3",
    "D": "D",
    "E": "E",
    "RVAT": "Rvat",
    "TOT": "Tot",
    "F": "F",
}
LEVY_BUCKET_OF = {"TL": "Tl", "IPL1": "Ipl1", "IPL2": "Ipl2", "ECM": "Ecm", "EXEEG": "Exeeg"}
VAT_BUCKETS = frozenset(VAT_BUCKET_OF.values())
NO_VAT = frozenset({"C1", "C2", "C3", "D", "E", "TOT"})
VALID_TYPE_PAIRS = frozenset({"NS", "NR", "ND", "TS", "TR", "TD", "CS", "CR", "CD", "PS"})
"""`salesTyCd` + `rcptTyCd` combinations the VSDC accepts (834 otherwise)."""

LEVIES = (
    # (category field, taxable field, amount field)
    ("tlCatCd", "tlTaxblAmt", "tlAmt"),
    ("iplCatCd", "iplTaxblAmt", "iplAmt"),
    ("exciseTxCatCd", "exciseTaxblAmt", "exciseTxAmt"),
)

HEADER_REQUIRED = (
    "cisInvcNo",
    "custNm",
    "salesTyCd",
    "rcptTyCd",
    "pmtTyCd",
    "salesSttsCd",
    "cfmDt",
    "salesDt",
    "totItemCnt",
    "totTaxblAmt",
    "totTaxAmt",
    "totAmt",
    "prchrAcptcYn",
    "saleCtyCd",
    "currencyTyCd",
    "exchangeRt",
    "regrId",
    "regrNm",
    "modrId",
    "modrNm",
    "itemList",
)
LINE_REQUIRED = (
    "itemSeq",
    "itemCd",
    "itemClsCd",
    "itemNm",
    "pkgUnitCd",
    "pkg",
    "qtyUnitCd",
    "qty",
    "prc",
    "splyAmt",
    "dcRt",
    "dcAmt",
    "vatTaxblAmt",
    "vatAmt",
    "totAmt",
)

_TPIN = re.compile(r"[0-9]{10}")
_BHF = re.compile(r"[0-9]{3}")
_DATE8 = re.compile(r"[0-9]{8}")
_DATE14 = re.compile(r"[0-9]{14}")


class Refused(Exception):
    """The VSDC refuses the request with `code` (a 3-digit result code) and `message`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def missing(field: str) -> Refused:
    """ZRA's 910 for an absent field."""
    return Refused("910", f"Request parameter error: {field} must not be null")


def wrong_amount(field: str) -> Refused:
    """ZRA's 910 for an amount that does not follow from the others."""
    return Refused("910", f"Wrong Amount computation at {field}")


def round4(value: Decimal) -> Decimal:
    """Half up to 4 places."""
    return value.quantize(FOUR, rounding=ROUND_HALF_UP)


def places(value: Decimal) -> int:
    """Decimal places `value` carries (trailing zeros do not count)."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def text(body: Mapping[str, Any], field: str, *, required: bool = True) -> str | None:
    """A text field; 910 if required and absent or empty."""
    value = body.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise missing(field)
        return None
    return str(value)


def number(body: Mapping[str, Any], field: str, *, required: bool = True, path: str | None = None) -> Decimal:
    """A number field (JSON number or numeric string) with at most 4 decimal places."""
    name = path or field
    value = body.get(field)
    if value is None or value == "":
        if required:
            raise missing(name)
        return ZERO
    if isinstance(value, bool):
        raise Refused("910", f"Request parameter error: {name} is not a number")
    try:
        parsed = Decimal(str(value))
    except InvalidOperation:
        raise Refused("910", f"Request parameter error: {name} is not a number") from None
    if not parsed.is_finite():
        raise Refused("910", f"Request parameter error: {name} is not a number")
    if places(parsed) > 4:
        raise Refused("910", f"Request parameter error: {name} has more than 4 decimal places")
    return parsed


def check_identity(body: Mapping[str, Any]) -> tuple[str, str]:
    """`tpin` and `bhfId` of a request, checked for form."""
    tpin = text(body, "tpin")
    bhf_id = text(body, "bhfId")
    assert tpin is not None
    assert bhf_id is not None
    if not _TPIN.fullmatch(tpin):
        raise Refused("910", "Request parameter error: tpin must be 10 digits")
    if not _BHF.fullmatch(bhf_id):
        raise Refused("910", "Request parameter error: bhfId must be 3 digits")
    return tpin, bhf_id


def parse_day(value: str, field: str) -> date:
    """A `yyyyMMdd` date; 910 naming `field` otherwise."""
    if not _DATE8.fullmatch(value):
        raise Refused("910", f"Request parameter error: {field} must be yyyyMMdd")
    try:
        return datetime.strptime(value, "%Y%m%d").date()  # noqa: DTZ007 (a calendar date, no time)
    except ValueError:
        raise Refused("910", f"Request parameter error: {field} is not a date") from None


def check_moment(value: str | None, field: str) -> None:
    """A `yyyyMMddHHmmss` time, if given."""
    if value is None:
        return
    if not _DATE14.fullmatch(value):
        raise Refused("910", f"Request parameter error: {field} must be yyyyMMddHHmmss")
    try:
        datetime.strptime(value, "%Y%m%d%H%M%S")  # noqa: DTZ007 (VSDC local time, no zone on the wire)
    except ValueError:
        raise Refused("910", f"Request parameter error: {field} is not a time") from None


@dataclass(frozen=True)
class CodeBook:
    """The code lists the VSDC validates against, by class."""

    codes: Mapping[str, frozenset[str]]
    """Class → its codes in use."""
    rates: Mapping[str, Decimal]
    """Tax type or levy code → rate in percent (from `userDfnCd1`)."""

    def require(self, cls: str, value: str | None, field: str) -> None:
        """913 unless `value` is a code of class `cls`."""
        if value is not None and value not in self.codes.get(cls, frozenset()):
            raise Refused("913", f"Invalid code value of {field}: {value}")


@dataclass(frozen=True)
class OriginalSale:
    """What the VSDC holds of the sale a credit or debit note refers to."""

    rcpt_ty_cd: str
    cust_tpin: str | None
    tot_amt: Decimal
    lines: Sequence[Mapping[str, Any]]
    """The original's `itemList`."""
    credited_amount: Decimal
    """`totAmt` of credit notes already recorded against it."""
    debited_amount: Decimal
    """`totAmt` of debit notes already recorded against it."""
    credited_quantities: Mapping[str, Decimal]
    """`itemCd` → quantity already credited."""


def check_sale(
    body: Mapping[str, Any],
    *,
    book: CodeBook,
    registered_items: Mapping[str, Mapping[str, Any]],
    today: date,
    original: OriginalSale | None,
) -> None:
    """Raise `Refused` with the first problem of a `saveSales` request (identity already checked)."""
    for field in HEADER_REQUIRED:
        if field == "itemList":
            if not isinstance(body.get("itemList"), list) or not body["itemList"]:
                raise missing("itemList")
        elif field in {"totItemCnt", "totTaxblAmt", "totTaxAmt", "totAmt", "exchangeRt"}:
            number(body, field)
        else:
            text(body, field)
    sales_type, receipt_type = str(body["salesTyCd"]), str(body["rcptTyCd"])
    book.require("14", sales_type, "salesTyCd")
    book.require("37", receipt_type, "rcptTyCd")
    if sales_type + receipt_type not in VALID_TYPE_PAIRS:
        raise Refused("834", f"Invalid sales type and receipt type combination: {sales_type}{receipt_type}")
    book.require("07", str(body["pmtTyCd"]), "pmtTyCd")
    book.require("11", str(body["salesSttsCd"]), "salesSttsCd")
    book.require("06", str(body["saleCtyCd"]), "saleCtyCd")
    book.require("33", str(body["currencyTyCd"]), "currencyTyCd")
    if body.get("prchrAcptcYn") not in ("Y", "N"):
        raise Refused("910", "Request parameter error: prchrAcptcYn must be Y or N")
    customer_tpin = text(body, "custTpin", required=False)
    if customer_tpin is not None and not _TPIN.fullmatch(customer_tpin):
        raise Refused("884", f"Invalid customer TPIN: {customer_tpin}")
    check_moment(str(body["cfmDt"]), "cfmDt")
    for field in ("stockRlsDt", "cnclReqDt", "cnclDt", "rfdDt"):
        check_moment(text(body, field, required=False), field)
    sales_day = parse_day(str(body["salesDt"]), "salesDt")
    if abs((sales_day - today).days) > WINDOW_DAYS:
        raise Refused(
            "910",
            f"Request parameter error: salesDt {body['salesDt']} is more than {WINDOW_DAYS} days from today",
        )
    if number(body, "exchangeRt") <= 0:
        raise Refused("910", "Request parameter error: exchangeRt must be above zero")
    lines: list[Mapping[str, Any]] = body["itemList"]
    if number(body, "totItemCnt") != len(lines):
        raise Refused("910", "Request parameter error: totItemCnt does not match itemList")
    taxed = [_check_line(index, line, book, registered_items) for index, line in enumerate(lines)]
    _check_variants(body, taxed, book)
    _check_header(body, taxed, book)
    if receipt_type in ("R", "D"):
        _check_note(body, receipt_type, taxed, book, original)


@dataclass(frozen=True)
class _Line:
    item_code: str
    category: str | None
    levy: str | None
    quantity: Decimal
    price: Decimal
    total: Decimal
    taxable: Decimal
    vat: Decimal
    levy_taxable: Decimal
    levy_amount: Decimal


def _check_line(
    index: int, line: Mapping[str, Any], book: CodeBook, registered_items: Mapping[str, Mapping[str, Any]]
) -> _Line:
    path = f"itemList[{index}]"
    if not isinstance(line, Mapping):
        raise Refused("910", f"Request parameter error: {path} is not an object")
    for field in LINE_REQUIRED:
        if field in {"itemSeq", "pkg", "qty", "prc", "splyAmt", "dcRt", "dcAmt", "vatTaxblAmt", "vatAmt", "totAmt"}:
            number(line, field, path=f"{path}.{field}")
        else:
            text(line, field)
    if number(line, "itemSeq") != index + 1:
        raise Refused("910", f"Request parameter error: {path}.itemSeq must be {index + 1}")
    item_code = str(line["itemCd"])
    item = registered_items.get(item_code)
    if item is None:
        raise Refused("910", f"Request parameter error: itemCd {item_code} is not a registered item")
    if item.get("itemClsCd") != line.get("itemClsCd"):
        raise Refused("910", f"Request parameter error: itemClsCd of {item_code} differs from the registered item")
    book.require("10", str(line["qtyUnitCd"]), "qtyUnitCd")
    book.require("17", str(line["pkgUnitCd"]), "pkgUnitCd")
    category = text(line, "vatCatCd", required=False)
    book.require("04", category, "vatCatCd")
    levy_found: tuple[str, str, str, str] | None = None
    for category_field, taxable_field, amount_field in LEVIES:
        code = text(line, category_field, required=False)
        if code is not None:
            book.require(
                {"tlCatCd": "62", "iplCatCd": "61", "exciseTxCatCd": "60"}[category_field], code, category_field
            )
            if levy_found is not None:
                raise Refused("910", f"Request parameter error: {path} carries more than one levy")
            levy_found = (code, category_field, taxable_field, amount_field)
    if category is None and levy_found is None:
        raise missing(f"{path}.vatCatCd")

    quantity = number(line, "qty")
    if quantity <= 0 or places(quantity) > 2:
        raise Refused("910", f"Request parameter error: {path}.qty must be above zero with at most 2 decimals")
    price = number(line, "prc")
    supply = number(line, "splyAmt")
    discount_rate = number(line, "dcRt")
    discount = number(line, "dcAmt")
    total = number(line, "totAmt")
    taxable = number(line, "vatTaxblAmt")
    vat = number(line, "vatAmt")
    if price < 0 or not ZERO <= discount_rate <= HUNDRED:
        raise Refused("910", f"Request parameter error: {path} has a negative price or a discount outside 0-100")

    charged = round4(quantity * price)
    base = total
    if category == "B":
        rrp = number(line, "rrp", required=False)
        if line.get("rrp") is None:
            raise missing(f"{path}.rrp")
        base = max(total, round4(rrp * quantity))
        if supply != max(charged, base):
            raise wrong_amount(f"{path}.splyAmt")
        if discount != round4(charged * discount_rate / HUNDRED) or total != charged - discount:
            raise wrong_amount(f"{path}.totAmt")
    else:
        if supply != charged:
            raise wrong_amount(f"{path}.splyAmt")
        if discount != round4(supply * discount_rate / HUNDRED):
            raise wrong_amount(f"{path}.dcAmt")
        if total != supply - discount:
            raise wrong_amount(f"{path}.totAmt")

    vat_rate = ZERO if category is None or category in NO_VAT else book.rates.get(category, ZERO)
    levy_code = levy_found[0] if levy_found else None
    levy_rate = book.rates.get(levy_code, ZERO) if levy_code else ZERO
    exact_taxable = base / (1 + (vat_rate + levy_rate) / HUNDRED)
    if abs(taxable - exact_taxable) > FOUR:
        raise wrong_amount(f"{path}.vatTaxblAmt")
    levy_taxable = levy_amount = ZERO
    if levy_found is not None:
        _, _, taxable_field, amount_field = levy_found
        levy_taxable = number(line, taxable_field, path=f"{path}.{taxable_field}")
        levy_amount = number(line, amount_field, path=f"{path}.{amount_field}")
        if abs(levy_taxable - exact_taxable) > FOUR:
            raise wrong_amount(f"{path}.{taxable_field}")
        if abs(levy_amount - exact_taxable * levy_rate / HUNDRED) > FOUR:
            raise wrong_amount(f"{path}.{amount_field}")
    if (vat_rate == 0 and vat != 0) or taxable + vat + levy_amount != base:
        raise wrong_amount(f"{path}.vatAmt")
    return _Line(item_code, category, levy_code, quantity, price, total, taxable, vat, levy_taxable, levy_amount)


def _check_variants(body: Mapping[str, Any], lines: list[_Line], book: CodeBook) -> None:
    categories = {line.category for line in lines}
    lpo = text(body, "lpoNumber", required=False)
    if lpo is not None and categories - {"C2"}:
        raise Refused("910", "Request parameter error: with lpoNumber every line must be C2")
    if "C2" in categories and lpo is None:
        raise missing("lpoNumber")
    destination = text(body, "destnCountryCd", required=False)
    if "C1" in categories and destination is None:
        raise missing("destnCountryCd")
    book.require("05", destination, "destnCountryCd")
    if "RVAT" in categories and text(body, "principalId", required=False) is None:
        raise missing("principalId")


def _check_header(body: Mapping[str, Any], lines: list[_Line], book: CodeBook) -> None:
    sums: dict[str, list[Decimal]] = {bucket: [ZERO, ZERO, ZERO] for bucket in BUCKETS}
    for line in lines:
        if line.category is not None:
            summed = sums[VAT_BUCKET_OF[line.category]]
            summed[0] += line.taxable
            summed[1] += line.vat
            summed[2] += 1
        if line.levy is not None:
            summed = sums[LEVY_BUCKET_OF[line.levy]]
            summed[0] += line.levy_taxable
            summed[1] += line.levy_amount
            summed[2] += 1
    code_of = {suffix: code for code, suffix in {**VAT_BUCKET_OF, **LEVY_BUCKET_OF}.items()}
    total_taxable = total_tax = ZERO
    for bucket in BUCKETS:
        taxable = number(body, f"taxblAmt{bucket}")
        rate = number(body, f"taxRt{bucket}")
        tax = number(body, f"taxAmt{bucket}")
        line_taxable, line_tax, count = sums[bucket]
        tolerance = FOUR * max(count, Decimal(1))
        if abs(taxable - line_taxable) > tolerance or (count == 0 and taxable != 0):
            raise wrong_amount(f"taxblAmt{bucket}")
        if abs(tax - line_tax) > tolerance * 2 or (count == 0 and tax != 0):
            raise wrong_amount(f"taxAmt{bucket}")
        expected_rate = book.rates.get(code_of[bucket])
        if expected_rate is not None and rate != expected_rate:
            raise Refused("910", f"Request parameter error: taxRt{bucket} must be {expected_rate}")
        if bucket in VAT_BUCKETS:
            total_taxable += taxable
        total_tax += tax
    if number(body, "totTaxblAmt") != total_taxable:
        raise wrong_amount("totTaxblAmt")
    if number(body, "totTaxAmt") != total_tax:
        raise wrong_amount("totTaxAmt")
    cash_discount = number(body, "cashDcAmt", required=False)
    if number(body, "totAmt") != sum((line.total for line in lines), ZERO) - cash_discount:
        raise wrong_amount("totAmt")


def _check_note(
    body: Mapping[str, Any], receipt_type: str, lines: list[_Line], book: CodeBook, original: OriginalSale | None
) -> None:
    if number(body, "orgInvcNo", required=False) <= 0:
        raise missing("orgInvcNo")
    text(body, "orgSdcId")
    if receipt_type == "R":
        book.require("32", text(body, "rfdRsnCd"), "rfdRsnCd")
    else:
        book.require("67", text(body, "dbtRsnCd"), "dbtRsnCd")
    if original is None or original.rcpt_ty_cd != "S":
        raise Refused("930", "The original invoice was not found")
    if receipt_type == "D":
        return
    original_lines = {str(line["itemCd"]): line for line in original.lines}
    for line in lines:
        if line.item_code not in original_lines:
            raise Refused("932", f"Item {line.item_code} is not on the original invoice")
    if (body.get("custTpin") or None) != original.cust_tpin:
        raise Refused("935", "The customer differs from the original invoice")
    wanted: dict[str, Decimal] = {}
    for line in lines:
        if line.price != Decimal(str(original_lines[line.item_code]["prc"])):
            raise Refused("935", f"The price of {line.item_code} differs from the original invoice")
        wanted[line.item_code] = wanted.get(line.item_code, ZERO) + line.quantity
    for item_code, quantity in wanted.items():
        sold = sum((Decimal(str(line["qty"])) for line in original.lines if str(line["itemCd"]) == item_code), ZERO)
        if original.credited_quantities.get(item_code, ZERO) + quantity > sold:
            raise Refused("934", f"The quantity of {item_code} exceeds what the original invoice sold")
    this_note = number(body, "totAmt")
    if original.credited_amount + this_note > original.tot_amt + original.debited_amount:
        raise Refused("931", "The credit note exceeds the remaining balance of the original invoice")


def item_problems(body: Mapping[str, Any], book: CodeBook) -> None:
    """Raise `Refused` with the first problem of a `saveItem`/`updateItem` request."""
    for field in ("itemCd", "itemClsCd", "itemTyCd", "itemNm", "orgnNatCd", "pkgUnitCd", "qtyUnitCd", "useYn"):
        text(body, field)
    for field in ("regrId", "regrNm"):
        text(body, field)
    book.require("24", str(body["itemTyCd"]), "itemTyCd")
    book.require("05", str(body["orgnNatCd"]), "orgnNatCd")
    book.require("17", str(body["pkgUnitCd"]), "pkgUnitCd")
    book.require("10", str(body["qtyUnitCd"]), "qtyUnitCd")
    category = text(body, "vatCatCd", required=False)
    book.require("04", category, "vatCatCd")
    book.require("62", text(body, "tlCatCd", required=False), "tlCatCd")
    book.require("61", text(body, "iplCatCd", required=False), "iplCatCd")
    book.require("60", text(body, "exciseTxCatCd", required=False), "exciseTxCatCd")
    if category is None and not any(body.get(field) for field in ("tlCatCd", "iplCatCd", "exciseTxCatCd")):
        raise missing("vatCatCd")
    if category == "B" and body.get("rrp") is None:
        raise missing("rrp")
    number(body, "dftPrc")
    for flag in ("svcChargeYn", "rentalYn", "isrcAplcbYn", "useYn"):
        if body.get(flag, "N") not in ("Y", "N"):
            raise Refused("910", f"Request parameter error: {flag} must be Y or N")


def today_in_lusaka(now: datetime) -> date:
    """The VSDC's date: Zambia is UTC+2 all year."""
    return now.astimezone(LUSAKA).date()
