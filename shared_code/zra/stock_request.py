"""The stock chain of a fiscalised document: its `saveStockItems` movement and the
`saveStockMaster` remaining quantities (reference 4.7). Pure.

A sale of stock-tracked goods takes them out of stock (`sarTyCd` 11); a credit note brings
them back (03, incoming return); an adjustment moves the count to what was counted (06 in,
16 out). The movement's lines are read off the exact `saveSales` request the VSDC signed, so
ZRA's stock matches ZRA's sale to the ngwee; services and goods not stock-tracked get no
movement. Quantities are always positive; the type gives the direction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

SALE_OUT = "11"
RETURN_IN = "03"
ADJUST_IN = "06"
ADJUST_OUT = "16"
STOCK_IN = frozenset({"01", "02", "03", "04", "05", "06"})
"""The in/out types (code class 12) that add to stock; the others take from it."""
_ZERO = Decimal(0)


@dataclass(frozen=True)
class StockLine:
    """One stock-tracked item moving, as the movement and the master tell ZRA."""

    item_code: str
    classification_code: str
    name: str
    packaging_code: str
    unit_code: str
    quantity: Decimal
    """Positive; the movement's type says whether it comes in or goes out."""
    unit_price: Decimal = _ZERO
    supply_amount: Decimal = _ZERO
    discount_amount: Decimal = _ZERO
    taxable_amount: Decimal = _ZERO
    vat_category: str | None = None
    tax_amount: Decimal = _ZERO
    total_amount: Decimal = _ZERO


def sar_type_of(receipt_type: str) -> str | None:
    """The stock in/out type a signed document of `rcptTyCd` causes (None: no goods move)."""
    return {"S": SALE_OUT, "R": RETURN_IN}.get(receipt_type)


def lines_of_sale(sale_request: Mapping[str, Any], stock_tracked: set[str]) -> list[StockLine]:
    """The lines of a `saveSales` request whose item (`itemCd`) is stock-tracked, as stock lines."""
    lines: list[StockLine] = []
    for line in sale_request.get("itemList") or []:
        if str(line.get("itemCd")) not in stock_tracked:
            continue
        lines.append(
            StockLine(
                item_code=str(line["itemCd"]),
                classification_code=str(line["itemClsCd"]),
                name=str(line["itemNm"]),
                packaging_code=str(line["pkgUnitCd"]),
                unit_code=str(line["qtyUnitCd"]),
                quantity=Decimal(str(line["qty"])),
                unit_price=Decimal(str(line["prc"])),
                supply_amount=Decimal(str(line["splyAmt"])),
                discount_amount=Decimal(str(line.get("dcAmt") or 0)),
                taxable_amount=Decimal(str(line["vatTaxblAmt"])),
                vat_category=line.get("vatCatCd"),
                tax_amount=Decimal(str(line["vatAmt"])),
                total_amount=Decimal(str(line["totAmt"])),
            )
        )
    return lines


def signed_change(sar_type: str, quantity: Decimal) -> Decimal:
    """How much the quantity on hand changes for a movement of `quantity` of this type."""
    return quantity if sar_type in STOCK_IN else -quantity


def movement_request(
    *,
    sar_no: int,
    sar_type: str,
    occurred_on: date,
    lines: Sequence[StockLine],
    customer_tpin: str | None,
    customer_name: str | None,
    remark: str,
    user: tuple[str, str],
) -> dict[str, Any]:
    """The body of `saveStockItems` (without `tpin`/`bhfId`): one movement, numbered `sar_no`."""
    if not lines:
        raise ValueError("a stock movement needs at least one line")
    user_id, user_name = user[0][:20], user[1][:60]
    return {
        "sarNo": sar_no,
        "orgSarNo": 0,
        "regTyCd": "A",
        "custTpin": customer_tpin,
        "custNm": customer_name,
        "custBhfId": None,
        "sarTyCd": sar_type,
        "ocrnDt": occurred_on.strftime("%Y%m%d"),
        "totItemCnt": len(lines),
        "totTaxblAmt": sum((line.taxable_amount for line in lines), _ZERO),
        "totTaxAmt": sum((line.tax_amount for line in lines), _ZERO),
        "totAmt": sum((line.total_amount for line in lines), _ZERO),
        "remark": remark[:400] or None,
        "regrId": user_id,
        "regrNm": user_name,
        "modrId": user_id,
        "modrNm": user_name,
        "itemList": [
            {
                "itemSeq": index + 1,
                "itemCd": line.item_code,
                "itemClsCd": line.classification_code,
                "itemNm": line.name,
                "bcd": None,
                "pkgUnitCd": line.packaging_code,
                "pkg": line.quantity,
                "qtyUnitCd": line.unit_code,
                "qty": line.quantity,
                "itemExprDt": None,
                "prc": line.unit_price,
                "splyAmt": line.supply_amount,
                "totDcAmt": line.discount_amount,
                "taxblAmt": line.taxable_amount,
                "vatCatCd": line.vat_category,
                "taxAmt": line.tax_amount,
                "totAmt": line.total_amount,
            }
            for index, line in enumerate(lines)
        ],
    }


def master_request(remaining: Mapping[str, Decimal], *, user: tuple[str, str]) -> dict[str, Any]:
    """The body of `saveStockMaster` (without `tpin`/`bhfId`): each item's absolute quantity left,
    one entry per item (a repeated `itemCd` is refused)."""
    if not remaining:
        raise ValueError("a stock master needs at least one item")
    user_id, user_name = user[0][:20], user[1][:60]
    return {
        "regrId": user_id,
        "regrNm": user_name,
        "modrId": user_id,
        "modrNm": user_name,
        "stockItemList": [{"itemCd": code, "rsdQty": quantity} for code, quantity in remaining.items()],
    }
