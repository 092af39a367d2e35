"""Nøgletal: how the team is doing, at a glance, for the coach and the team itself.

Team level only (DOMAIN.md, "What the tool must never do"): no figure on this screen is about
one carer, and no carer's initials appear on it. The citizen card (``b``) is the exception the
issue asks for: who came to *one citizen*, so the team can act on a citizen who sees too many
faces. The screen only reads, so it works the same in coach mode (read-only database).

Open it with ``app.push_screen(FiguresScreen(day))``; it reads through ``app.store``.
"""

from __future__ import annotations

import asyncio
from datetime import date

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from kaffefoerst.domain.errors import DatabaseBusy
from kaffefoerst.io.report import (
    COVER_ROWS,
    band_text,
    day_text,
    group_text,
    long_day,
    month_short,
    number,
    percent,
    sick_cell,
    sick_reference_text,
    teams_text,
    window_text,
)
from kaffefoerst.locale import t
from kaffefoerst.store.figures import (
    CARD_DAYS,
    MIN_GROUP,
    REFERENCES,
    WINDOWS,
    AbsenceFigures,
    CitizenContinuity,
    ContinuityFigures,
    absence,
    citizen_continuity,
    citizens_for_lookup,
    continuity,
    team_list,
)
from kaffefoerst.ui.keys import Key
from kaffefoerst.ui.screen_keys import HELP, SMALL, TEAMS, bind_keys, fit_footer, keys_table
from kaffefoerst.ui.screens.help import HelpScreen
from kaffefoerst.ui.team_choice import ask, hidden_teams, remember
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.plot import PlotStyle, Reference, bar_chart, trend_chart
from kaffefoerst.ui.widgets.screen_title import ScreenTitle

FIGURES_KEYS: tuple[Key, ...] = (
    Key("escape", "close", "figures.key.back", display="esc", footer_from=0),
    Key("t", "next_team", "figures.key.team", footer_from=0, short="small_screens.team"),
    Key("w", "next_window", "figures.key.window", footer_from=0, short="small_screens.window"),
    # footer_from: left out of a footer too narrow for every key (help lists it)
    Key("b", "citizen", "figures.key.citizen", footer_from=SMALL),
    TEAMS,
    HELP,
)
SCREEN = "figures"  # the team choice is remembered under this name (ui/team_choice.py)


def _colour(variables: dict[str, str], name: str, fallback: str) -> Style:
    try:
        colour = Color.parse(variables.get(name, fallback))
    except Exception:  # a theme variable like "auto 87%" is no plain colour
        colour = Color.parse(fallback)
    return Style(color=colour.rich_color)


def plot_style(variables: dict[str, str]) -> PlotStyle:
    """Reference lines in the theme's warning and secondary colours, bars in its primary."""
    return PlotStyle(
        bar=_colour(variables, "primary", "#0178D4"),
        references=(
            _colour(variables, "warning", "#FEA62B"),
            _colour(variables, "secondary", "#ba6cff"),
        ),
    )


def _table(*headers: str) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    for i, header in enumerate(headers):
        table.add_column(header, justify="left" if i == 0 else "right", no_wrap=True)
    return table


def continuity_view(f: ContinuityFigures, style: PlotStyle) -> RenderableType:
    s = f.spread
    headline = Text()
    headline.append(t("figures.average") + " ", "dim")
    headline.append(number(s.average), "bold")
    headline.append("   " + t("figures.median") + " ", "dim")
    headline.append(number(s.median), "bold")
    distribution = bar_chart(
        [(band_text(low, high), float(n), str(n)) for low, high, n in s.distribution()],
        width=24,
        style=style,
    )
    trend = trend_chart(
        [p.average for p in f.trend],
        [month_short(p.month) for p in f.trend],
        [
            Reference(value, t(f"figures.legend.{name}", value=number(value)))
            for name, value in REFERENCES
        ],
        fmt=number,
        column=5,
        style=style,
        legend_title=t("figures_reference.legend_title"),
    )
    return Group(
        Text(window_text(f), style="italic"),
        headline,
        Text(t("figures.measured", measured=s.measured, citizens=s.citizens)),
        Text(
            t(
                "figures.contact_line",
                share=percent(f.contact_share),
                by_contact=f.by_contact,
                visits=f.visits,
            )
        ),
        Text(""),
        Text(t("figures.distribution_title"), style="bold"),
        distribution,
        Text(""),
        Text(t("figures.trend_title"), style="bold"),
        trend,
        Text(t("figures_reference.note"), style="dim"),
    )


