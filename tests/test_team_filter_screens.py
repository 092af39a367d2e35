"""`f` on the cover screen, the triage list and the figures: the board's team dialog, each
screen's choice remembered when it is opened again; and their footers and title lines at 80x24.
"""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import DataTable, SelectionList

from kaffefoerst.domain.roles import Role
from kaffefoerst.domain.triage import NoteInput
from kaffefoerst.enums import AbsenceKind, TriageColour
from kaffefoerst.locale import set_language
from kaffefoerst.store.absences import mark_absent
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.triage import save_note
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.cover import CoverScreen
from kaffefoerst.ui.screens.figures import FiguresScreen
from kaffefoerst.ui.screens.help import HelpScreen
from kaffefoerst.ui.screens.meeting import MeetingScreen
from kaffefoerst.ui.screens.team_filter import TeamFilterScreen
from kaffefoerst.ui.screens.triage_list import TriageListScreen
from tests.builders import DAY, TeamBuilder
from tests.screen import screen_text

NOW = datetime(2026, 3, 2, 7, 3, tzinfo=UTC)


def app_for(store):  # noqa: ANN001, ANN201
    return make_app(store, today=DAY, clock=lambda: NOW, actor="MH")


def district(store, ids) -> None:  # noqa: ANN001
    """AB (Nord) and EF (Syd) both sick; a red note for a citizen of each team."""
    with store.session() as session:
        b = TeamBuilder(session)
        ids["berg"] = b.citizen("Fru Berg", ids["syd"])
        ids["v5"] = b.visit(ids["berg"], "11:00", 30, ids["EF"], services=(ids["care"],))
        session.commit()
    for carer in ("AB", "EF"):
        with store.session() as session:
            mark_absent(
                session,
                carer_id=ids[carer],
                from_day=DAY,
                to_day=DAY,
                kind=AbsenceKind.SICK,
                actor="MH",
                now=NOW,
            )
    for citizen in ("jensen", "berg"):
        with store.session() as session:
            note = NoteInput(
                citizen_id=ids[citizen],
                colour=TriageColour.RED,
                points=("drinking",),
                observation=f"drikker lidt ({citizen})",
                action="væskeskema",
                responsible="CD",
                follow_up=DAY,
            )
            save_note(session, note, actor="MH", now=NOW, today=DAY)


async def choose(pilot, shown: set[int]) -> None:  # noqa: ANN001
    """In the team dialog: tick exactly `shown`, then ⏎."""
    await pilot.pause()  # the dialog composed
    app = pilot.app
    assert isinstance(app.screen, TeamFilterScreen)
    choices = app.screen.query_one(SelectionList)
    choices.deselect_all()
    for team in shown:
        choices.select(team)
    await pilot.press("enter")
    await pilot.pause()


async def test_f_on_the_cover_screen_shows_one_teams_sick_calls_and_remembers_it(team) -> None:  # noqa: ANN001
    store, ids = team
    district(store, ids)
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(CoverScreen(DAY))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CoverScreen)
        text = screen_text(app)
        assert "Fru Berg" in text and "Hr. Olsen" in text  # both teams' uncovered visits
        assert "Alle teams" in text.splitlines()[0]
        await pilot.press("f")
        await choose(pilot, {ids["nord"]})
        text = screen_text(app)
        assert "Hr. Olsen" in text and "Fru Berg" not in text
        assert "EF Carer EF er syg" not in text and "AB Carer AB er syg" in text
        assert "1 besøg i teams, der ikke vises nu, mangler også dækning" in text
        assert text.splitlines()[0].startswith(" Dækning · Nord")
        assert {ln.absent_carer_id for ln in screen.shown_lines()} == {ids["AB"]}
        assert app.team_choices["cover"] == ({ids["syd"]}, set())
        assert "board" not in app.team_choices  # the board's own choice is untouched
        await pilot.press("escape")
        await pilot.pause()
        await app.push_screen(CoverScreen(DAY))  # opened again: the same choice
        await pilot.pause()
        text = screen_text(app)
        assert "Hr. Olsen" in text and "Fru Berg" not in text
        await pilot.press("f")
        await pilot.pause()
        ticked = app.screen.query_one(SelectionList).selected
        assert ticked == [ids["nord"]]  # the dialog opens on the remembered choice
        await pilot.press("escape")  # esc changes nothing
        await pilot.pause()
        assert app.team_choices["cover"] == ({ids["syd"]}, set())


async def test_a_on_a_filtered_cover_screen_stores_only_the_lines_shown(team) -> None:  # noqa: ANN001
    store, ids = team
    district(store, ids)
    app = app_for(store)
    app.team_choices["cover"] = ({ids["nord"]}, set())  # Syd only
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(CoverScreen(DAY))
        await pilot.pause()
        screen = app.screen
        assert [ln.visit_id for ln in screen.shown_lines()] == [ids["v5"]]
        await pilot.press("a")
        await pilot.pause()
        if not isinstance(app.screen, CoverScreen):  # a warning asks first
            await pilot.press("y")
            await pilot.pause()
        with store.session() as session:
            covers = load_day_plan(session, DAY).covers
        assert set(covers) == {ids["v5"]}  # Nord's two visits were not decided for


