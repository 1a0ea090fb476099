"""Airtel Money wallets in a real browser (Debian's Chromium) at phone size (390 x 844), against
the real local runtime and the Airtel sandbox it starts (its address is at
GET /api/v1/dev/sandboxes; its merchant app is sandbox-client / sandbox-secret, 0979999999).

A new owner opens "Wallets" from the navigation, links the wallet with the sandbox's
credentials (the "Another address" environment, the sandbox's URL), taps "Sync now" and sees
the sync finish and the sync history; with a rule for money in, the inbox shows the suggested
account with its confidence; one tap accepts it, and the journal entry it posted opens from
the transaction. axe-core checks each screen; screenshots go to test-artifacts/web/.

Needs the plugin `tests.e2e.browser` (registered in tests/conftest.py) and a built web app.
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import open_from_navigation, open_page
from tests.e2e.test_ledger_browser import _api_headers, _assert_accessible, _onboarded_owner, _sign_in_through_the_api
from tests.e2e.test_local_runtime import Runtime

pytestmark = pytest.mark.slow

SANDBOX_CLIENT, SANDBOX_SECRET, SANDBOX_NUMBER = "sandbox-client", "sandbox-secret", "0979999999"


def _fits(page: Page, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
    _assert_accessible(page, name)


def test_link_a_wallet_sync_it_and_accept_a_suggestion_that_posts_to_the_ledger_on_a_phone(
    chromium: Browser, web_runtime: Runtime
) -> None:
    owner = _onboarded_owner(web_runtime)
    org = f"/api/v1/orgs/{owner.organization_id}"
    api = httpx.Client(base_url=web_runtime.url, timeout=30)
    context, page = open_page(chromium, "phone")
    try:
        headers = _api_headers(api, owner.email)
        [sandbox] = [s for s in api.get("/api/v1/dev/sandboxes").json()["sandboxes"] if s["name"] == "airtel-money"]

        _sign_in_through_the_api(page, web_runtime, owner, "/")
        open_from_navigation(page, "Wallets")
        expect(page.get_by_role("heading", level=1, name="Wallets")).to_be_visible()
        expect(page.get_by_text("No wallet linked yet")).to_be_visible()
        _fits(page, "wallets-empty-phone")

        # Link: the guidance, then the sandbox's credentials.
        page.get_by_role("main").get_by_role("link", name="Link a wallet").click()
        expect(page.get_by_role("heading", name="Before you start: your Airtel Open API keys")).to_be_visible()
        _fits(page, "wallets-link-phone")
        page.get_by_label("Name", exact=True).fill("Main till")
        page.get_by_label("Environment").select_option("custom")
        page.get_by_label("API address").fill(sandbox["base_url"])
        page.get_by_label("Merchant number").fill(SANDBOX_NUMBER)
        page.get_by_label("Client id").fill(SANDBOX_CLIENT)
        page.get_by_label("Client secret").fill(SANDBOX_SECRET)
        page.get_by_role("button", name="Check with Airtel and link").click()
        expect(page.get_by_role("heading", level=1, name="Wallet")).to_be_visible(timeout=30_000)
        expect(page.get_by_test_id("wallet-summary")).to_contain_text("979999999")

        # Sync now, and the history of the syncs.
        page.get_by_role("button", name="Sync now: Main till").click()
        expect(page.get_by_text("Synced:")).to_be_visible(timeout=120_000)
        expect(page.get_by_test_id("sync-run").first).to_contain_text("Done")
        expect(page.get_by_test_id("wallet-summary")).not_to_contain_text("Not synced yet")
        _fits(page, "wallets-wallet-synced-phone")
        [wallet] = api.get(f"{org}/wallets", headers=headers).json()["items"]
        assert wallet["transactions"] > 0, wallet

        # A rule for money in (made through the API), so the inbox suggests its account.
        chart = api.get(f"{org}/accounts", params={"type": "income", "limit": 200}, headers=headers).json()["items"]
        income = next(a for a in chart if not a["is_header"] and a["archived_at"] is None)
        made = api.post(
            f"{org}/categorisation-rules",
            json={"name": "Money in is sales", "account_id": income["id"], "direction": "in", "priority": 100},
            headers=headers,
        )
        assert made.status_code == 201, made.text

        page.get_by_role("main").get_by_role("link", name="See the transactions").click()
        expect(page.get_by_role("heading", level=1, name="Transactions")).to_be_visible()
        row = page.get_by_test_id("wallet-transaction").filter(has=page.get_by_test_id("suggestion")).first
        expect(row.get_by_test_id("suggestion")).to_contain_text(f"{income['code']} {income['name']}")
        expect(row.get_by_test_id("suggestion")).to_contain_text("% sure")
        _fits(page, "wallets-inbox-phone")
        airtel_id = row.locator("p.muted").inner_text().rsplit(" · ", 1)[-1]

        row.get_by_role("button", name="Accept the suggestion for").click()
        posted = page.get_by_test_id("wallet-transaction").filter(has_text=airtel_id).get_by_test_id("categorised")
        expect(posted).to_contain_text(f"Posted to {income['code']} {income['name']}")
        _fits(page, "wallets-inbox-accepted-phone")

        # The entry it posted, in the journal.
        posted.get_by_role("link", name="See the journal entry").click()
        expect(page.get_by_role("heading", level=1, name="Journal entry")).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text(income["name"])
        _fits(page, "wallets-entry-phone")
        done = api.get(f"{org}/wallet-transactions", params={"categorised": "true"}, headers=headers).json()["items"]
        assert [t["airtel_id"] for t in done] == [airtel_id] and done[0]["journal_entry_id"], done
    finally:
        context.close()
        api.close()
