"""A new user's first five minutes, on a phone and on a desktop, in a real browser against the
real local runtime: land, create an account, confirm the e-mail, sign in, set up the business,
arrive on its Home with the getting-started checklist. No address is typed: every step is a
tap on what the screen offers, or a link of an e-mail the app sent.

Then every link the app sends by e-mail (confirmation, welcome, password reset, password
changed, account exists, invitation) is followed and must open a real screen, not "Page not
found".

Needs the plugin `tests.e2e.browser` (registered by tests/conftest.py) and a built web app.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import Size, axe_violations, open_from_navigation, open_page, screenshot
from tests.e2e.test_local_runtime import Runtime

pytestmark = pytest.mark.slow

PASSWORD = "kwacha and ngwee 2026"
NEW_PASSWORD = "chitenge and copper 2027"
LANDING = "The back office for your business"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def _mail_to(runtime: Runtime, address: str, subject: str, timeout: float = 30) -> dict[str, Any]:
    """The mail to `address` whose subject starts with `subject`, from the dev mailbox API."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in httpx.get(f"{runtime.url}/api/v1/dev/mailbox", timeout=5).json()["messages"]:
            if str(message["subject"]).startswith(subject) and address in message["recipients"]:
                return dict(message)
        time.sleep(0.3)
    raise AssertionError(f"no mail {subject!r} to {address}")


def _links(runtime: Runtime, message: dict[str, Any]) -> list[str]:
    """Every link in the mail's text; each must point at this app."""
    links = LINK.findall(str(message["text"]))
    assert links, f"the mail {message['subject']!r} has no link"
    for link in links:
        assert link.startswith(runtime.url + "/"), link
    return list(links)


def _opens_a_real_screen(page: Page, link: str, name: str) -> None:
    """Follows an e-mail's link as a tap in the mail app would: a screen with a heading, never "Page not found"."""
    page.goto(link)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    expect(heading).not_to_have_text("Page not found")
    screenshot(page, f"first-minutes-mail-{name}")
    assert axe_violations(page) == [], name


def _check(page: Page, name: str) -> None:
    screenshot(page, f"first-minutes-{name}")
    assert axe_violations(page) == [], name


def _set_up_the_business(page: Page, name: str) -> None:
    """The wizard's five steps, with only what it requires."""
    page.get_by_label("Legal name").fill(f"{name} Limited")
    page.get_by_label("Trading name").fill(name)
    page.get_by_label("Business type").select_option("private_ltd_shares")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("TPIN").fill("1002 345 678")
    page.get_by_role("group", name="Is the business registered for VAT?").get_by_label("No").check()
    page.get_by_role("group", name="Is the business on Turnover Tax?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Address", exact=True).fill("Plot 12, Cairo Road")
    page.get_by_label("Town or city").fill("Lusaka")
    page.get_by_label("Province").select_option("lusaka")
    page.get_by_label("Phone number").fill("0977123456")
    page.get_by_label("E-mail address").fill("accounts@chanda.co.zm")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Create organization").click()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_new_users_first_five_minutes_have_no_dead_end_and_every_mail_link_opens_a_screen(
    chromium: Browser, web_runtime: Runtime, size: Size
) -> None:
    url = web_runtime.url
    email = f"chanda.{uuid.uuid4().hex[:10]}@chanda.co.zm"
    business = f"Chanda Hardware {uuid.uuid4().hex[:4]}"
    context, page = open_page(chromium, size)
    try:
        # Land: what IntelliFin is, and the way in.
        page.goto(url)
        expect(page.get_by_role("heading", level=1, name=LANDING)).to_be_visible()
        _check(page, f"1-landing-{size}")
        page.get_by_role("main").get_by_role("link", name="Create an account").click()

        # Register.
        expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
        page.get_by_label("Full name").fill("Chanda Mwale")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

        # Verify: the confirmation e-mail's link, then the sign-in it offers.
        (verify_link,) = _links(web_runtime, _mail_to(web_runtime, email, "Confirm your e-mail address"))
        page.goto(verify_link)
        expect(page.get_by_role("status").filter(has_text="Your e-mail address is confirmed")).to_be_visible()
        page.goto(verify_link)  # the same link clicked again: no dead end, no "link cannot be used"
        expect(page.get_by_role("status").filter(has_text="already confirmed")).to_be_visible()
        page.get_by_role("main").get_by_role("link", name="Sign in").click()
        page.get_by_label("E-mail address").fill(email)
        page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()

        # Home, with no business yet, offers to set one up.
        expect(page).to_have_url(f"{url}/")
        expect(page.get_by_role("heading", level=1, name="Welcome, Chanda Mwale")).to_be_visible()
        _check(page, f"2-no-business-{size}")
        page.get_by_role("main").get_by_role("link", name="Set up your business").click()
        expect(page.get_by_role("heading", level=1, name="Set up your business")).to_be_visible()
        _set_up_the_business(page, business)

        # Arrive on the business's Home: its checklist and its money.
        expect(page).to_have_url(f"{url}/", timeout=30_000)
        expect(page.get_by_role("heading", level=1, name=business)).to_be_visible()
        checklist = page.get_by_role("region", name="Getting started")
        expect(checklist.get_by_role("listitem")).to_have_count(3)
        expect(checklist.get_by_role("listitem").filter(has_text="Invite your team")).to_contain_text("To do")
        expect(page.get_by_role("region", name="Cash, bank and mobile money")).to_contain_text("Total")
        _check(page, f"3-home-{size}")
        _every_navigation_entry_in_one_or_two_taps(page, size)

        # The welcome e-mail's link opens that organization's Home.
        welcome = _mail_to(web_runtime, email, "Welcome to IntelliFin")
        assert "ZRA" not in welcome["text"] and "Airtel" not in welcome["text"]
        (welcome_link,) = _links(web_runtime, welcome)
        assert re.search(r"/orgs/[0-9a-f-]{36}$", welcome_link), welcome_link
        page.goto(welcome_link)
        expect(page).to_have_url(f"{url}/")
        expect(page.get_by_role("heading", level=1, name=business)).to_be_visible()

        _every_other_mail_link_opens_a_screen(page, web_runtime, email, welcome_link)
    finally:
        context.close()