def absence_view(f: AbsenceFigures, style: PlotStyle) -> RenderableType:
    months = [month_short(m) for m in f.months]
    bars = bar_chart(
        [(group_text(g.key, g.professions), g.total.share, sick_cell(g.total)) for g in f.sick],
        scale=max([0.15, *(g.total.share or 0.0 for g in f.sick)]),
        width=24,
        style=style,
    )
    sick = _table(t("figures.col.group"), *months)
    for g in f.sick:
        sick.add_row(group_text(g.key, g.professions), *map(sick_cell, g.months))
    covers = _table("", *months)
    for source in COVER_ROWS:
        covers.add_row(
            t(f"cover.source_short.{source}"), *(str(c.covers[source]) for c in f.counts)
        )
    covers.add_row(t("figures.moved"), *(str(c.moved) for c in f.counts))
    covers.add_row(t("figures.outside"), *(str(c.outside) for c in f.counts))
    load = _table(
        t("figures.col.day"),
        t("figures.col.routes"),
        t("figures.col.load"),
        t("figures.col.short_gaps"),
        t("figures.col.uncovered"),
    )
    for d in f.load:
        load.add_row(
            day_text(d.day),
            str(d.routes),
            percent(d.mean_load),
            str(d.short_gaps),
            str(d.uncovered),
        )
    return Group(
        Text(t("figures.sick_title"), style="bold"),
        bars,
        Text(sick_reference_text(), style="dim"),
        sick,
        Text(t("figures.withheld_note", n=MIN_GROUP), style="dim"),
        Text(""),
        Text(t("figures.cover_title"), style="bold"),
        covers,
        Text(""),
        Text(t("figures.load_title"), style="bold"),
        load,
    )


class FiguresScreen(Screen[None]):
    """Nøgletal for the teams on ``day``: ``t`` cycles all teams / each team, ``f`` picks any
    teams (remembered for the screen, as on the board), ``w`` cycles the window."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    DEFAULT_CSS = """
    FiguresScreen #columns { height: auto; }
    FiguresScreen.-narrow #columns { layout: vertical; }
    FiguresScreen .panel { width: 1fr; height: auto; padding: 0 1; }
    FiguresScreen.-wide #absence-panel { border-left: vkey $primary-darken-1; }
    FiguresScreen .section { text-style: bold; color: $secondary; height: 1; }
    """

    def __init__(self, day: date, window: str = "14d") -> None:
        super().__init__()
        self.day = day
        self.window = window
        self.teams: list[tuple[int, str]] = []
        self.continuity: ContinuityFigures | None = None
        self.absence: AbsenceFigures | None = None
        bind_keys(self, FIGURES_KEYS)

    def compose(self) -> ComposeResult:
        # The role, not the initials: no carer's initials on this screen, the user's own neither.
        role = t(f"role.{self.app.user.role.value}")
        yield ScreenTitle(role, self.app.clock, id="title")
        with VerticalScroll(id="figures"), Horizontal(id="columns"):
            with Vertical(classes="panel", id="continuity-panel"):
                yield Plain(t("figures.continuity"), classes="section")
                yield Plain(t("figures.loading"), id="continuity")
            with Vertical(classes="panel", id="absence-panel"):
                yield Plain(t("figures.absence"), classes="section")
                yield Plain(t("figures.loading"), id="absence")
        yield Footer()

    def on_mount(self) -> None:
        with self.app.store.session() as session:
            self.teams = team_list(session)
        fit_footer(self, FIGURES_KEYS)
        self.reload()

    def on_resize(self) -> None:
        fit_footer(self, FIGURES_KEYS)

    def _hidden(self) -> set[int]:
        return hidden_teams(self.app, SCREEN, dict(self.teams))

    def team_ids(self) -> list[int] | None:
        """None for every team (the figures' own "all"), else the teams chosen, by name."""
        hidden = self._hidden()
        if not hidden:
            return None
        return [team for team, _name in self.teams if team not in hidden]

    @property
    def team_index(self) -> int:
        """0: every team; k: the k-th team by name alone; -1: another choice made with `f`."""
        ids = self.team_ids()
        if ids is None:
            return 0
        order = [team for team, _name in self.teams]
        return order.index(ids[0]) + 1 if len(ids) == 1 else -1

    def _title(self) -> str:
        ids = self.team_ids()
        if ids is None:
            teams = t("figures.all_teams")
        else:
            names = dict(self.teams)
            teams = teams_text(tuple(names[team] for team in ids))
        return t("figures.title", teams=teams, date=long_day(self.day))

    def reload(self) -> None:
        self.query_one("#title", ScreenTitle).show(self._title())
        self.run_worker(self._load(), exclusive=True, group="figures")

    async def _load(self) -> None:
        # A quarter at municipality scale is ~0.1 s of SQL: off the event loop, keys stay live.
        try:
            found = await asyncio.to_thread(self._compute, self.team_ids(), self.window)
        except DatabaseBusy:
            self.notify(t("error.db_busy"), severity="error")
            return
        if not self.is_attached:  # closed (esc) while the figures were computed
            return
        self.continuity, self.absence = found
        style = plot_style(self.app.get_css_variables())
        self.query_one("#continuity", Static).update(continuity_view(found[0], style))
        self.query_one("#absence", Static).update(absence_view(found[1], style))

    def _compute(
        self, team_ids: list[int] | None, window: str
    ) -> tuple[ContinuityFigures, AbsenceFigures]:
        with self.app.store.session() as session:
            return (
                continuity(session, self.day, window, team_ids, self.app.today),
                absence(session, self.day, team_ids),
            )

    def action_next_team(self) -> None:
        """All teams, then each alone, then all again; after an `f` choice, all teams."""
        index = self.team_index
        following = index + 1 if 0 <= index < len(self.teams) else 0
        shown = {self.teams[following - 1][0]} if following else {team for team, _ in self.teams}
        remember(self.app, SCREEN, {team for team, _ in self.teams} - shown)
        self.reload()

    def action_filter_teams(self) -> None:
        question = t("team_choice.question_figures")
        ask(self, SCREEN, dict(self.teams), lambda _hidden: self.reload(), question)

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(keys_table(t("team_choice.help_figures"), FIGURES_KEYS, self))
        )

    def action_next_window(self) -> None:
        self.window = WINDOWS[(WINDOWS.index(self.window) + 1) % len(WINDOWS)]
        self.reload()

    def action_citizen(self) -> None:
        self.app.push_screen(CitizenCardScreen(self.day, self.team_ids()))

    def action_close(self) -> None:
        self.dismiss(None)


