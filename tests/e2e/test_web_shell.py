"""The web app's shell in a real browser (Debian's Chromium), served by the real local runtime.

At phone and desktop sizes, light and dark: each screen loads, axe-core finds no
accessibility violations, and a screenshot is kept under test-artifacts/web/. The service
worker keeps the shell working offline, the offline banner says so, and recent data stays
readable. Changes saved offline and sent on reconnect are tested on a real screen against
the real API in `test_ledger_browser.py`.

Needs the plugin `tests.e2e.browser` (`-p tests.e2e.browser`) and a built web app.
"""

from __future__ import annotations

import smtplib
import time
from email.message import EmailMessage
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.browser import Scheme, Size, axe_violations, open_dev_mailbox, open_page, screenshot
from tests.e2e.test_local_runtime import Runtime

pytestmark = pytest.mark.slow

#: The heading of Home for someone signed out.
LANDING = "The back office for your business"

SIZES: list[Size] = ["phone", "desktop"]

LOOKS: list[tuple[Size, Scheme]] = [
    ("phone", "light"),
    ("phone", "dark"),
    ("desktop", "light"),
    ("desktop", "dark"),
]


def _wait_for_offline_shell(page: Page, screen_chunk: str, timeout: float = 20) -> None:
    """Waits until the service worker controls the page and has cached `screen_chunk`."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cached: bool = page.evaluate(
            """async (chunk) => {
                for (const name of await caches.keys()) {
                    const keys = await (await caches.open(name)).keys();
                    if (keys.some((request) => new URL(request.url).pathname.startsWith('/assets/' + chunk))) {
                        return true;
                    }
                }
                return false;
            }""",
            screen_chunk,
        )
        if cached:
            return
        time.sleep(0.2)
    raise AssertionError(f"the service worker did not cache {screen_chunk}")


@pytest.mark.parametrize(("size", "scheme"), LOOKS)
def test_signed_out_home_says_what_intellifin_is_and_leads_to_the_operator_status(
    chromium: Browser, web_runtime: Runtime, size: Size, scheme: Scheme
) -> None:
    context, page = open_page(chromium, size, scheme)
    try:
        page.goto(web_runtime.url)

        expect(page.get_by_role("heading", level=1, name=LANDING)).to_be_visible()
        main = page.get_by_role("main")
        expect(main.get_by_role("link", name="Create an account")).to_have_attribute("href", "/register")
        expect(main.get_by_role("link", name="Sign in")).to_have_attribute("href", "/sign-in")
        nav = page.get_by_role("navigation", name="Main")
        # Developer tools: one entry, under "More" on the phone.
        expected = ["Home", "Pending changes"] if size == "phone" else ["Home", "Pending changes", "Developer tools"]
        expect(nav.get_by_role("link")).to_have_text(expected)
        assert page.title() == "Home · IntelliFin"
        screenshot(page, f"home-{size}-{scheme}")
        assert axe_violations(page) == []

        main.get_by_role("link", name="System status").click()
        expect(page.get_by_role("heading", level=1, name="System status")).to_be_visible()
        expect(page.get_by_role("listitem").filter(has_text="Ready to work")).to_contain_text("✓ Ready")
        assert axe_violations(page) == []

        page.get_by_role("button", name="Settings").click()
        expect(page.get_by_role("group", name="Appearance")).to_be_visible()
        # No language but English has a message translated yet, so none is offered.
        expect(page.get_by_label("Language")).to_have_count(0)
        screenshot(page, f"account-menu-{size}-{scheme}")
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize(("size", "scheme"), LOOKS)
def test_component_gallery_is_accessible_in_each_state(
    chromium: Browser, web_runtime: Runtime, size: Size, scheme: Scheme
) -> None:
    context, page = open_page(chromium, size, scheme)
    try:
        page.goto(f"{web_runtime.url}/dev/components")
        expect(page.get_by_role("heading", level=1, name="Components")).to_be_visible()
        expect(page.locator("tbody tr")).to_have_count(5)
        screenshot(page, f"components-{size}-{scheme}")
        assert axe_violations(page) == []

        page.get_by_role("button", name="Check", exact=True).click()
        expect(page.get_by_role("alert").filter(has_text="Please correct the following")).to_be_focused()
        page.get_by_role("button", name="Show errors from the server").click()
        expect(page.locator("#gallery-date-error")).to_contain_text("March 2026 is closed")
        screenshot(page, f"components-errors-{size}-{scheme}")
        assert axe_violations(page) == []

        page.get_by_role("button", name="Open a dialog").click()
        dialog = page.get_by_role("dialog", name="Issue invoice INV-0042?")
        expect(dialog).to_be_visible()
        screenshot(page, f"components-dialog-{size}-{scheme}")
        assert axe_violations(page) == []
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(page.get_by_role("button", name="Open a dialog")).to_be_focused()

        page.get_by_role("button", name="Show a notification").click()
        expect(page.get_by_role("status").filter(has_text="Invoice INV-0042 was saved.")).to_be_visible()
        assert axe_violations(page) == []
    finally:
        context.close()


def test_shell_comes_back_after_a_reload(chromium: Browser, web_runtime: Runtime) -> None:
    context, page = open_page(chromium, "phone", service_workers="block")
    try:
        page.goto(web_runtime.url)
        expect(page.get_by_role("heading", level=1, name=LANDING)).to_be_visible()

        page.reload()

        expect(page.get_by_role("heading", level=1, name=LANDING)).to_be_visible()
    finally:
        context.close()


def test_data_table_sorts_filters_and_pages(chromium: Browser, web_runtime: Runtime) -> None:
    context, page = open_page(chromium, "phone")
    try:
        page.goto(f"{web_runtime.url}/dev/components")
        first_cells = page.locator("tbody tr td:first-child")
        expect(first_cells.first).to_have_text("INV-0001")

        page.get_by_role("button", name="Next page").click()
        expect(first_cells.first).to_have_text("INV-0006")
        sort_by_number = page.get_by_role("columnheader", name="Invoice").get_by_role("button")
        sort_by_number.click()
        expect(first_cells.first).to_have_text("INV-0023")
        expect(page.get_by_role("columnheader", name="Invoice")).to_have_attribute("aria-sort", "descending")
        expect(page.get_by_role("button", name="Previous page")).to_be_disabled()
        sort_by_number.click()
        expect(first_cells.first).to_have_text("INV-0001")

        page.get_by_label("Filter").fill("Ndola")
        expect(page.locator("tbody tr td:nth-child(2)").first).to_have_text("Ndola Hardware")
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_shell_installs_a_service_worker_and_loads_offline(chromium: Browser, web_runtime: Runtime, size: Size) -> None:
    context, page = open_page(chromium, size)
    try:
        page.goto(web_runtime.url)
        expect(page.get_by_role("heading", level=1, name=LANDING)).to_be_visible()
        _wait_for_offline_shell(page, "HomeScreen-")
        expect(page.locator(".offline-banner")).to_have_count(0)

        context.set_offline(True)
        expect(page.locator(".offline-banner")).to_contain_text("You are offline.")
        page.reload()

        expect(page.get_by_role("heading", level=1, name=LANDING)).to_be_visible()
        expect(page.locator(".offline-banner")).to_contain_text("You are offline.")
        screenshot(page, f"offline-home-{size}")
        assert axe_violations(page) == []

        context.set_offline(False)
        expect(page.locator(".offline-banner")).to_have_count(0)
    finally:
        context.close()


def _send_mail(runtime: Runtime, subject: str) -> None:
    message = EmailMessage()
    message["From"] = "IntelliFin <no-reply@intellifin.local>"
    message["To"] = "mwila@lusaka-traders.co.zm"
    message["Subject"] = subject
    message.set_content("Muli shani! Your invoice for K1,160.00 is attached.")
    message.add_alternative("<p>Muli shani! Your invoice for <b>K1,160.00</b> is attached.</p>", subtype="html")
    with smtplib.SMTP("127.0.0.1", int(runtime.env["SMTP_PORT"]), timeout=10) as smtp:
        smtp.send_message(message)


def _open_mailbox(chromium: Browser, runtime: Runtime, size: Size, subject: str) -> tuple[BrowserContext, Page]:
    """Sends a mail, then opens the dev mailbox from the navigation and waits for the mail."""
    _send_mail(runtime, subject)
    context, page = open_page(chromium, size)
    page.goto(runtime.url)
    open_dev_mailbox(page)
    expect(page).to_have_url(f"{runtime.url}/dev/mailbox")
    expect(page.get_by_role("heading", level=1, name="Dev mailbox")).to_be_visible()
    expect(page.get_by_role("button", name=subject)).to_be_visible()
    return context, page


@pytest.mark.parametrize("size", SIZES)
def test_dev_mailbox_lists_and_opens_mail(chromium: Browser, web_runtime: Runtime, size: Size) -> None:
    subject = f"Invoice INV-0042 from Lusaka Traders ({size})"
    context, page = _open_mailbox(chromium, web_runtime, size, subject)
    try:
        screenshot(page, f"mailbox-{size}")
        assert axe_violations(page) == []

        page.get_by_role("button", name=subject).click()
        expect(page.get_by_role("heading", level=2, name=subject)).to_be_visible()
        expect(page.locator("pre.message__text")).to_contain_text("Muli shani!")
        screenshot(page, f"mailbox-message-{size}")
        assert axe_violations(page) == []
    finally:
        context.close()


def test_dev_mailbox_stays_readable_offline(chromium: Browser, web_runtime: Runtime) -> None:
    subject = "Welcome to IntelliFin (offline)"
    context, page = _open_mailbox(chromium, web_runtime, "phone", subject)
    try:
        _wait_for_offline_shell(page, "MailboxScreen-")
        context.set_offline(True)
        page.reload()

        expect(page.get_by_text("Saved copy from")).to_be_visible()
        expect(page.get_by_role("button", name=subject)).to_be_visible()
        screenshot(page, "mailbox-offline-phone")
    finally:
        context.close()


def test_api_docs_work_with_no_internet(chromium: Browser, web_runtime: Runtime) -> None:
    """`/api/docs` loads Swagger UI from this site, not a CDN: with every request to another
    host refused (a machine with no internet), the page still lists the API's operations.

    Break tried: FastAPI's default docs page (Swagger UI from cdn.jsdelivr.net): this test
    failed with the CDN requests refused and no operations shown."""
    context, page = open_page(chromium, "desktop")
    elsewhere: list[str] = []

    def local_only(route: Any) -> None:
        if route.request.url.startswith(web_runtime.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    try:
        context.route("**/*", local_only)
        page.goto(f"{web_runtime.url}/api/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("IntelliFin API")
        expect(page.locator(".opblock").first).to_be_visible()
        assert elsewhere == []
        answer = page.request.get(f"{web_runtime.url}/api-docs/swagger-ui-bundle.js")
        assert answer.ok and "javascript" in answer.headers["content-type"]
    finally:
        context.close()
