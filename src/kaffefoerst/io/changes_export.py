"""The team's changes to one day, as rows for the care system: CSV that Danish Excel opens
(semicolon, UTF-8 with a byte-order mark) or JSON. Files are owner-only (health data).

Each row says what was done (a Danish label from the locale, the action's code beside it),
to which visit and citizen (the care system's ids), the carer and time before and after, who
decided and why. Whatever an event's before/after holds of these is shown; the rest is blank.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.io.import_rules import clock_text
from kaffefoerst.io.private import write_private
from kaffefoerst.locale import t
from kaffefoerst.store.changes_out import ChangeEvent, People

FIELDS = (
    "changed_at",
    "action",
    "action_code",
    "day",
    "visit_source_id",
    "citizen_source_id",
    "citizen",
    "carer_before",
    "carer_before_source_id",
    "carer_after",
    "carer_after_source_id",
    "start_before",
    "start_after",
    "duration_before",
    "duration_after",
    "status_before",
    "status_after",
    "decided_by",
    "reason",
)
FORMATS = ("csv", "json")
CANCEL_ACTIONS = frozenset({AuditAction.VISIT_CANCEL.value, AuditAction.CITIZEN_PAUSE.value})
FORMULA_STARTS = frozenset("=+-@\t\r")


def action_label(action: str) -> str:
    """The action in words; an action with no text yet shows its code (never a blank)."""
    key = f"audit_action.{action}"
    found = t(key)
    return action if found == key else found


def _carer(people: People, value: object) -> tuple[str, str]:
    if not isinstance(value, int):
        return "", ""
    return people.carers.get(value, (f"#{value}", ""))


def _clock(value: object) -> str:
    return clock_text(value) if isinstance(value, int) else ""


def _reason(event: ChangeEvent, people: People) -> str:
    """A cover records where the carer came from and whom it covers for (JSON); other actions
    store the team's words as they are."""
    if event.action in CANCEL_ACTIONS:  # a CancelReason code: say it in words
        key = f"plan_edit.reason.{event.reason}"
        found = t(key)
        return event.reason if found == key else found
    try:
        data = json.loads(event.reason)
    except ValueError:
        return event.reason
    if isinstance(data, dict) and "for" in data:
        source = data.get("source", "")
        return t(
            "changes_out.covers_for",
            carer=_carer(people, data["for"])[0],
            source=t(f"cover.source_short.{source}") if source else "",
        )
    return event.reason


def change_rows(events: Sequence[ChangeEvent], people: People, day: date) -> list[dict[str, str]]:
    out = []
    for e in events:
        b, a = e.before, e.after
        citizen_id, visit_source, visit_day = (
            people.visits.get(e.entity_id, (0, "", day.isoformat()))
            if e.entity == "visit"
            else (0, "", day.isoformat())
        )
        if e.entity == "citizen":
            citizen_id = e.entity_id
        name, citizen_source = people.citizens.get(citizen_id, ("", ""))
        carer_b, carer_a = b.get("carer_id"), a.get("carer_id")
        if e.entity == "carer":  # an absence: the carer is the one away
            carer_b = e.entity_id
        cb, ca = _carer(people, carer_b), _carer(people, carer_a)
        out.append(
            {
                "changed_at": e.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                "action": action_label(e.action),
                "action_code": e.action,
                "day": visit_day,
                "visit_source_id": visit_source,
                "citizen_source_id": citizen_source,
                "citizen": name,
                "carer_before": cb[0],
                "carer_before_source_id": cb[1],
                "carer_after": ca[0],
                "carer_after_source_id": ca[1],
                "start_before": _clock(b.get("start_min")),
                "start_after": _clock(a.get("start_min")),
                "duration_before": str(b.get("duration_min", "")),
                "duration_after": str(a.get("duration_min", "")),
                "status_before": str(b.get("status", "")),
                "status_after": str(a.get("status", "")),
                "decided_by": e.actor,
                "reason": _reason(e, people),
            }
        )
    return out


def cell(value: str) -> str:
    """Text as text in a spreadsheet: a reason typed as ``=HYPERLINK(…)`` must not become a
    formula when the file is opened, so such a cell starts with an apostrophe (Excel's own
    mark for "this is text")."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def as_csv(found: list[dict[str, str]]) -> bytes:
    """Semicolons and a byte-order mark: what Danish Excel opens as columns, with æøå intact.
    The header is in the current language; the order is FIELDS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"changes_out.col.{f}") for f in FIELDS])
    writer.writerows([[cell(r[f]) for f in FIELDS] for r in found])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def as_json(found: list[dict[str, str]], day: date) -> bytes:
    data = {"day": day.isoformat(), "changes": found}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write(found: list[dict[str, str]], day: date, fmt: str, out: Path) -> Path:
    return write_private(out, as_csv(found) if fmt == "csv" else as_json(found, day))
