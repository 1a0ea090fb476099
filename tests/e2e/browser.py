"""Pytest plugin: Debian's Chromium driven by Playwright for Python, and the web app served by
the real local runtime, for browser tests.

Register it with `-p tests.e2e.browser` or in a conftest's `pytest_plugins`. It needs
`apt-get install chromium` (the browser at /usr/bin/chromium; Playwright downloads none) and
a built web app (`npm run build` in static_site/).

Fixtures:
- `chromium`: one headless browser for the session.
- `web_runtime`: `python -m local_runtime run` serving static_site/dist and the API on free
  ports, for the session.

Helpers: `open_page` (a fresh context at phone or desktop size, light or dark),
`open_from_navigation` (a navigation entry as a person reaches it: on the phone's bar, or
under its "More"),
`screenshot` (saved under test-artifacts/web/, which git ignores), `axe_violations` (axe-core
run inside the page).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.e2e.test_local_runtime import Runtime

ROOT = Path(__file__).resolve().parents[2]
WEB_DIST = ROOT / "static_site" / "dist"
AXE_SCRIPT = ROOT / "static_site" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "web"

CHROMIUM = Path(os.environ.get("INTELLIFIN_CHROMIUM", "/usr/bin/chromium"))
#: No sandbox (tests run as root in a container); nothing that calls home or updates itself.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

Size = Literal["phone", "desktop"]
Scheme = Literal["light", "dark"]

#: A mid-range Android phone, and the commonest laptop screen.
VIEWPORTS: dict[Size, dict[str, int]] = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 900},
}


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """Playwright's driver (bundled with the Python package) for the session."""
    with sync_playwright() as driver:
        yield driver


def launch_chromium(driver: Playwright) -> Browser:
    """Debian's Chromium, headless, with nothing running in the background."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's browser with `apt-get install chromium`")
    return driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the session; each test opens its own contexts."""
    browser = launch_chromium(playwright_driver)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="session")
def web_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """The local runtime serving the built web app and the API, started once per session."""
    if not (WEB_DIST / "index.html").exists():
        pytest.fail(f"{WEB_DIST} has no build: run `npm ci && npm run build` in static_site/")
    runtime = Runtime(tmp_path_factory.mktemp("web-runtime"), WEB_DIST)
    runtime.start()
    try:
        yield runtime
    finally:
        # Ctrl-C, as a person stops it: the runtime then stops the PostgreSQL it started,
        # which runs detached and which killing the runtime's process tree would leave behind.
        try:
            runtime.interrupt()
        except subprocess.TimeoutExpired:
            runtime.kill()


def open_page(browser: Browser, size: Size, scheme: Scheme = "light", **options: Any) -> tuple[BrowserContext, Page]:
    """A new context (its own cache, storage and service workers) at `size`, and a page in it."""
    context = browser.new_context(
        viewport=VIEWPORTS[size],
        color_scheme=scheme,
        device_scale_factor=1,
        is_mobile=size == "phone",
        has_touch=size == "phone",
        locale="en-ZM",
        timezone_id="Africa/Lusaka",
        **options,
    )
    return context, context.new_page()


def screenshot(page: Page, name: str) -> Path:
    """Saves the whole page as test-artifacts/web/<name>.png and returns the path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations on the page as it is now, one line each: rule, impact, elements."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} not found: run `npm ci` in static_site/")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through DevTools, which the app's Content-Security-Policy does not block
        # (a <script> tag would be), so the page is tested with its real policy in force.
        page.evaluate(f"() => {{ {AXE_SCRIPT.read_text(encoding='utf-8')}\n}}")
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const results = await axe.run(document, { resultTypes: ['violations'] });
            return results.violations.map((violation) => ({
                id: violation.id,
                impact: violation.impact,
                help: violation.help,
                targets: violation.nodes.map((node) => node.target.join(' ')),
            }));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps(v['targets'])}" for v in violations]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last: Playwright's sync API keeps an event loop running in the
    main thread from its first use until the session ends, and `asyncio.run` in any later
    test would then fail."""
    in_browser = [item for item in items if "playwright_driver" in getattr(item, "fixturenames", ())]
    if in_browser:
        chosen = set(in_browser)
        items[:] = [item for item in items if item not in chosen] + in_browser


def open_from_navigation(page: Page, name: str) -> int:
    """Opens the main navigation's entry `name` as a person would, and says in how many taps.

    One when it is on the phone's bottom bar or in the desktop's side navigation; two when
    it is under the phone's "More"."""
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name=name, exact=True)
    if link.is_visible():
        link.click()
        return 1
    nav.get_by_role("button", name="More").click()
    link.click()
    return 2


def open_dev_mailbox(page: Page) -> None:
    """The dev mailbox, through the one developer entry of the navigation."""
    open_from_navigation(page, "Developer tools")
    page.get_by_role("main").get_by_role("link", name="Dev mailbox").click()