async def test_f_on_the_triage_list_filters_citizens_by_team_and_remembers(team) -> None:  # noqa: ANN001
    store, ids = team
    district(store, ids)
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(TriageListScreen(DAY))
        await pilot.pause()
        text = screen_text(app)
        assert "Fru Berg" in text and "Fru Jensen" in text
        await pilot.press("f")
        await choose(pilot, {ids["syd"]})
        text = screen_text(app)
        assert "Fru Berg" in text and "Fru Jensen" not in text
        assert "1 borgere i andre teams vises ikke" in text
        assert text.splitlines()[0].startswith(" Triage · Syd")
        await pilot.press("escape")
        await pilot.pause()
        await app.push_screen(TriageListScreen(DAY))
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1 and "Fru Jensen" not in screen_text(app)
        # The cover screen has its own memory: nothing chosen there yet.
        assert "cover" not in app.team_choices


async def test_f_on_the_figures_picks_teams_and_t_still_cycles(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(FiguresScreen(DAY))
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, FiguresScreen)
        assert screen.team_ids() is None and "Alle teams" in screen_text(app)
        await pilot.press("f")
        await choose(pilot, {ids["syd"]})
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.team_ids() == [ids["syd"]]
        assert screen.continuity is not None and screen.continuity.teams == ("Syd",)
        assert "Nøgletal · Syd" in screen_text(app).splitlines()[0]
        await pilot.press("escape")
        await pilot.pause()
        await app.push_screen(FiguresScreen(DAY))
        await pilot.pause()
        await app.workers.wait_for_complete()
        again = app.screen
        assert again.team_ids() == [ids["syd"]]  # remembered
        await pilot.press("t")  # Syd is the last team alone: t goes on to every team
        await pilot.pause()
        assert again.team_ids() is None and app.team_choices["figures"][0] == set()
        await pilot.press("t")
        await pilot.pause()
        assert again.team_ids() == [ids["nord"]]


# --- 80x24 ------------------------------------------------------------------------------------


async def test_at_80x24_each_screen_keeps_q_its_keys_role_and_clock(team) -> None:  # noqa: ANN001
    store, ids = team
    district(store, ids)
    screens = {
        "cover": (
            lambda: CoverScreen(DAY),
            ("⏎ Godkend", "a Alle", "c Ret", "u Udækket", "f Teams", "esc Tavlen"),
        ),
        "triage": (
            lambda: TriageListScreen(DAY),
            ("⏎ Historik", "t Notat", "p På tavlen", "f Teams", "esc Tilbage"),
        ),
        "figures": (
            lambda: FiguresScreen(DAY),
            ("esc Tilbage", "t Team", "w Periode", "b Borger", "f Teams"),
        ),
    }
    for name, (make, keys) in screens.items():
        app = app_for(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(make())
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            lines = screen_text(app).splitlines()
            footer = lines[-1]
            for key in (*keys, "? Hjælp", "q Afslut"):
                assert key in footer, (name, key, footer)
            role = "planlægger" if name == "figures" else "MH (planlægger)"
            assert lines[0].rstrip().endswith(f"{role} · 07:03"), (name, lines[0])
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), name
            shown = screen_text(app)
            assert "Vis teams" in shown and "Kommandopalet" in shown, name


async def test_at_80x24_the_cover_reason_wraps_and_is_never_cut(team) -> None:  # noqa: ANN001
    store, ids = team
    district(store, ids)
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(CoverScreen(DAY))
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#proposal", DataTable)
        text = " ".join(screen_text(app).split())  # wrapped lines joined
        for line in screen.shown_lines():
            why = str(screen._line_cells(line)[-1])
            words = why.split()
            # Every word of every reason is on screen, inside the table (not only below it).
            assert all(word in text for word in words), (why, text)
        width = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert width <= 80


async def test_at_80x24_the_meeting_keeps_its_keys_timer_role_and_every_attendee(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:  # twenty on duty: more than 80x24 has lines for
        b = TeamBuilder(session)
        for n in range(17):
            b.carer(f"N{n:02d}", ids["nord"])
        session.commit()
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        lines = screen_text(app).splitlines()
        assert lines[0].startswith(" Møde 00:00 / ") and lines[0].rstrip().endswith(
            "MH (planlægger) · 07:03"
        )
        for key in ("F10 Afslut møde", "esc Til tavlen", "? Hjælp", "q Afslut"):
            assert key in lines[-1], (key, lines[-1])
        present = app.screen.query_one("#present")
        # The list fits inside the screen and scrolls itself, rather than running off its end.
        assert present.region.bottom <= 23, present.region
        await pilot.press("end")  # the last attendee comes into view
        await pilot.pause()
        assert "N16" in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Fremmøde og sygemeldinger" in screen_text(app)  # the digits, in help


async def test_a_coach_filters_the_triage_list_and_help_leaves_out_writing(team) -> None:  # noqa: ANN001
    store, ids = team
    district(store, ids)
    app = make_app(store, today=DAY, clock=lambda: NOW, actor="MH", role=Role.COACH)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(TriageListScreen(DAY))
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "f Teams" in footer and "t Notat" not in footer  # reading is all a coach does
        await pilot.press("f")
        await choose(pilot, {ids["nord"]})
        assert "Fru Berg" not in screen_text(app) and "Fru Jensen" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        assert "Historik" in shown and "Vis teams" in shown
        assert "Nyt notat" not in shown and "Sæt på tavlen" not in shown


async def test_at_80x24_in_english_the_footer_leaves_out_the_least_used_key_not_q(team) -> None:  # noqa: ANN001
    """English words are longer: the cover's footer drops `w` (help has it) rather than cut q."""
    store, ids = team
    district(store, ids)
    set_language("en")
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(CoverScreen(DAY))
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert footer.rstrip().endswith("q Quit") and "? Help" in footer, footer
        assert "w Whole route" not in footer and "esc Board" in footer
        await pilot.resize_terminal(120, 40)  # room again: w is back
        await pilot.pause()
        assert "w Whole route" in screen_text(app).splitlines()[-1]
