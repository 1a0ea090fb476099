"""The financial statements in a real browser at phone size, against the real local runtime:
open the financial position, compare it with last year, and drill from a line to its
account's ledger, on to the journal entry, and from an entry to the invoice it came from.
axe-core checks each screen; screenshots go to test-artifacts/web/."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser import open_page
from tests.e2e.test_ledger_browser import PASSWORD, Owner, _assert_accessible, _sign_in_through_the_api
from tests.e2e.test_ledger_browser import owner as owner
from tests.e2e.test_local_runtime import Runtime

pytestmark = pytest.mark.slow


def _post(
    client: httpx.Client, org: str, headers: dict[str, str], day: str, text: str, *lines: tuple[str, str, str]
) -> None:
    accounts = client.get(f"/api/v1/orgs/{org}/accounts", params={"limit": 500}, headers=headers).json()["items"]
    ids = {a["code"]: a["id"] for a in accounts}
    body = {
        "entry_date": day,
        "description": text,
        "lines": [{"account_id": ids[code], side: amount} for code, side, amount in lines],
    }
    answer = client.post(f"/api/v1/orgs/{org}/journal-entries", json=body, headers=headers)
    assert answer.status_code == 201, answer.text


def _issued_invoice(client: httpx.Client, org: str, headers: dict[str, str], day: str, what: str, price: str) -> str:
    """Issues an invoice to a new customer through the API; its number."""
    base = f"/api/v1/orgs/{org}"
    person = {"kind": "individual", "name": "Mutale Banda", "phone": "0977 123456"}
    customer = client.post(f"{base}/customers", json=person, headers=headers)
    assert customer.status_code == 201, customer.text
    line = {"description": what, "quantity": "1", "unit_price": price, "tax_category": "A"}
    body = {"customer_id": customer.json()["customer"]["id"], "issue_date": day, "lines": [line]}
    draft = client.post(f"{base}/invoices", json=body, headers=headers)
    assert draft.status_code == 201, draft.text
    issued = client.post(f"{base}/invoices/{draft.json()['id']}/issue", headers=headers)
    assert issued.status_code == 200, issued.text
    return str(issued.json()["number"])


def test_open_the_financial_position_compare_with_last_year_and_drill_to_the_entry(
    chromium: Browser,
    web_runtime: Runtime,
    owner: Owner,
) -> None:
    with httpx.Client(base_url=web_runtime.url, timeout=15) as client:
        login = client.post("/api/v1/auth/login", json={"email": owner.email, "password": PASSWORD})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        org = owner.organization_id
        _post(
            client,
            org,
            headers,
            "2025-03-01",
            "Capital paid in",
            ("1100", "debit", "50000.00"),
            ("3010", "credit", "50000.00"),
        )
        _post(
            client,
            org,
            headers,
            "2026-02-10",
            "Airtel Money sales",
            ("1150", "debit", "11600.00"),
            ("4010", "credit", "10000.00"),
            ("2100", "credit", "1600.00"),
        )

    context, page = open_page(chromium, "phone")
    try:
        _sign_in_through_the_api(page, web_runtime, owner, "/reports?statement=financial_position&to=2026-03-31")
        expect(page.get_by_role("heading", level=1, name="Financial statements")).to_be_visible()
        expect(page.locator(".reports-check")).to_contain_text("Assets equal liabilities plus equity.")
        cash = page.locator("tr").filter(has_text="Cash, bank and mobile money")
        expect(cash.locator("td").first).to_have_text("K61,600.00")
        _assert_accessible(page, "reports-position-phone")

        page.get_by_label("The same period last year").check()
        page.get_by_role("button", name="Show").click()
        expect(cash.locator("td.reports-change")).to_be_hidden()  # a phone leaves out the change column
        expect(cash.locator("td").nth(1)).to_have_text("K50,000.00")
        expect(page.get_by_role("columnheader", name="Last year, 31/03/2025").first).to_be_attached()
        _assert_accessible(page, "reports-position-compared-phone")

        cash.locator("summary").click()
        page.get_by_role("link", name="1150 Airtel Money wallet").click()
        expect(page.get_by_role("heading", level=2)).to_contain_text("1150 Airtel Money wallet")
        posting = page.locator("tbody tr").filter(has_text="Airtel Money sales")
        expect(posting).to_be_visible()
        posting.get_by_role("link").first.click()
        expect(page.get_by_role("heading", level=1, name="Journal entry")).to_be_visible()
        expect(page.get_by_text("Airtel Money sales").first).to_be_visible()
        _assert_accessible(page, "reports-drill-entry-phone")

        # The last step: from a statement line to the document an entry came from.
        with httpx.Client(base_url=web_runtime.url, timeout=15) as client:
            number = _issued_invoice(client, org, headers, "2026-03-05", "Roofing sheets", "2320.00")
        page.goto(f"{web_runtime.url}/reports?statement=profit_and_loss&from=2026-03-01&to=2026-03-31")
        revenue = page.locator("tr").filter(has=page.locator(".reports-drill a", has_text="4010")).first
        revenue.locator("summary").click()
        revenue.locator(".reports-drill a", has_text="4010").click()
        page.locator("tbody tr").filter(has_text=number).get_by_role("link").first.click()
        page.get_by_role("link", name="Invoice: open the document").click()
        expect(page.get_by_role("heading", level=1, name="Invoice")).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text(number)
        _assert_accessible(page, "reports-drill-source-invoice-phone")
    finally:
        context.close()
