"""kaffefoerst [demo|sample|import] …: parse, open the database, start the board.

Imports stay inside functions so that `kaffefoerst --help` and error paths are instant.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from kaffefoerst.locale import LANGUAGES, set_language, t

DEMO_ACTOR = "MH"  # the sample team's planner


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
    imp = sub.add_parser("import", help="load a folder of CSV files into an empty database")
    imp.add_argument("folder", type=Path)
    _options(imp, argparse.SUPPRESS)
    return parser


def fail(message: str) -> int:
    print(t("error.prefix", message=message), file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = args.lang or "da"
    if lang not in LANGUAGES:
        set_language("da")
        return fail(t("error.unknown_lang", lang=lang, choices=", ".join(LANGUAGES)))
    set_language(lang)
    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        return fail(t("error.bad_date", value=args.date))
    if args.command == "demo":
        return _demo(args, today)
    return _with_store(args, today)


def _open(path: Path):  # noqa: ANN202 - Store, imported lazily
    from kaffefoerst.store import Store

    return Store.open_sqlite(path)


def _demo(args: argparse.Namespace, today: date) -> int:
    from kaffefoerst.demo_build import build_in_background
    from kaffefoerst.io.csv_import import ImportProblem
    from kaffefoerst.store import StoreError

    folder = Path(tempfile.mkdtemp(prefix="kaffefoerst-demo-"))  # 0700
    _remove_on_signal(folder)
    try:
        path = folder / "demo.db"
        built = build_in_background(path, today)
        from kaffefoerst.ui.app import make_app  # noqa: F401 - imported while the child loads

        built()
        return _run(_open(path), args, today, args.actor or DEMO_ACTOR)
    except (StoreError, ImportProblem) as exc:
        return fail(t(exc.key, **exc.fields))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_on_signal(folder: Path) -> None:
    """A closed terminal (SIGHUP) or a kill (SIGTERM) must not leave health data behind."""
    import signal

    def remove(signum: int, _frame: object) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        raise SystemExit(128 + signum)

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, remove)


def _with_store(args: argparse.Namespace, today: date) -> int:
    from kaffefoerst.config import ENV_USER, resolve_db_path
    from kaffefoerst.io.csv_import import ImportProblem
    from kaffefoerst.store import StoreError

    try:
        store = _open(resolve_db_path(args.db))
    except StoreError as exc:
        return fail(t(exc.key, **exc.fields))
    try:
        if args.command in ("sample", "import"):
            from kaffefoerst.io.csv_import import load_csv_dir
            from kaffefoerst.io.sample import load_sample

            if args.command == "sample":
                counts = load_sample(store, today)
            else:
                counts = load_csv_dir(store, args.folder)
            print(
                t(
                    "cli.loaded",
                    db=store.path,
                    visits=counts.get("visit", 0),
                    carers=counts.get("carer", 0),
                    citizens=counts.get("citizen", 0),
                )
            )
            return 0
        actor = args.actor or os.environ.get(ENV_USER) or "?"
        return _run(store, args, today, actor)
    except ImportProblem as exc:
        return fail(t(exc.key, **exc.fields))
    finally:
        store.close()


def _run(store: object, args: argparse.Namespace, today: date, actor: str) -> int:
    from kaffefoerst.ui.app import local_now, make_app

    app = make_app(store, today=today, clock=local_now, actor=actor.upper(), theme=args.theme)
    app.run()
    return app.return_code or 0
