"""The sandbox VSDC's HTTP server: the VSDC paths under a context root, plus `/admin`.

The VSDC answers every call with HTTP 200 and ZRA's envelope (only an injected fault
answers otherwise). `/admin/...` is the sandbox's own (not ZRA's): health, the fault plan,
what was recorded, and reference data to add. `GET /indexInvoiceData?Data=...` shows a
recorded receipt, as the sandbox portal's verification page does.
"""

from __future__ import annotations

import html
import json
import logging
import os
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local_runtime.sandboxes.zra import vsdc
from local_runtime.sandboxes.zra.faults import NOT_PROCESSED, FaultPlan, PlanError
from local_runtime.sandboxes.zra.reference import item_class_entry
from local_runtime.sandboxes.zra.store import Store, dumps, loads

log = logging.getLogger("zra-sandbox")

DEFAULT_CONTEXT = "/sandboxvsdc1.0.8.0"
"""The context root the VSDC WAR is deployed under (the sandbox build's, as in the reference)."""

TOMCAT_500 = (
    "<!doctype html><html lang='en'><head><title>HTTP Status 500 - Internal Server Error</title></head>"
    "<body><h1>HTTP Status 500 - Internal Server Error</h1><hr class='line' /><h3>Apache Tomcat</h3></body></html>"
)
NOT_JSON_PAGE = "<!doctype html><html><head><title>Apache Tomcat</title></head><body>It works!</body></html>"


def to_json(value: Any) -> str:
    """JSON text with `Decimal` written as the number it is (never through a float)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    return json.dumps(value)


class SandboxServer(ThreadingHTTPServer):
    """One sandbox VSDC: its store, its fault plan, its context root."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: Store, context: str = DEFAULT_CONTEXT) -> None:
        super().__init__(address, SandboxHandler)
        self.store = store
        self.faults = FaultPlan()
        self.context = context.rstrip("/")


