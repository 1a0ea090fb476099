"""Invoices in a real browser (Debian's Chromium) at phone size, against the real local runtime.

A new owner and VAT-registered organization are made through the API, with a customer and an
item; the browser then writes an invoice in the editor (the customer found by search, the
item chosen, a quantity typed), sees the server's live preview of its total and VAT, issues
it, records the customer's payment and sees it paid. The trial balance, read through the
API, moves as the books should: the receivable and VAT output on issue, the receivable
cleared into cash on payment. axe-core checks each screen; screenshots go to
test-artifacts/web/.

Needs the plugin `tests.e2e.browser` (registered in tests/conftest.py) and a built web app.
"""

from __future__ import annotations

from decimal import Decimal

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

RECEIVABLE, CASH, VAT_OUTPUT, SALES = "1200", "1010", "2100", "4010"


def _balances(api: httpx.Client, owner: Owner, headers: dict[str, str]) -> dict[str, Decimal]:
    """Today's trial balance of the accounts an invoice and its payment move, by code."""
    answer = api.get(f"/api/v1/orgs/{owner.organization_id}/reports/trial-balance", headers=headers)
    assert answer.status_code == 200, answer.text
    rows = {row["code"]: Decimal(row["balance"]) for row in answer.json()["rows"]}
    return {code: rows.get(code, Decimal(0)) for code in (RECEIVABLE, CASH, VAT_OUTPUT, SALES)}


def number_text(page: Page) -> str:
    """The invoice's number as the detail screen shows it."""
    return page.locator(".invoice-detail__number-text").inner_text().strip()


