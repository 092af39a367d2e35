"""The sample team shipped in sample_data/, moved so that its plan day is the day passed in."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kaffefoerst.config import resource_dir
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.csv_import import load_csv_dir

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
    """Load the sample into an empty database so that its plan day is ``today``."""
    folder, shift = sample_shift(today, folder)
    return load_csv_dir(store, folder, shift_days=shift)
