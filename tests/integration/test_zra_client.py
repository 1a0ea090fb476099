"""The VSDC client against the sandbox over a real socket, its calls logged in Azurite's
Table Storage: tpin/bhfId put into every body, ZRA's answer returned for any resultCd, and
every way of not getting one (timeout, dropped or refused connection, HTTP 500, not JSON,
no resultCd) raised as `VsdcUnavailable`, with secrets kept out of the log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from shared_code.platform.tables import TableStore
from shared_code.zra import client as endpoints
from shared_code.zra.client import VsdcAnswer, VsdcClient, VsdcUnavailable, _answer
from shared_code.zra.integration_log import TableCallLog, recent_calls, redact
from tests.fixtures.zra_sandbox import Vsdc

TPIN = "1002345678"


@pytest.fixture
def tables(azurite: Any) -> TableStore:
    return TableStore.from_connection_string(azurite.connection_string)


@pytest.fixture
def organization() -> UUID:
    return uuid4()


def make_client(
    vsdc: Vsdc, tables: TableStore, organization: UUID, base_url: str | None = None, **timeouts: float
) -> VsdcClient:
    return VsdcClient(
        base_url or vsdc.base_url,
        TPIN,
        "000",
        timeout_seconds=timeouts.get("timeout", 5.0),
        init_timeout_seconds=timeouts.get("init_timeout", 10.0),
        log=TableCallLog(tables, organization),
        now=lambda: datetime.now(UTC),
    )


@pytest.fixture
def client(vsdc: Vsdc, tables: TableStore, organization: UUID) -> Iterator[VsdcClient]:
    with make_client(vsdc, tables, organization) as made:
        yield made


def test_each_endpoint_has_its_method_and_every_body_carries_the_tpin_and_branch(
    vsdc: Vsdc, client: VsdcClient, tables: TableStore, organization: UUID
) -> None:
    init = client.initialise("SN-0001")
    assert init.succeeded and init.data["info"]["sdcId"].startswith("SDC")
    assert client.select_codes("20000101000000").succeeded
    assert client.select_item_classes("20000101000000").succeeded
    assert client.select_notices("20000101000000").succeeded
    assert client.select_branches("20000101000000").succeeded
    item = {
        "itemCd": "CEM50",
        "itemClsCd": "30111601",
        "itemTyCd": "2",
        "itemNm": "Cement",
        "orgnNatCd": "ZM",
        "pkgUnitCd": "BG",
        "qtyUnitCd": "U",
        "vatCatCd": "A",
        "dftPrc": Decimal("116.00"),
        "useYn": "Y",
        "regrId": "a",
        "regrNm": "a",
        "modrId": "a",
        "modrNm": "a",
    }
    assert client.save_item(item).succeeded
    assert client.update_item({**item, "itemNm": "Cement 50 kg"}).succeeded
    assert client.select_item("CEM50").data["itemNm"] == "Cement 50 kg"
    assert client.select_items("20000101000000").succeeded
    assert client.select_invoice(init.data["info"]["sdcId"], "INV-1").nothing_found
    assert client.select_purchases("20000101000000").nothing_found
    assert client.select_imports("20000101000000").nothing_found
    assert client.save_stock_master(
        [{"itemCd": "CEM50", "rsdQty": Decimal(4)}], {"regrId": "a", "regrNm": "a", "modrId": "a", "modrNm": "a"}
    ).succeeded
    assert {call["path"] for call in vsdc.calls()} == {
        endpoints.INIT,
        endpoints.CODES,
        endpoints.ITEM_CLASSES,
        endpoints.NOTICES,
        endpoints.BRANCHES,
        endpoints.SAVE_ITEM,
        endpoints.UPDATE_ITEM,
        endpoints.SELECT_ITEM,
        endpoints.SELECT_ITEMS,
        endpoints.SELECT_INVOICE,
        endpoints.SELECT_PURCHASES,
        endpoints.SELECT_IMPORTS,
        endpoints.SAVE_STOCK_MASTER,
    }
    logged = recent_calls(tables, organization, limit=50)
    assert [entry.call.endpoint for entry in logged][:2] == [endpoints.SAVE_STOCK_MASTER, endpoints.SELECT_IMPORTS], (
        "newest first"
    )
    assert len(logged) == 13
    save = next(entry.call for entry in logged if entry.call.endpoint == endpoints.SAVE_ITEM)
    assert save.request.startswith('{"tpin":"1002345678","bhfId":"000","itemCd":"CEM50"')
    assert '"dftPrc":116.00' in save.request, "amounts travel as exact JSON numbers"
    assert (save.result_code, save.outcome, save.http_status, save.document) == ("000", "answered", 200, "item:CEM50")


def test_a_result_code_that_is_not_success_is_an_answer_to_branch_on(vsdc: Vsdc, client: VsdcClient) -> None:
    assert client.initialise("SN-0001").succeeded
    again = client.initialise("SN-0001")
    assert (again.result_code, again.message, again.data) == ("902", "This device is already installed", None)
    vsdc.faults({"mode": "result_838", "path": endpoints.CODES, "count": 1})
    assert client.select_codes("20000101000000").result_code == "838"


def test_initialisation_waits_longer_than_other_calls(vsdc: Vsdc, tables: TableStore, organization: UUID) -> None:
    vsdc.faults(
        {"mode": "timeout", "path": endpoints.INIT, "count": 1, "delay_seconds": 1.5},
        {"mode": "timeout", "path": endpoints.CODES, "count": 1, "delay_seconds": 1.5},
    )
    with make_client(vsdc, tables, organization, timeout=0.5, init_timeout=5) as slow:
        assert slow.initialise("SN-0001").succeeded, "a cold VSDC is given time: its identity comes once"
        with pytest.raises(VsdcUnavailable) as failure:
            slow.select_codes("20000101000000")
    assert failure.value.kind == "timeout"
    [logged] = [e.call for e in recent_calls(tables, organization) if e.call.endpoint == endpoints.CODES]
    assert (logged.outcome, logged.result_code, logged.response) == ("timeout", None, "")


@pytest.mark.parametrize(
    ("mode", "kind"),
    [("http_500", "http_status"), ("not_json", "not_json"), ("drop_after_record", "connection")],
)
def test_no_zra_answer_is_unavailable_never_success(
    vsdc: Vsdc, client: VsdcClient, tables: TableStore, organization: UUID, mode: str, kind: str
) -> None:
    client.initialise("SN-0001")
    vsdc.faults({"mode": mode, "path": endpoints.BRANCHES, "count": 1})
    with pytest.raises(VsdcUnavailable) as failure:
        client.select_branches("20000101000000")
    assert failure.value.kind == kind
    logged = recent_calls(tables, organization, limit=1)[0].call
    assert (logged.endpoint, logged.outcome) == (endpoints.BRANCHES, kind)
    if mode != "drop_after_record":
        assert logged.http_status == (500 if mode == "http_500" else 200) and "<" in logged.response


def test_a_vsdc_that_is_not_running_is_a_connection_failure(vsdc: Vsdc, client: VsdcClient) -> None:
    vsdc.process.stop()
    with pytest.raises(VsdcUnavailable) as failure:
        client.initialise("SN-0001")
    assert failure.value.kind == "connection"


def test_an_answer_without_a_result_code_is_malformed() -> None:
    request = httpx.Request("POST", "http://vsdc/trnsSales/saveSales")
    for content in (b'{"resultMsg": "ok"}', b"[1, 2]", b'{"resultCd": 0}'):
        with pytest.raises(VsdcUnavailable) as failure:
            _answer(httpx.Response(200, content=content, request=request))
        assert failure.value.kind == "malformed"
    answer = _answer(
        httpx.Response(
            200, content=b'{"resultCd":"000","resultMsg":"It is succeeded","data":{"x":1.50}}', request=request
        )
    )
    assert answer == VsdcAnswer("000", "It is succeeded", None, {"x": Decimal("1.50")})


def test_secrets_never_reach_the_log(vsdc: Vsdc, tables: TableStore, organization: UUID) -> None:
    behind_proxy = vsdc.base_url.replace("http://", "http://cis:s3cret-proxy-pw@")
    with make_client(vsdc, tables, organization, base_url=behind_proxy) as proxied:
        assert proxied.initialise("SERIAL-9876543").succeeded
    logged = recent_calls(tables, organization, limit=1)[0].call
    assert "s3cret-proxy-pw" not in logged.url and "cis:***@" in logged.url
    assert "SERIAL-9876543" not in logged.request and '"dvcSrlNo":"***3"' not in logged.request
    assert '"dvcSrlNo":"***6543"' in logged.request
    assert redact({"cmcKey": "abc", "nested": [{"apiSecret": "x", "keep": 1}]}) == {
        "cmcKey": "***",
        "nested": [{"apiSecret": "***", "keep": 1}],
    }
