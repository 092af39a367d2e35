"""A real browser on `kaffefoerst serve`: Debian's chromium driven by Playwright (no browser
download). No citizen data before log-in, a wrong PIN refused, the right one shows the board
with that person's role, and nothing is requested from another host.

The terminal is drawn on a canvas, so the test reads what the server sends over the WebSocket.
.ci/run installs chromium and sets KAFFEFOERST_REQUIRE_BROWSER, so there this test cannot skip.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kaffefoerst.io.pins import set_pin
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DAY = date(2026, 3, 2)
PIN = "581302"
# Terminal control sequences, to read the text between them.
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-_])")


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


if (missing := _browser_missing()) is not None:
    if os.environ.get("KAFFEFOERST_REQUIRE_BROWSER"):
        raise RuntimeError(f"the browser test must run here: {missing}")
    pytest.skip(missing, allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The sample team behind PINs on a free port; the URL and every citizen's names."""
    folder = tmp_path_factory.mktemp("browser")
    db, pins = folder / "team.db", folder / "pins.json"
    store = Store.open_sqlite(db)
    load_sample(store, DAY)
    store.close()
    set_pin(pins, "MH", PIN)
    with sqlite3.connect(db) as conn:
        names = [n for row in conn.execute("SELECT name, short_name FROM citizen") for n in row]
    conn.close()
    port = free_port()
    command = [sys.executable, "-m", "kaffefoerst", "--db", str(db), "--date", DAY.isoformat()]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--pin-file", str(pins)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}", names
    finally:
        process.terminate()
        process.wait(timeout=30)


class Tab:
    """One browser tab on the board: what it asked for, and the text it was sent."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.frames: list[str | bytes] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", self._websocket)

    def _websocket(self, ws) -> None:  # noqa: ANN001 - Playwright's WebSocket
        self.requests.append(ws.url)
        ws.on("framereceived", lambda payload: self.frames.append(payload))

    def text(self) -> str:
        raw = "".join(
            f if isinstance(f, str) else f.decode("utf-8", "replace") for f in self.frames
        )
        return ANSI.sub("", raw)

    def wait_for(self, words: str, timeout_s: float = 60) -> str:
        deadline = time.monotonic() + timeout_s
        while words not in self.text():
            assert time.monotonic() < deadline, f"never shown: {words!r} in {self.text()[-400:]!r}"
            self.page.wait_for_timeout(100)
        return self.text()

    def type(self, *keys: str) -> None:
        for key in keys:
            if key == "enter":
                self.page.keyboard.press("Enter")
            else:
                self.page.keyboard.type(key)


def test_log_in_in_a_real_browser(served: tuple[str, list[str]]) -> None:
    url, names = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = Tab(browser.new_page(viewport={"width": 1600, "height": 1000}))
            tab.page.goto(url)
            before = tab.wait_for("log ind med dine initialer")
            assert [n for n in names if n in before] == []  # no citizen data before log-in

            tab.page.locator("#terminal").click()
            tab.type("MH", "enter", "000000", "enter")
            refused = tab.wait_for("Forkerte initialer eller PIN")
            assert "Du er MH" not in refused
            assert [n for n in names if n in refused] == []

            tab.type(PIN, "enter")
            board = tab.wait_for("Du er MH (planlægger)")
            assert [n for n in names if n in board]  # now the board, with its citizens
        finally:
            browser.close()
    own = urlsplit(url).netloc
    assert tab.requests and {urlsplit(r).netloc for r in tab.requests} == {own}
