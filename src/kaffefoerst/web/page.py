"""The served pages. Everything they load comes from `serve` itself: the terminal's script and
style and the Roboto Mono font ship with textual-serve, and nothing names another host."""

from __future__ import annotations

from html import escape

from kaffefoerst.locale import language, t

FONT = "/static/fonts/RobotoMono-VariableFont_wght.ttf"
FONT_ITALIC = "/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf"


def security_headers(websocket_url: str) -> dict[str, str]:
    """The browser itself refuses to load or send anything to another host, and the page may
    not be framed by another site (its keys would then be someone else's)."""
    policy = (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
        f" font-src 'self'; img-src 'self' data:; connect-src 'self' {websocket_url};"
        " frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }


_STYLE = f"""
@font-face {{ font-family: "Roboto Mono"; src: url("{FONT}") format("truetype");
  font-style: normal; font-weight: 100 700; }}
@font-face {{ font-family: "Roboto Mono"; src: url("{FONT_ITALIC}") format("truetype");
  font-style: italic; font-weight: 100 700; }}
html, body {{ margin: 0; height: 100%; background: #0c181f; color: #f2f2f2;
  font-family: "Roboto Mono", monospace; }}
#terminal {{ position: absolute; inset: 0; }}
.note {{ position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; text-align: center; z-index: 10; background: #0c181f; }}
.note div {{ max-width: 40em; padding: 2em; background: #12232d; line-height: 1.6; }}
.note a {{ color: #f2f2f2; }}
body.-first-byte #starting, #closed {{ display: none; }}
body.-closed #closed {{ display: flex; }}
"""


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'  # no favicon request either
        '<link rel="stylesheet" href="/static/css/xterm.css">\n'
        f"<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def index_html(websocket_url: str, font_size: int) -> str:
    body = (
        '<script src="/static/js/textual.js"></script>\n'
        f'<div class="note" id="starting"><div>{escape(t("serve.page_starting"))}</div></div>\n'
        f'<div class="note" id="closed"><div>{escape(t("serve.page_closed"))}<br>'
        f'<a href="/">{escape(t("serve.page_again"))}</a></div></div>\n'
        f'<div id="terminal" class="textual-terminal"'
        f' data-session-websocket-url="{escape(websocket_url)}"'
        f' data-font-size="{font_size}"></div>'
    )
    return _page("kaffefoerst", body)


def refused_html(limit: int) -> str:
    """The clear page for a tab too many."""
    body = (
        f'<div class="note"><div><p>{escape(t("serve.full", limit=limit))}</p>'
        f'<a href="/">{escape(t("serve.page_again"))}</a></div></div>'
    )
    return _page("kaffefoerst", body)
