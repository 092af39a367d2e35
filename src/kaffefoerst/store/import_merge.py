"""The daily import into a database that already holds the team: merge by the care system's
ids (``source_id``), in one transaction (all or nothing; a kill leaves the file as it was).

- carers, citizens, services, shifts and absences: new rows are added, changed rows updated;
- visits: new, changed or cancelled (a visit the care system had on a day the import covers
  but no longer has is cancelled, never deleted). A visit the team has changed keeps the
  team's version: if the care system changed it too, that is a conflict for the planner
  (store/import_conflicts.py), otherwise the team's change simply stands;
- the team's own records (triage notes, board items, roles, coaches) load only into an empty
  database (sqlite_bulk_load); a merge leaves them alone and says so.

Whether the team changed a visit: the visit's fields now, against what the last import said
(``source_hash``). A visit loaded whole with the first import has no hash yet; its first
values are read back from the audit (each team event's ``before``), so a move is seen either way.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Row, TextClause, bindparam, text
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import FROM_SOURCE, AuditAction
from kaffefoerst.io.csv_schema import SOURCED_TABLES
from kaffefoerst.store.base_plan_change import give_day_to_import
from kaffefoerst.store.id_sequences import ids_stored
from kaffefoerst.store.unit_of_work import Work

if TYPE_CHECKING:
    from kaffefoerst.io.csv_read import Parsed
    from kaffefoerst.io.csv_schema import Table

SOURCED = tuple(t for t in SOURCED_TABLES if t != "visit")  # merged field by field
TEAM_OWNED = ("triagenote", "boarditem", "roleassignment", "coach")
VISIT_FIELDS = (
    "citizen_id",
    "day",
    "start_min",
    "duration_min",
    "window_from_min",
    "window_to_min",
    "fixed_time",
    "two_carers",
    "carer_id",
    "second_carer_id",
    "status",
)
VISIT_REFS = {"citizen_id": "citizen", "carer_id": "carer", "second_carer_id": "carer"}
CHUNK = 500  # SQL parameters per IN (...), well inside SQLite's limit


@dataclass(slots=True)
class VisitLine:
    """One visit in the report: the care system's id, day, citizen and what changed."""

    source_id: str
    day: str
    citizen: str
    fields: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MergeReport:
    new: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    visits_new: int = 0
    visits_changed: list[VisitLine] = field(default_factory=list)
    visits_cancelled: list[VisitLine] = field(default_factory=list)
    conflicts: list[VisitLine] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # team-owned tables left alone
    generated_replaced: int = 0  # untouched visits generated from the base plan, now imported

    @property
    def nothing(self) -> bool:
        return not (
            any(self.new.values())
            or any(self.changed.values())
            or self.visits_new
            or self.visits_changed
            or self.visits_cancelled
            or self.conflicts
            or self.generated_replaced
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "changed": self.changed,
            "visits_new": self.visits_new,
            "visits_changed": len(self.visits_changed),
            "visits_cancelled": len(self.visits_cancelled),
            "conflicts": len(self.conflicts),
            "generated_replaced": self.generated_replaced,
        }


def _typed(fields: Sequence[str], names: list[str]) -> dict[str, object]:
    """The named fields for the audit, numbers as numbers (as the team's own events hold)."""
    return {
        f: int(v) if v.isdigit() and f not in VISIT_REFS else v
        for f, v in zip(VISIT_FIELDS, fields, strict=True)
        if f in names
    }


