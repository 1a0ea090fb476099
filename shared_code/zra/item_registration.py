"""The `saveItem`/`updateItem` request of an item, and the fingerprint that says when ZRA's copy
is out of date. Pure.

Every line of a sale must name an item registered with the VSDC (reference 4.4). The sender
registers an item the first time a document uses it, and updates ZRA's copy when the item
changed since (its fingerprint differs): its classification, packaging and quantity units
and country of origin (`orgnNatCd`, kept on the item; `ZM` unless set) included. The sender
checks them against ZRA's cached codes and item classes first (`codes.reference_problems`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from shared_code.zra import wire

LEVY_CATEGORY_FIELD = {
    "TL": "tlCatCd",
    "IPL1": "iplCatCd",
    "IPL2": "iplCatCd",
    "ECM": "exciseTxCatCd",
    "EXEEG": "exciseTxCatCd",
}
"""Which request field names a levy's category (code classes 62, 61 and 60)."""


@dataclass(frozen=True)
class ItemRegistration:
    """What ZRA is told about one item."""

    item_id: UUID
    code: str
    """`itemCd`: the business's own code."""
    classification_code: str
    name: str
    is_goods: bool
    unit_code: str
    packaging_code: str
    vat_category: str
    """`vatCatCd`: A, B, C1, C2, C3, D, E, RVAT."""
    levy: str | None
    default_price: Decimal
    rrp: Decimal | None
    origin_country: str = "ZM"


def item_request(item: ItemRegistration, *, user_id: str, user_name: str) -> dict[str, Any]:
    """The body of `saveItem` (and `updateItem`, the same body) without `tpin`/`bhfId`."""
    body: dict[str, Any] = {
        "itemCd": item.code,
        "itemClsCd": item.classification_code,
        "itemTyCd": "2" if item.is_goods else "3",
        "itemNm": item.name,
        "itemStdNm": item.name,
        "orgnNatCd": item.origin_country,
        "pkgUnitCd": item.packaging_code,
        "qtyUnitCd": item.unit_code,
        "vatCatCd": item.vat_category,
        "iplCatCd": None,
        "tlCatCd": None,
        "exciseTxCatCd": None,
        "btchNo": None,
        "bcd": None,
        "dftPrc": item.default_price,
        "manufacturerTpin": None,
        "manufacturerItemCd": None,
        "rrp": item.rrp if item.vat_category == "B" else None,
        "svcChargeYn": "N",
        "rentalYn": "N",
        "addInfo": None,
        "sftyQty": None,
        "isrcAplcbYn": "N",
        "useYn": "Y",
        "regrId": user_id,
        "regrNm": user_name,
        "modrId": user_id,
        "modrNm": user_name,
    }
    if item.levy is not None:
        body[LEVY_CATEGORY_FIELD[item.levy]] = item.levy
    return body


def fingerprint(item: ItemRegistration) -> str:
    """A digest of what ZRA holds about the item (who registered it aside)."""
    described = item_request(item, user_id="", user_name="")
    return hashlib.sha256(wire.dumps(described).encode()).hexdigest()
