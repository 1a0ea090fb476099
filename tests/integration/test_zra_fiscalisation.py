"""ZRA fiscalisation end to end against real PostgreSQL, Azurite and the sandbox VSDC process:
device settings (encrypted) and initialisation exactly once; issuing an invoice queues it
through the outbox, the queue handler registers its items and sends it, and the invoice
shows ZRA's receipt; and whatever fails when (timeouts, dropped connections after the sale
was recorded, 838, HTML answers, receipts without a signature) every invoice ends with
exactly one receipt, in the order it was issued. A refused invoice shows ZRA's words and
goes once its cause is fixed; a Turnover Tax business is never asked for any of this."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

import pypdfium2
import pytest
import zxingcpp
from fastapi.testclient import TestClient
from pypdf import PdfReader

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from shared_code.documents.layout import NOT_FISCALISED
from shared_code.platform.settings import Settings
from shared_code.zra.capability import refresh_codes, wake_due_branches
from tests.fixtures import identity as people
from tests.fixtures.identity import Identity
from tests.fixtures.zra_sandbox import Vsdc

TPIN = "1002345678"
"""The TPIN the identity fixture's business profile gives every test organization."""
SALES = "/trnsSales/saveSales"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Retries due at once and a short call timeout, so a fault run takes seconds, not hours."""
    return settings.model_copy(
        update={"zra_retry_base_seconds": 0.001, "zra_retry_max_seconds": 0.001, "zra_timeout_seconds": 1.0}
    )


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@dataclass
class Org:
    id: UUID
    owner: people.TestUser
    client: TestClient
    identity: Identity

    def url(self, path: str) -> str:
        return f"/api/v1/orgs/{self.id}{path}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.url(path), params=params, headers=self.owner.headers)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        return self.client.request(method, self.url(path), json=body, headers=self.owner.headers)

    def ok(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = self.send(method, path, body)
        assert response.status_code == status, response.text
        return response.json()

    def run_queue(self) -> None:
        """Relay the outbox and run every queued handler until nothing is left."""
        self.identity.deliver_mail()


@pytest.fixture
def org(identity: Identity, client: TestClient) -> Org:
    owner = identity.new_user()
    return Org(identity.new_organization(owner, name="Chanda Hardware Ltd"), owner, client, identity)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def _set_up(org: Org, vsdc: Vsdc) -> dict[str, Any]:
    org.ok(
        "PUT", "/zra/settings", {"vsdc_url": vsdc.base_url, "tpin": TPIN, "branch_id": "000", "device_serial": "SN-1"}
    )
    device: dict[str, Any] = org.ok("POST", "/zra/initialise")
    return device


def _sales_fixture(org: Org) -> tuple[str, str]:
    customer = org.ok(
        "POST", "/customers", {"kind": "business", "name": "Mwale Builders", "tpin": "1002003004"}, status=201
    )["customer"]
    item = org.ok(
        "POST",
        "/items",
        {
            "code": "CEM50",
            "name": "Cement 50 kg",
            "kind": "goods",
            "classification_code": "30111601",
            "packaging_code": "BG",
            "tax_category": "A",
            "default_price": "116.00",
        },
        status=201,
    )
    return customer["id"], item["id"]


def _issue(org: Org, customer_id: str, item_id: str, quantity: str = "2") -> dict[str, Any]:
    draft = org.ok(
        "POST",
        "/invoices",
        {"customer_id": customer_id, "lines": [{"item_id": item_id, "quantity": quantity, "unit_price": "116.00"}]},
        status=201,
    )
    issued: dict[str, Any] = org.ok("POST", f"/invoices/{draft['id']}/issue")
    return issued


def test_bad_device_settings_are_refused_field_by_field_and_nothing_is_saved(org: Org) -> None:
    bad = {"vsdc_url": "ftp://vsdc.local", "tpin": "12345", "branch_id": "1", "device_serial": "SN 1!"}
    errors = {(e["field"], e["code"]) for e in _problem(org.send("PUT", "/zra/settings", bad), 422)["errors"]}
    assert errors == {
        ("vsdc_url", "invalid_url"),
        ("tpin", "invalid_tpin"),
        ("branch_id", "invalid_branch_id"),
        ("device_serial", "invalid_device_serial"),
    }
    other_tpin = {"vsdc_url": "http://vsdc.local:8080", "tpin": "9999999999", "branch_id": "000", "device_serial": "S"}
    assert _problem(org.send("PUT", "/zra/settings", other_tpin), 422)["errors"][0]["code"] == "tpin_not_the_business"
    assert org.ok("GET", "/zra/settings")["configured"] is False
    assert _problem(org.send("POST", "/zra/initialise"), 409)["code"] == "zra_not_set_up"


def test_the_device_is_initialised_once_its_settings_are_stored_encrypted_and_then_locked(
    org: Org, vsdc: Vsdc, services: Services
) -> None:
    device = _set_up(org, vsdc)
    assert device["initialised"] and device["sdc_id"].startswith("SDC") and device["taxpayer_name"]
    again = org.ok("POST", "/zra/initialise")
    assert again["sdc_id"] == device["sdc_id"]
    assert len(vsdc.calls("/initializer/selectInitInfo")) == 1
    with services.db.unit_of_work(org.id) as uow:
        row = uow.fetch_one("SELECT connection::text AS stored FROM zra_devices", {})
    assert row is not None and vsdc.base_url not in row["stored"] and "SN-1" not in row["stored"]
    moved = org.ok(
        "PUT",
        "/zra/settings",
        {"vsdc_url": vsdc.base_url + "/", "tpin": TPIN, "branch_id": "000", "device_serial": "SN-1"},
    )
    assert moved["sdc_id"] == device["sdc_id"]
    other_serial = {"vsdc_url": vsdc.base_url, "tpin": TPIN, "branch_id": "000", "device_serial": "SN-2"}
    assert _problem(org.send("PUT", "/zra/settings", other_serial), 409)["code"] == "zra_device_initialised"


def test_a_device_initialised_by_another_system_is_explained_and_its_identity_can_be_recorded(
    org: Org, vsdc: Vsdc
) -> None:
    assert (
        vsdc.call("/initializer/selectInitInfo", {"tpin": TPIN, "bhfId": "000", "dvcSrlNo": "SN-1"})["resultCd"]
        == "000"
    )
    org.ok(
        "PUT", "/zra/settings", {"vsdc_url": vsdc.base_url, "tpin": TPIN, "branch_id": "000", "device_serial": "SN-1"}
    )
    problem = _problem(org.send("POST", "/zra/initialise"), 409)
    assert problem["code"] == "zra_already_initialised" and "new device serial" in problem["detail"]
    assert _problem(org.send("POST", "/zra/identity", {"sdc_id": "SDC 1"}), 422)["errors"][0]["field"] == "sdc_id"
    recorded = org.ok("POST", "/zra/identity", {"sdc_id": "SDC5678000001", "mrc_no": "WIS00000001"})
    assert recorded["initialised"] and recorded["sdc_id"] == "SDC5678000001"


def test_zras_codes_are_fetched_from_their_bookmark_and_a_changed_rate_arrives_with_the_next_sync(
    org: Org, vsdc: Vsdc, services: Services
) -> None:
    assert org.ok("GET", "/zra/codes") == {
        "synced_at": None,
        "code_count": 0,
        "rates": {},
        "item_classes_synced_at": None,
        "item_class_count": 0,
    }
    assert _problem(org.send("POST", "/zra/codes/sync"), 409)["code"] == "zra_not_set_up"
    _set_up(org, vsdc)
    first = org.ok("POST", "/zra/codes/sync")
    assert first["code_count"] > 50 and Decimal(first["rates"]["A"]) == 16 and Decimal(first["rates"]["TL"]) == 1.5
    vsdc.admin(
        "POST",
        "codes",
        {
            "cdCls": "62",
            "cdClsNm": "Tourism Levy",
            "dtlList": [{"cd": "TL", "cdNm": "Tourism Levy", "userDfnCd1": "2", "useYn": "Y"}],
        },
    )
    second = org.ok("POST", "/zra/codes/sync")
    assert Decimal(second["rates"]["TL"]) == 2 and second["code_count"] == first["code_count"]
    [first_call, *later] = list(vsdc.calls("/code/selectCodes"))
    assert first_call["result_cd"] == "000" and later, "the second sync asked from the bookmark"
    vsdc.faults({"mode": "http_500", "path": "/code/selectCodes", "count": 1})
    assert _problem(org.send("POST", "/zra/codes/sync"), 503)["code"] == "zra_vsdc_unreachable"
    assert Decimal(org.ok("GET", "/zra/codes")["rates"]["TL"]) == 2
    refresh_codes(services)
    assert org.ok("GET", "/zra/codes")["synced_at"] > second["synced_at"]


def test_an_unreachable_vsdc_is_a_503_and_the_device_stays_uninitialised(org: Org, vsdc: Vsdc) -> None:
    org.ok(
        "PUT", "/zra/settings", {"vsdc_url": vsdc.base_url, "tpin": TPIN, "branch_id": "000", "device_serial": "SN-1"}
    )
    vsdc.faults({"mode": "http_500", "path": "/initializer/selectInitInfo", "count": 1})
    assert _problem(org.send("POST", "/zra/initialise"), 503)["code"] == "zra_vsdc_unreachable"
    assert not org.ok("GET", "/zra/settings")["initialised"]
    assert org.ok("POST", "/zra/initialise")["initialised"]


def test_an_issued_invoice_is_fiscalised_through_the_queue_with_its_item_registered_first(
    org: Org, vsdc: Vsdc, services: Services
) -> None:
    device = _set_up(org, vsdc)
    customer_id, item_id = _sales_fixture(org)
    issued = _issue(org, customer_id, item_id)
    assert issued["fiscal"]["status"] == "pending"
    org.run_queue()
    fiscal = org.ok("GET", f"/invoices/{issued['id']}")["fiscal"]
    [receipt] = vsdc.receipts(TPIN)
    assert fiscal["status"] == "fiscalised"
    assert fiscal["receipt_number"] == receipt["rcptNo"] == 1
    assert fiscal["sdc_id"] == device["sdc_id"]
    assert fiscal["signature"] and fiscal["internal_data"] and fiscal["fiscal_at"]
    assert fiscal["qr_url"].startswith("https://sandboxportal.zra.org.zm/indexInvoiceData?Data=" + TPIN + "000")
    assert len(vsdc.calls("/items/saveItem")) == 1
    registered = vsdc.call("/items/selectItem", {"tpin": TPIN, "bhfId": "000", "itemCd": "CEM50"})["data"]
    assert registered["itemClsCd"] == "30111601" and registered["pkgUnitCd"] == "BG"
    assert receipt["cisInvcNo"] == issued["number"]
    assert Decimal(str(receipt["request"]["totAmt"])) == Decimal(issued["totals"]["total_amount"])
    # A second invoice of the same item does not register it again.
    _issue(org, customer_id, item_id, quantity="1")
    org.run_queue()
    assert len(vsdc.calls("/items/saveItem")) == 1 and len(vsdc.receipts(TPIN)) == 2
    listed = org.ok("GET", "/zra/submissions")["items"]
    assert [s["fiscal"]["receipt_number"] for s in listed] == [2, 1]
    log = org.ok("GET", "/zra/log")["items"]
    assert {"/initializer/selectInitInfo", "/items/saveItem", SALES} <= {call["endpoint"] for call in log}


def test_the_fiscalised_invoices_pdf_becomes_a_tax_invoice_whose_qr_code_decodes_to_zras_url(
    org: Org, vsdc: Vsdc
) -> None:
    _set_up(org, vsdc)
    customer_id, item_id = _sales_fixture(org)
    issued = _issue(org, customer_id, item_id)
    before = org.get(f"/invoices/{issued['id']}/pdf")
    assert before.status_code == 200 and NOT_FISCALISED in text_of(before.content)
    org.run_queue()
    fiscal = org.ok("GET", f"/invoices/{issued['id']}")["fiscal"]
    after = org.get(f"/invoices/{issued['id']}/pdf")
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    text = text_of(after.content)
    assert "TAX INVOICE" in text and NOT_FISCALISED not in text
    for expected in (fiscal["sdc_id"], fiscal["signature"], fiscal["internal_data"], str(fiscal["receipt_number"])):
        assert expected in text, expected
    image = pypdfium2.PdfDocument(after.content)[0].render(scale=3).to_pil()
    [code] = zxingcpp.read_barcodes(image)
    assert code.text == fiscal["qr_url"]


def test_a_quantity_finer_than_zra_takes_is_refused_at_issue_not_by_zra_afterwards(org: Org) -> None:
    customer_id, item_id = _sales_fixture(org)
    draft = org.ok(
        "POST",
        "/invoices",
        {"customer_id": customer_id, "lines": [{"item_id": item_id, "quantity": "1.125", "unit_price": "116.00"}]},
        status=201,
    )
    refused = _problem(org.send("POST", f"/invoices/{draft['id']}/issue"), 422)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("lines.0.quantity", "quantity_too_precise_for_zra")
    ]
    assert org.ok("GET", f"/invoices/{draft['id']}")["status"] == "draft"
    assert org.ok("GET", "/zra/submissions")["items"] == []
    issued = _issue(org, customer_id, item_id, quantity="1.5")
    line = {"line_number": 1, "quantity": "0.005"}
    note = org.send("POST", "/credit-notes", {"invoice_id": issued["id"], "reason_code": "01", "lines": [line]})
    assert [(e["field"], e["code"]) for e in _problem(note, 422)["errors"]] == [
        ("lines.0.quantity", "quantity_too_precise_for_zra")
    ]


def test_a_credit_note_goes_after_its_invoice_naming_the_invoices_receipt(org: Org, vsdc: Vsdc) -> None:
    device = _set_up(org, vsdc)
    customer_id, item_id = _sales_fixture(org)
    issued = _issue(org, customer_id, item_id, quantity="3")
    note = org.ok(
        "POST",
        "/credit-notes",
        {"invoice_id": issued["id"], "reason_code": "01", "lines": [{"line_number": 1, "quantity": "1"}]},
        status=201,
    )
    assert note["fiscal"]["status"] == "pending"
    org.run_queue()
    sale, credit = vsdc.receipts(TPIN)
    assert (sale["cisInvcNo"], sale["rcptTyCd"]) == (issued["number"], "S")
    assert (credit["cisInvcNo"], credit["rcptTyCd"]) == (note["number"], "R")
    assert (credit["orgInvcNo"], credit["orgSdcId"]) == (sale["rcptNo"], device["sdc_id"])
    assert credit["request"]["rfdRsnCd"] == "01"
    assert Decimal(str(credit["request"]["totAmt"])) == Decimal(note["amount"])
    shown = org.ok("GET", f"/credit-notes/{note['id']}")["fiscal"]
    assert (shown["status"], shown["receipt_number"]) == ("fiscalised", credit["rcptNo"])
    listed = org.get("/credit-notes", invoice_id=issued["id"]).json()["items"]
    assert [n["fiscal"]["status"] for n in listed] == ["fiscalised"]


def test_a_debit_note_goes_after_its_invoice_with_its_reason_and_the_invoices_receipt(org: Org, vsdc: Vsdc) -> None:
    device = _set_up(org, vsdc)
    customer_id, item_id = _sales_fixture(org)
    issued = _issue(org, customer_id, item_id)
    note = org.ok(
        "POST",
        "/debit-notes",
        {
            "invoice_id": issued["id"],
            "reason_code": "01",
            "reason": "Two bags were left off the invoice",
            "lines": [{"item_id": item_id, "quantity": "2", "unit_price": "116.00"}],
        },
        status=201,
    )
    assert note["fiscal"]["status"] == "pending"
    org.run_queue()
    sale, debit = vsdc.receipts(TPIN)
    assert (debit["cisInvcNo"], debit["rcptTyCd"]) == (note["number"], "D")
    assert (debit["orgInvcNo"], debit["orgSdcId"]) == (sale["rcptNo"], device["sdc_id"])
    assert debit["request"]["dbtRsnCd"] == "01"
    assert debit["request"]["invcAdjustReason"] == "Two bags were left off the invoice"
    assert Decimal(str(debit["request"]["totAmt"])) == Decimal(note["amount"])
    assert org.ok("GET", f"/debit-notes/{note['id']}")["fiscal"]["receipt_number"] == debit["rcptNo"]


def test_an_invoice_issued_before_the_device_is_set_up_waits_and_goes_once_it_is(org: Org, vsdc: Vsdc) -> None:
    customer_id, item_id = _sales_fixture(org)
    issued = _issue(org, customer_id, item_id)
    org.run_queue()
    assert org.ok("GET", f"/invoices/{issued['id']}")["fiscal"]["status"] == "pending"
    assert vsdc.calls(SALES) == []
    _set_up(org, vsdc)
    org.run_queue()
    assert org.ok("GET", f"/invoices/{issued['id']}")["fiscal"]["status"] == "fiscalised"


def test_a_refused_invoice_shows_zras_words_and_is_sent_again_once_its_item_is_fixed(org: Org, vsdc: Vsdc) -> None:
    _set_up(org, vsdc)
    customer_id, _ = _sales_fixture(org)
    item = org.ok(
        "POST",
        "/items",
        {
            "code": "ROD12",
            "name": "Rebar 12 mm",
            "kind": "goods",
            "classification_code": "12345678",
            "tax_category": "A",
        },
        status=201,
    )
    issued = _issue(org, customer_id, item["id"])
    assert _problem(org.send("POST", f"/invoices/{issued['id']}/fiscalise"), 409)["code"] == "zra_not_rejected"
    org.run_queue()
    fiscal = org.ok("GET", f"/invoices/{issued['id']}")["fiscal"]
    assert fiscal["status"] == "rejected" and "ROD12" in fiscal["last_error"] and "12345678" in fiscal["last_error"]
    assert vsdc.calls("/items/saveItem") == [], "the cached item classes caught it before ZRA was asked"
    assert org.get("/zra/submissions", status="rejected").json()["items"][0]["document_id"] == issued["id"]
    fixed = {
        "code": "ROD12",
        "name": "Rebar 12 mm",
        "kind": "goods",
        "classification_code": "30111601",
        "tax_category": "A",
    }
    org.ok("PUT", f"/items/{item['id']}", fixed)
    assert org.ok("POST", f"/invoices/{issued['id']}/fiscalise")["fiscal"]["status"] == "pending"
    org.run_queue()
    assert org.ok("GET", f"/invoices/{issued['id']}")["fiscal"]["status"] == "fiscalised"
    assert len(vsdc.receipts(TPIN)) == 1


def test_a_note_refused_because_its_invoice_was_is_sent_again_after_the_invoice(org: Org, vsdc: Vsdc) -> None:
    _set_up(org, vsdc)
    customer_id, _ = _sales_fixture(org)
    bad = {
        "code": "ROD12",
        "name": "Rebar 12 mm",
        "kind": "goods",
        "classification_code": "12345678",
        "tax_category": "A",
    }
    item = org.ok("POST", "/items", bad, status=201)
    issued = _issue(org, customer_id, item["id"])
    note = org.ok("POST", "/credit-notes", {"invoice_id": issued["id"], "reason_code": "01"}, status=201)
    org.run_queue()
    refused = org.ok("GET", f"/credit-notes/{note['id']}")["fiscal"]
    assert refused["status"] == "rejected" and "no ZRA receipt yet" in refused["last_error"]
    org.ok("PUT", f"/items/{item['id']}", {**bad, "classification_code": "30111601"})
    assert org.ok("POST", f"/invoices/{issued['id']}/fiscalise")["fiscal"]["status"] == "pending"
    assert org.ok("POST", f"/credit-notes/{note['id']}/fiscalise")["fiscal"]["status"] == "pending"
    assert _problem(org.send("POST", f"/credit-notes/{note['id']}/fiscalise"), 409)["code"] == "zra_not_rejected"
    org.run_queue()
    sale, credit = vsdc.receipts(TPIN)
    assert (sale["cisInvcNo"], credit["cisInvcNo"], credit["orgInvcNo"]) == (issued["number"], note["number"], 1)
    assert org.ok("GET", f"/credit-notes/{note['id']}")["fiscal"]["status"] == "fiscalised"


FAULTS = ("timeout", "http_500", "result_838", "not_json", "drop_after_record", "missing_fields")


def test_every_invoice_gets_exactly_one_receipt_in_issue_order_whatever_fails_when(
    org: Org, vsdc: Vsdc, services: Services
) -> None:
    """60 invoices, about 30% of sale calls failing in each injected way (`bench/` runs 200)."""
    _set_up(org, vsdc)
    customer_id, item_id = _sales_fixture(org)
    vsdc.faults(*({"mode": mode, "rate": 0.05, "delay_seconds": 1.5} for mode in FAULTS), seed=11)
    numbers = [_issue(org, customer_id, item_id, quantity=str(n % 7 + 1))["number"] for n in range(60)]
    for _ in range(200):
        org.run_queue()
        if not org.get("/zra/submissions", status="pending").json()["items"]:
            break
        wake_due_branches(services)
    else:
        pytest.fail("submissions still pending after 200 sweeps")
    receipts = sorted(vsdc.receipts(TPIN), key=lambda r: r["rcptNo"])
    assert [r["cisInvcNo"] for r in receipts] == numbers
    assert [r["rcptNo"] for r in receipts] == list(range(1, 61))
    failed = [c for c in vsdc.calls(SALES) if c.get("fault")]
    assert len(failed) >= 6, "the fault plan fired too rarely to prove anything"
    listed = org.get("/zra/submissions", limit=100).json()["items"]
    assert {s["fiscal"]["status"] for s in listed} == {"fiscalised"}
    assert sorted(s["fiscal"]["receipt_number"] for s in listed) == list(range(1, 61))


def test_a_turnover_tax_business_queues_nothing_and_cannot_set_up_zra(identity: Identity, client: TestClient) -> None:
    owner = identity.new_user()
    org = Org(
        identity.new_organization(
            owner, name="Banda Tailoring", vat_registered=False, vat_effective_date=None, turnover_tax=True
        ),
        owner,
        client,
        identity,
    )
    customer_id, item_id = _sales_fixture(org)
    issued = _issue(org, customer_id, item_id, quantity="1.125")
    assert issued["fiscal"]["status"] == "not_required"
    printed = text_of(org.get(f"/invoices/{issued['id']}/pdf").content)
    assert "INVOICE" in printed and NOT_FISCALISED not in printed and "TAX INVOICE" not in printed
    assert org.ok("GET", "/zra/submissions")["items"] == []
    settings = {"vsdc_url": "http://vsdc.local", "tpin": TPIN, "branch_id": "000", "device_serial": "SN-1"}
    assert _problem(org.send("PUT", "/zra/settings", settings), 409)["code"] == "zra_not_vat_registered"


STOCK_ITEMS, STOCK_MASTER = "/stock/saveStockItems", "/stockMaster/saveStockMaster"


def _stock_tracked_item(org: Org) -> str:
    item = org.ok(
        "POST",
        "/items",
        {
            "code": "NAIL1",
            "name": "Nails 1 kg",
            "kind": "goods",
            "classification_code": "31162801",
            "packaging_code": "BX",
            "tax_category": "A",
            "default_price": "58.00",
            "stock_tracked": True,
        },
        status=201,
    )
    item_id: str = item["id"]
    return item_id


def _on_hand(org: Org) -> dict[str, str]:
    return {i["code"]: i["quantity_on_hand"] for i in org.ok("GET", "/zra/stock")["items"]}


def test_a_fiscalised_sale_of_stock_tracked_goods_tells_zra_the_movement_then_what_is_left(
    org: Org, vsdc: Vsdc
) -> None:
    _set_up(org, vsdc)
    customer_id, cement_id = _sales_fixture(org)  # not stock-tracked: no movement
    nails_id = _stock_tracked_item(org)
    assert _problem(org.send("PUT", f"/zra/stock/{cement_id}", {"quantity_on_hand": "5"}), 422)["code"] == (
        "item_not_stock_tracked"
    )
    assert _problem(org.send("PUT", f"/zra/stock/{nails_id}", {"quantity_on_hand": "-1"}), 422)["code"] == (
        "invalid_quantity"
    )
    counted = org.ok("PUT", f"/zra/stock/{nails_id}", {"quantity_on_hand": "100"})
    assert counted["movements"] == [], "an item ZRA does not hold yet is only counted"
    draft = org.ok(
        "POST",
        "/invoices",
        {
            "customer_id": customer_id,
            "lines": [
                {"item_id": cement_id, "quantity": "2", "unit_price": "116.00"},
                {"item_id": nails_id, "quantity": "3", "unit_price": "58.00"},
            ],
        },
        status=201,
    )
    issued = org.ok("POST", f"/invoices/{draft['id']}/issue")
    assert _on_hand(org) == {"NAIL1": "100.0000"}, "stock moves when ZRA signs the sale, not before"
    org.run_queue()
    assert org.ok("GET", f"/invoices/{issued['id']}")["fiscal"]["status"] == "fiscalised"
    assert _on_hand(org) == {"NAIL1": "97.0000"}
    held = vsdc.admin("GET", "stock", tpin=TPIN)
    (movement,) = held["movements"]
    assert (movement["sarTyCd"], movement["custTpin"], movement["totItemCnt"]) == ("11", "1002003004", 1)
    (line,) = movement["itemList"]
    assert (line["itemCd"], Decimal(str(line["qty"])), Decimal(str(line["totAmt"]))) == (
        "NAIL1",
        Decimal(3),
        Decimal("174.00"),
    )
    assert Decimal(str(line["taxblAmt"])) + Decimal(str(line["taxAmt"])) == Decimal("174.00")
    assert held["master"] == [{"itemCd": "NAIL1", "rsdQty": "97.0000"}]
    calls = [c["path"] for c in vsdc.calls() if c["path"] in (SALES, STOCK_ITEMS, STOCK_MASTER)]
    assert calls == [SALES, STOCK_ITEMS, STOCK_MASTER]
    # A count below what is on hand is an adjustment out (16) of the difference, then the new total.
    shown = org.ok("PUT", f"/zra/stock/{nails_id}", {"quantity_on_hand": "90"})
    assert shown["movements"][0]["sar_type"] == "16"
    org.run_queue()
    held = vsdc.admin("GET", "stock", tpin=TPIN)
    assert [(m["sarTyCd"], Decimal(str(m["itemList"][0]["qty"]))) for m in held["movements"]] == [
        ("11", Decimal(3)),
        ("16", Decimal(7)),
    ]
    assert held["master"] == [{"itemCd": "NAIL1", "rsdQty": "90.0000"}]
    # A credit note for one box brings it back (03, a customer's return).
    org.ok(
        "POST",
        "/credit-notes",
        {"invoice_id": issued["id"], "reason_code": "03", "lines": [{"line_number": 2, "quantity": "1"}]},
        status=201,
    )
    org.run_queue()
    held = vsdc.admin("GET", "stock", tpin=TPIN)
    assert held["movements"][-1]["sarTyCd"] == "03"
    assert held["master"] == [{"itemCd": "NAIL1", "rsdQty": "91.0000"}]
    assert _on_hand(org) == {"NAIL1": "91.0000"}
    assert {m["status"] for m in org.ok("GET", "/zra/stock")["movements"]} == {"done"}


def test_the_stock_chain_reaches_zra_exactly_once_whatever_fails_when(org: Org, vsdc: Vsdc, services: Services) -> None:
    """Movements dropped after ZRA recorded them, 838s, HTML and timeouts on both stock calls:
    each sale's movement is recorded once and the last master is what is left."""
    _set_up(org, vsdc)
    customer_id, _ = _sales_fixture(org)
    nails_id = _stock_tracked_item(org)
    vsdc.faults(
        *(
            {"mode": mode, "path": path, "rate": 0.12, "delay_seconds": 1.5}
            for path in (STOCK_ITEMS, STOCK_MASTER)
            for mode in ("drop_after_record", "result_838", "not_json", "timeout")
        ),
        seed=5,
    )
    for n in range(12):
        _issue(org, customer_id, nails_id, quantity=str(n % 3 + 1))
    for _ in range(100):
        org.run_queue()
        movements = org.ok("GET", "/zra/stock")["movements"]
        if len(movements) == 12 and {m["status"] for m in movements} == {"done"}:
            break
        wake_due_branches(services)
    else:
        pytest.fail("stock movements still unfinished after 100 sweeps")
    held = vsdc.admin("GET", "stock", tpin=TPIN)
    numbers = [m["sarNo"] for m in held["movements"]]
    assert len(numbers) == len(set(numbers)) == 12
    sold = sum(n % 3 + 1 for n in range(12))
    assert held["master"] == [{"itemCd": "NAIL1", "rsdQty": str(Decimal(-sold).quantize(Decimal("0.0001")))}]
    failed = [c for c in vsdc.calls() if c["path"] in (STOCK_ITEMS, STOCK_MASTER) and c.get("fault")]
    assert len(failed) >= 3, "the fault plan fired too rarely to prove anything"
    assert vsdc.receipts(TPIN) and len(vsdc.receipts(TPIN)) == 12


