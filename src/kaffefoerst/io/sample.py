"""The sample team shipped in sample_data/, moved so that its plan day is the day passed in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from kaffefoerst.config import resource_dir
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.base_plan_csv import FILE as BASE_PLAN_FILE
from kaffefoerst.io.base_plan_csv import read_base_plan
from kaffefoerst.store.sqlite_bulk_load import load_csv_dir

if TYPE_CHECKING:
    from kaffefoerst.store import Store

ANCHOR_FILE = "anchor.txt"


def sample_dir() -> Path:
    return resource_dir("sample_data")


def anchor_day(folder: Path) -> date:
    """The plan day the sample's dates were written around (``anchor.txt``, an ISO date)."""
    path = Path(folder) / ANCHOR_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise DomainError("import.missing_file", file=ANCHOR_FILE, folder=str(folder)) from exc
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DomainError(
            "import.bad_value",
            file=ANCHOR_FILE,
            line=1,
            column="-",
            value=text,
            expected="YYYY-MM-DD",
        ) from exc


def sample_shift(today: date, folder: Path | None = None) -> tuple[Path, int]:
    """The sample's folder and how many days to move it so that its plan day is ``today``."""
    folder = sample_dir() if folder is None else Path(folder)
    return folder, (today - anchor_day(folder)).days


def load_sample(store: Store, today: date, folder: Path | None = None) -> dict[str, int]:
    """Load the sample into an empty database so that its plan day is ``today``; its base plan
    is stored too, and the board's first open generates the days after it."""
    folder, shift = sample_shift(today, folder)
    counts = load_csv_dir(store, folder, shift_days=shift)
    with store.session() as session:
        counts["basevisit"] = load_base_plan(session, folder, shift, today)
    return counts


def load_base_plan(source: object, folder: Path, shift: int, today: date) -> int:
    """grundplan.csv of an import folder (if it has one) into the base plan, ids as in the
    folder's files (a load into an empty database). Nothing generated, nothing audited."""
    from kaffefoerst.store.base_plan_change import apply_base_plan

    path = Path(folder) / BASE_PLAN_FILE
    if not path.exists():
        return 0
    entries = read_base_plan(path, shift_days=shift)
    # No audit and no generation: the moment is never written.
    unused = datetime.combine(today, time.min, tzinfo=UTC)
    change = apply_base_plan(
        source, entries, today=today, now=unused, actor="import", generate=False, audit=False
    )
    return len(change.added)