def _text(value: object) -> str:
    """A stored value as the file writes it. SQLite hands back text and numbers; PostgreSQL's
    driver booleans and date-times, which must compare equal to the file's "1" and UTC text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def _hash(fields: Sequence[str], services: Sequence[str]) -> str:
    joined = "\x1f".join([*fields, "\x1e", *sorted(services)])
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=12).hexdigest()


def _utc(local: str) -> str:
    """A file's local wall-clock time as the UTC text the bulk load stores (SQLite's form)."""
    return datetime.fromisoformat(local).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


@lru_cache(maxsize=256)
def statement(sql: str) -> TextClause:
    """``sql`` as a statement, made once: text() parses the binds out of the text each time,
    which a statement run once per visit would pay over and over."""
    return text(sql)


def fetch(conn: Connection, sql: str, params: Mapping[str, object] | None = None) -> list[Row]:
    """Rows of ``sql`` with named ``:params``, in the session's own transaction."""
    return list(conn.execute(statement(sql), params or {}).all())


@lru_cache(maxsize=64)
def expanding(sql: str) -> TextClause:
    """``sql`` whose ``:some`` is a list (``IN :some``): the driver's own placeholders, one
    per value, are written when it runs, so no statement spells SQLite's ``?``."""
    return text(sql).bindparams(bindparam("some", expanding=True))


def fetch_in(conn: Connection, sql: str, values: Sequence[object]) -> list[Row]:
    """``sql`` with one ``IN :some`` over ``values``, in chunks."""
    select = expanding(sql)
    out: list[Row] = []
    for start in range(0, len(values), CHUNK):
        out += conn.execute(select, {"some": list(values[start : start + CHUNK])}).all()
    return out


def rows_of(cols: Sequence[str], rows: Sequence[Sequence[object]]) -> list[dict[str, object]]:
    """Rows as named parameters (one dict each: SQLAlchemy's executemany)."""
    return [dict(zip(cols, r, strict=True)) for r in rows]


