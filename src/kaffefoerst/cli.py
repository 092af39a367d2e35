"""kaffefoerst [demo|sample|import|report] …: parse, open the database, start the board.

Only what a command needs is imported inside it when it is heavy: the UI (Textual) is imported
while the first board's child reads the database, and the store, reports, import and server
(SQLAlchemy, aiohttp: together more than Textual's own import, bench/startup.py) only by the
commands that use them, so `--help`, error paths and the board's first paint do not wait.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from kaffefoerst import cli_backup, cli_routes
from kaffefoerst.config import ENV_USER, resolve_db_path
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import Role
from kaffefoerst.import_command import EXPORTS, add_parsers, export_changes, import_command
from kaffefoerst.locale import LANGUAGES, set_language, t
from kaffefoerst.visible import visible, visible_lines

DEMO_ACTOR = "MH"  # the sample team's planner
# Days the board may open on: far enough for any real plan, and far from date.min/date.max, so
# stepping a day or a 90-day window back never overflows.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _options(parser: argparse.ArgumentParser, default: object) -> None:
    """The same options before or after the sub-command; SUPPRESS keeps a sub-parser's
    missing option from overwriting one given before it."""
    parser.add_argument("--db", metavar="PATH", default=default, help="database file")
    parser.add_argument("--lang", default=default, help="da (default) or en")
    parser.add_argument("--theme", default=default, help="kaffe (default), storskaerm, lys")
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="INITIALS",
        default=default,
        help="who is at the keyboard (recorded on every change)",
    )
    parser.add_argument(
        "--date", default=default, metavar="YYYY-MM-DD", help="the day to open (default: today)"
    )
    parser.add_argument(
        "--role",
        default=default,
        metavar="ROLE",
        help="planner, member or coach (default: the day's role assignment)",
    )
    # Set by `kaffefoerst serve` for each browser tab: ask initials and PIN first.
    parser.add_argument("--login", type=Path, default=default, help=argparse.SUPPRESS)
    # Set by `kaffefoerst serve` for each tab: the browser's address, for counting wrong PINs.
    parser.add_argument("--client", default=default, help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kaffefoerst", description="The 07:00 board for a self-managing home-care team."
    )
    _options(parser, None)
    sub = parser.add_subparsers(dest="command")
    for name, text in (
        ("demo", "open the board with the sample team in a temporary database"),
        ("sample", "load the sample team into your own (empty) database"),
    ):
        _options(sub.add_parser(name, help=text), argparse.SUPPRESS)
    export_kinds = add_parsers(sub, _options)
    _report_parser(sub)
    from kaffefoerst import plan_command  # small: argparse and the locale only

    plan_command.add_parser(sub, _options)
    cli_routes.add_parser(export_kinds, _options)
    cli_backup.add_parsers(sub, _options)
    serve = sub.add_parser("serve", help="serve the board to browsers (one app per tab)")
    _options(serve, argparse.SUPPRESS)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--pin-file", type=Path, help="PINs (kaffefoerst pin set): log-in first")
    serve.add_argument("--demo", action="store_true", help="serve the sample team")
    serve.add_argument(
        "--max-tabs", type=int, default=30, help="browser tabs open at once (default 30)"
    )
    serve.add_argument(
        "--origin",
        action="append",
        metavar="URL",
        help="another address browsers use to reach this server (e.g. a proxy); repeatable",
    )
    pin = sub.add_parser("pin", help="set a PIN for browser log-in: pin set INITIALS")
    _options(pin, argparse.SUPPRESS)
    pin.add_argument("verb", choices=["set"])
    pin.add_argument("initials")
    pin.add_argument("--pin-file", type=Path, help="default: next to the database")
    return parser


REPORTS = ("continuity", "absence")


def _report_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """kaffefoerst report continuity|absence: the team figures (Nøgletal) as a table or JSON."""
    report = sub.add_parser("report", help="team figures for the coach, as a table or JSON")
    _options(report, argparse.SUPPRESS)
    kinds = report.add_subparsers(dest="report")
    for name, text in (
        ("continuity", "unique carers per citizen: average, median, trend, contact persons"),
        ("absence", "sick leave per profession, covers, moves from outside, route load"),
    ):
        kind = kinds.add_parser(name, help=text)
        _options(kind, argparse.SUPPRESS)
        kind.add_argument(
            "--team", action="append", metavar="NAME", help="a team (repeat for more; default all)"
        )
        kind.add_argument("--json", action="store_true", help="print JSON for other tools")
        if name == "continuity":
            # Checked by us, not by argparse choices: a bad value gets our one-line error.
            kind.add_argument("--window", default="14d", help="14d (default), month or quarter")


def fail(message: str) -> int:
    """One line on stderr; whatever it quotes from input or data shows, never acts."""
    print(visible(t("error.prefix", message=message)), file=sys.stderr)
    return 2


def say(key: str, **fields: object) -> None:
    """A notice before the board takes the screen (it stays in the terminal after quitting)."""
    print(visible(t("error.prefix", message=t(key, **fields))), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`report … | head`): nothing more to say, and no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    lang = args.lang or "da"
    if lang not in LANGUAGES:
        set_language("da")
        return fail(t("error.unknown_lang", lang=lang, choices=", ".join(LANGUAGES)))
    set_language(lang)
    if args.role not in (None, "planner", "member", "coach"):
        return fail(t("error.unknown_role", role=args.role))
    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        return fail(t("error.bad_date", value=args.date))
    if not FIRST_DAY <= today <= LAST_DAY:
        return fail(t("error.date_range", value=args.date, first=FIRST_DAY, last=LAST_DAY))
    if args.command == "demo":
        return _demo(args, today)
    if args.command == "serve":
        from kaffefoerst.serve import serve  # start-up: aiohttp and textual-serve, serve only

        return serve(args, today)
    if args.command == "pin":
        from kaffefoerst.serve import set_pin_command  # start-up: as above

        return set_pin_command(args)
    if args.command == "report":
        return _report(args, today)
    if args.command == "export":
        if args.export == "routes":
            return cli_routes.run(args, today, fail)
        if args.export not in EXPORTS:
            choices = ", ".join((*EXPORTS, "routes"))
            return fail(t("changes_out.no_kind", choices=choices))
        try:
            return export_changes(args, today)
        except DomainError as exc:
            return fail(t(exc.key, **exc.fields))
    if args.command == "plan":
        return _plan(args, today)
    if args.command in ("backup", "restore"):
        return cli_backup.run(args, fail)
    return _with_store(args, today)


def _plan(args: argparse.Namespace, today: date) -> int:
    from kaffefoerst import plan_command
    from kaffefoerst.config import ENV_USER

    if args.role == "coach":
        return fail(t("rights.denied", role=t("role.coach")))
    actor = (args.actor or os.environ.get(ENV_USER) or "?").upper()
    try:
        return plan_command.run(args, today, actor)
    except DomainError as exc:
        return fail(t(exc.key, **exc.fields))
    except Exception as exc:  # noqa: BLE001 - the boundary: one line, never a traceback
        from kaffefoerst.problem import problem_line  # start-up: sqlite3, error path only

        return fail(problem_line(exc, args.db))


def _open(path: Path, readonly: bool = False):  # noqa: ANN202 - Store, imported lazily
    from kaffefoerst.store import Store  # start-up: SQLAlchemy, for commands that use it

    # A coach reads only: the driver itself refuses writes (SQLite mode=ro).
    return Store.open_sqlite(path, readonly=readonly)


def _demo(args: argparse.Namespace, today: date) -> int:
    folder = Path(tempfile.mkdtemp(prefix="kaffefoerst-demo-"))  # 0700
    _remove_on_signal(folder)
    try:
        actor = (args.actor or DEMO_ACTOR).upper()
        # The sample's planner is MH; --role overrides the day's role assignment.
        return _board(args, today, folder / "demo.db", actor, sample=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _board(
    args: argparse.Namespace, today: date, path: Path, actor: str, *, sample: bool = False
) -> int:
    """Every board start (plain, demo, a serve tab, a coach): a child opens the store and reads
    the first board through the app's own functions while this process imports the UI."""
    # start-up: dataclasses/inspect (~25 ms); only board starts need it, --help does not
    from kaffefoerst import first_board

    pending = first_board.start(
        path,
        today,
        actor,
        _role(args.role),
        readonly=args.role == "coach",
        sample=sample,
        now=datetime.now(UTC),  # the day's first open makes the days ahead (base plan)
        backup_day=None if sample else date.today(),  # the calendar day, whatever --date shows
    )
    # start-up: Textual and the UI are imported here, while the child reads the first board.
    from kaffefoerst.ui.app import local_now, make_app

    try:
        board = pending.board()
    except first_board.FirstBoardProblem as exc:
        return fail(t(exc.key, **exc.fields))
    for key, fields in board.notices:
        say(key, **fields)

    def open_store():  # noqa: ANN202 - after the first paint, see KaffeApp.store
        from kaffefoerst.store import Store  # start-up: SQLAlchemy, after the first paint

        try:
            pending.settle()  # the child's last writes (the demo's base plan) come first
        except first_board.FirstBoardProblem as exc:
            raise DomainError(exc.key, **exc.fields) from exc
        return Store.open_sqlite(path, readonly=board.readonly)

    app = make_app(
        open_store,
        today=today,
        clock=local_now,
        theme=args.theme,
        poll=True,
        user=board.user,
        initial_plan=board.plan,
        initial_sheets=board.sheets,
        client=args.client,
    )
    app.run()
    with contextlib.suppress(first_board.FirstBoardProblem):  # a demo folder goes after this
        pending.settle()
    return app.return_code or 0


