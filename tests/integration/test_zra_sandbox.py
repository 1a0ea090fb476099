"""The sandbox VSDC, called over HTTP as a CIS calls the real one: ZRA's field names and
result codes, initialisation once, a receipt sequence per device, 924 on a repeated
`cisInvcNo`, the section 4.5 arithmetic, credit-note checks, signatures and QR URLs, fault
injection, and state that survives a restart.

The sales here are written out by hand from the reference (not by IntelliFin's builder), so
these tests prove what the sandbox accepts and refuses, whoever builds the payload.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.fixtures.zra_sandbox import Vsdc

TPIN, BUYER = "1002345678", "1002003004"
SELLER = {"tpin": TPIN, "bhfId": "000"}
AUDIT = {"regrId": "cashier1", "regrNm": "Mwila Banda", "modrId": "cashier1", "modrNm": "Mwila Banda"}
BUCKETS = ("A", "B", "C1", "C2", "C3", "D", "Rvat", "E", "F", "Ipl1", "Ipl2", "Tl", "Ecm", "Exeeg", "Tot")
RATES = {"A": 16, "B": 16, "Rvat": 16, "F": 10, "Ipl1": 5, "Tl": "1.5", "Ecm": 5, "Exeeg": 3}
BASE32 = re.compile(r"[A-Z2-7]+")


def today() -> str:
    return date.today().strftime("%Y%m%d")


def init(vsdc: Vsdc, bhf_id: str = "000", serial: str = "SN-0001") -> dict[str, Any]:
    return vsdc.call("/initializer/selectInitInfo", {"tpin": TPIN, "bhfId": bhf_id, "dvcSrlNo": serial})


def register(vsdc: Vsdc, code: str = "CEM50", category: str = "A", bhf_id: str = "000", **extra: Any) -> None:
    answer = vsdc.call(
        "/items/saveItem",
        {
            "tpin": TPIN,
            "bhfId": bhf_id,
            "itemCd": code,
            "itemClsCd": "30111601",
            "itemTyCd": "2",
            "itemNm": f"Item {code}",
            "orgnNatCd": "ZM",
            "pkgUnitCd": "BG",
            "qtyUnitCd": "U",
            "vatCatCd": category,
            "dftPrc": 116,
            "useYn": "Y",
            **AUDIT,
            **extra,
        },
    )
    assert answer["resultCd"] == "000", answer


def line(
    seq: int, code: str, qty: Any, price: Any, taxable: Any, vat: Any, category: str = "A", **extra: Any
) -> dict[str, Any]:
    total = extra.pop("total", None)
    supply = Decimal(str(qty)) * Decimal(str(price))
    return {
        "itemSeq": seq,
        "itemCd": code,
        "itemClsCd": "30111601",
        "itemNm": f"Item {code}",
        "pkgUnitCd": "BG",
        "pkg": qty,
        "qtyUnitCd": "U",
        "qty": qty,
        "prc": price,
        "splyAmt": str(supply),
        "dcRt": 0,
        "dcAmt": 0,
        "vatCatCd": category,
        "vatTaxblAmt": taxable,
        "vatAmt": vat,
        "totAmt": total if total is not None else str(supply),
        **extra,
    }


def sale(number: str, *lines: dict[str, Any], buckets: dict[str, Any], **header: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        **SELLER,
        "cisInvcNo": number,
        "orgInvcNo": 0,
        "custTpin": BUYER,
        "custNm": "Mwale Builders",
        "salesTyCd": "N",
        "rcptTyCd": "S",
        "pmtTyCd": "02",
        "salesSttsCd": "02",
        "cfmDt": today() + "101500",
        "salesDt": today(),
        "totItemCnt": len(lines),
        "prchrAcptcYn": "N",
        "saleCtyCd": "1",
        "currencyTyCd": "ZMW",
        "exchangeRt": "1",
        **AUDIT,
        "itemList": list(lines),
    }
    for bucket in BUCKETS:
        body[f"taxblAmt{bucket}"] = 0
        body[f"taxRt{bucket}"] = RATES.get(bucket, 0)
        body[f"taxAmt{bucket}"] = 0
    body.update(buckets)
    vat_buckets = {"A", "B", "C1", "C2", "C3", "D", "Rvat", "E", "F", "Tot"}
    body["totTaxblAmt"] = str(sum(Decimal(str(body[f"taxblAmt{b}"])) for b in vat_buckets))
    body["totTaxAmt"] = str(sum(Decimal(str(body[f"taxAmt{b}"])) for b in BUCKETS))
    body["totAmt"] = str(sum(Decimal(str(item["totAmt"])) for item in lines))
    body.update(header)
    return body


def cement(number: str, qty: int = 1, **header: Any) -> dict[str, Any]:
    """K116 a bag of cement, VAT inclusive at 16%: 100 taxable and 16 VAT a bag."""
    return sale(
        number,
        line(1, "CEM50", qty, 116, 100 * qty, 16 * qty),
        buckets={"taxblAmtA": 100 * qty, "taxAmtA": 16 * qty},
        **header,
    )


@pytest.fixture
def ready(vsdc: Vsdc) -> Vsdc:
    """An initialised device with cement registered."""
    assert init(vsdc)["resultCd"] == "000"
    register(vsdc)
    return vsdc


def test_a_device_is_initialised_once_and_every_other_call_needs_it(vsdc: Vsdc) -> None:
    assert vsdc.call("/code/selectCodes", {**SELLER, "lastReqDt": "20000101000000"})["resultCd"] == "901"
    first = init(vsdc)
    assert (first["resultCd"], first["resultMsg"]) == ("000", "It is succeeded")
    assert re.fullmatch(r"[0-9]{14}", first["resultDt"])
    info = first["data"]["info"]
    assert re.fullmatch(r"SDC[0-9]{10}", info["sdcId"])
    assert re.fullmatch(r"WIS[0-9]{8} +", info["mrcNo"]), "mrcNo comes with trailing spaces, as ZRA's does"
    assert (info["tpin"], info["bhfId"], info["lastSaleRcptNo"]) == (TPIN, "000", 0)
    again = init(vsdc)
    assert (again["resultCd"], again["data"]) == ("902", None)
    assert (
        vsdc.call("/initializer/selectInitInfo", {"tpin": "12345", "bhfId": "000", "dvcSrlNo": "x"})["resultCd"]
        == "910"
    )
    missing = vsdc.call("/initializer/selectInitInfo", {"tpin": TPIN, "bhfId": "001"})
    assert missing["resultCd"] == "910" and "dvcSrlNo must not be null" in missing["resultMsg"]


def test_codes_carry_tax_rates_and_an_incremental_sync_returns_only_what_changed(ready: Vsdc) -> None:
    first = ready.call("/code/selectCodes", {**SELLER, "lastReqDt": "20000101000000"})
    classes = {cls["cdCls"]: cls for cls in first["data"]["clsList"]}
    rates = {entry["cd"]: entry["userDfnCd1"] for entry in classes["04"]["dtlList"]}
    assert rates["A"] == "16" and rates["C2"] == "0" and rates["RVAT"] == "16"
    assert {entry["cd"] for entry in classes["07"]["dtlList"]} >= {"01", "02", "06", "08"}
    assert ready.call("/code/selectCodes", {**SELLER, "lastReqDt": first["resultDt"]})["resultCd"] == "001"
    ready.admin(
        "POST",
        "codes",
        {
            "cdCls": "04",
            "cdClsNm": "Taxation Type",
            "dtlList": [
                {"cd": "A", "cdNm": "Standard Rated", "cdDesc": "", "useYn": "Y", "srtOrd": 1, "userDfnCd1": "17"}
            ],
        },
    )
    changed = ready.call("/code/selectCodes", {**SELLER, "lastReqDt": first["resultDt"]})
    assert [(c["cdCls"], [d["cd"] for d in c["dtlList"]]) for c in changed["data"]["clsList"]] == [("04", ["A"])]
    assert changed["data"]["clsList"][0]["dtlList"][0]["userDfnCd1"] == "17"


def test_a_change_in_the_same_second_as_a_complete_answer_comes_with_the_next_one(ready: Vsdc) -> None:
    # Idle for over a second, so the wall clock is past every stored stamp: the answer's
    # `resultDt` is "now", and a change right after it falls in that same second.
    time.sleep(1.1)
    answer = ready.call("/code/selectCodes", {**SELLER, "lastReqDt": "20000101000000"})
    ready.admin(
        "POST",
        "codes",
        {"cdCls": "10", "cdClsNm": "Quantity Unit", "dtlList": [{"cd": "BOX", "cdNm": "Box", "useYn": "Y"}]},
    )
    changed = ready.call("/code/selectCodes", {**SELLER, "lastReqDt": answer["resultDt"]})
    assert changed["resultCd"] == "000", changed
    assert [(c["cdCls"], [d["cd"] for d in c["dtlList"]]) for c in changed["data"]["clsList"]] == [("10", ["BOX"])]


def test_item_classes_come_a_thousand_at_a_time_and_paging_by_result_date_misses_none(ready: Vsdc) -> None:
    added = [{"itemClsCd": f"7{n:07d}", "itemClsNm": f"Class {n}"} for n in range(2300)]
    ready.admin("POST", "item-classes", {"itemClsList": added})
    seen: list[str] = []
    bookmark, pages = "20000101000000", 0
    while (answer := ready.call("/itemClass/selectItemsClass", {**SELLER, "lastReqDt": bookmark}))["resultCd"] == "000":
        page = [entry["itemClsCd"] for entry in answer["data"]["itemClsList"]]
        assert len(page) <= 1000
        seen += page
        bookmark, pages = answer["resultDt"], pages + 1
    assert answer["resultCd"] == "001"
    assert pages == 3 and len(seen) == len(set(seen)) == 2300 + 31


def test_receipts_are_numbered_per_device_signed_and_verifiable_on_the_portal(ready: Vsdc) -> None:
    receipts = [ready.call("/trnsSales/saveSales", cement(f"INV-{n}"))["data"] for n in (1, 2, 3)]
    assert [r["rcptNo"] for r in receipts] == [1, 2, 3]
    assert [r["totRcptNo"] for r in receipts] == [1, 2, 3]
    for receipt in receipts:
        assert len(receipt["rcptSign"]) == 16 and BASE32.fullmatch(receipt["rcptSign"])
        assert len(receipt["intrlData"]) == 26 and BASE32.fullmatch(receipt["intrlData"])
        assert re.fullmatch(r"[0-9]{14}", receipt["vsdcRcptPbctDate"])
        assert receipt["qrCodeUrl"] == (
            f"https://sandboxportal.zra.org.zm/indexInvoiceData?Data={TPIN}000{receipt['rcptSign']}"
        )
    assert len({r["rcptSign"] for r in receipts}) == 3
    assert init(ready, bhf_id="001", serial="SN-0002")["resultCd"] == "000"
    branch = ready.call("/trnsSales/saveSales", {**cement("INV-1"), "bhfId": "001"})
    assert branch["resultCd"] == "000" and branch["data"]["rcptNo"] == 1, "each device has its own sequence"
    page = httpx.get(f"{ready.process.origin}/indexInvoiceData", params={"Data": f"{TPIN}000{receipts[1]['rcptSign']}"})
    assert page.status_code == 200 and "INV-2" in page.text


def test_a_repeated_cis_invoice_number_is_924_and_select_invoice_recovers_the_receipt(ready: Vsdc) -> None:
    first = ready.call("/trnsSales/saveSales", cement("INV-9"))
    again = ready.call("/trnsSales/saveSales", cement("INV-9", qty=2))
    assert again["resultCd"] == "924" and again["data"] is None
    found = ready.call(
        "/trnsSales/selectInvoice", {**SELLER, "invcSdcId": first["data"]["sdcId"], "cisInvcNo": "INV-9"}
    )["data"]
    assert {k: found[k] for k in first["data"]} == first["data"]
    assert (Decimal(str(found["totAmt"])), Decimal(str(found["totTaxAmt"]))) == (Decimal(116), Decimal(16))
    nothing = ready.call("/trnsSales/selectInvoice", {**SELLER, "invcSdcId": first["data"]["sdcId"], "cisInvcNo": "X"})
    assert nothing["resultCd"] == "001"
    assert [r["cisInvcNo"] for r in ready.receipts(TPIN)] == ["INV-9"]


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        (
            lambda s: s["itemList"][0].update(vatTaxblAmt=101),
            "910",
            "Wrong Amount computation at itemList[0].vatTaxblAmt",
        ),
        (lambda s: s.update(taxAmtA=15), "910", "Wrong Amount computation at taxAmtA"),
        (lambda s: s["itemList"][0].update(splyAmt=117), "910", "Wrong Amount computation at itemList[0].splyAmt"),
        (lambda s: s.update(totAmt=117), "910", "Wrong Amount computation at totAmt"),
        (lambda s: s.update(taxAmtA="16.00001"), "910", "taxAmtA has more than 4 decimal places"),
        (lambda s: s["itemList"][0].update(qty="1.125"), "910", "at most 2 decimals"),
        (lambda s: s.update(taxRtA=15), "910", "taxRtA must be 16"),
        (lambda s: s.pop("cfmDt"), "910", "cfmDt must not be null"),
        (lambda s: s.update(salesDt=(date.today() - timedelta(days=200)).strftime("%Y%m%d")), "910", "salesDt"),
        (lambda s: s.update(rcptTyCd="R", salesTyCd="P"), "834", "PR"),
        (lambda s: s.update(pmtTyCd="09"), "913", "pmtTyCd"),
        (lambda s: s.update(custTpin="12345"), "884", "12345"),
        (lambda s: s["itemList"][0].update(itemCd="NOPE"), "910", "itemCd NOPE is not a registered item"),
        (lambda s: s.update(lpoNumber="LPO-7"), "910", "every line must be C2"),
        (lambda s: s.pop("itemList"), "910", "itemList must not be null"),
    ],
)
def test_a_sale_that_breaks_a_rule_is_refused_with_zras_code_and_nothing_is_recorded(
    ready: Vsdc, change: Any, code: str, message: str
) -> None:
    body = cement("INV-BAD")
    change(body)
    answer = ready.call("/trnsSales/saveSales", body)
    assert answer["resultCd"] == code, answer
    assert message in answer["resultMsg"]
    assert ready.receipts(TPIN) == []


def test_zero_rated_lpo_lines_at_16_percent_are_refused_and_at_zero_accepted(ready: Vsdc) -> None:
    register(ready, "DESK", "C2")
    wrong = sale(
        "INV-LPO",
        line(1, "DESK", 1, 116, 100, 16, "C2"),
        buckets={"taxblAmtC2": 100, "taxAmtC2": 16},
        lpoNumber="LPO-1",
    )
    assert (
        ready.call("/trnsSales/saveSales", wrong)["resultMsg"] == "Wrong Amount computation at itemList[0].vatTaxblAmt"
    )
    right = sale("INV-LPO", line(1, "DESK", 1, 116, 116, 0, "C2"), buckets={"taxblAmtC2": 116}, lpoNumber="LPO-1")
    assert ready.call("/trnsSales/saveSales", right)["resultCd"] == "000"
    no_lpo = sale("INV-LPO2", line(1, "DESK", 1, 116, 116, 0, "C2"), buckets={"taxblAmtC2": 116})
    assert ready.call("/trnsSales/saveSales", no_lpo)["resultMsg"].endswith("lpoNumber must not be null")


def test_mtv_export_and_levy_lines_follow_the_reference_arithmetic(ready: Vsdc) -> None:
    register(ready, "BEER", "B", rrp=25)
    # Price 20, RRP 25: VAT comes out of 25 (21.5517 + 3.4483) while the customer pays 20.
    mtv = sale(
        "INV-MTV",
        line(1, "BEER", 10, 20, "215.5172", "34.4828", "B", splyAmt=250, total=200, rrp=25),
        buckets={"taxblAmtB": "215.5172", "taxAmtB": "34.4828"},
    )
    assert ready.call("/trnsSales/saveSales", mtv)["resultCd"] == "000"
    register(ready, "COPPER", "C1")
    export = sale("INV-EXP", line(1, "COPPER", 2, 500, 1000, 0, "C1"), buckets={"taxblAmtC1": 1000})
    assert ready.call("/trnsSales/saveSales", export)["resultMsg"].endswith("destnCountryCd must not be null")
    export["destnCountryCd"] = "CD"
    assert ready.call("/trnsSales/saveSales", export)["resultCd"] == "000"
    register(ready, "ROOM", "A", tlCatCd="TL")
    # K1175 a night with VAT 16% and tourism levy 1.5%: taxable 1000, VAT 160, levy 15.
    room = sale(
        "INV-TL",
        line(1, "ROOM", 1, 1175, 1000, 160, "A", tlCatCd="TL", tlTaxblAmt=1000, tlAmt=15),
        buckets={"taxblAmtA": 1000, "taxAmtA": 160, "taxblAmtTl": 1000, "taxAmtTl": 15},
    )
    assert ready.call("/trnsSales/saveSales", room)["resultCd"] == "000", "totTaxAmt counts the levy"
    room_wrong = {**room, "cisInvcNo": "INV-TL2", "itemList": [{**room["itemList"][0], "tlAmt": 16}]}
    assert (
        ready.call("/trnsSales/saveSales", room_wrong)["resultMsg"] == "Wrong Amount computation at itemList[0].tlAmt"
    )


def _credit(number: str, original: dict[str, Any], *lines: dict[str, Any], buckets: dict[str, Any]) -> dict[str, Any]:
    return sale(
        number,
        *lines,
        buckets=buckets,
        rcptTyCd="R",
        orgInvcNo=original["rcptNo"],
        orgSdcId=original["sdcId"],
        rfdRsnCd="03",
        rfdDt=today() + "120000",
    )


def test_credit_notes_are_checked_against_the_original_invoice(ready: Vsdc) -> None:
    register(ready, "NAILS")
    original = ready.call(
        "/trnsSales/saveSales",
        sale(
            "INV-1",
            line(1, "CEM50", 3, 116, 300, 48),
            line(2, "NAILS", 1, "58", 50, 8),
            buckets={"taxblAmtA": 350, "taxAmtA": 56},
        ),
    )["data"]
    one_bag = line(1, "CEM50", 1, 116, 100, 16)
    assert (
        ready.call(
            "/trnsSales/saveSales",
            _credit("CN-1", {**original, "rcptNo": 99}, one_bag, buckets={"taxblAmtA": 100, "taxAmtA": 16}),
        )["resultCd"]
        == "930"
    )
    register(ready, "PAINT")
    paint = line(1, "PAINT", 1, 116, 100, 16)
    assert (
        ready.call("/trnsSales/saveSales", _credit("CN-1", original, paint, buckets={"taxblAmtA": 100, "taxAmtA": 16}))[
            "resultCd"
        ]
        == "932"
    )
    cheaper = line(1, "CEM50", 1, "58", 50, 8)
    assert (
        ready.call("/trnsSales/saveSales", _credit("CN-1", original, cheaper, buckets={"taxblAmtA": 50, "taxAmtA": 8}))[
            "resultCd"
        ]
        == "935"
    )
    other_customer = {
        **_credit("CN-1", original, one_bag, buckets={"taxblAmtA": 100, "taxAmtA": 16}),
        "custTpin": "1009998887",
    }
    assert ready.call("/trnsSales/saveSales", other_customer)["resultCd"] == "935"
    two_bags = line(1, "CEM50", 2, 116, 200, 32)
    first = ready.call(
        "/trnsSales/saveSales", _credit("CN-1", original, two_bags, buckets={"taxblAmtA": 200, "taxAmtA": 32})
    )
    assert first["resultCd"] == "000" and first["data"]["rcptNo"] == original["rcptNo"] + 1
    assert (
        ready.call(
            "/trnsSales/saveSales", _credit("CN-2", original, two_bags, buckets={"taxblAmtA": 200, "taxAmtA": 32})
        )["resultCd"]
        == "934"
    )
    last = ready.call(
        "/trnsSales/saveSales",
        _credit("CN-2", original, one_bag, line(2, "NAILS", 1, "58", 50, 8), buckets={"taxblAmtA": 150, "taxAmtA": 24}),
    )
    assert last["resultCd"] == "000", "the rest of the invoice can still be credited"
    assert (
        ready.call(
            "/trnsSales/saveSales",
            _credit("CN-3", original, line(1, "NAILS", 1, "58", 50, 8), buckets={"taxblAmtA": 50, "taxAmtA": 8}),
        )["resultCd"]
        == "934"
    )
    debit = sale(
        "DN-1",
        line(1, "NAILS", 1, "58", 50, 8),
        buckets={"taxblAmtA": 50, "taxAmtA": 8},
        rcptTyCd="D",
        orgInvcNo=original["rcptNo"],
        orgSdcId=original["sdcId"],
        dbtRsnCd="03",
        invcAdjustReason="Omitted",
    )
    assert ready.call("/trnsSales/saveSales", debit)["resultCd"] == "000"
    receipts = ready.receipts(TPIN)
    assert [(r["cisInvcNo"], r["rcptTyCd"], r["orgInvcNo"]) for r in receipts] == [
        ("INV-1", "S", 0),
        ("CN-1", "R", original["rcptNo"]),
        ("CN-2", "R", original["rcptNo"]),
        ("DN-1", "D", original["rcptNo"]),
    ]


def test_a_credit_note_above_the_remaining_balance_is_931(ready: Vsdc) -> None:
    # Two bags less a K16 cash discount: the customer was charged 216, not 232.
    original = ready.call("/trnsSales/saveSales", cement("INV-1", qty=2, cashDcRt="6.8966", cashDcAmt=16, totAmt=216))
    assert original["resultCd"] == "000", original
    two_bags = line(1, "CEM50", 2, 116, 200, 32)
    answer = ready.call(
        "/trnsSales/saveSales", _credit("CN-1", original["data"], two_bags, buckets={"taxblAmtA": 200, "taxAmtA": 32})
    )
    assert answer["resultCd"] == "931", "same item, price and quantity, but 232 is more than the 216 charged"
    one_bag = line(1, "CEM50", 1, 116, 100, 16)
    assert (
        ready.call(
            "/trnsSales/saveSales",
            _credit("CN-1", original["data"], one_bag, buckets={"taxblAmtA": 100, "taxAmtA": 16}),
        )["resultCd"]
        == "000"
    )


@pytest.mark.parametrize(
    ("mode", "recorded"),
    [
        ("http_500", False),
        ("result_838", False),
        ("not_json", False),
        ("drop_after_record", True),
        ("missing_fields", True),
    ],
)
def test_an_injected_fault_fails_the_call_the_way_it_says(ready: Vsdc, mode: str, recorded: bool) -> None:
    ready.faults({"mode": mode, "count": 1})
    try:
        response = httpx.post(ready.base_url + "/trnsSales/saveSales", json=cement("INV-1"), timeout=5)
    except httpx.RemoteProtocolError:
        assert mode == "drop_after_record"
    else:
        if mode == "http_500":
            assert response.status_code == 500 and "Apache Tomcat" in response.text
        elif mode == "not_json":
            assert response.status_code == 200 and response.text.startswith("<!doctype html>")
        elif mode == "result_838":
            assert response.json()["resultCd"] == "838"
        else:
            data = response.json()["data"]
            assert "rcptNo" in data and "rcptSign" not in data and "intrlData" not in data
    assert [r["cisInvcNo"] for r in ready.receipts(TPIN)] == (["INV-1"] if recorded else [])
    retried = ready.call("/trnsSales/saveSales", cement("INV-1"))
    assert retried["resultCd"] == ("924" if recorded else "000"), "the count rule fired once"
    assert ready.admin("GET", "faults")["rules"][0]["fired"] == 1


def test_a_timeout_answers_late_after_recording_and_rates_fail_a_share_of_calls(ready: Vsdc) -> None:
    ready.faults({"mode": "timeout", "count": 1, "delay_seconds": 1.5})
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(ready.base_url + "/trnsSales/saveSales", json=cement("INV-1"), timeout=0.5)
    deadline = time.monotonic() + 10
    while not ready.receipts(TPIN) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [r["cisInvcNo"] for r in ready.receipts(TPIN)] == ["INV-1"] and time.monotonic() - started >= 1.5
    ready.faults({"mode": "result_838", "rate": 0.3}, seed=7)
    codes = [ready.call("/trnsSales/saveSales", cement(f"INV-R{n}"))["resultCd"] for n in range(60)]
    assert 8 <= codes.count("838") <= 30 and set(codes) == {"000", "838"}
    assert ready.admin("GET", "faults")["rules"][0]["fired"] == codes.count("838")
    with pytest.raises(httpx.HTTPStatusError):
        ready.faults({"mode": "explode", "rate": 0.1})


def test_the_state_survives_a_restart(ready: Vsdc) -> None:
    ready.call("/trnsSales/saveSales", cement("INV-1"))
    ready.restart()
    assert init(ready)["resultCd"] == "902"
    assert ready.call("/trnsSales/saveSales", cement("INV-2"))["data"]["rcptNo"] == 2
    assert ready.call("/trnsSales/saveSales", cement("INV-1"))["resultCd"] == "924"


def test_stock_movements_and_the_stock_master(ready: Vsdc) -> None:
    movement = {
        **SELLER,
        "sarNo": "1",
        "orgSarNo": 0,
        "regTyCd": "A",
        "custTpin": BUYER,
        "custNm": "Mwale",
        "sarTyCd": "11",
        "ocrnDt": today(),
        "totItemCnt": 1,
        "totTaxblAmt": 100,
        "totTaxAmt": 16,
        "totAmt": 116,
        **AUDIT,
        "itemList": [
            {
                "itemSeq": 1,
                "itemCd": "CEM50",
                "itemClsCd": "30111601",
                "itemNm": "Cement",
                "pkgUnitCd": "BG",
                "pkg": 1,
                "qtyUnitCd": "U",
                "qty": 1,
                "prc": 116,
                "splyAmt": 116,
                "totDcAmt": None,
                "taxblAmt": 100,
                "vatCatCd": "A",
                "taxAmt": 16,
                "totAmt": 116,
            }
        ],
    }
    assert ready.call("/stock/saveStockItems", movement)["resultMsg"].endswith("totDcAmt must not be null")
    movement["itemList"][0]["totDcAmt"] = 0
    assert ready.call("/stock/saveStockItems", movement)["resultCd"] == "000"
    assert ready.call("/stock/saveStockItems", movement)["resultCd"] == "994"
    master = {
        **SELLER,
        **AUDIT,
        "stockItemList": [{"itemCd": "CEM50", "rsdQty": 41}, {"itemCd": "CEM50", "rsdQty": 41}],
    }
    assert ready.call("/stockMaster/saveStockMaster", master)["resultCd"] == "999"
    master["stockItemList"] = master["stockItemList"][:1]
    assert ready.call("/stockMaster/saveStockMaster", master)["resultCd"] == "000"
    assert ready.admin("GET", "stock", tpin=TPIN)["master"] == [{"itemCd": "CEM50", "rsdQty": "41"}]


def test_a_buyer_sees_its_suppliers_sales_as_purchases_and_approves_one(ready: Vsdc) -> None:
    buyer = {"tpin": BUYER, "bhfId": "000"}
    assert ready.call("/initializer/selectInitInfo", {**buyer, "dvcSrlNo": "SN-B"})["resultCd"] == "000"
    receipt = ready.call("/trnsSales/saveSales", cement("INV-77"))["data"]
    purchases = ready.call("/trnsPurchase/selectTrnsPurchaseSales", {**buyer, "lastReqDt": "20000101000000"})
    [bought] = purchases["data"]["saleList"]
    assert (bought["spplrTpin"], bought["spplrInvcNo"], bought["spplrSdcId"]) == (
        TPIN,
        receipt["rcptNo"],
        receipt["sdcId"],
    )
    approve = {
        **buyer,
        "cisInvcNo": "P-1",
        "orgInvcNo": 0,
        "spplrTpin": TPIN,
        "spplrBhfId": "000",
        "spplrNm": bought["spplrNm"],
        "spplrInvcNo": bought["spplrInvcNo"],
        "regTyCd": "A",
        "pchsTyCd": "N",
        "rcptTyCd": "P",
        "pmtTyCd": "02",
        "pchsSttsCd": "02",
        "cfmDt": today() + "120000",
        "pchsDt": today(),
        "totItemCnt": 1,
        "totTaxblAmt": 100,
        "totTaxAmt": 16,
        "totAmt": 116,
        **AUDIT,
        "itemList": bought["itemList"],
    }
    assert ready.call("/trnsPurchase/savePurchase", approve)["resultCd"] == "000"
    assert ready.call("/trnsPurchase/savePurchase", approve)["resultCd"] == "994"


def test_imports_are_listed_and_only_the_head_office_accepts_them(ready: Vsdc) -> None:
    ready.admin(
        "POST",
        "imports",
        {
            "tpin": TPIN,
            "bhfId": "000",
            "itemList": [
                {
                    "taskCd": "T1",
                    "dclDe": today(),
                    "itemSeq": 1,
                    "dclNo": "C 123",
                    "hsCd": "25232900",
                    "itemNm": "Cement",
                    "imptItemsttsCd": "2",
                    "orgnNatCd": "CN",
                    "exptNatCd": "CN",
                    "pkg": 10,
                    "pkgUnitCd": "BG",
                    "qty": 10,
                    "qtyUnitCd": "U",
                    "totWt": 500,
                    "netWt": 500,
                    "spplrNm": "Dragon Cement",
                    "agntNm": "Agent",
                    "invcFcurAmt": 100,
                    "invcFcurCd": "USD",
                    "invcFcurExcrt": "26.5",
                    "dclRefNum": "REF1",
                }
            ],
        },
    )
    [declared] = ready.call("/imports/selectImportItems", {**SELLER, "lastReqDt": "20000101000000"})["data"]["itemList"]
    assert declared["dclRefNum"] == "REF1"
    update = {
        "taskCd": "T1",
        "dclDe": today(),
        "importItemList": [
            {
                "itemSeq": 1,
                "hsCd": "25232900",
                "itemClsCd": "30111601",
                "itemCd": "CEM50",
                "imptItemSttsCd": "3",
                "remark": "",
                "modrNm": "x",
                "modrId": "x",
            }
        ],
    }
    assert init(ready, "001", "SN-2")["resultCd"] == "000"
    assert ready.call("/imports/updateImportItems", {"tpin": TPIN, "bhfId": "001", **update})["resultCd"] == "899"
    assert ready.call("/imports/updateImportItems", {**SELLER, **update})["resultCd"] == "000"


def test_anything_else_is_answered_like_tomcat_or_with_zras_envelope(ready: Vsdc) -> None:
    assert httpx.post(ready.base_url + "/trnsSales/nothing", json={}).status_code == 404
    assert httpx.post(ready.process.origin + "/trnsSales/saveSales", json={}).status_code == 404, "outside the context"
    garbage = httpx.post(
        ready.base_url + "/trnsSales/saveSales", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert garbage.json()["resultCd"] == "911"
    assert httpx.post(ready.base_url + "/trnsSales/saveSales", json=[1, 2]).json()["resultCd"] == "911"


def test_a_local_run_lists_its_sandbox_and_azure_has_no_such_page(vsdc: Vsdc, settings: Any) -> None:
    from fastapi.testclient import TestClient

    from shared_code.api.app import create_app
    from shared_code.bootstrap import Services

    local = Services(settings.model_copy(update={"zra_sandbox_url": vsdc.base_url}))
    with TestClient(create_app(local), base_url="https://testserver") as client:
        [listed] = client.get("/api/v1/dev/sandboxes").json()["sandboxes"]
    assert listed == {"name": "zra-vsdc", "base_url": vsdc.base_url, "admin_url": f"{vsdc.process.origin}/admin"}
    assert httpx.get(listed["admin_url"] + "/health").json()["status"] == "ok"
    local.close()