def citizen_card(card: CitizenContinuity) -> RenderableType:
    """Unique carers over 14/30/90 days and who came: one citizen's own figure."""
    unique = Text(
        t(
            "figures.card.unique",
            **{f"d{n}": u for n, u in zip(CARD_DAYS, card.unique, strict=True)},
        )
    )
    if not card.carers:
        return Group(unique, Text(t("figures.card.none"), style="italic"))
    who = _table(
        t("figures.card.col.carer"),
        t("figures.card.col.profession"),
        t("figures.card.col.contact"),
        t("figures.card.col.visits", days="/".join(map(str, CARD_DAYS))),
        t("figures.card.col.last"),
    )
    for c in card.carers:
        who.add_row(
            f"{c.initials}  {c.name}",
            c.profession,
            "✓" if c.contact else "",
            "/".join(map(str, c.visits)),
            day_text(c.last_day),
        )
    return Group(unique, Text(""), Text(t("figures.card.carers"), style="bold"), who)


class CitizenCardScreen(ModalScreen[None]):
    """Find a citizen by name and see their own continuity."""

    DEFAULT_CSS = """
    CitizenCardScreen { align: center middle; }
    CitizenCardScreen > Vertical {
        width: 112; max-width: 98%; height: 85%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    CitizenCardScreen #picker { height: 1fr; }
    CitizenCardScreen OptionList { width: 32; height: 1fr; }
    CitizenCardScreen #card { width: 1fr; padding: 0 1; }
    """

    def __init__(self, day: date, team_ids: list[int] | None) -> None:
        super().__init__()
        self.day = day
        self.team_ids = team_ids
        self.citizens: list[tuple[int, str, str]] = []
        self.card: CitizenContinuity | None = None
        self._bindings.bind("escape", "close", t("figures.card.close"))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(t("figures.card.title"), classes="title")
            yield Input(placeholder=t("figures.card.search"), id="search")
            with Horizontal(id="picker"):
                yield OptionList(id="citizens")
                yield Plain(t("figures.card.pick"), id="card")

    def on_mount(self) -> None:
        with self.app.store.session() as session:
            self.citizens = citizens_for_lookup(session, self.team_ids)
        self._fill("")

    def _fill(self, text: str) -> None:
        wanted = text.strip().casefold()
        options = self.query_one("#citizens", OptionList)
        options.clear_options()
        options.add_options(
            Option(Text(f"{short} – {name}"), id=str(cid))  # data, never markup
            for cid, short, name in self.citizens
            if wanted in short.casefold() or wanted in name.casefold()
        )
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one("#citizens", OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        citizen_id = int(event.option.id or 0)
        with self.app.store.session() as session:
            self.card = citizen_continuity(session, citizen_id, self.day, self.app.today)
        self.query_one("#card", Static).update(citizen_card(self.card))

    def action_close(self) -> None:
        self.dismiss(None)