def test_item_classes_are_cached_from_their_own_bookmark_and_searched(org: Org, vsdc: Vsdc, services: Services) -> None:
    _set_up(org, vsdc)
    first = org.ok("POST", "/zra/codes/sync")
    assert first["item_class_count"] > 20 and first["item_classes_synced_at"] is not None
    vsdc.admin(
        "POST",
        "item-classes",
        {"itemClsList": [{"itemClsCd": f"7{n:07d}", "itemClsNm": f"Class {n}"} for n in range(2100)]},
    )
    second = org.ok("POST", "/zra/codes/sync")
    assert second["item_class_count"] == first["item_class_count"] + 2100
    asked = [c for c in vsdc.calls("/itemClass/selectItemsClass") if c["result_cd"] == "000"]
    assert len(asked) == 1 + 3, "one page at first, then three pages of a thousand from the bookmark"
    found = org.get("/zra/item-classes", q="nail").json()["items"]
    assert [(c["code"], c["name"]) for c in found] == [("31162801", "Nails")]
    assert [c["code"] for c in org.get("/zra/item-classes", q="7000001", limit=3).json()["items"]] == [
        "70000010",
        "70000011",
        "70000012",
    ]
    vsdc.admin("POST", "item-classes", {"itemClsList": [{"itemClsCd": "79999999", "itemClsNm": "Late"}]})
    refresh_codes(services)
    assert org.ok("GET", "/zra/codes")["item_class_count"] == second["item_class_count"] + 1


