"""The web app's first load on a slow phone connection: bytes, and time until Home is usable.

    python bench/web_load.py [runs]

Starts `python -m local_runtime run` on free ports serving static_site/dist (build it first),
then loads the app in Debian's Chromium (Playwright) with the network slowed through the
Chrome DevTools Protocol (`Network.emulateNetworkConditions`): 400 kbit/s each way and
400 ms latency, a slow 3G link.

- cold: a new browser context per run (empty HTTP cache, no service worker);
- warm: the same context loading the app a second time (HTTP cache and service worker).

"Usable" is the `intellifin:screen-ready:/` performance mark, set when the Home screen's
code has loaded and rendered (static_site/src/app/LazyScreen.tsx); "landing" is when the
signed-out Home (the landing page) shows its "Create an account" button, i.e. the session
check has answered "signed out" and the page a newcomer reads is up. Bytes are what crossed the (emulated) network
until Home was usable, from `Network.loadingFinished`, headers included. Service-worker
requests are not throttled by the page's emulation, so warm numbers are a floor.
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from local_runtime.postgres import free_port  # noqa: E402

DIST = ROOT / "static_site" / "dist"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KBPS = 400
LATENCY_MS = 400
#: What a phone on slow 3G gets: 400 kbit/s is 50,000 bytes/s.
SLOW_3G = {
    "offline": False,
    "latency": LATENCY_MS,
    "downloadThroughput": KBPS * 1000 / 8,
    "uploadThroughput": KBPS * 1000 / 8,
}
READY_MARK = "intellifin:screen-ready:/"
TIMEOUT_S = 30


@dataclass
class Load:
    """One load of the app: milliseconds from navigation start, and bytes over the network."""

    usable_ms: float | None
    landing_ms: float | None
    app_bytes: int = 0
    api_bytes: int = 0
    requests: list[str] = field(default_factory=list)


def start_runtime(data_dir: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SMTP_HOST", "STORAGE_CONNECTION_STRING"}}
    env.update(
        {
            "INTELLIFIN_DATA_DIR": data_dir,
            "INTELLIFIN_PORT": str(port),
            "INTELLIFIN_PG_PORT": str(free_port()),
            "INTELLIFIN_AZURITE_BLOB_PORT": str(free_port()),
            "INTELLIFIN_AZURITE_TABLE_PORT": str(free_port()),
            "SMTP_PORT": str(free_port()),
            "STATIC_SITE_DIR": str(DIST),
            "INTELLIFIN_PG_FAST": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    runtime = subprocess.Popen(
        [sys.executable, "-m", "local_runtime", "run", "--no-timers"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return runtime, url
        except httpx.HTTPError:
            if time.monotonic() > deadline or runtime.poll() is not None:
                runtime.kill()
                raise SystemExit("the runtime did not start") from None
            time.sleep(0.2)


def load_once(context: BrowserContext, url: str) -> Load:
    """Loads `url` in a new page of `context` on the slow link and measures it."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    cdp.on(
        "Network.loadingFinished",
        lambda event: sizes.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    try:
        page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        usable = _mark_time(page, READY_MARK)
        landing = None if usable is None else _landing_time(page)
        load = Load(usable_ms=usable, landing_ms=landing)
        for request_id, size in sizes.items():
            request_url = urls.get(request_id, "")
            load.requests.append(f"{size:>8}  {request_url.removeprefix(url)}")
            if "/api/" in request_url:
                load.api_bytes += size
            else:
                load.app_bytes += size
        return load
    finally:
        cdp.detach()
        page.close()


def _mark_time(page: Page, name: str) -> float | None:
    try:
        page.wait_for_function(
            "(name) => performance.getEntriesByName(name).length > 0", arg=name, timeout=TIMEOUT_S * 1000
        )
    except PlaywrightTimeout:  # the screen never became usable
        return None
    start: float = page.evaluate("(name) => performance.getEntriesByName(name)[0].startTime", name)
    return start


def _landing_time(page: Page) -> float | None:
    """When the landing page's call to action is on the screen."""
    try:
        page.wait_for_selector(".landing a.button", timeout=TIMEOUT_S * 1000)
    except PlaywrightTimeout:
        return None
    now: float = page.evaluate("() => performance.now()")
    return now


def shell_gzip_bytes() -> int:
    """index.html and the scripts and styles it names, gzip -9: what a CDN sends (the budget)."""
    html = (DIST / "index.html").read_text()
    names = re.findall(r'(?:src|href)="/(assets/[^"]+\.(?:js|css))"', html)
    files = [DIST / "index.html", *(DIST / name for name in dict.fromkeys(names))]
    return sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in files)


def _median(values: list[float | None]) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "never"
    return f"{statistics.median(known) / 1000:.2f} s" + ("" if len(known) == len(values) else " (some never)")


def _report(name: str, loads: list[Load]) -> None:
    usable = [load.usable_ms for load in loads]
    landing = [load.landing_ms for load in loads]
    print(f"{name}: Home usable {_median(usable)}, landing shown {_median(landing)}")
    for index, load in enumerate(loads, 1):
        shown = "never" if load.usable_ms is None else f"{load.usable_ms / 1000:.2f} s"
        print(f"  run {index}: usable {shown}, app {load.app_bytes:,} B, API {load.api_bytes:,} B over the network")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    if not (DIST / "index.html").exists():
        raise SystemExit("static_site/dist has no build: run `npm ci && npm run build` in static_site/")
    print(f"link: {KBPS} kbit/s down and up, {LATENCY_MS} ms latency; {runs} runs each")
    print(f"shell (index.html, its scripts and styles), gzip -9: {shell_gzip_bytes():,} B (budget 153,600 B)")
    with tempfile.TemporaryDirectory(prefix="intellifin-bench-") as data:
        runtime, url = start_runtime(data)
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                cold: list[Load] = []
                warm: list[Load] = []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
                    cold.append(load_once(context, url))
                    time.sleep(1)  # lets the service worker install and cache the shell
                    warm.append(load_once(context, url))
                    context.close()
                browser.close()
        finally:
            runtime.send_signal(signal.SIGINT)  # stops PostgreSQL and Azurite too
            runtime.wait(timeout=60)
    _report("cold", cold)
    _report("warm", warm)
    print("cold load, bytes per request (last run):")
    details: list[Any] = cold[-1].requests
    for line in details:
        print(f"  {line}")


if __name__ == "__main__":
    main()
