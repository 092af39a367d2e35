"""kaffefoerst export routes --date … [--carer …] --format txt|md|html|pdf [--out PATH]."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from kaffefoerst.config import resolve_db_path
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.locale import language, t
from kaffefoerst.problem import problem_line
from kaffefoerst.visible import visible


def add_parser(kinds: argparse._SubParsersAction, options: Callable[..., None]) -> None:  # type: ignore[type-arg]
    """`routes` under `kaffefoerst export` (whose parser import_command.add_parsers makes)."""
    routes = kinds.add_parser(
        "routes", help="route lists (Rute) for a day: one carer or everyone, one page each"
    )
    options(routes, argparse.SUPPRESS)
    routes.add_argument("--carer", metavar="INITIALS", help="one carer (default: everyone)")
    # Checked by us, not by argparse choices: a bad value gets our one-line error.
    routes.add_argument("--format", default="pdf", help="txt, md, html or pdf (default pdf)")
    routes.add_argument(
        "--out", type=Path, metavar="PATH", help="file or folder (default: this folder)"
    )


def run(args: argparse.Namespace, today: date, fail: Callable[[str], int]) -> int:
    """Read the day read-only, render, write a 0600 file, say where."""
    # start-up: the store and the exports (~0.5 s on a busy machine) only for this command;
    # every start builds the parser from this module.
    from kaffefoerst.io.route_export import FORMATS, default_name, export_routes
    from kaffefoerst.store.database import open_database
    from kaffefoerst.store.route_sheets import load_route_sheets

    if args.format not in FORMATS:
        return fail(t("route.bad_format", value=args.format, choices=", ".join(FORMATS)))
    try:
        conn, _immutable, _notices = open_database(resolve_db_path(args.db), readonly=True)
    except DomainError as exc:
        return fail(t(exc.key, **exc.fields))
    name = default_name(today, args.carer, args.format)
    out = args.out if args.out is not None else Path.cwd() / name
    try:
        sheets = load_route_sheets(conn, today, args.carer)
        if not sheets:  # no team, or nobody on shift: an empty file would only puzzle
            return fail(t("route.nothing", day=today.isoformat()))
        if out.is_dir():
            out = out / name
        written = export_routes(sheets, args.format, out, t, language())
    except DomainError as exc:
        return fail(t(exc.key, **exc.fields))
    except OSError as exc:
        return fail(t("route.cannot_write", path=out, reason=exc.strerror or exc))
    except Exception as exc:  # noqa: BLE001 - the boundary: one line, never a traceback
        return fail(problem_line(exc, args.db))
    finally:
        conn.close()
    visits = len({stop.visit_id for sheet in sheets for stop in sheet.stops})
    print(visible(t("route.written", path=written, sheets=len(sheets), visits=visits)))
    return 0
