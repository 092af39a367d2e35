"""``kaffefoerst import PATH`` and ``kaffefoerst export changes``: the plan in every morning,
the team's changes back out. Parsed in cli.py; imports stay inside the functions."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.locale import t
from kaffefoerst.visible import visible

EXPORTS = ("changes",)


def add_parsers(sub: argparse._SubParsersAction, options):  # type: ignore[type-arg]  # noqa: ANN001, ANN201
    """The import and export commands; returns the export kinds, for cli_routes' `routes`."""
    imp = sub.add_parser(
        "import", help="load CSV files (a folder or one file); a second day merges by source id"
    )
    imp.add_argument("folder", type=Path, metavar="PATH")
    imp.add_argument("--map", type=Path, metavar="TOML", help="column map for another layout")
    options(imp, argparse.SUPPRESS)
    export = sub.add_parser(
        "export", help="write files: the team's changes for the care system, or route lists"
    )
    options(export, argparse.SUPPRESS)
    kinds = export.add_subparsers(dest="export")
    changes = kinds.add_parser("changes", help="every change the team made to one day")
    options(changes, argparse.SUPPRESS)
    changes.add_argument("--format", default="csv", help="csv (default; Danish Excel) or json")
    changes.add_argument("--out", type=Path, metavar="FILE", help="default: aendringer-DAY.csv")
    return kinds


def _lines(lines: list[str], stream: object = sys.stdout) -> None:
    for line in lines:
        print(visible(line), file=stream)  # type: ignore[arg-type]


def import_command(store, args: argparse.Namespace, now: datetime) -> int:  # noqa: ANN001 - Store
    # start-up: the import reads the model (SQLAlchemy); cli.py imports this module always
    from kaffefoerst.io.import_errors import lines
    from kaffefoerst.io.import_report import report_lines
    from kaffefoerst.io.import_run import import_path

    actor = (args.actor or "import").upper()
    try:
        report = import_path(store, args.folder, actor=actor, now=now, map_file=args.map)
    except DomainError as exc:
        _lines([t("error.prefix", message=line) for line in lines(exc, t)], sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the boundary: one line, never a traceback
        from kaffefoerst.problem import problem_line  # start-up: only on a failure

        _lines([t("error.prefix", message=problem_line(exc, store.path))], sys.stderr)
        return 2
    _lines(report_lines(report, str(store.path)))
    return 0


def export_changes(args: argparse.Namespace, day: date) -> int:
    # start-up: SQLAlchemy and the store, for this command only
    from kaffefoerst.config import resolve_db_path
    from kaffefoerst.io import changes_export
    from kaffefoerst.store import Store
    from kaffefoerst.store.changes_out import day_changes, people, visits

    fmt = args.format
    if fmt not in changes_export.FORMATS:
        choices = ", ".join(changes_export.FORMATS)
        raise DomainError("changes_out.bad_format", value=fmt, choices=choices)
    store = Store.open_sqlite(resolve_db_path(args.db), readonly=True)
    try:
        with store.session() as session:
            events = day_changes(session, day)
            who = people(session)
            who.visits.update(visits(session, [e.entity_id for e in events if e.entity == "visit"]))
    finally:
        store.close()
    found = changes_export.change_rows(events, who, day)
    out = args.out or Path(f"aendringer-{day.isoformat()}.{fmt}")
    path = changes_export.write(found, day, fmt, out)
    print(visible(t("changes_out.written", count=len(found), day=day.isoformat(), path=path)))
    return 0
