"""kaffefoerst backup | restore FILE [--yes], and the first-start-of-the-day backup."""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from kaffefoerst.config import resolve_db_path
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.locale import t
from kaffefoerst.visible import visible


def add_parsers(sub: argparse._SubParsersAction, options: Callable[..., None]) -> None:  # type: ignore[type-arg]
    backup = sub.add_parser("backup", help="back up the database now (backups/ beside it)")
    options(backup, argparse.SUPPRESS)
    restore = sub.add_parser(
        "restore", help="replace the database with a backup (the current one is backed up first)"
    )
    options(restore, argparse.SUPPRESS)
    restore.add_argument("file", type=Path)
    restore.add_argument("--yes", action="store_true", help="do not ask first")


def run(args: argparse.Namespace, fail: Callable[[str], int]) -> int:
    from kaffefoerst.store import backup  # start-up: only these two commands need it

    db = resolve_db_path(args.db)
    now = datetime.now()  # the edge: backup names carry the wall clock
    try:
        if args.command == "backup":
            path = backup.backup_now(db, now)
            print(visible(t("backup.done", path=path, keep=backup.KEEP)))
            return 0
        if args.role == "coach":
            return fail(t("backup.coach"))
        backup.check_restorable(args.file)  # refuse before asking
        if not args.yes and not _agreed(args.file, db):
            print(visible(t("backup.cancelled")))
            return 1
        safety = backup.restore(db, args.file, now)
    except DomainError as exc:
        return fail(t(exc.key, **exc.fields))
    except OSError as exc:
        return fail(t("backup.restore_failed", path=db, reason=exc.strerror or exc))
    print(visible(t("backup.restored", db=db, source=args.file)))
    if safety is not None:
        print(visible(t("backup.saved_first", path=safety)))
    return 0


def _agreed(source: Path, db: Path) -> bool:
    sys.stdout.write(visible(t("backup.ask", source=source, db=db)))
    sys.stdout.flush()
    answer = sys.stdin.readline()
    if not sys.stdin.isatty():  # a piped answer is not echoed: end the question's line
        sys.stdout.write("\n")
    answer = answer.strip().lower()
    return answer in t("backup.yes_words").split(",")


def start_daily_backup(db: Path, today: date) -> threading.Thread:
    """The day's first start backs up in the background, so the board is not kept waiting.
    A failure is not the morning's problem: the next start tries again."""

    def work() -> None:
        from kaffefoerst.store.backup import daily_backup  # start-up: in the thread, not before

        # Never stop a start over a backup; today's copy is still missing, so the next start
        # tries again.
        with contextlib.suppress(Exception):
            daily_backup(db, today)

    thread = threading.Thread(target=work, name="daily-backup", daemon=True)
    thread.start()
    return thread
