"""What the team changed on one day's plan, read from the audit log for the care system.

Built generically on the audit: every event on a visit of that day, and every event on a carer
or citizen whose recorded period (``from``/``to``) or ``day`` covers it (a sick call, a pause),
whatever its action. So an action added later (a visit added, cancelled, lengthened) is
exported without a change here. Only what the import itself did is left out: it came from
the care system and goes back to nobody.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from kaffefoerst.domain.audit_actions import FROM_SOURCE
from kaffefoerst.store.sql import rows

# Entities whose events can change a day's plan besides its visits.
PERIOD_ENTITIES = ("carer", "citizen")


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    id: int
    at: datetime  # UTC
    actor: str
    action: str
    entity: str
    entity_id: int
    before: dict[str, object]
    after: dict[str, object]
    reason: str


@dataclass(frozen=True, slots=True)
class People:
    """Names and the care system's ids for the ids that events hold."""

    carers: dict[int, tuple[str, str]]  # id -> (initials, source id)
    citizens: dict[int, tuple[str, str]]  # id -> (short name, source id)
    visits: dict[int, tuple[int, str, str]]  # id -> (citizen id, source id, day)


def _json(text: str) -> dict[str, object]:
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _covers(data: dict[str, object], day: str) -> bool:
    if data.get("day") == day:
        return True
    start, end = data.get("from"), data.get("to")
    return isinstance(start, str) and isinstance(end, str) and start <= day <= end


def day_changes(session: object, day: date) -> list[ChangeEvent]:
    """The team's changes to ``day``'s plan, oldest first."""
    skip = tuple(a.value for a in FROM_SOURCE)
    marks = ", ".join(f":s{i}" for i in range(len(skip))) or "''"
    params: dict[str, object] = {"day": day.isoformat(), **{f"s{i}": a for i, a in enumerate(skip)}}
    found = rows(
        session,
        f"""
        SELECT e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.before, e.after, e.reason
        FROM auditevent e JOIN visit v ON v.id = e.entity_id
        WHERE e.entity = 'visit' AND v.day = :day AND e.action NOT IN ({marks})
        UNION ALL
        SELECT e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.before, e.after, e.reason
        FROM auditevent e
        WHERE e.entity IN ('carer', 'citizen') AND e.action NOT IN ({marks})
        ORDER BY 1
        """,
        params,
        {"at": "datetime"},
    )
    out = []
    for r in found:
        before, after = _json(r.before), _json(r.after)
        if r.entity != "visit" and not (
            _covers(after, day.isoformat()) or _covers(before, day.isoformat())
        ):
            continue
        out.append(
            ChangeEvent(
                r.id, r.at, r.actor, r.action, r.entity, r.entity_id, before, after, r.reason
            )
        )
    return out


def people(session: object) -> People:
    carers = {
        r.id: (r.initials, r.source_id or "")
        for r in rows(session, "SELECT id, initials, source_id FROM carer")
    }
    citizens = {
        r.id: (r.short_name, r.source_id or "")
        for r in rows(session, "SELECT id, short_name, source_id FROM citizen")
    }
    return People(carers, citizens, {})


def visits(session: object, ids: list[int]) -> dict[int, tuple[int, str, str]]:
    if not ids:
        return {}
    marks = ", ".join(f":v{i}" for i in range(len(ids)))
    found = rows(
        session,
        f"SELECT id, citizen_id, source_id, day FROM visit WHERE id IN ({marks})",
        {f"v{i}": v for i, v in enumerate(ids)},
    )
    return {r.id: (r.citizen_id, r.source_id or "", str(r.day)) for r in found}
