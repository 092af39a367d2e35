"""Text is data, never terminal control: a citizen named with escape sequences shows them as
text on the board, and error messages that quote input cannot act on the terminal."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime

from rich.console import Console
from rich.segment import Segment
from sqlmodel import Session
from textual.color import Color

from kaffefoerst.model import Citizen
from kaffefoerst.store import Store
from kaffefoerst.ui.app import KaffeApp, make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.visible_filter import VisibleControls
from kaffefoerst.visible import visible, visible_lines
from tests.builders import DAY
from tests.screen import screen_text

TITLE = "\x1b]0;HACKED\x07"  # would set the terminal's title
WIPE = "\x1b[2J"  # would clear the screen
EVIL = f"Fru{TITLE}Jensen{WIPE}"


def test_every_control_character_becomes_one_visible_character() -> None:
    assert visible("a\x1bb\x07c\x7fd\x9be") == "a␛b␇c␡d¿e"
    assert visible("Fru Jensen, 3. sal") == "Fru Jensen, 3. sal"
    assert visible("two\nlines") == "two␊lines"
    assert visible_lines("two\nlines\x1b") == "two\nlines␛"
    shown = visible("".join(map(chr, range(0x00, 0xA0))))
    assert all(ch.isprintable() for ch in shown)


def test_the_filter_keeps_the_line_width_and_leaves_clean_lines_alone() -> None:
    line = [Segment("ab\x1b[2J"), Segment("cd" + " " * 10)]
    width = Segment.get_line_length(line)
    shown = VisibleControls().apply(line, Color(0, 0, 0))
    assert "".join(s.text for s in shown).startswith("ab␛[2Jcd")
    assert Segment.get_line_length(shown) == width
    clean = [Segment("Fru Jensen")]
    assert VisibleControls().apply(clean, Color(0, 0, 0)) is clean


def _rename(store: Store, citizen_id: int, name: str) -> None:
    """Data already stored (not through the import, which refuses it)."""
    with Session(store.engine) as session:
        citizen = session.get(Citizen, citizen_id)
        assert citizen is not None
        citizen.name = citizen.short_name = name
        citizen.address = f"Vestergade 1{WIPE}"
        session.add(citizen)
        session.commit()


def _terminal_bytes(app: KaffeApp) -> str:
    """What the terminal would receive for a full redraw of the screen."""
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=200)
    console.print(app.screen._compositor.render_update(full=True), end="")
    return console.file.getvalue()  # type: ignore[attr-defined]


async def _board(store: Store, size: tuple[int, int] = (200, 50)) -> tuple[str, str]:
    app = make_app(
        store, today=DAY, clock=lambda: datetime(2026, 3, 2, 7, 0, tzinfo=UTC), actor="AB"
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("up", "up", "up", "right")  # select a visit so the panel shows it
        await pilot.pause()
        return screen_text(app), _terminal_bytes(app)


async def test_a_citizen_named_with_escape_sequences_shows_them_as_text(team, tmp_path) -> None:  # noqa: ANN001
    store, ids = team
    plain_text, _ = await _board(store)
    _rename(store, ids["jensen"], EVIL)
    evil_text, sent = await _board(store)

    # The visible text (Rich itself drops the BEL, so it shows as nothing).
    assert "␛]0;HACKED" in evil_text and "␛[2J" in evil_text
    assert "\x1b]" not in sent  # no title change (OSC) reaches the terminal
    assert WIPE not in sent and "\x07" not in sent  # no clearing, no bell
    # Nothing else changed: every line that differs shows the name's visible escape.
    changed = [
        (old, new)
        for old, new in zip(plain_text.splitlines(), evil_text.splitlines(), strict=True)
        if old != new
    ]
    assert changed, "the citizen is on the screen"
    assert all("␛" in new for _, new in changed), changed


def test_an_error_line_quoting_input_shows_its_escapes() -> None:
    """Every CLI error line passes through visible(); here a date argument is echoed back."""
    out = subprocess.run(
        [sys.executable, "-m", "kaffefoerst", "--date", f"2026{TITLE}{WIPE}", "report", "absence"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "'2026␛]0;HACKED␇␛[2J'" in out.stderr
    assert "\x1b" not in out.stderr and "\x07" not in out.stderr
