"""The import screen (planner only): a path in, the same messages as the command line, and
the conflicts answered on screen with keep ours / take theirs."""

from __future__ import annotations

import asyncio
import csv
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from textual.widgets import Input, OptionList

from kaffefoerst.domain.roles import Role, User
from kaffefoerst.io.import_run import import_path
from kaffefoerst.io.sample import sample_dir
from kaffefoerst.store import Store
from kaffefoerst.store.import_conflicts import open_conflicts
from kaffefoerst.store.moves import Placement, move_visit
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.import_screen import ImportScreen
from tests.screen import screen_text
from tests.test_import_merge import edit

DAY = date(2026, 1, 5)
NOW = datetime(2026, 1, 5, 6, 40, tzinfo=UTC)
SIZE = (200, 50)


def sample_carer_and_start(visit_id: int) -> str:
    """'TJ 08:05': the carer and start the sample files give a visit, read from the CSVs."""
    with (sample_dir() / "visit.csv").open(encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["id"] == str(visit_id))
    with (sample_dir() / "carer.csv").open(encoding="utf-8", newline="") as f:
        who = next(r["initials"] for r in csv.DictReader(f) if r["id"] == row["carer_id"])
    start = int(row["start_min"])
    return f"{who} {start // 60:02d}:{start % 60:02d}"


def test_import_and_take_theirs_from_the_screen(tmp_path: Path) -> None:
    store = Store.open_sqlite(tmp_path / "team.db")
    import_path(store, sample_dir(), actor="MH", now=NOW)
    with store.session() as session:
        move_visit(
            session,
            visit_id=10283,
            target=Placement(4, 480),
            expected_version=1,
            actor="MH",
            now=NOW,
            user=User("MH", Role.PLANNER, 1),
        )
    folder = tmp_path / "day"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    edit(folder, "visit", lambda r: {**r, "duration_min": "45"} if r["id"] == "10283" else r)
    edit(
        folder,
        "visit",
        lambda r: {**r, "start_min": "600", "duration_min": "0"} if r["id"] == "10300" else r,
    )
    theirs = sample_carer_and_start(10283)
    app = make_app(store, today=DAY, clock=lambda: NOW, actor="MH", theme="kaffe")

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("I")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ImportScreen)
            screen.query_one("#path", Input).value = str(folder)
            await pilot.press("enter")
            await pilot.pause()
            text = screen_text(app)
            assert "visit.csv linje" in text and "mangler en værdi" not in text
            assert "1 fejl i alt; intet er indlæst." in text  # duration 0: refused, all of it
            edit(
                folder, "visit", lambda r: {**r, "duration_min": "20"} if r["id"] == "10300" else r
            )
            await pilot.press("enter")
            await pilot.pause()
            text = screen_text(app)
            assert "Ændrede besøg (1):" in text and "Konflikter (1)" in text
            assert "teamet: LP 08:00" in text and f"omsorgssystemet: {theirs} 45 min" in text
            screen.query_one("#conflicts", OptionList).focus()
            await pilot.press("t")
            await pilot.pause()
            assert "Besøg 10283: omsorgssystemets version er taget." in screen_text(app)
            assert "Ingen åbne konflikter." in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()

    asyncio.run(drive())
    with store.session() as session:
        assert open_conflicts(session) == []
    with store.engine.connect() as conn:
        got = conn.exec_driver_sql(
            "SELECT carer_id, start_min, duration_min FROM visit WHERE id = 10283"
        ).one()
        actions = conn.exec_driver_sql(
            "SELECT action, actor FROM auditevent WHERE entity_id = 10283 ORDER BY id"
        ).all()
    assert tuple(got)[2] == 45 and tuple(got)[0] != 4
    assert [tuple(a) for a in actions] == [("move", "MH"), ("conflict_take", "MH")]
    store.close()


def test_a_member_cannot_open_the_import(tmp_path: Path) -> None:
    store = Store.open_sqlite(tmp_path / "team.db")
    import_path(store, sample_dir(), actor="MH", now=NOW)
    app = make_app(store, today=DAY, clock=lambda: NOW, actor="BS", theme="kaffe", role=Role.MEMBER)

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("I")
            await pilot.pause()
            assert not isinstance(app.screen, ImportScreen)

    asyncio.run(drive())
    store.close()


def test_other_screens_name_the_imports_visit_changes_in_words() -> None:
    """A board polling the audit shows a notice for each visit event (notice.<action>)."""
    from kaffefoerst.domain.audit_actions import AuditAction
    from kaffefoerst.locale import t

    for action in (
        AuditAction.IMPORT_CHANGE,
        AuditAction.IMPORT_CANCEL,
        AuditAction.CONFLICT_KEEP,
        AuditAction.CONFLICT_TAKE,
    ):
        text = t(f"notice.{action}", actor="MH", citizen="Fru Lund", to="LP")
        assert "Fru Lund" in text and not text.startswith("notice.")
