"""`kaffefoerst serve` on the wire: WebSockets only from its own page (a forged Origin is refused
and logged), a cap on tabs with a clear page, and pages that name no other host."""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from kaffefoerst.web.origin import is_own_origin, known_origins

# --- the origin rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "own"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("http://[::1]:8000", True),
        ("http://LOCALHOST:8000/", True),
        ("http://evil.example", False),
        ("http://127.0.0.1:8001", False),  # another program on this machine
        ("https://127.0.0.1:8000", False),
        ("null", False),  # a sandboxed frame or a file:// page
        ("", False),
        (None, False),
    ],
)
def test_a_loopback_server_knows_only_its_own_origins(origin: str | None, own: bool) -> None:
    known = known_origins("127.0.0.1", 8000)
    assert is_own_origin(origin, "127.0.0.1:8000", "127.0.0.1", known) is own


def test_dns_rebinding_gets_nothing_even_with_a_matching_host_header() -> None:
    """evil.example pointed at 127.0.0.1: the browser sends Host and Origin alike."""
    known = known_origins("127.0.0.1", 8000)
    assert not is_own_origin("http://evil.example:8000", "evil.example:8000", "127.0.0.1", known)
    wide = known_origins("0.0.0.0", 8000)
    assert not is_own_origin("http://evil.example:8000", "evil.example:8000", "0.0.0.0", wide)
    # Served on every interface, the page reached by an address is its own origin…
    assert is_own_origin("http://192.168.1.20:8000", "192.168.1.20:8000", "0.0.0.0", wide)
    # …and a name given with --origin (a proxy in front) is too.
    proxied = known_origins("0.0.0.0", 8000, ["https://tavle.kommune.dk"])
    assert is_own_origin("https://tavle.kommune.dk", "tavle.kommune.dk", "0.0.0.0", proxied)


# --- a real server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, port: int, process: subprocess.Popen[str], log: Path) -> None:
        self.port = port
        self.process = process
        self.log = log
        self.url = f"http://127.0.0.1:{port}"

    def log_text(self) -> str:
        return self.log.read_text("utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample team served on a free port, at most one tab at a time."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    port = free_port()
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "kaffefoerst", "serve", "--demo", "--port", str(port)]
            + ["--max-tabs", "1"],
            stdout=handle,
            stderr=subprocess.STDOUT,
            text=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield Served(port, process, log)
    finally:
        process.terminate()
        process.wait(timeout=30)


async def first_screen(ws: aiohttp.ClientWebSocketResponse) -> bytes:
    """The tab's output until the board's header arrives."""
    data = b""
    async with asyncio.timeout(60):
        while b"Du er MH" not in data:
            message = await ws.receive()
            assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
            if message.type == aiohttp.WSMsgType.BINARY:
                data += message.data
    return data


async def until_free(session: aiohttp.ClientSession, served: Served) -> None:
    """Until the page is served again: a closed tab's process takes a moment to end."""
    async with asyncio.timeout(30):
        while True:
            async with session.get(served.url + "/") as page:
                if page.status == 200:
                    return
            await asyncio.sleep(0.2)


async def test_a_forged_origin_is_refused_and_logged_and_our_own_gets_the_board(served) -> None:  # noqa: ANN001
    url = f"{served.url}/ws?width=120&height=40"
    async with aiohttp.ClientSession() as session:
        await until_free(session, served)
        for origin in ("http://evil.example", None):
            headers = {"Origin": origin} if origin else {}
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url, headers=headers)
            assert refused.value.status == 403
        async with session.ws_connect(url, headers={"Origin": served.url}) as ws:
            assert b"Du er MH" in await first_screen(ws)
    log = served.log_text()
    assert "refused a WebSocket from origin 'http://evil.example' (client 127.0.0.1)" in log
    assert "refused a WebSocket from origin None" in log


async def test_a_tab_too_many_gets_a_clear_page(served) -> None:  # noqa: ANN001
    url = f"{served.url}/ws?width=120&height=40"
    async with aiohttp.ClientSession() as session:
        await until_free(session, served)
        async with session.ws_connect(url, headers={"Origin": served.url}) as ws:
            await first_screen(ws)
            async with session.get(served.url + "/") as page:
                assert page.status == 503
                assert "Tavlen har allerede 1 faner åbne" in await page.text()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url, headers={"Origin": served.url})
            assert refused.value.status == 503
        await until_free(session, served)  # the tab's process ends; its place is free again


ASSET = re.compile(r"""(?:href|src)="([^"]+)"|url\(\s*["']?([^"')]+)""")
# A host after "//": a name with a dot, an IPv4 or IPv6 address, with or without a port.
HOST = re.compile(r"//((?:[a-z0-9-]+\.)+[a-z0-9-]+(?::\d+)?|\[[0-9a-f:]+\](?::\d+)?)", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


async def test_the_page_and_its_assets_name_no_other_host(served) -> None:  # noqa: ANN001
    own = f"127.0.0.1:{served.port}"
    async with aiohttp.ClientSession() as session:
        await until_free(session, served)
        async with session.get(served.url + "/") as page:
            assert page.status == 200
            html = await page.text()
            policy = page.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "font-src 'self'" in policy
        texts = {"/": html}
        queue = [a or b for a, b in ASSET.findall(html)]
        while queue:
            link = queue.pop()
            if link in texts or link.startswith("data:"):
                continue
            async with session.get(served.url + link) as asset:
                assert asset.status == 200, link
                body = await asset.read()
            text = body.decode("utf-8", "replace")
            if link.endswith(".css"):  # hosts named in comments are not requests
                text = CSS_COMMENT.sub("", text)
                queue += [a or b for a, b in ASSET.findall(text)]
            texts[link] = "" if link.endswith(".ttf") else text
    assert any(link.endswith(".ttf") for link in texts)  # the font comes from us
    named = {
        (link, host) for link, text in texts.items() for host in HOST.findall(text) if host != own
    }
    assert named == set()