def _role(name: str | None) -> Role | None:
    return Role(name) if name else None


def _remove_on_signal(folder: Path) -> None:
    """A closed terminal (SIGHUP) or a kill (SIGTERM) must not leave health data behind."""

    def remove(signum: int, _frame: object) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        if signum == signal.SIGHUP:
            # The terminal is gone: nothing to restore, and an app still running would spin.
            os._exit(128 + signum)
        raise SystemExit(128 + signum)

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, remove)


def _with_store(args: argparse.Namespace, today: date) -> int:
    if args.command is None and args.login is None:
        actor = (args.actor or os.environ.get(ENV_USER) or "?").upper()
        return _board(args, today, resolve_db_path(args.db), actor)
    if args.command is None:
        return _login_tab(args, today)
    try:
        # Behind a PIN log-in the tries are written first; the app then reopens read-only.
        readonly = args.role == "coach" and args.login is None
        store = _open(resolve_db_path(args.db), readonly=readonly)
    except DomainError as exc:
        return fail(t(exc.key, **exc.fields))
    for key, fields in store.notices:
        say(key, **fields)
    if args.login is not None and not store.readonly:  # a browser tab of `serve`
        cli_backup.start_daily_backup(store.path, date.today())
    try:
        if args.command in ("sample", "import") and args.role == "coach":
            return fail(t("rights.denied", role=t("role.coach")))
        if args.command == "import":
            return import_command(store, args, datetime.now().astimezone())
        if args.command == "sample":
            from kaffefoerst.io.sample import load_sample

            counts = load_sample(store, today)
            print(
                visible(
                    t(
                        "cli.loaded",
                        db=store.path,
                        visits=counts.get("visit", 0),
                        carers=counts.get("carer", 0),
                        citizens=counts.get("citizen", 0),
                    )
                )
            )
            return 0
        actor = args.actor or os.environ.get(ENV_USER) or "?"
        store = _read_only_for_a_coach(store, args, today, actor)
        return _run(store, args, today, actor, args.role)
    except DomainError as exc:
        return fail(t(exc.key, **exc.fields))
    finally:
        store.close()


