"""The VSDC client: one typed method per endpoint IntelliFin uses, over httpx.

Every call is `POST {base URL}{path}` with a JSON body into which the client puts the
organization's `tpin` and `bhfId`; the CIS sends no credentials (the VSDC holds its keys).
Initialisation gets a long timeout (a cold VSDC is slow, and its one-time answer must not be
lost to an impatient client); everything else the normal one. Each request and response goes
to the integration log, secrets redacted.

An answer is a `VsdcAnswer` carrying ZRA's `resultCd`; callers branch on it. When no ZRA
answer came back at all (refused or dropped connection, timeout, an HTTP error status, a
body that is not JSON or has no `resultCd`), the call raises `VsdcUnavailable`: the VSDC
application is not reachable, and the work must be retried, never taken as done.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from shared_code.zra import wire
from shared_code.zra.integration_log import CallLog, VsdcCall, redact_text, redact_url

INIT = "/initializer/selectInitInfo"
CODES = "/code/selectCodes"
ITEM_CLASSES = "/itemClass/selectItemsClass"
NOTICES = "/notices/selectNotices"
BRANCHES = "/branches/selectBranches"
SAVE_ITEM = "/items/saveItem"
UPDATE_ITEM = "/items/updateItem"
SELECT_ITEM = "/items/selectItem"
SELECT_ITEMS = "/items/selectItems"
SAVE_SALES = "/trnsSales/saveSales"
SELECT_INVOICE = "/trnsSales/selectInvoice"
SAVE_STOCK_ITEMS = "/stock/saveStockItems"
SAVE_STOCK_MASTER = "/stockMaster/saveStockMaster"
SELECT_PURCHASES = "/trnsPurchase/selectTrnsPurchaseSales"
SAVE_PURCHASE = "/trnsPurchase/savePurchase"
SELECT_IMPORTS = "/imports/selectImportItems"
UPDATE_IMPORTS = "/imports/updateImportItems"


@dataclass(frozen=True)
class VsdcAnswer:
    """ZRA's envelope: `resultCd`, `resultMsg`, `resultDt`, `data`."""

    result_code: str
    """Three characters: `000` succeeded, `001` nothing found, others see the reference, section 5."""
    message: str
    """`resultMsg`: ZRA's words, shown to the user when a document is rejected."""
    result_date: str | None
    """`resultDt` (`yyyyMMddHHmmss`): the bookmark of the next incremental sync."""
    data: Any
    """`data`: an object, or None."""

    @property
    def succeeded(self) -> bool:
        """`000`."""
        return self.result_code == "000"

    @property
    def nothing_found(self) -> bool:
        """`001`: no search result (normal for a sync with nothing new)."""
        return self.result_code == "001"