def test_write_issue_and_get_paid_for_an_invoice_on_a_phone(chromium: Browser, web_runtime: Runtime) -> None:
    owner = _onboarded_owner(web_runtime)
    org = f"/api/v1/orgs/{owner.organization_id}"
    api = httpx.Client(base_url=web_runtime.url, timeout=15)
    context, page = open_page(chromium, "phone")
    try:
        headers = _api_headers(api, owner.email)
        customer = api.post(
            f"{org}/customers",
            json={
                "kind": "business",
                "name": "Kabwe Hardware Ltd",
                "tpin": "1002345678",
                "phone": "0977 123456",
                "email": "accounts@kabwe-hardware.co.zm",
            },
            headers=headers,
        )
        assert customer.status_code == 201, customer.text
        item = api.post(
            f"{org}/items",
            json={
                "code": "CEM50",
                "name": "Cement 50 kg",
                "kind": "goods",
                "tax_category": "A",
                "default_price": "116.00",
            },
            headers=headers,
        )
        assert item.status_code == 201, item.text
        before = _balances(api, owner, headers)

        _sign_in_through_the_api(page, web_runtime, owner, "/")
        open_from_navigation(page, "Invoices")
        expect(page.get_by_role("heading", level=1, name="Invoices")).to_be_visible()
        expect(page.get_by_text("No invoices yet")).to_be_visible()
        _assert_accessible(page, "invoices-empty-phone")

        # The editor: the customer found by search, the item, a quantity; the server's totals.
        page.get_by_role("link", name="New invoice").first.click()
        expect(page.get_by_role("heading", level=1, name="New invoice")).to_be_visible()
        page.get_by_role("searchbox", name="Customer").fill("Kabwe")
        page.get_by_role("button", name="Kabwe Hardware Ltd").click()
        expect(page.get_by_role("button", name="Change customer")).to_be_visible()
        line = page.locator(".invoice-line").first
        line.get_by_label("Item").select_option(label="Cement 50 kg (CEM50)")
        line.get_by_label("Quantity").fill("3")
        expect(page.locator("#invoice-preview-status")).to_have_text("The invoice comes to K348.00.")
        expect(line.locator(".invoice-line__amount")).to_have_text(
            "Line total K348.00, of which tax K48.00 (category A)."
        )
        expect(page.locator(".tax-breakdown__buckets tbody")).to_contain_text("K300.00K48.00")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the editor scrolls sideways"
        _assert_accessible(page, "invoice-editor-preview-phone")

        page.get_by_role("button", name="Save and issue").click()
        dialog = page.get_by_role("alertdialog", name="Issue this invoice?")
        expect(dialog).to_contain_text("The invoice for K348.00 gets its number")
        dialog.get_by_role("button", name="Issue invoice").click()

        expect(page.get_by_role("heading", level=1, name="Invoice")).to_be_visible()
        number = page.locator(".invoice-detail__number")
        expect(number).to_contain_text("Issued")
        expect(page.get_by_test_id("outstanding")).to_have_text("K348.00")
        _assert_accessible(page, "invoice-issued-phone")
        issued = _balances(api, owner, headers)
        assert {code: issued[code] - before[code] for code in issued} == {
            RECEIVABLE: Decimal("348.00"),
            CASH: Decimal(0),
            VAT_OUTPUT: Decimal("-48.00"),
            SALES: Decimal("-300.00"),
        }

        # The payment: what is owed, in cash, applied to this invoice.
        page.get_by_role("link", name="Record a payment").click()
        expect(page.get_by_role("heading", level=1, name="Record a payment")).to_be_visible()
        expect(page.get_by_label("Amount received")).to_have_value("348.00")
        expect(page.locator("#payment-balance")).to_have_text("All of it, K348.00, is applied.")
        page.get_by_label("Reference").fill("Till receipt 0042")
        _assert_accessible(page, "invoice-payment-phone")
        page.get_by_role("button", name="Record payment").click()

        expect(page.get_by_role("heading", level=1, name="Invoice")).to_be_visible()
        expect(number).to_contain_text("Paid")
        expect(page.get_by_test_id("outstanding")).to_have_text("K0.00")
        expect(page.locator(".invoice-detail__records").first).to_contain_text("K348.00")
        expect(page.locator(".invoice-history")).to_contain_text("Payment applied")
        expect(page.get_by_role("link", name="Record a payment")).to_have_count(0)
        # On a phone the PDF is not fetched unasked: no preview in the page, only Download PDF.
        expect(page.locator(".pdf-preview")).to_have_count(0)
        expect(page.get_by_role("button", name="Receipt PDF")).to_be_visible()
        _assert_accessible(page, "invoice-paid-phone")

        # The e-mail previewed as the customer will receive it, then sent and in the history.
        page.get_by_role("button", name="Send to the customer").click()
        send = page.get_by_role("alertdialog", name="Send this invoice?")
        send.get_by_label("Message").fill("Thank you for paying in cash.")
        send.get_by_role("button", name="Preview the e-mail").click()
        preview = send.locator(".email-preview")
        expect(preview).to_contain_text("Kabwe Hardware Ltd <accounts@kabwe-hardware.co.zm>")
        expect(preview.get_by_test_id("preview-attachment")).to_have_text(f"{number_text(page)}.pdf")
        expect(preview.locator(".email-preview__text")).to_contain_text("Thank you for paying in cash.")
        _assert_accessible(page, "invoice-send-preview-phone")
        send.get_by_role("button", name="Send invoice").click()
        expect(send).to_have_count(0)
        expect(page.locator('[aria-labelledby="invoice-emails-title"]')).to_contain_text(
            "To accounts@kabwe-hardware.co.zm"
        )
        paid = _balances(api, owner, headers)
        assert {code: paid[code] - before[code] for code in paid} == {
            RECEIVABLE: Decimal(0),
            CASH: Decimal("348.00"),
            VAT_OUTPUT: Decimal("-48.00"),
            SALES: Decimal("-300.00"),
        }

        # The list shows it paid.
        page.get_by_role("link", name="All invoices").click()
        expect(page.locator(".invoice-row").first).to_contain_text("Kabwe Hardware Ltd")
        expect(page.locator(".invoice-row").first).to_contain_text("Paid")
        _assert_accessible(page, "invoices-list-phone")

        # The same screens at desktop size in the dark theme (contrast of the statuses included).
        desk, desk_page = open_page(chromium, "desktop", "dark")
        # Anything the app's Content-Security-Policy refuses (the PDF's frame, say) is recorded.
        desk.add_init_script(
            "window.__refused = [];"
            " document.addEventListener('securitypolicyviolation',"
            " (e) => window.__refused.push(`${e.effectiveDirective} ${e.blockedURI}`));"
        )
        try:
            _sign_in_through_the_api(desk_page, web_runtime, owner, "/invoices")
            expect(desk_page.locator(".invoice-row").first).to_contain_text("Paid")
            _assert_accessible(desk_page, "invoices-list-desktop-dark")
            desk_page.locator(".invoice-row__link").first.click()
            expect(desk_page.get_by_test_id("outstanding")).to_have_text("K0.00")
            # On a desktop the PDF shows in the page, fetched with the session as a blob URL.
            frame = desk_page.locator(".pdf-preview__frame")
            expect(frame).to_be_visible()
            assert (frame.get_attribute("src") or "").startswith("blob:")
            desk_page.wait_for_timeout(500)
            assert desk_page.evaluate("window.__refused") == []
            _assert_accessible(desk_page, "invoice-paid-desktop-dark")
            desk_page.goto(f"{web_runtime.url}/invoices/new")
            expect(desk_page.locator("#invoice-preview-status")).to_contain_text("Choose a customer")
            _assert_accessible(desk_page, "invoice-editor-desktop-dark")
        finally:
            desk.close()
    finally:
        api.close()
        context.close()