def _login_tab(args: argparse.Namespace, today: date) -> int:
    """A browser tab of `serve` with PINs: the log-in screen comes first, so the file is only
    checked (and upgraded) here with sqlite3, and the store opens while the PIN is typed."""
    # start-up: sqlite3 only; SQLAlchemy comes with the store, after the first paint
    from kaffefoerst.store.database import open_database

    path = resolve_db_path(args.db)
    try:
        conn, _immutable, notices = open_database(path)
    except DomainError as exc:
        return fail(t(exc.key, **exc.fields))
    conn.close()
    for key, fields in notices:
        say(key, **fields)

    def open_store():  # noqa: ANN202 - Store, imported after the first paint
        # Behind a PIN the tries are written first; the app reopens read-only for a coach.
        store = _open(path)
        cli_backup.start_daily_backup(path, date.today())  # after the paint, as the board's
        return store

    return _run(open_store, args, today, args.actor or "?", args.role)


def _read_only_for_a_coach(store, args: argparse.Namespace, today: date, actor: str):  # noqa: ANN001, ANN202 - Store, imported lazily
    """Someone with the coach role in the database reads only, as with --role coach: the
    database itself refuses writes. (Behind a PIN log-in the app does this after the PIN.)"""
    from kaffefoerst.store import Store  # start-up: SQLAlchemy, for commands that use it
    from kaffefoerst.store.users import resolve_user

    if store.readonly or args.login is not None:
        return store
    with store.session() as session:
        user = resolve_user(session, actor, today, _role(args.role))
    if user.role is not Role.COACH:
        return store
    store.close()
    return Store.open_sqlite(store.path, readonly=True)