class VsdcUnavailable(Exception):
    """No ZRA answer came back; retry later."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        """`timeout`, `connection`, `http_status`, `not_json` or `malformed`."""
        self.detail = detail
        """What happened, for the log and the user."""


class VsdcClient:
    """Talks to one organization's VSDC (one TPIN and branch)."""

    def __init__(
        self,
        base_url: str,
        tpin: str,
        branch_id: str,
        *,
        timeout_seconds: float,
        init_timeout_seconds: float,
        log: CallLog,
        now: Callable[[], datetime],
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tpin = tpin
        self.branch_id = branch_id
        self._timeout = timeout_seconds
        self._init_timeout = init_timeout_seconds
        self._log = log
        self._now = now
        self._http = httpx.Client(transport=transport, follow_redirects=False, headers={"Accept": "application/json"})

    def close(self) -> None:
        """Release the connection pool."""
        self._http.close()

    def __enter__(self) -> VsdcClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- the wire -----------------------------------------------------------------------

    def body(self, payload: Mapping[str, Any]) -> str:
        """The JSON text of a request: `tpin` and `bhfId` first, then `payload`."""
        return wire.dumps({"tpin": self.tpin, "bhfId": self.branch_id, **payload})

    def send(self, path: str, text: str, *, timeout: float | None = None, document: str | None = None) -> VsdcAnswer:
        """POST the exact JSON `text` to `path`; the answer, or `VsdcUnavailable`."""
        url = self.base_url + path
        started_at, started = self._now(), time.monotonic()
        status: int | None = None
        response_text = ""
        try:
            try:
                response = self._http.post(
                    url,
                    content=text.encode("utf-8"),
                    headers={"Content-Type": "application/json"},
                    timeout=timeout or self._timeout,
                )
            except httpx.TimeoutException as error:
                raise VsdcUnavailable("timeout", f"no answer within {timeout or self._timeout:g} s") from error
            except httpx.HTTPError as error:
                raise VsdcUnavailable("connection", f"{type(error).__name__}: {error}") from error
            status, response_text = response.status_code, response.text
            answer = _answer(response)
        except VsdcUnavailable as failure:
            self._record(
                path,
                url,
                text,
                response_text,
                status,
                None,
                failure.detail,
                failure.kind,
                started_at,
                started,
                document,
            )
            raise
        self._record(
            path,
            url,
            text,
            response_text,
            status,
            answer.result_code,
            answer.message,
            "answered",
            started_at,
            started,
            document,
        )
        return answer

    def _post(
        self, path: str, payload: Mapping[str, Any], *, timeout: float | None = None, document: str | None = None
    ) -> VsdcAnswer:
        return self.send(path, self.body(payload), timeout=timeout, document=document)

    def _record(
        self,
        path: str,
        url: str,
        request: str,
        response: str,
        status: int | None,
        code: str | None,
        message: str,
        outcome: str,
        started_at: datetime,
        started: float,
        document: str | None,
    ) -> None:
        self._log.record(
            VsdcCall(
                at=started_at,
                endpoint=path,
                url=redact_url(url),
                request=redact_text(request),
                response=redact_text(response),
                http_status=status,
                result_code=code,
                result_message=message,
                outcome=outcome,
                duration_ms=int((time.monotonic() - started) * 1000),
                document=document,
            )
        )

    # ---- the endpoints ------------------------------------------------------------------

    def initialise(self, device_serial: str) -> VsdcAnswer:
        """`/initializer/selectInitInfo` (long timeout): the device's identity, once; 902 after."""
        return self._post(INIT, {"dvcSrlNo": device_serial}, timeout=self._init_timeout)

    def select_codes(self, last_request: str) -> VsdcAnswer:
        """`/code/selectCodes`: code classes changed after `last_request` (`yyyyMMddHHmmss`)."""
        return self._post(CODES, {"lastReqDt": last_request})

    def select_item_classes(self, last_request: str) -> VsdcAnswer:
        """`/itemClass/selectItemsClass`: item classes changed after `last_request`, a page at a time."""
        return self._post(ITEM_CLASSES, {"lastReqDt": last_request})

    def select_notices(self, last_request: str) -> VsdcAnswer:
        """`/notices/selectNotices`: ZRA's notices published after `last_request`."""
        return self._post(NOTICES, {"lastReqDt": last_request})

    def select_branches(self, last_request: str) -> VsdcAnswer:
        """`/branches/selectBranches`: the taxpayer's branches."""
        return self._post(BRANCHES, {"lastReqDt": last_request})

    def save_item(self, item: Mapping[str, Any]) -> VsdcAnswer:
        """`/items/saveItem`: register an item before it is first sold."""
        return self._post(SAVE_ITEM, item, document=f"item:{item.get('itemCd')}")

    def update_item(self, item: Mapping[str, Any]) -> VsdcAnswer:
        """`/items/updateItem`: change a registered item (same body as `save_item`)."""
        return self._post(UPDATE_ITEM, item, document=f"item:{item.get('itemCd')}")

    def select_item(self, item_code: str) -> VsdcAnswer:
        """`/items/selectItem`: one registered item."""
        return self._post(SELECT_ITEM, {"itemCd": item_code})

    def select_items(self, last_request: str) -> VsdcAnswer:
        """`/items/selectItems`: the items registered or changed after `last_request`."""
        return self._post(SELECT_ITEMS, {"lastReqDt": last_request})

    def save_sales(self, text: str, *, document: str) -> VsdcAnswer:
        """`/trnsSales/saveSales` with the exact JSON `text` stored for the document (see `body`)."""
        return self.send(SAVE_SALES, text, document=document)

    def select_invoice(self, sdc_id: str, cis_invoice_number: str, *, document: str | None = None) -> VsdcAnswer:
        """`/trnsSales/selectInvoice`: a sale already recorded, by the device's SDC ID and our number."""
        return self._post(SELECT_INVOICE, {"invcSdcId": sdc_id, "cisInvcNo": cis_invoice_number}, document=document)

    def save_stock_items(self, movement: Mapping[str, Any], *, document: str | None = None) -> VsdcAnswer:
        """`/stock/saveStockItems`: one stock movement (a sale's goods going out)."""
        return self._post(SAVE_STOCK_ITEMS, movement, document=document)

    def save_stock_master(
        self, items: Sequence[Mapping[str, Any]], audit: Mapping[str, str], *, document: str | None = None
    ) -> VsdcAnswer:
        """`/stockMaster/saveStockMaster`: the remaining quantity of each item."""
        return self._post(SAVE_STOCK_MASTER, {**audit, "stockItemList": list(items)}, document=document)

    def select_purchases(self, last_request: str) -> VsdcAnswer:
        """`/trnsPurchase/selectTrnsPurchaseSales`: invoices suppliers fiscalised to this TPIN."""
        return self._post(SELECT_PURCHASES, {"lastReqDt": last_request})

    def save_purchase(self, purchase: Mapping[str, Any]) -> VsdcAnswer:
        """`/trnsPurchase/savePurchase`: approve or reject a supplier's invoice, or record a purchase."""
        return self._post(SAVE_PURCHASE, purchase)

    def select_imports(self, last_request: str) -> VsdcAnswer:
        """`/imports/selectImportItems`: goods declared in ASYCUDA."""
        return self._post(SELECT_IMPORTS, {"lastReqDt": last_request})

    def update_imports(self, update: Mapping[str, Any]) -> VsdcAnswer:
        """`/imports/updateImportItems`: accept (3) or reject (4) declared lines."""
        return self._post(UPDATE_IMPORTS, update)


def _answer(response: httpx.Response) -> VsdcAnswer:
    if response.status_code != 200:
        raise VsdcUnavailable("http_status", f"HTTP {response.status_code} from the VSDC")
    try:
        body = wire.loads(response.content)
    except ValueError:
        raise VsdcUnavailable("not_json", "the VSDC answered with something that is not JSON") from None
    code = body.get("resultCd") if isinstance(body, dict) else None
    if not isinstance(code, str) or len(code) != 3:
        raise VsdcUnavailable("malformed", "the VSDC's answer has no resultCd")
    message = body.get("resultMsg")
    result_date = body.get("resultDt")
    return VsdcAnswer(
        result_code=code,
        message=message if isinstance(message, str) else "",
        result_date=result_date if isinstance(result_date, str) else None,
        data=body.get("data"),
    )
