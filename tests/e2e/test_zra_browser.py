"""ZRA Smart Invoice in a real browser (Debian's Chromium) at phone size, against the real local
runtime and the ZRA sandbox VSDC it starts (its address is at GET /api/v1/dev/sandboxes).

A new owner of a VAT-registered company opens ZRA Smart Invoice from the navigation, saves the
device settings with the sandbox's address, and initialises the device, seeing the SDC id ZRA
issued and the TPIN, branch and serial locked. With a customer and an item made through the API,
an invoice issued through the API goes through the queue to the sandbox; its page then shows
ZRA's receipt number, the list of documents sent to ZRA and the VSDC call log show it too, and
the set-up says when ZRA's codes were fetched and fetches them again.
axe-core checks each screen; screenshots go to test-artifacts/web/.

Needs the plugin `tests.e2e.browser` (registered in tests/conftest.py) and a built web app.
"""

from __future__ import annotations

import secrets
import time

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser import open_from_navigation, open_page
from tests.e2e.test_ledger_browser import _api_headers, _assert_accessible, _onboarded_owner, _sign_in_through_the_api
from tests.e2e.test_local_runtime import Runtime

pytestmark = pytest.mark.slow


def test_set_up_smart_invoice_and_see_an_invoice_fiscalised_on_a_phone(chromium: Browser, web_runtime: Runtime) -> None:
    owner = _onboarded_owner(web_runtime)
    org = f"/api/v1/orgs/{owner.organization_id}"
    api = httpx.Client(base_url=web_runtime.url, timeout=15)
    context, page = open_page(chromium, "phone")
    try:
        headers = _api_headers(api, owner.email)
        [sandbox] = [s for s in api.get("/api/v1/dev/sandboxes").json()["sandboxes"] if s["name"] == "zra-vsdc"]
        tpin = api.get(f"{org}/profile", headers=headers).json()["tpin"]
        serial = f"SN-{secrets.token_hex(4)}"

        _sign_in_through_the_api(page, web_runtime, owner, "/")
        open_from_navigation(page, "ZRA Smart Invoice")
        expect(page.get_by_role("heading", level=1, name="ZRA Smart Invoice")).to_be_visible()
        expect(page.get_by_label("TPIN")).to_have_value(tpin)
        expect(page.get_by_label("Branch id")).to_have_value("000")
        _assert_accessible(page, "zra-settings-new-phone")

        # Step 3: the settings, with the sandbox's address.
        page.get_by_label("VSDC address").fill(sandbox["base_url"])
        page.get_by_label("Device serial").fill(serial)
        page.get_by_role("button", name="Save settings").click()
        expect(page.get_by_text("Save the device settings ✓ Done")).to_be_visible()

        # Step 4: initialise, once.
        page.get_by_role("button", name="Initialise the device").click()
        identity = page.get_by_test_id("zra-identity")
        expect(identity).to_be_visible(timeout=30_000)
        expect(identity).to_contain_text("SDC id")
        expect(page.get_by_label("TPIN")).to_have_count(0)
        expect(page.get_by_test_id("zra-locked")).to_contain_text(serial)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the set-up scrolls sideways"
        _assert_accessible(page, "zra-settings-initialised-phone")
        device = api.get(f"{org}/zra/settings", headers=headers).json()
        assert device["initialised"] and device["sdc_id"], device

        # An invoice issued through the API goes to the sandbox through the queue.
        customer = api.post(
            f"{org}/customers",
            json={"kind": "business", "name": "Mwale Builders", "tpin": "1002003004"},
            headers=headers,
        )
        assert customer.status_code == 201, customer.text
        item = api.post(
            f"{org}/items",
            json={
                "code": "CEM50",
                "name": "Cement 50 kg",
                "kind": "goods",
                "classification_code": "30111601",
                "packaging_code": "BG",
                "tax_category": "A",
                "default_price": "116.00",
            },
            headers=headers,
        )
        assert item.status_code == 201, item.text
        draft = api.post(
            f"{org}/invoices",
            json={
                "customer_id": customer.json()["customer"]["id"],
                "lines": [{"item_id": item.json()["id"], "quantity": "2", "unit_price": "116.00"}],
            },
            headers={**headers, "Idempotency-Key": secrets.token_hex(8)},
        )
        assert draft.status_code == 201, draft.text
        invoice_id = draft.json()["id"]
        issued = api.post(f"{org}/invoices/{invoice_id}/issue", headers=headers)
        assert issued.status_code == 200, issued.text
        deadline = time.monotonic() + 30
        invoice_path = f"{org}/invoices/{invoice_id}"
        while (fiscal := api.get(invoice_path, headers=headers).json()["fiscal"])["status"] != "fiscalised":
            assert fiscal["status"] in ("pending", "retrying") and time.monotonic() < deadline, fiscal
            time.sleep(0.3)

        page.goto(f"{web_runtime.url}/invoices/{invoice_id}")
        panel = page.locator(".zra-panel")
        expect(panel).to_contain_text("Fiscalised")
        expect(page.get_by_test_id("zra-receipt-number")).to_have_text(str(fiscal["receipt_number"]))
        expect(panel.get_by_role("link", name="Check it on ZRA's portal")).to_have_attribute("href", fiscal["qr_url"])
        _assert_accessible(page, "invoice-fiscalised-phone")

        page.goto(f"{web_runtime.url}/zra/submissions")
        row = page.get_by_test_id("zra-submission").first
        expect(row).to_contain_text(issued.json()["number"])
        expect(row).to_contain_text("Fiscalised")
        _assert_accessible(page, "zra-submissions-phone")

        page.get_by_role("link", name="VSDC call log").click()
        call = page.get_by_test_id("zra-call").filter(has_text="saveSales").first
        call.locator("summary").click()
        expect(call.get_by_test_id("zra-request")).to_contain_text(issued.json()["number"])
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the log scrolls sideways"
        _assert_accessible(page, "zra-log-phone")

        # The first sale fetched ZRA's codes; the set-up says when, and fetches them again on demand.
        page.get_by_role("link", name="Set-up").click()
        codes = page.get_by_test_id("zra-codes")
        expect(codes).to_contain_text("Last fetched")
        codes.get_by_role("button", name="Fetch the codes now").click()
        expect(page.get_by_text("ZRA's codes are up to date.")).to_be_visible()
    finally:
        api.close()
        context.close()
