"""`kaffefoerst serve`: the board in browsers through textual-serve, one app per tab.

Bound to 127.0.0.1 unless told otherwise; opening it to the network needs PINs, so that nobody
sees citizen data without giving their initials and PIN first. Only the page served here may
open a tab (web/origin.py), and at most --max-tabs at once (web/server.py).
"""

from __future__ import annotations

import argparse
import getpass
import shlex
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from kaffefoerst.config import resolve_db_path
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.first_board import FirstBoardProblem, start
from kaffefoerst.io.pins import has_pins, set_pin
from kaffefoerst.locale import language, t
from kaffefoerst.visible import visible
from kaffefoerst.web.origin import is_loopback


def _fail(message: str) -> int:
    print(visible(t("error.prefix", message=message)), file=sys.stderr)
    return 2


def default_pin_file(db: Path) -> Path:
    return db.with_name("pins.json")


def tab_command(db: Path, args: argparse.Namespace, pin_file: Path | None) -> str:
    """What each browser tab runs: the same app, on the one shared database."""
    parts = [sys.executable, "-m", "kaffefoerst", "--db", str(db), "--lang", language()]
    for option in ("theme", "role", "date"):
        if getattr(args, option, None):
            parts += [f"--{option}", str(getattr(args, option))]
    if pin_file is not None:
        parts += ["--login", str(pin_file)]
    elif getattr(args, "actor", None):
        parts += ["--as", args.actor]
    elif getattr(args, "demo", False):
        parts += ["--as", "MH"]  # as `kaffefoerst demo`: the sample's planlægger this week
    return shlex.join(parts)


def serve(args: argparse.Namespace, today: date) -> int:
    pin_file: Path | None = args.pin_file
    try:
        if pin_file is not None and not has_pins(pin_file):
            return _fail(t("serve.no_pins", path=pin_file))
    except DomainError as exc:
        return _fail(t(exc.key, **exc.fields))
    if not is_loopback(args.host) and pin_file is None:
        return _fail(t("serve.needs_pin", host=args.host))
    folder: Path | None = None
    try:
        if args.demo:
            # Built once here; every tab opens this same file, so nothing is seeded twice.
            folder = Path(tempfile.mkdtemp(prefix="kaffefoerst-serve-"))
            db = folder / "demo.db"
            try:
                start(db, today, "MH", None, sample=True)()
            except FirstBoardProblem as exc:
                return _fail(t(exc.key, **exc.fields))
        else:
            db = resolve_db_path(args.db)
            if not db.exists():
                return _fail(t("error.db_missing", path=db))
        from kaffefoerst.web.server import KaffeServer  # start-up: aiohttp; `pin` needs none

        if args.max_tabs < 1:
            return _fail(t("serve.bad_max_tabs", value=args.max_tabs))
        print(visible(t("serve.listening", url=f"http://{args.host}:{args.port}", db=db)))
        KaffeServer(
            tab_command(db, args, pin_file),
            host=args.host,
            port=args.port,
            max_tabs=args.max_tabs,
            origins=tuple(args.origin or ()),
        ).serve()
        return 0
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def set_pin_command(args: argparse.Namespace) -> int:
    path = args.pin_file or default_pin_file(resolve_db_path(args.db))
    if sys.stdin.isatty():
        pin = getpass.getpass(t("pin.prompt", initials=args.initials.upper()))
        if getpass.getpass(t("pin.again")) != pin:
            return _fail(t("pin.mismatch"))
    else:
        pin = sys.stdin.readline().strip()
    try:
        set_pin(path, args.initials, pin)
    except DomainError as exc:
        return _fail(t(exc.key, **exc.fields))
    print(visible(t("pin.stored", initials=args.initials.upper(), path=path)))
    return 0
