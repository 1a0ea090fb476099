"""The customer and item screens in a real browser (Debian's Chromium) at phone size, against
the real local runtime.

A new owner and organization are made through the API, the browser signs in, and then:
adds a customer through the form and sees it on its page and in the list, adds an item and
sees it in the item list, and imports a CSV file whose preview lists its bad row and its
duplicate of the customer just added, then imports the good row; the same screens pass at
desktop size in the dark theme. axe-core checks each screen (contrast included);
screenshots go to test-artifacts/web/.

Needs the plugin `tests.e2e.browser` (registered in tests/conftest.py) and a built web app.
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import open_from_navigation, open_page
from tests.e2e.test_ledger_browser import (
    Owner,
    _api_headers,
    _assert_accessible,
    _onboarded_owner,
    _sign_in_through_the_api,
)
from tests.e2e.test_local_runtime import Runtime

pytestmark = pytest.mark.slow

TPIN = "1002003004"

CSV = "\n".join(
    [
        "kind,name,tpin,phone,email",
        "business,Chola Lodge,1002003005,0966 555111,accounts@chola.co.zm",
        "business,Banda Hardware,12345,,",
        f"business,Mwale Bldrs,{TPIN},,",
    ]
)


@pytest.fixture(scope="module")
def seller(web_runtime: Runtime) -> Owner:
    """The owner of the organization whose customers and items the screens make."""
    return _onboarded_owner(web_runtime)


def _issue_invoice(runtime: Runtime, who: Owner, customer_id: str) -> tuple[str, str]:
    """Issues an invoice of two bags of cement at K116.00 to the customer; its number and id."""
    invoices = f"/api/v1/orgs/{who.organization_id}/invoices"
    line = {"description": "Cement 50 kg", "quantity": "2", "unit_price": "116.00", "tax_category": "A"}
    with httpx.Client(base_url=runtime.url, timeout=15) as client:
        headers = _api_headers(client, who.email)
        draft = client.post(invoices, json={"customer_id": customer_id, "lines": [line]}, headers=headers)
        assert draft.status_code == 201, draft.text
        issued = client.post(f"{invoices}/{draft.json()['id']}/issue", headers=headers)
        assert issued.status_code == 200, issued.text
        return str(issued.json()["number"]), str(issued.json()["id"])


def _sales_link(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Sales").get_by_role("link", name=name, exact=True).click()


def test_add_a_customer_and_an_item_then_import_customers_on_a_phone(
    chromium: Browser, web_runtime: Runtime, seller: Owner
) -> None:
    context, page = open_page(chromium, "phone")
    try:
        _sign_in_through_the_api(page, web_runtime, seller, "/")
        # Customers is one of the phone's daily destinations: one tap from the bottom bar.
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Customers", exact=True)).to_be_visible()
        assert open_from_navigation(page, "Customers") == 1
        expect(page.get_by_role("heading", level=1, name="Customers")).to_be_visible()
        expect(page.get_by_text("No customers yet.")).to_be_visible()
        _assert_accessible(page, "customers-empty-phone")

        # A business customer through the form: the TPIN rule said as it is typed.
        page.get_by_role("link", name="New customer").click()
        expect(page.get_by_role("heading", level=1, name="New customer")).to_be_visible()
        page.get_by_label("Name", exact=True).fill("Mwale Builders")
        page.get_by_label("TPIN").fill("1002 003")
        expect(page.locator(".sales-form__status")).to_have_text("7 digits of 10 typed.")
        page.get_by_label("TPIN").fill(TPIN)
        expect(page.locator(".sales-form__status")).to_have_text("10 digits: complete.")
        page.get_by_role("textbox", name="Phone").fill("0977123456")
        page.get_by_label("E-mail").fill("accounts@mwale.co.zm")
        page.get_by_label("Payment terms (days)").fill("14")
        _assert_accessible(page, "customer-form-phone")
        page.get_by_role("button", name="Save customer").click()

        # Its page: the details as saved and an empty statement.
        expect(page.get_by_role("heading", level=2, name="Mwale Builders")).to_be_visible()
        expect(page.locator(".sales-details")).to_contain_text("+260 97 712 3456")
        expect(page.locator(".sales-details")).to_contain_text("14 days")
        expect(page.locator(".sales-balance")).to_contain_text("Nothing owed")

        # An invoice issued to it (through the API: the invoice screens have their own test)
        # shows on its statement, linked, with the balance and its aging.
        number, invoice_id = _issue_invoice(web_runtime, seller, page.url.rsplit("/", 1)[1])
        page.reload()
        invoice_row = page.locator("tbody tr").filter(has_text=number)
        expect(invoice_row).to_contain_text("K232.00")
        expect(invoice_row.get_by_role("link")).to_have_attribute("href", f"/invoices/{invoice_id}")
        expect(page.locator(".sales-balance")).to_contain_text("K232.00 owed")
        expect(page.locator(".sales-aging .figures__row").first).to_have_text("Not yet dueK232.00")
        _assert_accessible(page, "customer-detail-phone")

        _sales_link(page, "Customers")
        expect(page.locator("tbody tr").filter(has_text="Mwale Builders")).to_contain_text(TPIN)

        # An item: its category explained, then listed with its price and VAT basis.
        _sales_link(page, "Items")
        page.get_by_role("link", name="New item").click()
        expect(page.get_by_role("heading", level=1, name="New item")).to_be_visible()
        page.get_by_label("Code", exact=True).fill("CEM50")
        page.get_by_label("Name", exact=True).fill("Cement 50 kg")
        page.get_by_label("Quantity unit").select_option("BG")
        page.get_by_label("Tax category").select_option("B")
        expect(page.locator(".sales-explanation")).to_contain_text("recommended retail price (RRP)")
        page.get_by_label("Tax category").select_option("A")
        expect(page.locator(".sales-explanation")).to_contain_text("16% VAT")
        page.get_by_label("Usual price", exact=True).fill("116")
        page.get_by_label("Count its stock").check()
        _assert_accessible(page, "item-form-phone")
        page.get_by_role("button", name="Save item").click()
        item_row = page.locator("tbody tr").filter(has_text="Cement 50 kg")
        expect(item_row).to_contain_text("K116.00 incl. VAT")
        expect(item_row).to_contain_text("Counted")
        _assert_accessible(page, "items-phone")

        # A CSV import: the preview lists the bad row and the duplicate; the good row is imported.
        _sales_link(page, "Customers")
        page.get_by_role("link", name="Import").click()
        expect(page.get_by_role("heading", level=1, name="Import customers")).to_be_visible()
        page.locator('input[type="file"][accept*="text/csv"]').set_input_files(
            {"name": "customers.csv", "mimeType": "text/csv", "buffer": CSV.encode()}
        )
        page.get_by_role("button", name="Check the file").click()
        expect(page.get_by_role("status").filter(has_text="3 rows read.")).to_contain_text("1 row can be imported.")
        bad_row = page.locator("tbody tr").filter(has_text="A TPIN is 10 digits.")
        expect(bad_row.locator("td").nth(0)).to_have_text("3")
        expect(bad_row.locator("td").nth(1)).to_have_text("tpin")
        expect(page.locator("tbody tr").filter(has_text="Duplicate")).to_contain_text("Mwale Builders")
        _assert_accessible(page, "customers-import-preview-phone")
        page.get_by_role("button", name="Import 1 customer").click()
        expect(page.get_by_role("heading", level=2, name="1 customer has been imported.")).to_be_visible()
        page.get_by_role("link", name="See the customers").click()
        expect(page.locator("tbody tr").filter(has_text="Chola Lodge")).to_contain_text("accounts@chola.co.zm")
        expect(page.locator("tbody tr").filter(has_text="Banda Hardware")).to_have_count(0)
    finally:
        context.close()


def test_customer_and_item_screens_at_desktop_size_in_the_dark(
    chromium: Browser, web_runtime: Runtime, seller: Owner
) -> None:
    context, page = open_page(chromium, "desktop", "dark")
    try:
        _sign_in_through_the_api(page, web_runtime, seller, "/customers")
        expect(page.get_by_role("heading", level=1, name="Customers")).to_be_visible()
        # The list or, in an organization without customers yet, its empty state.
        expect(page.locator("tbody tr, .empty-state").first).to_be_visible()
        _assert_accessible(page, "customers-desktop-dark")
        page.get_by_role("link", name="New customer").click()
        expect(page.get_by_label("Name", exact=True)).to_be_visible()
        _assert_accessible(page, "customer-form-desktop-dark")
        page.goto(f"{web_runtime.url}/customers/import")
        expect(page.get_by_role("heading", level=1, name="Import customers")).to_be_visible()
        _assert_accessible(page, "customers-import-desktop-dark")
        page.goto(f"{web_runtime.url}/items/new")
        page.get_by_label("Tax category").select_option("B")
        expect(page.get_by_label("Recommended retail price (RRP)")).to_be_visible()
        _assert_accessible(page, "item-form-desktop-dark")
    finally:
        context.close()
