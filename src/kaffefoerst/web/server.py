"""textual-serve's server, made fit for health data: WebSockets only from our own page, a cap on
open tabs, pages that load nothing from elsewhere, and each tab told the browser's address.

Each tab is a process (about 70 MB); without a cap, a page opening tabs in a loop would
exhaust the machine. ``exec`` lets that process replace the shell that starts it.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
from pathlib import Path

import textual_serve
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from kaffefoerst.locale import t
from kaffefoerst.visible import visible, visible_lines
from kaffefoerst.web.origin import is_own_origin, known_origins
from kaffefoerst.web.page import index_html, refused_html, security_headers

log = logging.getLogger("kaffefoerst.serve")
DEFAULT_MAX_TABS = 30


class _VisibleFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return visible_lines(super().format(record))


class KaffeServer(Server):
    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        max_tabs: int = DEFAULT_MAX_TABS,
        origins: tuple[str, ...] = (),
    ) -> None:
        super().__init__(command, host=host, port=port, title="kaffefoerst")
        self.statics_path = Path(textual_serve.__file__).parent / "static"
        self.max_tabs = max_tabs
        self.origins = known_origins(host, port, origins)
        self.tabs = 0

    def initialize_logging(self) -> None:
        # Plain lines: textual-serve's handler prints tracebacks with local variables. Request
        # lines and headers come from anyone, so they reach the terminal as visible text.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_VisibleFormatter("%(asctime)s %(message)s"))
        logging.basicConfig(level="INFO", handlers=[handler])

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: `serve` has said where it listens."""

    async def _make_app(self) -> web.Application:
        app = web.Application()
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        return app

    def _websocket_url(self, request: web.Request) -> str:
        return f"{'wss' if request.secure else 'ws'}://{request.host}/ws"

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        headers = security_headers(self._websocket_url(request))
        if self.tabs >= self.max_tabs:
            log.warning(visible(f"refused a tab: {self.tabs} open (limit {self.max_tabs})"))
            return web.Response(
                text=refused_html(self.max_tabs),
                status=503,
                content_type="text/html",
                headers=headers,
            )
        font_size = min(max(to_int(request.query.get("fontsize", "16"), 16), 6), 64)
        html = index_html(self._websocket_url(request), font_size)
        return web.Response(text=html, content_type="text/html", headers=headers)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        client = request.remote or "?"
        if not is_own_origin(origin, request.host, self.host, self.origins):
            log.warning(visible(f"refused a WebSocket from origin {origin!r} (client {client})"))
            raise web.HTTPForbidden(text=t("serve.bad_origin"))
        if self.tabs >= self.max_tabs:
            log.warning(visible(f"refused a tab from {client}: limit {self.max_tabs} reached"))
            raise web.HTTPServiceUnavailable(text=t("serve.full", limit=self.max_tabs))
        self.tabs += 1
        try:
            return await self._run_tab(request, client)
        finally:
            self.tabs -= 1

    async def _run_tab(self, request: web.Request, client: str) -> web.WebSocketResponse:
        """As textual-serve's handler, with the browser's address on the tab's command line."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = min(max(to_int(request.query.get("width", "80"), 80), 10), 1000)
        height = min(max(to_int(request.query.get("height", "24"), 24), 5), 500)
        command = f"exec {self.command} --client {shlex.quote(client)}"
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=False,
            )
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - one tab's failure must not stop the others
            log.warning(visible(f"a tab from {client} failed: {type(error).__name__}"))
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket
