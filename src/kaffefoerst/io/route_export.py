"""Route sheets written to a file: plain text, Markdown, HTML for A4, or PDF; owner-only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kaffefoerst.domain.route import RouteSheet
from kaffefoerst.io.private import write_private
from kaffefoerst.io.route_html import routes_html
from kaffefoerst.io.route_text import Text, routes_markdown, routes_text

FORMATS = ("txt", "md", "html", "pdf")


def render_routes(sheets: list[RouteSheet], fmt: str, t: Text, lang: str) -> bytes:
    if fmt == "pdf":
        # start-up: fpdf2 takes ~0.2-1.8 s to import; only a PDF needs it
        from kaffefoerst.io.route_pdf import routes_pdf

        return routes_pdf(sheets, t)
    if fmt == "html":
        return routes_html(sheets, t, lang).encode("utf-8")
    if fmt == "md":
        return routes_markdown(sheets, t).encode("utf-8")
    return routes_text(sheets, t).encode("utf-8")


def default_name(day: date, initials: str | None, fmt: str) -> str:
    """rute-2026-01-05-AL.pdf for one carer, ruter-2026-01-05.pdf for the whole day."""
    if initials:
        safe = "".join(c for c in initials.upper() if c.isalnum()) or "X"
        return f"rute-{day.isoformat()}-{safe}.{fmt}"
    return f"ruter-{day.isoformat()}.{fmt}"


def export_routes(sheets: list[RouteSheet], fmt: str, path: Path, t: Text, lang: str) -> Path:
    """Render first, then write through a fresh 0600 file renamed into place: a failed render
    leaves no half file behind."""
    return write_private(path, render_routes(sheets, fmt, t, lang))
