"""The VSDC's endpoints: each takes a request body and answers ZRA's envelope.

`{resultCd, resultMsg, resultDt, data}`; success is `000` "It is succeeded", an empty search
`001`. Every endpoint but initialisation needs an initialised device for its `tpin`/`bhfId`
(901 otherwise). Signatures are HMAC-SHA256 under a key the device gets at initialisation,
in base32 (upper case): `rcptSign` 16 characters, `intrlData` 26, as ZRA's are; the QR URL is
the sandbox portal's `indexInvoiceData?Data=<tpin><bhfId><rcptSign>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sqlite3
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from local_runtime.sandboxes.zra import rules
from local_runtime.sandboxes.zra.rules import LUSAKA, CodeBook, OriginalSale, Refused
from local_runtime.sandboxes.zra.store import Store, dumps, loads, now_stamp

PORTAL = "https://sandboxportal.zra.org.zm"
"""Where the QR codes of sandbox receipts point (ZRA's sandbox taxpayer portal)."""

PAGE_SIZE = 1000
"""Records per `select*` answer; the rest comes with the next `lastReqDt`."""

MESSAGES = {
    "000": "It is succeeded",
    "001": "There is no search result",
    "901": "It is not valid device",
    "902": "This device is already installed",
    "924": "The CIS invoice number already exists",
    "994": "Duplicate data",
}

Envelope = dict[str, Any]
Handler = Callable[[Store, dict[str, Any]], Envelope]


def envelope(code: str, data: Any = None, message: str | None = None, result_dt: str | None = None) -> Envelope:
    """ZRA's response envelope."""
    return {
        "resultCd": code,
        "resultMsg": message or MESSAGES.get(code, ""),
        "resultDt": result_dt or now_stamp(),
        "data": data,
    }


def handle(store: Store, path: str, body: Any) -> Envelope:
    """Answer one VSDC call; unknown paths are `None` (the server answers 404)."""
    handler = ENDPOINTS[path]
    if not isinstance(body, dict):
        return envelope("911", message="Request body is missing or not a JSON object")
    try:
        return handler(store, body)
    except Refused as refusal:
        return envelope(refusal.code, message=refusal.message)


def _device(store: Store, body: Mapping[str, Any]) -> sqlite3.Row:
    tpin, bhf_id = rules.check_identity(body)
    rows = store.query(
        "SELECT * FROM devices WHERE tpin = ? AND bhf_id = ? AND initialised_at IS NOT NULL", (tpin, bhf_id)
    )
    if not rows:
        raise Refused("901", f"It is not valid device: no initialised device for TPIN {tpin}, branch {bhf_id}")
    return rows[0]


def _book(store: Store) -> CodeBook:
    codes: dict[str, set[str]] = {}
    rates: dict[str, Decimal] = {}
    for row in store.query("SELECT cd_cls, cd, body FROM codes"):
        entry = loads(row["body"])
        if entry.get("useYn", "Y") != "Y":
            continue
        codes.setdefault(row["cd_cls"], set()).add(row["cd"])
        if row["cd_cls"] in {"04", "60", "61", "62"} and entry.get("userDfnCd1") not in (None, ""):
            rates[row["cd"]] = Decimal(str(entry["userDfnCd1"]))
    return CodeBook({cls: frozenset(values) for cls, values in codes.items()}, rates)


def _last_request(body: Mapping[str, Any]) -> str:
    value = rules.text(body, "lastReqDt")
    assert value is not None
    rules.check_moment(value, "lastReqDt")
    return value


def _sign(key: str, *parts: object) -> str:
    digest = hmac.new(bytes.fromhex(key), "|".join(str(part) for part in parts).encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii").rstrip("=")


# ---- initialisation -----------------------------------------------------------------------


def select_init_info(store: Store, body: dict[str, Any]) -> Envelope:
    """`/initializer/selectInitInfo`: issue the device's identity once; 902 (no data) after."""
    tpin, bhf_id = rules.check_identity(body)
    serial = rules.text(body, "dvcSrlNo")
    with store.transaction() as db:
        row = db.execute("SELECT * FROM devices WHERE tpin = ? AND bhf_id = ?", (tpin, bhf_id)).fetchone()
        if row is not None and row["initialised_at"] is not None:
            return envelope("902")
        if row is None:
            db.execute(
                "INSERT INTO devices (tpin, bhf_id, dvc_srl_no, sign_key) VALUES (?, ?, ?, ?)",
                (tpin, bhf_id, serial, os.urandom(32).hex()),
            )
            row = db.execute("SELECT * FROM devices WHERE tpin = ? AND bhf_id = ?", (tpin, bhf_id)).fetchone()
        elif row["dvc_srl_no"] != serial:
            raise Refused("901", f"It is not valid device: serial {serial} is not registered for this branch")
        sdc_id = f"SDC{int(tpin[-4:]):04d}{row['id']:06d}"
        mrc_no = f"WIS{row['id']:08d}  "
        db.execute(
            "UPDATE devices SET sdc_id = ?, mrc_no = ?, initialised_at = ? WHERE id = ?",
            (sdc_id, mrc_no, now_stamp(), row["id"]),
        )
    head_office = bhf_id == "000"
    return envelope(
        "000",
        {
            "info": {
                "tpin": tpin,
                "taxprNm": f"Sandbox Taxpayer {tpin}",
                "bsnsActv": "Retail and wholesale",
                "bhfId": bhf_id,
                "bhfNm": "Head Office" if head_office else f"Branch {bhf_id}",
                "bhfOpenDt": "20240101",
                "prvncNm": "Lusaka",
                "dstrtNm": "Lusaka",
                "sctrNm": "Lusaka Central",
                "locDesc": "Cairo Road",
                "hqYn": "Y" if head_office else "N",
                "mgrNm": "Sandbox Manager",
                "mgrTelNo": "0977000000",
                "mgrEmail": "manager@sandbox.zra.org.zm",
                "sdcId": sdc_id,
                "mrcNo": mrc_no,
                "dvcId": f"{row['id']:010d}",
                "vatTyCd": "2",
                "lastSaleInvcNo": row["last_sale_rcpt_no"],
                "lastPchsInvcNo": row["last_purchase_no"],
                "lastSaleRcptNo": row["last_sale_rcpt_no"],
                "lastInvcNo": row["last_sale_rcpt_no"],
                "lastTrainInvcNo": row["last_train_no"],
                "lastProfrmInvcNo": row["last_proforma_no"],
                "lastCopyInvcNo": row["last_copy_no"],
            }
        },
    )


# ---- reference data -----------------------------------------------------------------------


def _page(rows: list[sqlite3.Row], reserved: str) -> tuple[list[sqlite3.Row], str]:
    """At most a page of rows (ordered by stamp) and the `resultDt` to ask from next.

    `reserved` is the store's stamp taken before the rows were read: the answer's `resultDt`
    when it is complete.
    """
    if len(rows) <= PAGE_SIZE:
        return rows, reserved
    page = rows[:PAGE_SIZE]
    return page, page[-1]["stamp"]


def select_codes(store: Store, body: dict[str, Any]) -> Envelope:
    """`/code/selectCodes`: the code classes with codes changed after `lastReqDt`."""
    _device(store, body)
    after = _last_request(body)
    reserved = store.reserve_stamp()
    rows = store.query(
        "SELECT c.cd_cls, k.name, c.body, c.stamp FROM codes c JOIN code_classes k ON k.cd_cls = c.cd_cls "
        "WHERE c.stamp > ? ORDER BY c.stamp, c.cd_cls, c.cd",
        (after,),
    )
    if not rows:
        return envelope("001")
    page, result_dt = _page(rows, reserved)
    classes: dict[str, dict[str, Any]] = {}
    for row in page:
        cls = classes.setdefault(
            row["cd_cls"],
            {
                "cdCls": row["cd_cls"],
                "cdClsNm": row["name"],
                "cdClsDesc": row["name"],
                "useYn": "Y",
                "userDfnNm1": "Rate" if row["cd_cls"] in {"04", "60", "61", "62"} else None,
                "userDfnNm2": None,
                "userDfnNm3": None,
                "dtlList": [],
            },
        )
        cls["dtlList"].append(loads(row["body"]))
    return envelope("000", {"clsList": list(classes.values())}, result_dt=result_dt)


def _stamped_list(store: Store, body: dict[str, Any], table: str, key: str, order: str) -> Envelope:
    _device(store, body)
    after = _last_request(body)
    reserved = store.reserve_stamp()
    rows = store.query(f"SELECT body, stamp FROM {table} WHERE stamp > ? ORDER BY stamp, {order}", (after,))
    if not rows:
        return envelope("001")
    page, result_dt = _page(rows, reserved)
    return envelope("000", {key: [loads(row["body"]) for row in page]}, result_dt=result_dt)


def select_item_classes(store: Store, body: dict[str, Any]) -> Envelope:
    """`/itemClass/selectItemsClass`: item classes changed after `lastReqDt`, a page at a time."""
    return _stamped_list(store, body, "item_classes", "itemClsList", "item_cls_cd")


def select_notices(store: Store, body: dict[str, Any]) -> Envelope:
    """`/notices/selectNotices`: ZRA's notices published after `lastReqDt`."""
    return _stamped_list(store, body, "notices", "noticeList", "notice_no")


def select_branches(store: Store, body: dict[str, Any]) -> Envelope:
    """`/branches/selectBranches`: the taxpayer's branches (head office and initialised ones)."""
    device = _device(store, body)
    _last_request(body)
    branches = {
        "000",
        *(row["bhf_id"] for row in store.query("SELECT bhf_id FROM devices WHERE tpin = ?", (device["tpin"],))),
    }
    return envelope(
        "000",
        {
            "bhfList": [
                {
                    "tpin": device["tpin"],
                    "bhfId": bhf_id,
                    "bhfNm": "Head Office" if bhf_id == "000" else f"Branch {bhf_id}",
                    "bhfSttsCd": "01",
                    "prvncNm": "Lusaka",
                    "dstrtNm": "Lusaka",
                    "sctrNm": "Lusaka Central",
                    "locDesc": "Cairo Road",
                    "mgrNm": "Sandbox Manager",
                    "mgrTelNo": "0977000000",
                    "mgrEmail": "manager@sandbox.zra.org.zm",
                    "hqYn": "Y" if bhf_id == "000" else "N",
                }
                for bhf_id in sorted(branches)
            ]
        },
    )


# ---- items --------------------------------------------------------------------------------


def _save_item(store: Store, body: dict[str, Any], *, update: bool) -> Envelope:
    device = _device(store, body)
    rules.item_problems(body, _book(store))
    item_code = str(body["itemCd"])
    if not store.query("SELECT 1 FROM item_classes WHERE item_cls_cd = ?", (body["itemClsCd"],)):
        raise Refused("999", f"Unknown error: item class {body['itemClsCd']} does not exist")
    stored = {k: v for k, v in body.items() if k not in {"tpin", "bhfId"}}
    with store.transaction() as db:
        exists = db.execute(
            "SELECT 1 FROM items WHERE tpin = ? AND item_cd = ?", (device["tpin"], item_code)
        ).fetchone()
        if update and not exists:
            return envelope("001", message=f"There is no search result: item {item_code} is not registered")
        if not update and exists:
            return envelope("994", message=f"Duplicate data: item {item_code} is already registered")
        db.execute(
            "INSERT INTO items (tpin, item_cd, body, stamp) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tpin, item_cd) DO UPDATE SET body = excluded.body, stamp = excluded.stamp",
            (device["tpin"], item_code, dumps(stored), store.next_stamp(db)),
        )
    return envelope("000")


def save_item(store: Store, body: dict[str, Any]) -> Envelope:
    """`/items/saveItem`: register an item (994 if its code is taken)."""
    return _save_item(store, body, update=False)


def update_item(store: Store, body: dict[str, Any]) -> Envelope:
    """`/items/updateItem`: change a registered item (001 if there is none)."""
    return _save_item(store, body, update=True)


def select_item(store: Store, body: dict[str, Any]) -> Envelope:
    """`/items/selectItem`: one registered item by `itemCd`."""
    device = _device(store, body)
    item_code = rules.text(body, "itemCd")
    rows = store.query("SELECT body FROM items WHERE tpin = ? AND item_cd = ?", (device["tpin"], item_code))
    return envelope("000", loads(rows[0]["body"])) if rows else envelope("001")


def select_items(store: Store, body: dict[str, Any]) -> Envelope:
    """`/items/selectItems`: items registered or changed after `lastReqDt`."""
    device = _device(store, body)
    after = _last_request(body)
    reserved = store.reserve_stamp()
    rows = store.query(
        "SELECT body, stamp FROM items WHERE tpin = ? AND stamp > ? ORDER BY stamp, item_cd", (device["tpin"], after)
    )
    if not rows:
        return envelope("001")
    page, result_dt = _page(rows, reserved)
    return envelope("000", {"itemList": [loads(row["body"]) for row in page]}, result_dt=result_dt)


def _registered_items(store: Store, tpin: str) -> dict[str, dict[str, Any]]:
    return {
        row["item_cd"]: loads(row["body"])
        for row in store.query("SELECT item_cd, body FROM items WHERE tpin = ?", (tpin,))
    }


# ---- sales --------------------------------------------------------------------------------


def _original(
    db: sqlite3.Connection, tpin: str, body: Mapping[str, Any]
) -> tuple[sqlite3.Row | None, OriginalSale | None]:
    org_sdc_id, org_invc_no = body.get("orgSdcId"), body.get("orgInvcNo")
    if not org_sdc_id or org_invc_no in (None, "", 0):
        return None, None
    row = db.execute(
        "SELECT s.* FROM sales s JOIN devices d ON d.id = s.device_id "
        "WHERE d.tpin = ? AND d.sdc_id = ? AND s.rcpt_no = ? AND s.sales_ty_cd = 'N'",
        (tpin, org_sdc_id, int(Decimal(str(org_invc_no)))),
    ).fetchone()
    if row is None:
        return None, None
    notes = db.execute(
        "SELECT rcpt_ty_cd, tot_amt, request FROM sales WHERE org_sdc_id = ? AND org_invc_no = ? AND sales_ty_cd = 'N'",
        (org_sdc_id, row["rcpt_no"]),
    ).fetchall()
    credited_quantities: dict[str, Decimal] = {}
    for note in notes:
        if note["rcpt_ty_cd"] == "R":
            for line in loads(note["request"])["itemList"]:
                code = str(line["itemCd"])
                credited_quantities[code] = credited_quantities.get(code, Decimal(0)) + Decimal(str(line["qty"]))
    request = loads(row["request"])
    return row, OriginalSale(
        rcpt_ty_cd=row["rcpt_ty_cd"],
        cust_tpin=request.get("custTpin") or None,
        tot_amt=Decimal(row["tot_amt"]),
        lines=request["itemList"],
        credited_amount=sum((Decimal(n["tot_amt"]) for n in notes if n["rcpt_ty_cd"] == "R"), Decimal(0)),
        debited_amount=sum((Decimal(n["tot_amt"]) for n in notes if n["rcpt_ty_cd"] == "D"), Decimal(0)),
        credited_quantities=credited_quantities,
    )


_COUNTERS = {"N": "last_sale_rcpt_no", "T": "last_train_no", "P": "last_proforma_no", "C": "last_copy_no"}


def save_sales(store: Store, body: dict[str, Any]) -> Envelope:
    """`/trnsSales/saveSales`: validate, number, sign and record a sale, credit or debit note."""
    device = _device(store, body)
    book = _book(store)
    items = _registered_items(store, device["tpin"])
    cis_invoice_number = rules.text(body, "cisInvcNo")
    now = datetime.now(LUSAKA)
    with store.transaction() as db:
        if db.execute(
            "SELECT 1 FROM sales WHERE device_id = ? AND cis_invc_no = ?", (device["id"], cis_invoice_number)
        ).fetchone():
            return envelope("924", message=f"The CIS invoice number {cis_invoice_number} already exists")
        _, original = _original(db, device["tpin"], body)
        rules.check_sale(body, book=book, registered_items=items, today=rules.today_in_lusaka(now), original=original)
        counter = _COUNTERS[str(body["salesTyCd"])]
        current = db.execute(f"SELECT {counter}, total_receipts FROM devices WHERE id = ?", (device["id"],)).fetchone()
        receipt_number = int(current[0]) + 1
        total_receipts = int(current[1]) + 1
        published = now.strftime("%Y%m%d%H%M%S")
        signed = (device["tpin"], device["bhf_id"], receipt_number, cis_invoice_number, body["totAmt"], published)
        signature = _sign(device["sign_key"], "rcptSign", *signed)[:16]
        receipt = {
            "rcptNo": receipt_number,
            "intrlData": _sign(device["sign_key"], "intrlData", *signed)[:26],
            "rcptSign": signature,
            "totRcptNo": total_receipts,
            "vsdcRcptPbctDate": published,
            "sdcId": device["sdc_id"],
            "mrcNo": device["mrc_no"],
            "qrCodeUrl": f"{PORTAL}/indexInvoiceData?Data={device['tpin']}{device['bhf_id']}{signature}",
        }
        db.execute(
            f"UPDATE devices SET {counter} = ?, total_receipts = ? WHERE id = ?",
            (receipt_number, total_receipts, device["id"]),
        )
        db.execute(
            "INSERT INTO sales (device_id, cis_invc_no, rcpt_no, sales_ty_cd, rcpt_ty_cd, cust_tpin, org_invc_no, "
            "org_sdc_id, tot_amt, request, receipt, stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                device["id"],
                cis_invoice_number,
                receipt_number,
                body["salesTyCd"],
                body["rcptTyCd"],
                body.get("custTpin") or None,
                int(Decimal(str(body.get("orgInvcNo") or 0))),
                body.get("orgSdcId"),
                str(body["totAmt"]),
                dumps(body),
                dumps(receipt),
                store.next_stamp(db),
            ),
        )
    return envelope("000", receipt)


def select_invoice(store: Store, body: dict[str, Any]) -> Envelope:
    """`/trnsSales/selectInvoice`: a recorded sale by `invcSdcId` and `cisInvcNo`, with its totals."""
    device = _device(store, body)
    sdc_id = rules.text(body, "invcSdcId")
    cis_invoice_number = rules.text(body, "cisInvcNo")
    rows = store.query(
        "SELECT s.* FROM sales s JOIN devices d ON d.id = s.device_id "
        "WHERE d.tpin = ? AND d.sdc_id = ? AND s.cis_invc_no = ?",
        (device["tpin"], sdc_id, cis_invoice_number),
    )
    if not rows:
        return envelope("001")
    request = loads(rows[0]["request"])
    return envelope(
        "000",
        {
            **loads(rows[0]["receipt"]),
            "cisInvcNo": cis_invoice_number,
            "rcptTyCd": request["rcptTyCd"],
            "salesTyCd": request["salesTyCd"],
            "salesDt": request["salesDt"],
            "custTpin": request.get("custTpin"),
            "totItemCnt": request["totItemCnt"],
            "totTaxblAmt": request["totTaxblAmt"],
            "totTaxAmt": request["totTaxAmt"],
            "totAmt": request["totAmt"],
        },
    )


# ---- stock --------------------------------------------------------------------------------


def save_stock_items(store: Store, body: dict[str, Any]) -> Envelope:
    """`/stock/saveStockItems`: one stock movement (994 if its `sarNo` was recorded already)."""
    device = _device(store, body)
    book = _book(store)
    for field in ("sarNo", "regTyCd", "sarTyCd", "ocrnDt", "regrId", "regrNm"):
        rules.text(body, field)
    for field in ("orgSarNo", "totItemCnt", "totTaxblAmt", "totTaxAmt", "totAmt"):
        rules.number(body, field)
    book.require("12", str(body["sarTyCd"]), "sarTyCd")
    rules.parse_day(str(body["ocrnDt"]), "ocrnDt")
    lines = body.get("itemList")
    if not isinstance(lines, list) or not lines:
        raise rules.missing("itemList")
    items = _registered_items(store, device["tpin"])
    for index, line in enumerate(lines):
        path = f"itemList[{index}]"
        for field in ("itemCd", "itemClsCd", "itemNm", "pkgUnitCd", "qtyUnitCd"):
            rules.text(line, field)
        for field in ("itemSeq", "pkg", "qty", "prc", "splyAmt", "totDcAmt", "taxblAmt", "taxAmt", "totAmt"):
            rules.number(line, field, path=f"{path}.{field}")
        if line["itemCd"] not in items:
            raise Refused("910", f"Request parameter error: itemCd {line['itemCd']} is not a registered item")
        if Decimal(str(line["qty"])) <= 0:
            raise Refused("910", f"Request parameter error: {path}.qty must be above zero")
    with store.transaction() as db:
        if db.execute(
            "SELECT 1 FROM stock_movements WHERE device_id = ? AND sar_no = ?", (device["id"], str(body["sarNo"]))
        ).fetchone():
            return envelope("994", message=f"Duplicate data: stock movement {body['sarNo']} is already recorded")
        db.execute(
            "INSERT INTO stock_movements (device_id, sar_no, body, stamp) VALUES (?, ?, ?, ?)",
            (device["id"], str(body["sarNo"]), dumps(body), store.next_stamp(db)),
        )
    return envelope("000")


def save_stock_master(store: Store, body: dict[str, Any]) -> Envelope:
    """`/stockMaster/saveStockMaster`: the remaining quantity of each item (absolute)."""
    device = _device(store, body)
    rules.text(body, "regrId")
    lines = body.get("stockItemList")
    if not isinstance(lines, list) or not lines:
        raise rules.missing("stockItemList")
    codes = [str(line.get("itemCd")) for line in lines]
    if len(set(codes)) != len(codes):
        raise Refused("999", "Unknown error")
    items = _registered_items(store, device["tpin"])
    with store.transaction() as db:
        for index, line in enumerate(lines):
            quantity = rules.number(line, "rsdQty", path=f"stockItemList[{index}].rsdQty")
            if line.get("itemCd") not in items:
                raise Refused("910", f"Request parameter error: itemCd {line.get('itemCd')} is not a registered item")
            db.execute(
                "INSERT INTO stock_master (device_id, item_cd, rsd_qty, stamp) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (device_id, item_cd) DO UPDATE SET rsd_qty = excluded.rsd_qty, stamp = excluded.stamp",
                (device["id"], line["itemCd"], str(quantity), store.next_stamp(db)),
            )
    return envelope("000")


# ---- purchases and imports ----------------------------------------------------------------


def select_purchases(store: Store, body: dict[str, Any]) -> Envelope:
    """`/trnsPurchase/selectTrnsPurchaseSales`: sales other taxpayers recorded to this TPIN."""
    device = _device(store, body)
    after = _last_request(body)
    reserved = store.reserve_stamp()
    rows = store.query(
        "SELECT s.*, d.tpin AS seller_tpin, d.bhf_id AS seller_bhf_id, d.sdc_id AS seller_sdc_id "
        "FROM sales s JOIN devices d ON d.id = s.device_id WHERE s.cust_tpin = ? AND s.stamp > ? "
        "ORDER BY s.stamp",
        (device["tpin"], after),
    )
    if not rows:
        return envelope("001")
    page, result_dt = _page(rows, reserved)
    sales = []
    for row in page:
        request = loads(row["request"])
        sales.append(
            {
                "spplrTpin": row["seller_tpin"],
                "spplrBhfId": row["seller_bhf_id"],
                "spplrNm": f"Sandbox Taxpayer {row['seller_tpin']}",
                "spplrInvcNo": row["rcpt_no"],
                "spplrSdcId": row["seller_sdc_id"],
                **{
                    key: request.get(key)
                    for key in request
                    if key.startswith(("taxblAmt", "taxRt", "taxAmt"))
                    or key
                    in {
                        "rcptTyCd",
                        "pmtTyCd",
                        "cfmDt",
                        "salesDt",
                        "stockRlsDt",
                        "totItemCnt",
                        "totTaxblAmt",
                        "totTaxAmt",
                        "totAmt",
                        "remark",
                        "itemList",
                    }
                },
            }
        )
    return envelope("000", {"saleList": sales}, result_dt=result_dt)


def save_purchase(store: Store, body: dict[str, Any]) -> Envelope:
    """`/trnsPurchase/savePurchase`: approve or reject a supplier's invoice, or record a purchase."""
    device = _device(store, body)
    book = _book(store)
    invoice_number = body.get("cisInvcNo", body.get("invcNo"))
    if invoice_number in (None, ""):
        raise rules.missing("cisInvcNo")
    for field in ("regTyCd", "pchsTyCd", "rcptTyCd", "pmtTyCd", "pchsSttsCd", "cfmDt", "pchsDt", "regrId", "regrNm"):
        rules.text(body, field)
    for field in ("totItemCnt", "totTaxblAmt", "totTaxAmt", "totAmt"):
        rules.number(body, field)
    book.require("38", str(body["rcptTyCd"]), "rcptTyCd")
    book.require("34", str(body["pchsSttsCd"]), "pchsSttsCd")
    book.require("07", str(body["pmtTyCd"]), "pmtTyCd")
    supplier_tpin = rules.text(body, "spplrTpin", required=False)
    if supplier_tpin is not None and not supplier_tpin.isdigit():
        raise Refused("884", f"Invalid supplier TPIN: {supplier_tpin}")
    if not isinstance(body.get("itemList"), list):
        raise rules.missing("itemList")
    with store.transaction() as db:
        if db.execute(
            "SELECT 1 FROM purchases WHERE device_id = ? AND invc_no = ?", (device["id"], str(invoice_number))
        ).fetchone():
            return envelope("994", message=f"Duplicate data: purchase {invoice_number} is already recorded")
        db.execute(
            "INSERT INTO purchases (device_id, invc_no, body, stamp) VALUES (?, ?, ?, ?)",
            (device["id"], str(invoice_number), dumps(body), store.next_stamp(db)),
        )
        db.execute("UPDATE devices SET last_purchase_no = last_purchase_no + 1 WHERE id = ?", (device["id"],))
    return envelope("000")


def select_imports(store: Store, body: dict[str, Any]) -> Envelope:
    """`/imports/selectImportItems`: goods declared in ASYCUDA for this branch after `lastReqDt`."""
    device = _device(store, body)
    after = _last_request(body)
    reserved = store.reserve_stamp()
    rows = store.query(
        "SELECT body, stamp FROM import_items WHERE tpin = ? AND bhf_id = ? AND stamp > ? "
        "ORDER BY stamp, task_cd, item_seq",
        (device["tpin"], device["bhf_id"], after),
    )
    if not rows:
        return envelope("001")
    page, result_dt = _page(rows, reserved)
    return envelope("000", {"itemList": [loads(row["body"]) for row in page]}, result_dt=result_dt)


def update_imports(store: Store, body: dict[str, Any]) -> Envelope:
    """`/imports/updateImportItems`: accept (3) or reject (4) declared lines; head office only."""
    device = _device(store, body)
    if device["bhf_id"] != "000":
        raise Refused("899", "Client or configuration error: imports are handled by the head office (bhfId 000)")
    task = rules.text(body, "taskCd")
    rules.parse_day(str(rules.text(body, "dclDe")), "dclDe")
    lines = body.get("importItemList")
    if not isinstance(lines, list) or not lines:
        raise rules.missing("importItemList")
    with store.transaction() as db:
        for index, line in enumerate(lines):
            status = str(line.get("imptItemSttsCd"))
            if status not in {"3", "4"}:
                raise Refused("913", f"Invalid code value of importItemList[{index}].imptItemSttsCd: {status}")
            row = db.execute(
                "SELECT body FROM import_items WHERE tpin = ? AND bhf_id = ? AND task_cd = ? AND item_seq = ?",
                (device["tpin"], device["bhf_id"], task, int(Decimal(str(line.get("itemSeq", 0))))),
            ).fetchone()
            if row is None:
                raise Refused("001", f"There is no search result: import line {task}/{line.get('itemSeq')}")
            updated = {**loads(row["body"]), "imptItemsttsCd": status, "itemCd": line.get("itemCd")}
            db.execute(
                "UPDATE import_items SET body = ?, stamp = ? WHERE tpin = ? AND bhf_id = ? AND task_cd = ? "
                "AND item_seq = ?",
                (dumps(updated), store.next_stamp(db), device["tpin"], device["bhf_id"], task, int(line["itemSeq"])),
            )
    return envelope("000")


ENDPOINTS: dict[str, Handler] = {
    "/initializer/selectInitInfo": select_init_info,
    "/code/selectCodes": select_codes,
    "/itemClass/selectItemsClass": select_item_classes,
    "/notices/selectNotices": select_notices,
    "/branches/selectBranches": select_branches,
    "/items/saveItem": save_item,
    "/items/updateItem": update_item,
    "/items/selectItem": select_item,
    "/items/selectItems": select_items,
    "/trnsSales/saveSales": save_sales,
    "/trnsSales/selectInvoice": select_invoice,
    "/stock/saveStockItems": save_stock_items,
    "/stockMaster/saveStockMaster": save_stock_master,
    "/trnsPurchase/selectTrnsPurchaseSales": select_purchases,
    "/trnsPurchase/savePurchase": save_purchase,
    "/imports/selectImportItems": select_imports,
    "/imports/updateImportItems": update_imports,
}
"""Every VSDC path the sandbox serves, under the context root."""
