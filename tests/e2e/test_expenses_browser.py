"""Expenses in a real browser (Debian's Chromium) at phone size, against the real local runtime.

A receipt photo (a real JPEG made with Pillow) is attached on the photo-first form, a category
and an amount typed, the server's preview seen, and the expense saved and submitted; the
receipt lands in Azurite through the API. Another member (an approver invited by e-mail)
approves it through the API, as the rules require (no one approves what they submitted), and
the owner posts it from the phone: its journal entry opens from the expense. An expense
captured offline is kept in the outbox and sent once on reconnect. axe-core checks each screen.
"""

from __future__ import annotations

import io
import re
import secrets
import time

import httpx
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import open_from_navigation, open_page
from tests.e2e.test_ledger_browser import (
    PASSWORD,
    Owner,
    _api_headers,
    _assert_accessible,
    _onboarded_owner,
    _sign_in_through_the_api,
)
from tests.e2e.test_local_runtime import Runtime

pytestmark = pytest.mark.slow


def _receipt_photo() -> bytes:
    """A till slip as a phone camera would give it: a large JPEG."""
    image = Image.new("RGB", (2400, 3200), "white")
    draw = ImageDraw.Draw(image)
    for row, text in enumerate(["PUMA ENERGY LUSAKA", "TPIN 1002003004", "DIESEL 10 L", "TOTAL K116.00"]):
        draw.text((200, 300 + row * 200), text, fill="black")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def _approver(api: httpx.Client, owner: Owner, headers: dict[str, str]) -> dict[str, str]:
    """A second member with the approver role, invited by e-mail; the headers of their session."""
    email = f"approver-{secrets.token_hex(4)}@chanda.co.zm"
    invited = api.post(
        f"/api/v1/orgs/{owner.organization_id}/invitations", json={"email": email, "role": "approver"}, headers=headers
    )
    assert invited.status_code == 201, invited.text
    mail: dict[str, object] = {}
    deadline = time.monotonic() + 30
    while not mail and time.monotonic() < deadline:
        found = [m for m in api.get("/api/v1/dev/mailbox").json()["messages"] if email in m["recipients"]]
        mail = dict(found[0]) if found else {}
        time.sleep(0.3)
    assert mail, f"no invitation to {email}"
    token = re.search(r"token=([\w\-.~%]+)", str(mail["text"]))
    assert token is not None, mail["text"]
    joined = api.post(
        "/api/v1/invitations/register",
        json={"token": token.group(1), "full_name": "Mutale Banda", "password": PASSWORD},
    )
    assert joined.status_code == 201, joined.text
    return _api_headers(api, email)


def _new_expense(page: Page, amount: str) -> None:
    expect(page.get_by_role("heading", level=1, name="New expense")).to_be_visible()
    page.get_by_label("Category").select_option(label="Fuel (petrol)")
    page.get_by_label("Amount (K)").fill(amount)


