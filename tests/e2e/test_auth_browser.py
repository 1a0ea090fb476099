"""The sign-in family of screens in a real browser (Debian's Chromium) against the real local
runtime: the whole life of two accounts, as their owners would go through it.

On a phone: register, read the verification mail in the dev mailbox, follow its link, sign
in, turn on two-step sign-in (the code computed here with pyotp from the key shown on
screen), sign out, sign in again with a code. The organization is created through the API
with the access token of that sign-in (the onboarding wizard has its own test). The owner
invites a member from the team screen; in a second browser context, at desktop size, the
invited person follows the link in the invitation mail and registers through it. Each screen
is checked by axe-core and screenshotted under test-artifacts/web/ (git ignores it).

Needs the plugin `tests.e2e.browser` (registered by tests/conftest.py) and a built web app.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import httpx
import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import Size, axe_violations, open_dev_mailbox, open_from_navigation, open_page, screenshot
from tests.e2e.test_local_runtime import Runtime

pytestmark = pytest.mark.slow

OWNER_PASSWORD = "mosi oa tunya at dawn"
MEMBER_PASSWORD = "kapenta with nshima 2026"
CONFIRM_SUBJECT = "Confirm your e-mail address for IntelliFin"
STEP_SECONDS = 30


def _mail_to(runtime: Runtime, address: str, subject: re.Pattern[str], timeout: float = 30) -> dict[str, Any]:
    """The newest mail to `address` whose subject matches, from the dev mailbox API."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = httpx.get(f"{runtime.url}/api/v1/dev/mailbox", timeout=5).json()["messages"]
        for message in messages:
            if subject.search(message["subject"]) and address in message["recipients"]:
                return dict(message)
        time.sleep(0.25)
    raise AssertionError(f"no mail matching {subject.pattern!r} to {address}")


def _link_token(message: dict[str, Any], path: str) -> str:
    found = re.search(rf"{re.escape(path)}\?token=([A-Za-z0-9_\-]+)", message["text"])
    assert found, f"the mail {message['subject']!r} has no {path} link"
    return found.group(1)


def _check(page: Page, name: str) -> None:
    """Screenshot, then axe-core: no violations, contrast included."""
    screenshot(page, f"auth-{name}")
    assert axe_violations(page) == [], name


def _profile() -> dict[str, Any]:
    return {
        "legal_name": "Lusaka Traders Limited",
        "trading_name": "Lusaka Traders",
        "business_type": "private_ltd_shares",
        "tpin": "1002345678",
        "vat_registered": False,
        "turnover_tax": True,
        "physical_address": {"line1": "Plot 5, Cha Cha Cha Road", "town": "Lusaka", "province": "lusaka"},
        "phone": "0977 123456",
        "email": "accounts@lusaka-traders.co.zm",
    }