def test_an_items_origin_and_units_reach_zra_and_codes_zra_lacks_are_refused_before_it_is_asked(
    org: Org, vsdc: Vsdc
) -> None:
    _set_up(org, vsdc)
    customer_id, _ = _sales_fixture(org)
    body = {
        "code": "BULB9",
        "name": "LED bulb 9 W",
        "kind": "goods",
        "classification_code": "39101600",
        "packaging_code": "BX",
        "unit_code": "U",
        "origin_country": "CN",
        "tax_category": "A",
    }
    assert _problem(org.send("POST", "/items", {**body, "origin_country": "c1"}), 422)["errors"][0]["field"] == (
        "origin_country"
    )
    item = org.ok("POST", "/items", body, status=201)
    assert item["origin_country"] == "CN"
    issued = _issue(org, customer_id, item["id"])
    org.run_queue()
    assert org.ok("GET", f"/invoices/{issued['id']}")["fiscal"]["status"] == "fiscalised"
    held = vsdc.call("/items/selectItem", {"tpin": TPIN, "bhfId": "000", "itemCd": "BULB9"})["data"]
    assert (held["orgnNatCd"], held["pkgUnitCd"], held["qtyUnitCd"]) == ("CN", "BX", "U")
    org.ok("PUT", f"/items/{item['id']}", {**body, "packaging_code": "ZZZ", "origin_country": "QQ"})
    again = _issue(org, customer_id, item["id"])
    org.run_queue()
    fiscal = org.ok("GET", f"/invoices/{again['id']}")["fiscal"]
    assert fiscal["status"] == "rejected"
    assert (
        "ZZZ is not a ZRA packaging unit" in fiscal["last_error"] and "QQ is not a ZRA country" in fiscal["last_error"]
    )
    assert vsdc.calls("/items/updateItem") == [], "refused before ZRA was asked"
    org.ok("PUT", f"/items/{item['id']}", {**body, "origin_country": "ZA"})
    org.ok("POST", f"/invoices/{again['id']}/fiscalise")
    org.run_queue()
    assert org.ok("GET", f"/invoices/{again['id']}")["fiscal"]["status"] == "fiscalised"
    held = vsdc.call("/items/selectItem", {"tpin": TPIN, "bhfId": "000", "itemCd": "BULB9"})["data"]
    assert held["orgnNatCd"] == "ZA", "the changed origin was sent with updateItem"