class SandboxHandler(BaseHTTPRequestHandler):
    """Routes a request to the VSDC, the admin endpoints or the portal page."""

    server: SandboxServer
    protocol_version = "HTTP/1.0"
    server_version = "Apache-Coyote/1.1"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet by default; the call log is in the store."""
        log.debug(format, *args)

    # ---- plumbing ---------------------------------------------------------------------

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw, parse_float=Decimal) if raw else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            return ...

    def _send(self, status: int, text: str, content_type: str = "application/json;charset=UTF-8") -> None:
        data = text.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client went away before the answer")

    def _json(self, value: Any, status: int = 200) -> None:
        self._send(status, to_json(value))

    def _query(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}

    # ---- routes -------------------------------------------------------------------------

    def do_GET(self) -> None:
        """Admin reads and the portal's receipt page."""
        path = urlsplit(self.path).path
        query = self._query()
        if path == "/admin/health":
            self._json({"status": "ok", "context": self.server.context})
        elif path == "/admin/faults":
            self._json(self.server.faults.describe())
        elif path == "/admin/receipts":
            self._json({"receipts": self._receipts(query.get("tpin"), query.get("bhfId"))})
        elif path == "/admin/calls":
            rows = self.server.store.query(
                "SELECT path, result_cd, fault, at FROM calls WHERE (? IS NULL OR path = ?) ORDER BY id",
                (query.get("path"), query.get("path")),
            )
            self._json({"calls": [dict(row) for row in rows]})
        elif path == "/admin/stock":
            self._json(self._stock(query.get("tpin"), query.get("bhfId")))
        elif path == "/indexInvoiceData":
            self._portal(query.get("Data", ""))
        else:
            self._send(404, "<h1>HTTP Status 404 - Not Found</h1>", "text/html;charset=UTF-8")

    def do_DELETE(self) -> None:
        """Clear the fault plan."""
        if urlsplit(self.path).path == "/admin/faults":
            self.server.faults.replace({"rules": []})
            self._json(self.server.faults.describe())
        else:
            self._send(404, "<h1>HTTP Status 404 - Not Found</h1>", "text/html;charset=UTF-8")

    def do_POST(self) -> None:
        """A VSDC call, or an admin change."""
        path = urlsplit(self.path).path
        body = self._body()
        if path.startswith("/admin/"):
            self._admin(path, body)
            return
        if not path.startswith(self.server.context + "/") or path[len(self.server.context) :] not in vsdc.ENDPOINTS:
            self._send(404, "<h1>HTTP Status 404 - Not Found</h1>", "text/html;charset=UTF-8")
            return
        endpoint = path[len(self.server.context) :]
        fault = self.server.faults.pick(endpoint)
        if fault is not None and fault.mode == "timeout":
            time.sleep(fault.delay_seconds)
        if fault is not None and fault.mode in NOT_PROCESSED:
            code = {"result_838": "838", "result_910": "910"}.get(fault.mode)
            self.server.store.record_call(endpoint, code, fault.mode)
            if fault.mode == "http_500":
                self._send(500, TOMCAT_500, "text/html;charset=UTF-8")
            elif fault.mode == "not_json":
                self._send(200, NOT_JSON_PAGE, "text/html;charset=UTF-8")
            elif fault.mode == "result_910":
                self._json(vsdc.envelope("910", message="Request parameter error (injected)"))
            else:
                self._json(vsdc.envelope("838", message="Cannot connect to the Smart Invoice server"))
            return
        answer = (
            vsdc.envelope("911", message="Request body is not valid JSON")
            if body is ...
            else vsdc.handle(self.server.store, endpoint, body)
        )
        self.server.store.record_call(endpoint, answer["resultCd"], fault.mode if fault else None)
        if fault is not None and fault.mode == "drop_after_record":
            self.close_connection = True
            return
        if fault is not None and fault.mode == "missing_fields" and isinstance(answer.get("data"), dict):
            answer["data"] = {k: v for k, v in answer["data"].items() if k not in {"rcptSign", "intrlData"}}
        self._json(answer)

    # ---- admin --------------------------------------------------------------------------

    def _admin(self, path: str, body: Any) -> None:
        store = self.server.store
        if body is ... or not isinstance(body, dict):
            self._json({"error": "send a JSON object"}, 400)
            return
        if path == "/admin/faults":
            try:
                self.server.faults.replace(body)
            except PlanError as error:
                self._json({"error": str(error)}, 400)
                return
            self._json(self.server.faults.describe())
        elif path == "/admin/codes":
            cls, name, details = body.get("cdCls"), body.get("cdClsNm", ""), body.get("dtlList", [])
            with store.transaction() as db:
                db.execute(
                    "INSERT INTO code_classes (cd_cls, name) VALUES (?, ?) "
                    "ON CONFLICT (cd_cls) DO UPDATE SET name = excluded.name",
                    (cls, name),
                )
                for entry in details:
                    db.execute(
                        "INSERT INTO codes (cd_cls, cd, body, stamp) VALUES (?, ?, ?, ?) ON CONFLICT (cd_cls, cd) "
                        "DO UPDATE SET body = excluded.body, stamp = excluded.stamp",
                        (cls, entry["cd"], dumps(entry), store.next_stamp(db)),
                    )
            self._json({"saved": len(details)})
        elif path == "/admin/item-classes":
            classes = body.get("itemClsList", [])
            with store.transaction() as db:
                for entry in classes:
                    full = item_class_entry(
                        entry["itemClsCd"],
                        entry["itemClsNm"],
                        int(entry.get("itemClsLvl", 4)),
                        entry.get("taxTyCd", "A"),
                    )
                    db.execute(
                        "INSERT INTO item_classes (item_cls_cd, body, stamp) VALUES (?, ?, ?) ON CONFLICT "
                        "(item_cls_cd) DO UPDATE SET body = excluded.body, stamp = excluded.stamp",
                        (full["itemClsCd"], dumps(full), store.next_stamp(db)),
                    )
            self._json({"saved": len(classes)})
        elif path == "/admin/devices":
            with store.transaction() as db:
                db.execute(
                    "INSERT INTO devices (tpin, bhf_id, dvc_srl_no, sign_key, last_sale_rcpt_no, total_receipts) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        body["tpin"],
                        body["bhfId"],
                        body["dvcSrlNo"],
                        os.urandom(32).hex(),
                        int(body.get("lastSaleRcptNo", 0)),
                        int(body.get("lastSaleRcptNo", 0)),
                    ),
                )
            self._json({"registered": True})
        elif path == "/admin/imports":
            with store.transaction() as db:
                for entry in body.get("itemList", []):
                    db.execute(
                        "INSERT INTO import_items (tpin, bhf_id, task_cd, item_seq, body, stamp) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            body["tpin"],
                            body["bhfId"],
                            entry["taskCd"],
                            int(entry["itemSeq"]),
                            dumps(entry),
                            store.next_stamp(db),
                        ),
                    )
            self._json({"saved": len(body.get("itemList", []))})
        else:
            self._json({"error": f"no admin endpoint {path}"}, 404)

    def _device_ids(self, tpin: str | None, bhf_id: str | None) -> list[int]:
        rows = self.server.store.query(
            "SELECT id FROM devices WHERE (? IS NULL OR tpin = ?) AND (? IS NULL OR bhf_id = ?)",
            (tpin, tpin, bhf_id, bhf_id),
        )
        return [int(row["id"]) for row in rows]

    def _receipts(self, tpin: str | None, bhf_id: str | None) -> list[dict[str, Any]]:
        found = []
        for device_id in self._device_ids(tpin, bhf_id):
            for row in self.server.store.query(
                "SELECT * FROM sales WHERE device_id = ? ORDER BY rcpt_no", (device_id,)
            ):
                request = loads(row["request"])
                found.append(
                    {
                        "cisInvcNo": row["cis_invc_no"],
                        "rcptNo": row["rcpt_no"],
                        "salesTyCd": row["sales_ty_cd"],
                        "rcptTyCd": row["rcpt_ty_cd"],
                        "custTpin": row["cust_tpin"],
                        "orgInvcNo": row["org_invc_no"],
                        "orgSdcId": row["org_sdc_id"],
                        "totAmt": row["tot_amt"],
                        "stamp": row["stamp"],
                        "receipt": loads(row["receipt"]),
                        "request": request,
                    }
                )
        return found

    def _stock(self, tpin: str | None, bhf_id: str | None) -> dict[str, Any]:
        movements, master = [], []
        for device_id in self._device_ids(tpin, bhf_id):
            movements += [
                loads(row["body"])
                for row in self.server.store.query(
                    "SELECT body FROM stock_movements WHERE device_id = ? ORDER BY stamp", (device_id,)
                )
            ]
            master += [
                {"itemCd": row["item_cd"], "rsdQty": row["rsd_qty"]}
                for row in self.server.store.query(
                    "SELECT item_cd, rsd_qty FROM stock_master WHERE device_id = ? ORDER BY item_cd", (device_id,)
                )
            ]
        return {"movements": movements, "master": master}

    def _portal(self, data: str) -> None:
        tpin, bhf_id, signature = data[:10], data[10:13], data[13:]
        match = [receipt for receipt in self._receipts(tpin, bhf_id) if receipt["receipt"]["rcptSign"] == signature]
        if not match:
            self._send(404, "<h1>No such invoice</h1>", "text/html;charset=UTF-8")
            return
        receipt = match[0]
        rows = "".join(
            f"<tr><th>{html.escape(key)}</th><td>{html.escape(str(value))}</td></tr>"
            for key, value in {
                **receipt["receipt"],
                "cisInvcNo": receipt["cisInvcNo"],
                "totAmt": receipt["totAmt"],
            }.items()
        )
        self._send(
            200,
            f"<!doctype html><title>Smart Invoice (sandbox)</title><h1>Smart Invoice</h1><table>{rows}</table>",
            "text/html;charset=UTF-8",
        )


def serve(host: str, port: int, data_dir: Path, context: str = DEFAULT_CONTEXT) -> SandboxServer:
    """A server ready to `serve_forever`, its state in `data_dir/vsdc.sqlite3`."""
    return SandboxServer((host, port), Store(data_dir / "vsdc.sqlite3"), context)