def _report(args: argparse.Namespace, today: date) -> int:
    """Print a report; the database is opened read-only, since a report never writes."""
    # start-up: the figures are SQLAlchemy queries; only `report` needs them
    from kaffefoerst.io import report as text
    from kaffefoerst.store import Store, figures

    if args.report not in REPORTS:
        return fail(t("report.no_kind", choices=", ".join(REPORTS)))
    window = getattr(args, "window", "14d")
    if window not in figures.WINDOWS:
        return fail(t("report.bad_window", value=window, choices=", ".join(figures.WINDOWS)))
    try:
        store = Store.open_sqlite(resolve_db_path(args.db), readonly=True)
    except DomainError as exc:
        return fail(t(exc.key, **exc.fields))
    for key, fields in store.notices:
        say(key, **fields)
    try:
        with store.session() as session:
            known = {name: tid for tid, name in figures.team_list(session)}
            team_ids = None
            if args.team:
                unknown = [name for name in args.team if name not in known]
                if unknown:
                    choices = ", ".join(known)
                    return fail(t("report.unknown_team", name=unknown[0], choices=choices))
                team_ids = sorted({known[name] for name in args.team})
            if args.report == "continuity":
                found = figures.continuity(session, today, window, team_ids)
                data, table = figures.continuity_json(found), text.continuity_table(found)
            else:
                found_absence = figures.absence(session, today, team_ids)
                data = figures.absence_json(found_absence)
                table = text.absence_table(found_absence)
    except Exception as exc:  # noqa: BLE001 - the boundary: one line, never a traceback
        from kaffefoerst.problem import problem_line  # start-up: sqlite3, error path only

        return fail(problem_line(exc, store.path))
    finally:
        store.close()
    print(json_text(data) if args.json else visible_lines(table))
    return 0


def json_text(data: object) -> str:
    """JSON for other tools; C1 control characters (which JSON leaves raw) escaped as \\u."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return re.sub("[\x80-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def _run(store: object, args: argparse.Namespace, today: date, actor: str, role: str | None) -> int:
    from kaffefoerst.ui.app import local_now, make_app  # start-up: Textual, for the app only

    app = make_app(
        store,  # type: ignore[arg-type]
        today=today,
        clock=local_now,
        actor=actor.upper(),
        theme=args.theme,
        role=Role(role) if role else None,
        poll=True,
        login=args.login,
        client=args.client,
    )
    app.run()
    return app.return_code or 0