def test_each_branch_has_its_own_device_and_its_invoices_and_notes_go_through_it_in_order(org: Org, vsdc: Vsdc) -> None:
    head = _set_up(org, vsdc)
    org.ok(
        "PUT", "/zra/settings", {"vsdc_url": vsdc.base_url, "tpin": TPIN, "branch_id": "001", "device_serial": "SN-2"}
    )
    mistake = {"vsdc_url": vsdc.base_url, "tpin": TPIN, "branch_id": "009", "device_serial": "SN-9"}
    org.ok("PUT", "/zra/settings", mistake)
    assert [d["branch_id"] for d in org.ok("GET", "/zra/devices")["items"]] == ["000", "001", "009"]
    assert org.send("DELETE", "/zra/devices/009").status_code == 204
    assert _problem(org.send("DELETE", "/zra/devices/000"), 409)["code"] == "zra_device_initialised"
    assert org.ok("GET", "/zra/settings")["branch_id"] == "000", "the head office's is the main device"
    assert org.get("/zra/settings", branch_id="001").json()["initialised"] is False
    branch = org.ok("POST", "/zra/initialise?branch_id=001")
    assert branch["initialised"] and branch["sdc_id"] != head["sdc_id"]
    assert [d["initialised"] for d in org.ok("GET", "/zra/devices")["items"]] == [True, True]
    # Staff issue invoices without seeing any device's settings: they read the branches only.
    staff = org.identity.add_member(org.id, "staff")
    assert org.client.get(org.url("/zra/devices"), headers=staff.headers).status_code == 403
    branches = org.client.get(org.url("/zra/branches"), headers=staff.headers)
    assert branches.status_code == 200, branches.text
    assert [(b["branch_id"], b["initialised"], b["main"]) for b in branches.json()["items"]] == [
        ("000", True, True),
        ("001", True, False),
    ]
    assert "vsdc_url" not in branches.text and "device_serial" not in branches.text
    customer_id, item_id = _sales_fixture(org)
    issued = []
    for n, branch_id in enumerate(["000", "001", "001", None, "001"]):
        body: dict[str, Any] = {
            "customer_id": customer_id,
            "lines": [{"item_id": item_id, "quantity": str(n + 1), "unit_price": "116.00"}],
        }
        if branch_id:
            body["branch_id"] = branch_id
        draft = org.ok("POST", "/invoices", body, status=201)
        assert draft["branch_id"] == branch_id
        issued.append(org.ok("POST", f"/invoices/{draft['id']}/issue"))
    assert _problem(org.send("POST", "/invoices", {"customer_id": customer_id, "lines": [], "branch_id": "1"}), 422)[
        "errors"
    ]
    nowhere = org.ok(
        "POST",
        "/invoices",
        {"customer_id": customer_id, "lines": [{"item_id": item_id, "quantity": "1"}], "branch_id": "007"},
        status=201,
    )
    refused = _problem(org.send("POST", f"/invoices/{nowhere['id']}/issue"), 422)
    assert refused["code"] == "zra_branch_unknown" and refused["errors"][0]["field"] == "branch_id"
    assert org.ok("GET", f"/invoices/{nowhere['id']}")["status"] == "draft"
    other_tpin = {"vsdc_url": vsdc.base_url, "tpin": "1009999999", "branch_id": "002", "device_serial": "SN-3"}
    assert _problem(org.send("PUT", "/zra/settings", other_tpin), 422)["errors"][0]["field"] == "tpin"
    org.run_queue()
    by_branch: dict[str, list[tuple[int, str]]] = {}
    for receipt in vsdc.receipts(TPIN):
        by_branch.setdefault(receipt["request"]["bhfId"], []).append((receipt["rcptNo"], receipt["cisInvcNo"]))
    numbers = [i["number"] for i in issued]
    assert sorted(by_branch["000"]) == [(1, numbers[0]), (2, numbers[3])]
    assert sorted(by_branch["001"]) == [(1, numbers[1]), (2, numbers[2]), (3, numbers[4])]
    shown = org.ok("GET", f"/invoices/{issued[1]['id']}")["fiscal"]
    assert (shown["status"], shown["sdc_id"]) == ("fiscalised", branch["sdc_id"])
    listed = {s["document_number"]: s["branch_id"] for s in org.ok("GET", "/zra/submissions")["items"]}
    assert [listed[n] for n in numbers] == ["000", "001", "001", "000", "001"]
    # A credit note goes to the branch that fiscalised its invoice, naming that device's receipt.
    org.ok(
        "POST",
        "/credit-notes",
        {"invoice_id": issued[2]["id"], "reason_code": "01", "lines": [{"line_number": 1, "quantity": "1"}]},
        status=201,
    )
    org.run_queue()
    credit = [r for r in vsdc.receipts(TPIN) if r["rcptTyCd"] == "R"]
    assert len(credit) == 1
    assert (credit[0]["request"]["bhfId"], credit[0]["orgInvcNo"], credit[0]["orgSdcId"]) == (
        "001",
        2,
        branch["sdc_id"],
    )


