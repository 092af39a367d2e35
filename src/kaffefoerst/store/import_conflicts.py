"""Conflicts from the daily import, and the planner's answer: keep ours (the team's version
stands, and the same import again is no longer a conflict) or take theirs (the visit becomes
what the care system says). Each answer is one transaction with its audit event."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import User
from kaffefoerst.store.import_merge import (
    VISIT_FIELDS,
    VISIT_REFS,
    _Ids,
    apply_fields,
    set_services,
)
from kaffefoerst.store.sql import rows
from kaffefoerst.store.unit_of_work import unit_of_work

KEEP, TAKE = "ours", "theirs"


@dataclass(frozen=True, slots=True)
class Conflict:
    id: int
    visit_id: int
    visit_source_id: str
    citizen: str
    day: str
    ours: dict[str, str]  # the visit now, in the care system's terms
    theirs: dict[str, str]  # what the import says
    cancel: bool  # the care system no longer has the visit

    @property
    def differs(self) -> list[str]:
        return [f for f in VISIT_FIELDS if self.ours.get(f, "") != self.theirs.get(f, "")]


def open_conflicts(session: Session) -> list[Conflict]:
    found = rows(
        session,
        """
        SELECT c.id, c.visit_id, c.theirs, v.source_id, v.day, z.short_name,
               v.citizen_id, v.start_min, v.duration_min, v.carer_id, v.second_carer_id,
               v.status, v.window_from_min, v.window_to_min, v.fixed_time, v.two_carers
        FROM importconflict c JOIN visit v ON v.id = c.visit_id
        JOIN citizen z ON z.id = v.citizen_id
        WHERE c.resolved_at IS NULL ORDER BY v.day, v.start_min, c.id
        """,
    )
    ids = _Ids(session.connection())
    for table in set(VISIT_REFS.values()):
        ids.load(table)
    out = []
    for r in found:
        theirs = json.loads(r.theirs)
        ours = {
            "day": str(r.day),
            "start_min": str(r.start_min),
            "duration_min": str(r.duration_min),
            "window_from_min": "" if r.window_from_min is None else str(r.window_from_min),
            "window_to_min": "" if r.window_to_min is None else str(r.window_to_min),
            "fixed_time": str(int(r.fixed_time)),
            "two_carers": str(int(r.two_carers)),
            "status": str(r.status),
            "citizen_id": ids.source("citizen", r.citizen_id),
            "carer_id": ids.source("carer", r.carer_id),
            "second_carer_id": ids.source("carer", r.second_carer_id),
        }
        out.append(
            Conflict(
                r.id,
                r.visit_id,
                r.source_id or "",
                r.short_name,
                str(r.day),
                ours,
                dict(theirs["fields"]),
                bool(theirs.get("cancel")),
            )
        )
    return out


def carer_names(session: Session) -> dict[str, str]:
    """The care system's carer ids -> initials, to show a conflict in people's terms."""
    return {
        r.source_id: r.initials
        for r in rows(session, "SELECT source_id, initials FROM carer WHERE source_id IS NOT NULL")
    }


def resolve(session: Session, conflict_id: int, choice: str, *, user: User, now: datetime) -> None:
    """Keep ours or take theirs; refused if the conflict is gone (answered meanwhile)."""
    if choice not in (KEEP, TAKE):
        raise ValueError(choice)
    with unit_of_work(
        session, actor=user.initials, now=now, user=user, right="import", locked=True
    ) as work:
        conn = session.connection()
        found = conn.execute(
            text(
                "SELECT c.visit_id, c.theirs, c.theirs_hash, v.version FROM importconflict c "
                "JOIN visit v ON v.id = c.visit_id WHERE c.id = :id AND c.resolved_at IS NULL"
            ),
            {"id": conflict_id},
        ).first()
        if found is None:
            raise DomainError("import_conflict.gone")
        visit_id, theirs_text, theirs_hash, version = found
        theirs = json.loads(theirs_text)
        before = _visit_state(conn, visit_id)
        if choice == TAKE:
            ids = _Ids(conn)
            for table in ("carer", "citizen", "service"):
                ids.load(table)
            fields = [theirs["fields"][f] for f in VISIT_FIELDS]
            apply_fields(conn, ids, visit_id, fields, theirs_hash)
            set_services(conn, ids, visit_id, theirs["services"])
        else:
            conn.execute(
                text("UPDATE visit SET source_hash = :hash WHERE id = :id"),
                {"hash": theirs_hash, "id": visit_id},
            )
        conn.execute(
            text(
                "UPDATE importconflict SET resolved_at = :at, resolved_by = :by, "
                "resolution = :choice WHERE id = :id"
            ),
            {
                "at": now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
                "by": user.initials,
                "choice": choice,
                "id": conflict_id,
            },
        )
        work.audit(
            AuditAction.CONFLICT_TAKE if choice == TAKE else AuditAction.CONFLICT_KEEP,
            "visit",
            visit_id,
            before=before,
            after=_visit_state(conn, visit_id) if choice == TAKE else before,
        )


def _visit_state(conn: Connection, visit_id: int) -> dict[str, object]:
    cols = ("carer_id", "start_min", "duration_min", "status", "second_carer_id")
    found = conn.execute(
        text(f"SELECT {', '.join(cols)} FROM visit WHERE id = :id"), {"id": visit_id}
    ).first()
    return dict(zip(cols, found, strict=True)) if found else {}