def test_a_receipt_snapped_on_a_phone_is_submitted_approved_by_another_member_and_posted(
    chromium: Browser, web_runtime: Runtime
) -> None:
    owner = _onboarded_owner(web_runtime)
    org = f"/api/v1/orgs/{owner.organization_id}"
    api = httpx.Client(base_url=web_runtime.url, timeout=15)
    context, page = open_page(chromium, "phone")
    try:
        headers = _api_headers(api, owner.email)
        approver = _approver(api, owner, headers)
        _sign_in_through_the_api(page, web_runtime, owner, "/")
        open_from_navigation(page, "Expenses")
        expect(page.get_by_role("heading", level=1, name="Expenses")).to_be_visible()
        _assert_accessible(page, "expenses-list-phone")
        page.get_by_role("main").get_by_role("link", name="New expense").click()

        # Photo first: the camera input is the form's first.
        camera = page.locator("form input[capture='environment']")
        expect(camera).to_have_count(1)
        camera.set_input_files({"name": "IMG_0042.jpg", "mimeType": "image/jpeg", "buffer": _receipt_photo()})
        _new_expense(page, "116")
        expect(page.locator(".expense-totals")).to_contain_text("116.00", timeout=15_000)
        _assert_accessible(page, "expense-new-phone")
        page.get_by_role("button", name="Save and submit").click()

        expect(page.get_by_role("heading", level=1, name="Expense")).to_be_visible(timeout=30_000)
        expect(page.locator(".expenses-details")).to_contain_text("Submitted")
        expense_id = page.url.rsplit("/", 1)[1]
        receipts = api.get(f"{org}/expenses/{expense_id}/receipts", headers=headers)
        assert receipts.status_code == 200, receipts.text
        body = receipts.json()
        items = body if isinstance(body, list) else body["items"]
        assert len(items) == 1, body
        # Downscaled in the browser: at most 1600 px on the longer side.
        assert max(items[0]["width"] or 0, items[0]["height"] or 0) <= 1600, items[0]

        approved = api.post(f"{org}/expenses/{expense_id}/approve", json={}, headers=approver)
        assert approved.status_code == 200, approved.text
        page.reload()
        page.get_by_role("button", name="Post to the ledger").click()
        # An expense is paid when it is posted (cash, bank, wallet or card): "Paid".
        expect(page.locator(".expenses-details")).to_contain_text("Paid", timeout=15_000)
        page.get_by_role("button", name="Show IMG_0042.jpg").click()
        expect(page.locator(".receipt-view img")).to_be_visible()
        _assert_accessible(page, "expense-posted-phone")
        page.get_by_role("link", name="See the journal entry").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Page not found")
        entries = api.get(f"{org}/journal-entries", headers=headers).json()["items"]
        assert any(line["debit"] in ("100.00", "116.00") for entry in entries for line in entry["lines"]), entries
    finally:
        api.close()
        context.close()


def test_an_expense_captured_offline_with_its_photo_is_sent_once_on_reconnect(
    chromium: Browser, web_runtime: Runtime
) -> None:
    owner = _onboarded_owner(web_runtime)
    org = f"/api/v1/orgs/{owner.organization_id}"
    api = httpx.Client(base_url=web_runtime.url, timeout=15)
    context, page = open_page(chromium, "phone")
    try:
        headers = _api_headers(api, owner.email)
        _sign_in_through_the_api(page, web_runtime, owner, "/expenses/new")
        expect(page.get_by_role("heading", level=1, name="New expense")).to_be_visible()
        page.locator("form input[capture='environment']").set_input_files(
            {"name": "IMG_0043.jpg", "mimeType": "image/jpeg", "buffer": _receipt_photo()}
        )
        _new_expense(page, "58")
        expect(page.locator(".expense-totals")).to_contain_text("58.00", timeout=15_000)

        context.set_offline(True)
        expect(page.locator(".offline-banner")).to_contain_text("You are offline.")
        page.get_by_role("button", name="Save as draft").click()
        expect(page.locator(".offline-banner")).to_contain_text("1 change is waiting to be sent.")
        assert api.get(f"{org}/expenses", headers=headers).json()["items"] == []

        context.set_offline(False)
        expect(page.get_by_role("status").filter(has_text="1 saved change was sent.")).to_be_visible(timeout=30_000)
        page.reload()  # a reload sends nothing twice
        expect(page.get_by_role("heading", level=1, name="Expenses")).to_be_visible()
        expenses = api.get(f"{org}/expenses", headers=headers).json()["items"]
        assert [expense["amount_due"] for expense in expenses] == ["58.00"], expenses
        # The photo waited on the phone beside the queued expense, and followed it: once.
        receipts: list[object] = []
        deadline = time.monotonic() + 30
        while not receipts and time.monotonic() < deadline:
            answer = api.get(f"{org}/expenses/{expenses[0]['id']}/receipts", headers=headers).json()
            receipts = answer if isinstance(answer, list) else answer["items"]
            time.sleep(0.5)
        assert len(receipts) == 1, receipts
        page.reload()
        page.wait_for_timeout(2000)
        answer = api.get(f"{org}/expenses/{expenses[0]['id']}/receipts", headers=headers).json()
        assert len(answer if isinstance(answer, list) else answer["items"]) == 1, answer
        assert len(api.get(f"{org}/expenses", headers=headers).json()["items"]) == 1
    finally:
        api.close()
        context.close()
