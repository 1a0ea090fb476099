"""The stock chain's pure builders: the movement read off a signed sale, and the master."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shared_code.zra import wire
from shared_code.zra.stock_request import (
    ADJUST_OUT,
    RETURN_IN,
    SALE_OUT,
    lines_of_sale,
    master_request,
    movement_request,
    sar_type_of,
    signed_change,
)

SALE = wire.loads(
    """{"tpin":"1002345678","bhfId":"000","rcptTyCd":"S","salesDt":"20261204","itemList":[
    {"itemSeq":1,"itemCd":"CEM50","itemClsCd":"30111601","itemNm":"Cement","pkgUnitCd":"BG","pkg":2,
     "qtyUnitCd":"U","qty":2,"prc":116.0000,"splyAmt":232.0000,"dcAmt":0,"vatCatCd":"A",
     "vatTaxblAmt":200.0000,"vatAmt":32.0000,"totAmt":232.0000},
    {"itemSeq":2,"itemCd":"NAIL1","itemClsCd":"31162801","itemNm":"Nails","pkgUnitCd":"BX","pkg":3,
     "qtyUnitCd":"U","qty":3,"prc":58.0000,"splyAmt":174.0000,"dcAmt":5.8000,"vatCatCd":"A",
     "vatTaxblAmt":145.0000,"vatAmt":23.2000,"totAmt":168.2000}]}"""
)


def test_only_stock_tracked_lines_move_with_the_signed_amounts_field_by_field() -> None:
    (line,) = lines_of_sale(SALE, {"NAIL1"})
    body = movement_request(
        sar_no=7,
        sar_type=SALE_OUT,
        occurred_on=date(2026, 12, 4),
        lines=[line],
        customer_tpin="1002003004",
        customer_name="Mwale Builders",
        remark="invoice INV-1",
        user=("u" * 30, "Chanda"),
    )
    assert {k: body[k] for k in ("sarNo", "orgSarNo", "regTyCd", "sarTyCd", "ocrnDt", "totItemCnt", "regrId")} == {
        "sarNo": 7,
        "orgSarNo": 0,
        "regTyCd": "A",
        "sarTyCd": "11",
        "ocrnDt": "20261204",
        "totItemCnt": 1,
        "regrId": "u" * 20,
    }
    (item,) = body["itemList"]
    assert item["qty"] == Decimal(3) and item["totDcAmt"] == Decimal("5.8000")
    assert (item["taxblAmt"], item["taxAmt"], item["totAmt"]) == (Decimal(145), Decimal("23.2"), Decimal("168.2"))
    assert (body["totTaxblAmt"], body["totTaxAmt"], body["totAmt"]) == (
        item["taxblAmt"],
        item["taxAmt"],
        item["totAmt"],
    )
    assert lines_of_sale(SALE, set()) == []


def test_the_direction_comes_from_the_type_and_quantities_stay_positive() -> None:
    assert (sar_type_of("S"), sar_type_of("R"), sar_type_of("D")) == (SALE_OUT, RETURN_IN, None)
    assert signed_change(SALE_OUT, Decimal(3)) == Decimal(-3)
    assert signed_change(RETURN_IN, Decimal(3)) == Decimal(3)
    assert signed_change(ADJUST_OUT, Decimal(2)) == Decimal(-2)


def test_the_master_names_each_item_once_with_its_absolute_quantity() -> None:
    body = master_request({"NAIL1": Decimal("97.0000")}, user=("u1", "Chanda"))
    assert body["stockItemList"] == [{"itemCd": "NAIL1", "rsdQty": Decimal("97.0000")}]
    with pytest.raises(ValueError, match="at least one item"):
        master_request({}, user=("u1", "Chanda"))
