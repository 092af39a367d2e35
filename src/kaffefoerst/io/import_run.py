"""``kaffefoerst import PATH``, for the command line and the import screen alike: an empty
database gets the whole import (sqlite_bulk_load); one that holds the team gets a merge
(store/import_merge.py). Either way one transaction: all of it or none of it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kaffefoerst.io.column_map import NATIVE, ColumnMap, load_map
from kaffefoerst.io.csv_import import read_import
from kaffefoerst.io.csv_schema import TABLES
from kaffefoerst.io.sample import load_base_plan
from kaffefoerst.store import import_merge
from kaffefoerst.store.import_merge import MergeReport
from kaffefoerst.store.model_schema import model_schema
from kaffefoerst.store.sqlite_bulk_load import load_csv_dir
from kaffefoerst.store.unit_of_work import unit_of_work

if TYPE_CHECKING:
    from kaffefoerst.store import Store


def import_path(
    store: Store,
    path: Path,
    *,
    actor: str,
    now: datetime,
    map_file: Path | None = None,
) -> MergeReport:
    """Read, check and store the import at ``path`` (a folder or one file). Raises
    DomainError (ImportFailed with every problem) and then nothing is stored."""
    mapping: ColumnMap = load_map(map_file) if map_file is not None else NATIVE
    with store.session() as session:
        empty = not import_merge.has_team(session)
    if empty and Path(path).is_dir():
        counts = load_csv_dir(store, Path(path), mapping=mapping)
        with store.session() as session:  # grundplan.csv, if the folder has one (ids as loaded)
            load_base_plan(session, Path(path), 0, now.date())
        report = MergeReport(new={n: counts.get(n, 0) for n in TABLES if n != "visit"})
        report.visits_new = counts.get("visit", 0)
        return report
    schema = model_schema()
    with (
        store.session() as session,
        unit_of_work(session, actor=actor, now=now, locked=True) as work,
    ):
        known = import_merge.known_in(session)
        parsed = read_import(Path(path), schema, mapping, complete=False, known=known)
        report = import_merge.merge(work, schema, parsed)
    return report
