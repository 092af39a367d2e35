"""Which web pages may open a board's WebSocket: only the page `serve` itself served.

A browser sends the Origin of the page that opens a WebSocket, and any site open on the meeting
PC could otherwise open ``ws://127.0.0.1:8000/ws`` and drive the board (cross-site WebSocket
hijacking). Comparing with the Host header alone is not enough: a site whose name has been
pointed at 127.0.0.1 (DNS rebinding) sends a matching pair. So the origin must be one we
know: the address served on, its loopback names, origins given with --origin, or, when serving
on every interface, the Host the browser used if that is an IP address or this machine's name.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")


def _host_text(host: str) -> str:
    """A host as it appears in an origin: IPv6 addresses in brackets."""
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    except ValueError:
        pass
    return host.lower()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def known_origins(host: str, port: int, extra: list[str] | tuple[str, ...] = ()) -> set[str]:
    """The origins of pages this server serves, as ``scheme://host:port`` in lower case."""
    names = {_host_text(host)}
    if is_loopback(host):
        names.update(LOOPBACK_NAMES)
    origins = {f"http://{name}:{port}" for name in names if host not in WILDCARDS}
    origins.update(normalise(o) for o in extra)
    origins.discard("")
    return origins


def normalise(origin: str) -> str:
    """``scheme://host:port`` with the default port written out; "" for anything else."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
        return ""
    if parts.path not in ("", "/") or parts.query or parts.username or parts.password:
        return ""
    return f"{parts.scheme}://{_host_text(parts.hostname)}:{port}"


def _this_machine(name: str) -> bool:
    """An IP address literal, or this machine's own name: never a name someone else controls."""
    bare = name.strip("[]")
    try:
        ipaddress.ip_address(bare)
        return True
    except ValueError:
        pass
    return bare.lower() in {socket.gethostname().lower(), socket.getfqdn().lower()}


def is_own_origin(origin: str | None, host_header: str, bound: str, known: set[str]) -> bool:
    """True only for a page this server served (see the module's note)."""
    if not origin:
        return False  # every browser sends one; a page can never leave it out
    found = normalise(origin)
    if not found:
        return False
    if found in known:
        return True
    if bound not in WILDCARDS:
        return False
    scheme = found.split("://", 1)[0]
    served = normalise(f"{scheme}://{host_header}")
    return bool(served) and found == served and _this_machine(urlsplit(served).hostname or "")