def _every_navigation_entry_in_one_or_two_taps(page: Page, size: Size) -> None:
    """Each entry the owner's navigation holds opens its screen from Home in at most two taps
    on the phone (one on the desktop), and no screen is wider than the window."""
    names = page.get_by_role("navigation", name="Main").locator("a").all_text_contents()
    assert "Ledger" in names and "Team" in names and "Organization" in names, names
    for name in names:
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Home", exact=True).click()
        taps = open_from_navigation(page, name)
        assert taps <= (2 if size == "phone" else 1), (name, taps)
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_be_visible()
        expect(heading).not_to_have_text("Page not found")
        _fits_the_window(page, name)
    # The team's tables, reached from its screen's own links: members, invitations, audit log.
    open_from_navigation(page, "Team")
    expect(page.locator("table")).to_be_visible()
    _fits_the_window(page, "Members")
    for name in ["Invitations", "Audit log"]:
        page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
        _fits_the_window(page, name)


#: The page and every table on it within the window's width (a card layout on the phone).
FITS = """() => document.documentElement.scrollWidth <= window.innerWidth
  && [...document.querySelectorAll('table, td button')]
    .every((element) => element.getBoundingClientRect().right <= window.innerWidth)"""


def _fits_the_window(page: Page, name: str) -> None:
    width = (page.viewport_size or {"width": 0})["width"]
    screenshot(page, f"first-minutes-fits-{name.lower().replace(' ', '-')}-{width}")
    assert page.evaluate(FITS), f"{name}: a table or one of its actions is wider than the window"


def _every_other_mail_link_opens_a_screen(page: Page, runtime: Runtime, email: str, welcome_link: str) -> None:
    """Invitation, account exists, password reset and password changed: each link followed."""
    organization_id = welcome_link.rsplit("/", 1)[1]
    invitee = f"mutale.{uuid.uuid4().hex[:10]}@chanda.co.zm"
    with httpx.Client(base_url=runtime.url, timeout=10) as client:
        signed_in = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        token = signed_in.json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "X-IntelliFin-Authorization": f"Bearer {token}"}
        invited = client.post(
            f"/api/v1/orgs/{organization_id}/invitations", json={"email": invitee, "role": "viewer"}, headers=headers
        )
        assert invited.status_code == 201, invited.text
        again = client.post("/api/v1/auth/register", json={"email": email, "full_name": "Chanda", "password": PASSWORD})
        assert again.status_code == 202, again.text
        reset = client.post("/api/v1/auth/password-reset/request", json={"email": email})
        assert reset.status_code == 202, reset.text

    (invitation_link,) = _links(runtime, _mail_to(runtime, invitee, "Chanda Mwale invited you"))
    _opens_a_real_screen(page, invitation_link, "invitation")
    for link in _links(runtime, _mail_to(runtime, email, "Someone tried to register")):
        _opens_a_real_screen(page, link, "account-exists")
    (reset_link,) = _links(runtime, _mail_to(runtime, email, "Reset your IntelliFin password"))
    _opens_a_real_screen(page, reset_link, "password-reset")

    reset_token = reset_link.split("token=", 1)[1]
    confirmed = httpx.post(
        f"{runtime.url}/api/v1/auth/password-reset/confirm",
        json={"token": reset_token, "password": NEW_PASSWORD},
        timeout=10,
    )
    assert confirmed.status_code == 200, confirmed.text
    for link in _links(runtime, _mail_to(runtime, email, "Your IntelliFin password was changed")):
        _opens_a_real_screen(page, link, "password-changed")