def test_a_stock_step_that_fails_never_costs_the_document_its_receipt(org: Org, vsdc: Vsdc) -> None:
    """The stock chain is queued in a savepoint of the transaction that keeps the receipt: here the
    quantity on hand cannot take a returned box (numeric overflow), and the credit note is still
    fiscalised, once, with no stock movement."""
    _set_up(org, vsdc)
    customer_id, _ = _sales_fixture(org)
    nails_id = _stock_tracked_item(org)
    issued = _issue(org, customer_id, nails_id, quantity="1")
    org.run_queue()
    org.ok("PUT", f"/zra/stock/{nails_id}", {"quantity_on_hand": "999999999999999999.9999"})
    org.run_queue()
    note = org.ok(
        "POST",
        "/credit-notes",
        {"invoice_id": issued["id"], "reason_code": "03", "lines": [{"line_number": 1, "quantity": "1"}]},
        status=201,
    )
    org.run_queue()
    assert org.ok("GET", f"/credit-notes/{note['id']}")["fiscal"]["status"] == "fiscalised"
    assert [r["rcptTyCd"] for r in vsdc.receipts(TPIN)] == ["S", "R"]
    assert [m["sar_type"] for m in org.ok("GET", "/zra/stock")["movements"]] == ["06", "11"]
    assert _on_hand(org) == {"NAIL1": "999999999999999999.9999"}