class _Ids:
    """source id <-> database id for the tables visits point at (small: loaded whole), and
    for visits, only those an import names (a district holds tens of thousands)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.to_db: dict[str, dict[str, int]] = {}
        self.to_source: dict[str, dict[int, str]] = {}

    def load(self, table: str, sources: Sequence[str] | None = None) -> None:
        sql = f"SELECT source_id, id FROM {table} WHERE source_id IS NOT NULL"
        if sources is None:
            found = fetch(self.conn, sql)
        else:
            found = fetch_in(self.conn, sql + " AND source_id IN :some", list(sources))
        self.to_db[table] = {s: i for s, i in found}
        self.to_source[table] = {i: s for s, i in found}

    def add(self, table: str, source: str, db_id: int) -> None:
        self.to_db[table][source] = db_id
        self.to_source[table][db_id] = source

    def db(self, table: str, source: str) -> int | None:
        if not source:
            return None
        if table == "team":
            return int(source)
        return self.to_db[table].get(source)

    def source(self, table: str, db_id: int | None) -> str:
        if db_id is None:
            return ""
        return self.to_source[table].get(db_id, f"#{db_id}")


def merge(work: Work, schema: dict[str, Table], parsed: dict[str, Parsed]) -> MergeReport:
    """Merge ``parsed`` (checked, canonical, in the care system's ids) in ``work``'s
    transaction (taken with the write lock: the merge decides on what it reads, and a move
    committed in between must not be lost). The unit of work commits or rolls back."""
    conn = work.session.connection()
    ids = _Ids(conn)
    for name in ("carer", "citizen", "service"):
        ids.load(name)
    for name in ("absence", "shift", "visit"):
        ids.load(name, list(parsed[name].columns["id"]) if name in parsed else [])
    report = MergeReport()
    if "team" in parsed:
        _merge_team(conn, parsed["team"], report)
    for name in SOURCED:
        if name in parsed:
            _merge_sourced(conn, schema[name], parsed[name], ids, report)
    if "declinedcarer" in parsed:
        _merge_declined(conn, parsed["declinedcarer"], ids, report)
    if "visit" in parsed:
        _VisitMerge(work, conn, parsed, ids, report).run()
    report.skipped = [name for name in TEAM_OWNED if name in parsed and parsed[name].rows]
    ids_stored(conn, ["team", *SOURCED, "visit"])  # the care system's own ids were kept
    if report.nothing:
        return report  # nothing to say in the audit either: the database is as it was
    work.audit(AuditAction.IMPORT, "import", 0, after=report.as_dict())
    return report


PARTNER = "partner_team_id"  # a team's reference to another team (its partner in cover)


def _merge_team(conn: Connection, team: Parsed, report: MergeReport) -> None:
    cols = [c for c in team.header if c != "id"]
    have = {
        r[0]: [_text(v) for v in r[1:]]
        for r in fetch(conn, f"SELECT id, {', '.join(cols)} FROM team")
    }
    new, changed = [], []
    for row in zip(*(team.columns[c] for c in ["id", *cols]), strict=True):
        values = [v if v != "" else None for v in row[1:]]
        if int(row[0]) not in have:
            new.append([int(row[0]), *values])
        elif have[int(row[0])] != list(row[1:]):
            changed.append([*values, int(row[0])])
    if new:
        marks = ", ".join(f":{c}" for c in ["id", *cols])
        # New teams that name each other as partners: all rows first, the partners after, as
        # a database that checks each row's foreign key at once (PostgreSQL) needs.
        partner = cols.index(PARTNER) if PARTNER in cols else None
        rows = [
            [*r[: partner + 1], None, *r[partner + 2 :]] if partner is not None else r for r in new
        ]
        conn.execute(
            text(f"INSERT INTO team (id, {', '.join(cols)}) VALUES ({marks})"),
            rows_of(["id", *cols], rows),
        )
        partners = [[r[partner + 1], r[0]] for r in new if partner is not None and r[partner + 1]]
        if partners:
            conn.execute(
                text(f"UPDATE team SET {PARTNER} = :{PARTNER} WHERE id = :id"),
                rows_of([PARTNER, "id"], partners),
            )
    if changed:
        sets = ", ".join(f"{c} = :{c}" for c in cols)
        conn.execute(
            text(f"UPDATE team SET {sets} WHERE id = :id"), rows_of([*cols, "id"], changed)
        )
    report.new["team"], report.changed["team"] = len(new), len(changed)


def _db_values(table: Table, cols: list[str], parsed: Parsed, ids: _Ids) -> list[list[str]]:
    """The file's rows in the database's terms: references as database ids, times in UTC."""
    out: list[list[str]] = []
    columns = []
    for c in cols:
        col = table.columns[c]
        values = parsed.columns[c]
        if col.ref is not None:
            target = col.ref[0]
            values = [_text(ids.db(target, v)) if v else "" for v in values]
        elif col.kind == "datetime":
            values = [_utc(v) if v else "" for v in values]
        columns.append(values)
    out = [list(r) for r in zip(*columns, strict=True)] if columns else []
    return out


def _merge_sourced(
    conn: Connection, table: Table, parsed: Parsed, ids: _Ids, report: MergeReport
) -> None:
    name = table.name
    cols = [c for c in parsed.header if c != "id"]
    rows = _db_values(table, cols, parsed, ids)
    sources = list(parsed.columns["id"])
    have: dict[str, tuple[int, list[str]]] = {}
    known = [s for s in sources if s in ids.to_db[name]]
    names = ", ".join(f'"{c}"' for c in cols)
    for r in fetch_in(
        conn, f"SELECT source_id, id, {names} FROM {name} WHERE source_id IN :some", known
    ):
        have[r[0]] = (r[1], [_text(v) for v in r[2:]])
    nullable = [table.columns[c].nullable for c in cols]
    new: list[tuple[str, list[str]]] = []
    changed = []
    for source, values in zip(sources, rows, strict=True):
        stored = have.get(source)
        db_row = [None if (v == "" and n) else v for v, n in zip(values, nullable, strict=True)]
        if stored is None:
            new.append((source, db_row))
        elif stored[1] != values:
            changed.append([*db_row, stored[0]])
    if new:
        _insert_new(conn, name, cols, new, ids)
    if changed:
        sets = ", ".join(f'"{c}" = :{c}' for c in cols)
        conn.execute(
            text(f"UPDATE {name} SET {sets} WHERE id = :id"), rows_of([*cols, "id"], changed)
        )
    report.new[name], report.changed[name] = len(new), len(changed)


def _insert_new(
    conn: Connection, name: str, cols: list[str], new: list[tuple[str, list]], ids: _Ids
) -> None:
    """New rows keep the care system's id as their own where it is a free number (so a first
    import matches the files' ids); the rest get an id from the database."""
    wanted = [int(source) for source, _ in new if source.isdigit()]
    taken = {r[0] for r in fetch_in(conn, f"SELECT id FROM {name} WHERE id IN :some", wanted)}
    fields = ["source_id", *cols]
    names = ", ".join(f'"{c}"' for c in fields)
    marks = ", ".join(f":{c}" for c in fields)
    sql = text(f'INSERT INTO {name} ("id", {names}) VALUES (:id, {marks})')
    assigned = text(f"INSERT INTO {name} ({names}) VALUES ({marks}) RETURNING id")
    keep, later = [], []
    for source, values in new:
        if source.isdigit() and int(source) not in taken:
            taken.add(int(source))
            keep.append([int(source), source, *values])
        else:
            later.append((source, values))
    if keep:
        conn.execute(sql, rows_of(["id", *fields], keep))
        for row in keep:
            ids.add(name, row[1], row[0])
    for source, values in later:
        new_id = conn.execute(assigned, dict(zip(fields, (source, *values), strict=True)))
        ids.add(name, source, new_id.scalar_one())


def _merge_declined(conn: Connection, parsed: Parsed, ids: _Ids, report: MergeReport) -> None:
    have = {tuple(r) for r in fetch(conn, "SELECT citizen_id, carer_id FROM declinedcarer")}
    pairs = {
        (ids.db("citizen", c), ids.db("carer", k))
        for c, k in zip(parsed.columns["citizen_id"], parsed.columns["carer_id"], strict=True)
    }
    new = sorted(pairs - have)
    if new:
        conn.execute(
            text("INSERT INTO declinedcarer (citizen_id, carer_id) VALUES (:citizen, :carer)"),
            rows_of(["citizen", "carer"], new),
        )
    report.new["declinedcarer"] = len(new)


class _VisitMerge:
    def __init__(
        self,
        work: Work,
        conn: Connection,
        parsed: dict[str, Parsed],
        ids: _Ids,
        report: MergeReport,
    ) -> None:
        self.work, self.conn, self.ids, self.report = work, conn, ids, report
        assert work.now is not None
        self.actor, self.now = work.actor, work.now
        self.visits = parsed["visit"]
        services = parsed.get("visitservice")
        self.services: dict[str, list[str]] | None = None
        if services is not None:
            grouped: dict[str, list[str]] = defaultdict(list)
            for v, s in zip(
                services.columns["visit_id"], services.columns["service_id"], strict=True
            ):
                grouped[v].append(s)
            self.services = grouped

    def sql(self, sql: str, params: Mapping[str, object] | None = None) -> list[Row]:
        return fetch(self.conn, sql, params)

    def run(self) -> None:
        files = self.visits.columns
        sources = list(files["id"])
        days = sorted(set(files["day"]))
        self._give_generated(days)
        current = self._current(days, sources)
        services_now = self._services_now([row[0] for row in current.values()])
        originals = self._originals(current)
        names = {r[0]: r[1] for r in self.sql("SELECT id, short_name FROM citizen")}
        new_rows, new_services = [], []
        for index, source in enumerate(sources):
            theirs = [files[f][index] for f in VISIT_FIELDS]
            now_row = current.get(source)
            theirs_services = (
                self.services.get(source, [])
                if self.services is not None
                else services_now.get(now_row[0], [])
                if now_row
                else []
            )
            theirs_hash = _hash(theirs, theirs_services)
            if now_row is None:
                new_rows.append((source, theirs, theirs_hash))
                new_services.append((source, theirs_services))
                continue
            self._compare(
                now_row, theirs, theirs_services, theirs_hash, services_now, originals, names
            )
        self._cancel(current, set(sources), services_now, originals, names)
        self._insert(new_rows, new_services)
        self.report.visits_new = len(new_rows)

    def _give_generated(self, days: list[str]) -> None:
        """The file brings these days whole: the visits generated from the base plan that the
        team has not touched go (the file's take their place); a touched one stays and becomes
        the file's visit of that citizen nearest the plan's time (adopting its source id, so
        the next import finds it), a conflict for the planner if the two differ, or a
        conflict to cancel it if the file has no visit for it. Either way it is no longer a
        generated visit: the same file again finds nothing to do."""
        files = self.visits.columns
        unclaimed: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, source in enumerate(files["id"]):
            if source not in self.ids.to_db["visit"]:
                unclaimed[(files["day"][index], files["citizen_id"][index])].append(index)
        names = {r[0]: r[1] for r in self.sql("SELECT id, short_name FROM citizen")}
        cols = ", ".join(f"v.{f}" for f in VISIT_FIELDS)
        for day in days:
            removed, kept = give_day_to_import(self.work.session, date.fromisoformat(day))
            self.report.generated_replaced += len(removed)
            for ref in kept:
                row = self.sql(
                    f"SELECT v.id, v.source_id, v.source_hash, v.version, {cols}, b.start_min "
                    "FROM visit v JOIN generatedvisit g ON g.visit_id = v.id "
                    "JOIN basevisit b ON b.id = g.base_visit_id WHERE v.id = :id",
                    {"id": ref.visit_id},
                )[0]
                self._adopt(row[:-1], row[-1], unclaimed, names)

    def _adopt(
        self,
        row: tuple,
        plan_start: int,
        unclaimed: dict[tuple[str, str], list[int]],
        names: dict[int, str],
    ) -> None:
        files = self.visits.columns
        visit_id = row[0]
        ours = self._fields(row)
        ours_services = self._services_now([visit_id]).get(visit_id, [])
        candidates = unclaimed.get((ours[1], ours[0]), [])
        self.conn.execute(
            statement("DELETE FROM generatedvisit WHERE visit_id = :id"), {"id": visit_id}
        )
        if candidates:
            index = min(candidates, key=lambda i: abs(int(files["start_min"][i]) - plan_start))
            candidates.remove(index)
            source = files["id"][index]
            theirs = [files[f][index] for f in VISIT_FIELDS]
            services = self.services.get(source, []) if self.services is not None else ours_services
            cancel = False
        else:
            source, theirs, services, cancel = "", list(ours), ours_services, True
            theirs[VISIT_FIELDS.index("status")] = "CANCELLED"
        theirs_hash = _hash(theirs, services)
        if source:
            self.conn.execute(
                statement(
                    "UPDATE visit SET source_id = :source, source_hash = :hash WHERE id = :id"
                ),
                {"source": source, "hash": theirs_hash, "id": visit_id},
            )
            self.ids.add("visit", source, visit_id)
        if _hash(ours, ours_services) == theirs_hash:
            return  # the team's change is what the care system says now: nothing to choose
        line = VisitLine(source, ours[1], names.get(row[4], ""))
        line.fields = [f for f, a, b in zip(VISIT_FIELDS, ours, theirs, strict=True) if a != b]
        if sorted(ours_services) != sorted(services):
            line.fields.append("services")
        _open_conflict(self, visit_id, theirs, services, theirs_hash, cancel=cancel)
        self.report.conflicts.append(line)

    def _current(self, days: list[str], sources: list[str]) -> dict[str, tuple]:
        """Visits with a source id on the import's days, and any file visit found elsewhere."""
        cols = ", ".join(VISIT_FIELDS)
        found: dict[str, tuple] = {}
        select = f"SELECT id, source_id, source_hash, version, {cols} FROM visit"
        on_days = f"{select} WHERE day IN :some AND source_id IS NOT NULL"
        for r in fetch_in(self.conn, on_days, days):
            found[r[1]] = tuple(r)
        missing = [s for s in sources if s not in found and s in self.ids.to_db["visit"]]
        for r in fetch_in(self.conn, f"{select} WHERE source_id IN :some", missing):
            found[r[1]] = tuple(r)
        return found

    def _services_now(self, visit_ids: list[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = defaultdict(list)
        sql = "SELECT visit_id, service_id FROM visitservice WHERE visit_id IN :some"
        for v, s in fetch_in(self.conn, sql, visit_ids):
            out[v].append(self.ids.source("service", s))
        return out

    def _originals(self, current: dict[str, tuple]) -> dict[int, dict[str, object]]:
        """For visits without a hash: the fields the team's events changed, as they were
        before the first of them (the events' ``before``, earliest last)."""
        unhashed = [r[0] for r in current.values() if r[2] is None]
        skip = [a.value for a in FROM_SOURCE]
        out: dict[int, dict[str, object]] = {}
        sql = (
            "SELECT entity_id, before FROM auditevent WHERE entity = 'visit' "
            "AND entity_id IN :some AND action NOT IN :skip ORDER BY id DESC"
        )
        events = expanding(sql).bindparams(bindparam("skip", expanding=True))
        for start in range(0, len(unhashed), CHUNK):
            part = unhashed[start : start + CHUNK]
            for visit_id, before in self.conn.execute(events, {"some": part, "skip": skip}):
                try:
                    data = json.loads(before or "{}")
                except ValueError:
                    continue
                if isinstance(data, dict):
                    out.setdefault(visit_id, {}).update(
                        {k: v for k, v in data.items() if k in VISIT_FIELDS}
                    )
        return out

    def _fields(self, row: tuple, overlay: dict[str, object] | None = None) -> list[str]:
        """A visit row's fields in the care system's terms (what a file would say)."""
        out = []
        for name, value in zip(VISIT_FIELDS, row[4:], strict=True):
            if overlay and name in overlay:
                value = overlay[name]
            if name in VISIT_REFS:
                out.append(self.ids.source(VISIT_REFS[name], value))
            elif isinstance(value, bool):
                out.append("1" if value else "0")
            else:
                out.append(_text(value))
        return out

    def _compare(
        self,
        row: tuple,
        theirs: list[str],
        theirs_services: list[str],
        theirs_hash: str,
        services_now: dict[int, list[str]],
        originals: dict[int, dict[str, object]],
        names: dict[int, str],
    ) -> None:
        visit_id, source, stored, version = row[:4]
        ours = self._fields(row)
        ours_services = services_now.get(visit_id, [])
        ours_hash = _hash(ours, ours_services)
        if stored is None:
            stored = _hash(self._fields(row, originals.get(visit_id)), ours_services)
        if theirs_hash == stored:
            return  # the care system said the same again; any change of the team's stands
        line = VisitLine(source, theirs[1], names.get(row[4], ""))
        line.fields = [f for f, a, b in zip(VISIT_FIELDS, ours, theirs, strict=True) if a != b]
        if sorted(ours_services) != sorted(theirs_services):
            line.fields.append("services")
        if ours_hash != stored:  # the team changed it
            if ours_hash == theirs_hash:  # to what the care system now says, too
                self.conn.execute(
                    statement("UPDATE visit SET source_hash = :hash WHERE id = :id"),
                    {"hash": theirs_hash, "id": visit_id},
                )
                return
            _open_conflict(self, visit_id, theirs, theirs_services, theirs_hash, cancel=False)
            self.report.conflicts.append(line)
            return
        self._apply(visit_id, version, ours, theirs, ours_services, theirs_services, theirs_hash)
        self.work.audit(
            AuditAction.IMPORT_CHANGE,
            "visit",
            visit_id,
            before=_typed(ours, line.fields),
            after=_typed(theirs, line.fields),
        )
        self.report.visits_changed.append(line)

    def _apply(
        self,
        visit_id: int,
        version: int,
        ours: list[str],
        theirs: list[str],
        ours_services: list[str],
        theirs_services: list[str],
        theirs_hash: str,
    ) -> None:
        apply_fields(self.conn, self.ids, visit_id, theirs, theirs_hash)
        if sorted(ours_services) != sorted(theirs_services):
            set_services(self.conn, self.ids, visit_id, theirs_services)

    def _cancel(
        self,
        current: dict[str, tuple],
        in_file: set[str],
        services_now: dict[int, list[str]],
        originals: dict[int, dict[str, object]],
        names: dict[int, str],
    ) -> None:
        for source, row in current.items():
            if source in in_file or row[4 + VISIT_FIELDS.index("status")] == "CANCELLED":
                continue
            visit_id = row[0]
            ours = self._fields(row)
            ours_services = services_now.get(visit_id, [])
            theirs = list(ours)
            theirs[VISIT_FIELDS.index("status")] = "CANCELLED"
            theirs_hash = _hash(theirs, ours_services)
            stored = row[2] or _hash(self._fields(row, originals.get(visit_id)), ours_services)
            line = VisitLine(source, str(row[4 + 1]), names.get(row[4], ""), ["status"])
            if _hash(ours, ours_services) != stored:
                _open_conflict(self, visit_id, theirs, ours_services, theirs_hash, cancel=True)
                self.report.conflicts.append(line)
                continue
            apply_fields(self.conn, self.ids, visit_id, theirs, theirs_hash)
            self.work.audit(
                AuditAction.IMPORT_CANCEL,
                "visit",
                visit_id,
                before={"status": ours[VISIT_FIELDS.index("status")]},
                after={"status": "CANCELLED"},
            )
            self.report.visits_cancelled.append(line)

    def _insert(self, new_rows: list, new_services: list) -> None:
        if not new_rows:
            return
        wanted = [int(source) for source, _, _ in new_rows if source.isdigit()]
        taken = {
            r[0] for r in fetch_in(self.conn, "SELECT id FROM visit WHERE id IN :some", wanted)
        }
        cols = ["source_id", "source_hash", *VISIT_FIELDS, "version"]
        marks = ", ".join(f":{c}" for c in cols)
        sql = text(f"INSERT INTO visit (id, {', '.join(cols)}) VALUES (:id, {marks})")
        assigned = text(f"INSERT INTO visit ({', '.join(cols)}) VALUES ({marks}) RETURNING id")
        keep, later = [], []
        for source, theirs, theirs_hash in new_rows:
            values = db_fields(self.ids, theirs)
            if source.isdigit() and int(source) not in taken:
                taken.add(int(source))
                keep.append([int(source), source, theirs_hash, *values, 1])
            else:
                later.append((source, theirs_hash, *values, 1))
        if keep:  # before the database picks any id, so that it cannot pick one of these
            self.conn.execute(sql, rows_of(["id", *cols], keep))
            for row in keep:
                self.ids.add("visit", row[1], row[0])
        for row in later:
            found = self.conn.execute(assigned, dict(zip(cols, row, strict=True)))
            self.ids.add("visit", row[0], found.scalar_one())  # the database's id
        pairs = [
            (self.ids.db("visit", source), self.ids.db("service", s))
            for source, services in new_services
            for s in dict.fromkeys(services)
        ]
        if pairs:
            self.conn.execute(ADD_SERVICE, rows_of(["visit", "service"], pairs))


def db_fields(ids: _Ids, fields: Sequence[str]) -> list[object]:
    """A visit's fields from the care system's terms into the database's."""
    out: list[object] = []
    for name, value in zip(VISIT_FIELDS, fields, strict=True):
        if name in VISIT_REFS:
            out.append(ids.db(VISIT_REFS[name], value) if value else None)
        elif value == "":
            out.append(None)
        else:
            out.append(value)
    return out


ADD_SERVICE = text("INSERT INTO visitservice (visit_id, service_id) VALUES (:visit, :service)")
APPLY_FIELDS = text(
    f"UPDATE visit SET {', '.join(f'{f} = :{f}' for f in VISIT_FIELDS)}, source_hash = :hash, "
    "version = version + 1 WHERE id = :id"
)


def apply_fields(
    conn: Connection, ids: _Ids, visit_id: int, fields: Sequence[str], hash_: str
) -> None:
    values = dict(zip(VISIT_FIELDS, db_fields(ids, fields), strict=True))
    conn.execute(APPLY_FIELDS, {**values, "hash": hash_, "id": visit_id})


def set_services(conn: Connection, ids: _Ids, visit_id: int, services: Sequence[str]) -> None:
    conn.execute(statement("DELETE FROM visitservice WHERE visit_id = :id"), {"id": visit_id})
    pairs = [(visit_id, ids.db("service", s)) for s in dict.fromkeys(services)]
    if pairs:
        conn.execute(ADD_SERVICE, rows_of(["visit", "service"], pairs))


def _open_conflict(
    merge_: _VisitMerge,
    visit_id: int,
    theirs: list[str],
    services: list[str],
    theirs_hash: str,
    *,
    cancel: bool,
) -> None:
    """Note (or renew) the visit's open conflict; the same one again is left as it is."""
    open_ = merge_.sql(
        "SELECT id, theirs_hash FROM importconflict WHERE visit_id = :id AND resolved_at IS NULL",
        {"id": visit_id},
    )
    if open_ and open_[0][1] == theirs_hash:
        return
    data = json.dumps(
        {
            "fields": dict(zip(VISIT_FIELDS, theirs, strict=True)),
            "services": services,
            "cancel": cancel,
        },
        ensure_ascii=False,
    )
    found_at = merge_.now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    found = {"theirs": data, "hash": theirs_hash, "at": found_at, "by": merge_.actor}
    if open_:
        merge_.conn.execute(
            statement(
                "UPDATE importconflict SET theirs = :theirs, theirs_hash = :hash, found_at = :at, "
                "found_by = :by WHERE id = :id"
            ),
            {**found, "id": open_[0][0]},
        )
    else:
        merge_.conn.execute(
            statement(
                "INSERT INTO importconflict (visit_id, theirs, theirs_hash, found_at, found_by, "
                "resolved_by, resolution) VALUES (:visit, :theirs, :hash, :at, :by, '', '')"
            ),
            {**found, "visit": visit_id},
        )


def known_in(session: Session) -> Callable[[str, str], dict[str, str]]:
    """What the database holds for references from an import: (table, column) -> value ->
    the row's source id (a team's own id: teams have no source id)."""
    conn = session.connection()
    cache: dict[tuple[str, str], dict[str, str]] = {}

    def known(table: str, column: str) -> dict[str, str]:
        if (table, column) not in cache:
            found: list[Row] = []
            if table == "team":
                found = fetch(conn, f'SELECT "{column}", id FROM team')
            elif table in (*SOURCED, "visit"):
                found = fetch(
                    conn, f'SELECT "{column}", source_id FROM {table} WHERE source_id IS NOT NULL'
                )
            cache[(table, column)] = {_text(a): _text(b) for a, b in found}
        return cache[(table, column)]

    return known


def has_team(session: Session) -> bool:
    return session.connection().execute(text("SELECT 1 FROM team LIMIT 1")).first() is not None
