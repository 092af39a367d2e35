"""Team figures as text: the numbers' formatting shared by `kaffefoerst report` and the screen.

The screen and the report print the same figures (``store.figures``); formatting them in one
place keeps "7,1" on the screen and "7,1" in the table the same string.
"""

from __future__ import annotations

from datetime import date

from kaffefoerst.locale import t
from kaffefoerst.store.figures import (
    MIN_GROUP,
    OTHER,
    REFERENCES,
    SICK_REFERENCES,
    AbsenceFigures,
    ContinuityFigures,
    Period,
    SickCell,
)

DASH = "–"  # no figure: no data, or withheld


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return DASH
    return f"{value:.{digits}f}".replace(".", t("figures.decimal"))


def percent(share: float | None, digits: int = 0) -> str:
    if share is None:
        return DASH
    return t("figures.percent", value=number(share * 100, digits))


def day_text(day: date) -> str:
    return t("figures.date", d=day.day, m=day.month, y=day.year)


def long_day(day: date) -> str:
    return t("figures.long_date", d=day.day, month=t(f"month.{day.month}"), y=day.year)


def month_short(first: date) -> str:
    return t(f"month.{first.month}")[:3]


def month_year(first: date) -> str:
    return f"{month_short(first)} {first.year}"


def period_text(period: Period) -> str:
    return f"{day_text(period.start)}–{day_text(period.last)}"


def teams_text(teams: tuple[str, ...]) -> str:
    return ", ".join(teams) if teams else DASH


def band_text(low: int, high: int | None) -> str:
    return f"{low}–{high}" if high is not None else f"{low}+"


def group_text(key: str, professions: tuple[str, ...]) -> str:
    if key == OTHER:
        return t("figures.other_group", professions=", ".join(professions))
    return key


def sick_cell(cell: SickCell) -> str:
    return DASH if cell.withheld else percent(cell.share)


# The cover sources in the figures, in the order of preference of issue 14 (one list for both).
COVER_ROWS = ("OWN_TEAM", "STANDBY", "SUBSTITUTE", "PARTNER_TEAM", "REQUEST", "UNCOVERED")


def window_text(f: ContinuityFigures) -> str:
    text = t(f"figures.window.{f.window}", period=period_text(f.period))
    if f.open_days:
        text += " " + t("days_close.not_closed", n=f.open_days)
    elif f.data_missing and f.data_from is not None and f.data_from > f.period.start:
        text += " " + t("figures.incomplete", since=day_text(f.data_from))
    elif f.data_missing and f.data_to is not None and f.data_to >= f.period.last:
        text += " " + t("days_close.empty_days", n=f.empty_days)
    elif f.data_missing:
        until = day_text(f.data_to) if f.data_to else DASH
        text += " " + t("days_close.data_until", until=until)
    return text


def reference_text() -> str:
    values = dict(REFERENCES)
    return t(
        "figures.references",
        kaffe=number(values["kaffe_foerst"]),
        district=number(values["district"]),
    )


def sick_reference_text() -> str:
    parts = [
        t("figures.sick_reference_item", group=g, kaffe=percent(a), district=percent(b))
        for g, (a, b) in SICK_REFERENCES.items()
    ]
    return t("figures.sick_references", items=" · ".join(parts))


def _grid(header: list[str], rows: list[list[str]]) -> list[str]:
    """Left-aligned first column, right-aligned numbers: a plain table for a terminal or a file."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        rest = zip(row[1:], widths[1:], strict=True)
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in rest]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def continuity_table(f: ContinuityFigures) -> str:
    s = f.spread
    lines = [
        t("figures.continuity_title", teams=teams_text(f.teams), date=long_day(f.day)),
        window_text(f),
        t(
            "figures.unique_line",
            average=number(s.average),
            median=number(s.median),
        ),
        t("figures.measured", measured=s.measured, citizens=s.citizens),
        t(
            "figures.contact_line",
            share=percent(f.contact_share),
            by_contact=f.by_contact,
            visits=f.visits,
        ),
        "",
        t("figures.distribution_title"),
        *_grid(
            [t("figures.col.unique"), t("figures.col.citizens")],
            [[band_text(low, high), str(n)] for low, high, n in s.distribution()],
        ),
        "",
        t("figures.trend_title"),
        *_grid(
            [
                t("figures.col.month"),
                t("figures.col.average"),
                t("figures.col.median"),
                t("figures.col.citizens"),
            ],
            [
                [month_year(p.month), number(p.average), number(p.median), str(p.measured)]
                for p in f.trend
            ],
        ),
        reference_text(),
        t("figures_reference.note"),
    ]
    return "\n".join(lines)


def absence_table(f: AbsenceFigures) -> str:
    months = [month_short(m) for m in f.months]
    counts = f.counts
    lines = [
        t("figures.absence_title", teams=teams_text(f.teams), date=long_day(f.day)),
        "",
        t("figures.sick_title"),
        *_grid(
            [t("figures.col.group"), t("figures.col.year"), *months],
            [
                [group_text(g.key, g.professions), sick_cell(g.total), *map(sick_cell, g.months)]
                for g in f.sick
            ],
        ),
        t("figures.withheld_note", n=MIN_GROUP),
        sick_reference_text(),
        "",
        t("figures.cover_title"),
        *_grid(
            ["", *months],
            [
                [t(f"cover.source_short.{source}"), *(str(c.covers[source]) for c in counts)]
                for source in COVER_ROWS
            ]
            + [
                [t("figures.moved"), *(str(c.moved) for c in counts)],
                [t("figures.outside"), *(str(c.outside) for c in counts)],
            ],
        ),
        "",
        t("figures.load_title"),
        *_grid(
            [
                t("figures.col.day"),
                t("figures.col.routes"),
                t("figures.col.load"),
                t("figures.col.short_gaps"),
                t("figures.col.uncovered"),
            ],
            [
                [
                    day_text(d.day),
                    str(d.routes),
                    percent(d.mean_load),
                    str(d.short_gaps),
                    str(d.uncovered),
                ]
                for d in f.load
            ],
        ),
    ]
    return "\n".join(lines)