def _create_organization(page: Page, runtime: Runtime, access_token: str) -> str:
    """Creates the organization through the API as the signed-in owner; waits for the run."""
    headers = {"Authorization": f"Bearer {access_token}", "X-IntelliFin-Authorization": f"Bearer {access_token}"}
    started = page.request.post(f"{runtime.url}/api/v1/organizations", data=_profile(), headers=headers)
    assert started.status == 202, started.text()
    instance_id = started.json()["instance_id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = page.request.get(f"{runtime.url}/api/v1/onboarding/{instance_id}", headers=headers).json()
        if run["status"] != "running" and run["organization_id"]:
            assert run["status"] == "completed", run
            return str(run["organization_id"])
        time.sleep(0.25)
    raise AssertionError("onboarding did not finish")


def _signed_out_screens(page: Page, runtime: Runtime, size: Size) -> None:
    for path, heading in [
        ("/sign-in", "Sign in"),
        ("/register", "Create an account"),
        ("/forgot-password", "Forgot your password?"),
    ]:
        page.goto(f"{runtime.url}{path}")
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        _check(page, f"{path.strip('/')}-{size}")


def test_register_verify_enrol_mfa_sign_in_with_a_code_invite_and_accept(
    chromium: Browser, web_runtime: Runtime
) -> None:
    url = web_runtime.url
    owner_email = f"chanda.{uuid.uuid4().hex[:8]}@lusaka-traders.co.zm"
    member_email = f"mutale.{uuid.uuid4().hex[:8]}@lusaka-traders.co.zm"
    owner, page = open_page(chromium, "phone")
    member = None
    try:
        # Signed out, the protected screens send to sign-in and come back afterwards.
        page.goto(f"{url}/team")
        expect(page).to_have_url(f"{url}/sign-in?next=%2Fteam")
        expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(
            ["Home", "Pending changes"]
        )

        # 1. Register.
        page.get_by_role("link", name="Create an account").click()
        expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("alert").filter(has_text="Please correct the following")).to_be_focused()
        _check(page, "register-errors-phone")
        page.get_by_label("Full name").fill("Chanda Mwila")
        page.get_by_label("E-mail address").fill(owner_email)
        page.get_by_role("textbox", name="Password", exact=True).fill("password")
        page.get_by_role("button", name="Create account").click()
        # The API's own field errors land under the field (a common password).
        expect(page.locator("#register-password-error")).to_be_visible()
        page.get_by_role("textbox", name="Password", exact=True).fill(OWNER_PASSWORD)
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
        _check(page, "register-sent-phone")

        # 2. The verification mail (delivered by a queue function: waited for), read in the
        #    dev mailbox screen, then its link.
        token = _link_token(_mail_to(web_runtime, owner_email, re.compile(re.escape(CONFIRM_SUBJECT))), "/verify-email")
        open_dev_mailbox(page)
        page.get_by_role("button", name=re.compile(f"{CONFIRM_SUBJECT}.*{re.escape(owner_email)}")).click()
        expect(page.locator("pre.message__text")).to_contain_text(f"/verify-email?token={token}")
        page.goto(f"{url}/verify-email?token={token}")
        expect(page.get_by_role("status").filter(has_text="Your e-mail address is confirmed")).to_be_visible()
        # The token leaves the address bar (and the history) once read.
        expect(page).to_have_url(f"{url}/verify-email")
        _check(page, "verified-phone")

        # 3. Sign in with the password.
        page.get_by_role("main").get_by_role("link", name="Sign in").click()
        page.get_by_label("E-mail address").fill(owner_email)
        page.get_by_role("textbox", name="Password", exact=True).fill(OWNER_PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page).to_have_url(f"{url}/")
        account = page.get_by_role("button", name="Account: Chanda Mwila")
        expect(account).to_be_visible()

        # 4. Two-step sign-in: the key shown on screen, the code computed here.
        account.click()
        page.get_by_role("link", name="Sign-in and security").click()
        expect(page.get_by_role("heading", level=1, name="Sign-in and security")).to_be_visible()
        page.get_by_role("button", name="Turn on two-step sign-in").click()
        page.get_by_role("textbox", name="Password", exact=True).fill(OWNER_PASSWORD)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
        secret = page.locator("code.secret").inner_text().replace(" ", "")
        totp = pyotp.TOTP(secret)
        _check(page, "mfa-scan-phone")
        confirmed_at = time.time()
        page.get_by_label("Code from the app").fill(totp.at(confirmed_at))
        page.get_by_role("button", name="Turn on").click()
        codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
        expect(codes).to_have_count(10)
        _check(page, "mfa-recovery-codes-phone")
        page.get_by_role("button", name="I have saved them").click()
        expect(page.get_by_text("10 recovery codes left.")).to_be_visible()

        # 5. Sign out.
        page.get_by_role("button", name="Account: Chanda Mwila").click()
        page.get_by_role("button", name="Sign out", exact=True).click()
        expect(page).to_have_url(f"{url}/sign-in")
        expect(page.get_by_role("button", name="Settings")).to_be_visible()

        # 6. Sign in again: password, then a code (the next step's: the one used to confirm
        #    is spent, and a step either side of now is accepted).
        page.get_by_label("E-mail address").fill(owner_email)
        page.get_by_role("textbox", name="Password", exact=True).fill(OWNER_PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_focused()
        page.get_by_label("Code from the app").fill("000000" if totp.at(confirmed_at) != "000000" else "111111")
        page.get_by_role("button", name="Verify and sign in").click()
        expect(page.locator("#sign-in-totp-code-error")).to_contain_text("That code is not correct")
        _check(page, "sign-in-code-phone")
        page.get_by_label("Code from the app").fill(totp.at(confirmed_at + STEP_SECONDS))
        with page.expect_response(f"{url}/api/v1/auth/login") as login:
            page.get_by_role("button", name="Verify and sign in").click()
        assert login.value.ok, login.value.text()
        access_token = login.value.json()["access_token"]
        expect(page).to_have_url(f"{url}/")
        expect(page.get_by_role("button", name="Account: Chanda Mwila")).to_be_visible()

        # 7. An organization, made through the API as this user.
        _create_organization(page, web_runtime, access_token)

        # 8. A reload: the session comes back from the refresh cookie, with the organization.
        page.reload()
        expect(page.locator(".org-switcher")).to_have_text("Lusaka Traders")
        open_from_navigation(page, "Team")
        expect(page.get_by_role("heading", level=1, name="Team")).to_be_visible()
        expect(page.locator("tbody tr")).to_have_count(1)
        expect(page.locator("tbody tr").first).to_contain_text("Chanda Mwila (you)")
        _check(page, "team-phone")

        # 9. Invite a member.
        page.get_by_role("navigation", name="Team pages").get_by_role("link", name="Invitations").click()
        page.get_by_label("Their e-mail address").fill(member_email)
        page.get_by_label("Role", exact=True).select_option(label="Accountant")
        page.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_role("status").filter(has_text=f"Invitation sent to {member_email}.")).to_be_visible()
        expect(page.locator("tbody tr").filter(has_text=member_email)).to_contain_text("Pending")
        _check(page, "invitations-phone")
        invitation = _mail_to(web_runtime, member_email, re.compile("invited you to Lusaka Traders"))
        invitation_token = _link_token(invitation, "/accept-invitation")

        # 10. The invited person, on a computer: the link, then an account made through it.
        member, other = open_page(chromium, "desktop")
        _signed_out_screens(other, web_runtime, "desktop")
        other.goto(f"{url}/accept-invitation?token={invitation_token}")
        expect(other.get_by_text("Chanda Mwila invited you to join Lusaka Traders as Accountant.")).to_be_visible()
        expect(other).to_have_url(f"{url}/accept-invitation")
        _check(other, "invitation-desktop")
        other.get_by_label("Full name").fill("Mutale Banda")
        other.get_by_role("textbox", name="Password", exact=True).fill(MEMBER_PASSWORD)
        other.get_by_role("button", name="Create account and join").click()
        expect(other.get_by_role("status").filter(has_text="You joined Lusaka Traders as Accountant.")).to_be_visible()
        expect(other.get_by_role("button", name="Account: Mutale Banda")).to_be_visible()
        _check(other, "invitation-accepted-desktop")
        other.get_by_role("button", name="Open Lusaka Traders").click()
        expect(other).to_have_url(f"{url}/")
        # An accountant may not see the team.
        expect(other.get_by_role("navigation", name="Main").get_by_role("link", name="Team")).to_have_count(0)
        other.goto(f"{url}/team")
        expect(other.get_by_role("heading", level=1, name="Not allowed")).to_be_visible()

        # 11. The owner sees the new member.
        page.get_by_role("navigation", name="Team pages").get_by_role("link", name="Members").click()
        expect(page.locator("tbody tr").filter(has_text="Mutale Banda")).to_contain_text("Accountant")
        screenshot(page, "auth-team-with-member-phone")
    finally:
        owner.close()
        if member is not None:
            member.close()


def test_signed_out_screens_on_a_phone(chromium: Browser, web_runtime: Runtime) -> None:
    context, page = open_page(chromium, "phone", "dark")
    try:
        _signed_out_screens(page, web_runtime, "phone")
        # A link whose token is wrong says so, and offers a new one.
        page.goto(f"{web_runtime.url}/reset-password?token=not-a-real-token-at-all")
        page.get_by_label("New password", exact=True).fill("a brand new passphrase")
        page.get_by_role("button", name="Save new password").click()
        expect(page.get_by_role("main").get_by_role("alert")).to_contain_text("This link cannot be used")
        _check(page, "reset-invalid-phone")
    finally:
        context.close()