def test_a_stock_movement_zra_refused_is_shown_and_sent_again_with_the_same_texts(org: Org, vsdc: Vsdc) -> None:
    _set_up(org, vsdc)
    customer_id, _ = _sales_fixture(org)
    nails_id = _stock_tracked_item(org)
    org.ok("PUT", f"/zra/stock/{nails_id}", {"quantity_on_hand": "50"})
    vsdc.faults({"mode": "result_910", "path": STOCK_MASTER, "count": 1})
    _issue(org, customer_id, nails_id, quantity="2")
    org.run_queue()
    (refused,) = org.ok("GET", "/zra/stock")["movements"]
    assert (refused["status"], refused["last_result_code"]) == ("rejected", "910")
    assert "Request parameter error" in refused["last_error"]
    assert vsdc.admin("GET", "stock", tpin=TPIN)["master"] == [], "the movement went, its master was refused"
    retried = org.ok("POST", f"/zra/stock/movements/{refused['id']}/retry")["movements"][0]
    assert retried["status"] == "pending"
    org.run_queue()
    assert org.ok("GET", "/zra/stock")["movements"][0]["status"] == "done"
    held = vsdc.admin("GET", "stock", tpin=TPIN)
    assert len(held["movements"]) == 1, "the movement ZRA held answered 994 and was not recorded twice"
    assert held["master"] == [{"itemCd": "NAIL1", "rsdQty": "48.0000"}]
    again = org.send("POST", f"/zra/stock/movements/{refused['id']}/retry")
    assert _problem(again, 409)["code"] == "zra_not_rejected"
