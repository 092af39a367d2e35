"""Rules for editing the plan on the board (issue 12, point 4): what a new visit, a duration,
a cancellation and a pause must satisfy. Plain data in, DomainError out; store/plan_edit.py
applies them before it writes anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError

DAY_MINUTES = 24 * 60
MAX_DURATION = 8 * 60  # one visit longer than a shift is a typing error
MAX_PAUSE_DAYS = 366


class CancelReason(StrEnum):
    """Why a visit is cancelled; stored by name, shown from the locale (plan_edit.reason.*)."""

    HOSPITAL = "HOSPITAL"  # indlagt
    CITIZEN = "CITIZEN"  # aflyst af borgeren
    DECEASED = "DECEASED"  # død


# The audit actions of plan edits; the meeting's change list and the changes export read them.
PLAN_ACTIONS = (
    AuditAction.VISIT_ADD,
    AuditAction.VISIT_CANCEL,
    AuditAction.VISIT_DURATION,
    AuditAction.CITIZEN_ADD,
    AuditAction.CITIZEN_PAUSE,
)


@dataclass(frozen=True, slots=True)
class NewVisit:
    citizen_id: int
    day: date
    start_min: int
    duration_min: int
    window_from_min: int | None = None
    window_to_min: int | None = None
    service_ids: tuple[int, ...] = ()
    carer_id: int | None = None  # None: 'Ikke fordelt' until someone takes it
    fixed_time: bool = False


def check_duration(minutes: int) -> None:
    if not 0 < minutes <= MAX_DURATION:
        raise DomainError("plan_edit.bad_duration", value=minutes, most=MAX_DURATION)


def check_visit(visit: NewVisit) -> None:
    """Times within the day, a duration above 0, a window in order around the start."""
    if not 0 <= visit.start_min < DAY_MINUTES:
        raise DomainError("plan_edit.bad_time", value=visit.start_min)
    check_duration(visit.duration_min)
    if visit.start_min + visit.duration_min > DAY_MINUTES:
        raise DomainError("plan_edit.past_midnight")
    window = (visit.window_from_min, visit.window_to_min)
    if (window[0] is None) != (window[1] is None):
        raise DomainError("plan_edit.half_window")
    if window[0] is not None and window[1] is not None:
        if not 0 <= window[0] < window[1] <= DAY_MINUTES:
            raise DomainError("plan_edit.bad_window")
        if not window[0] <= visit.start_min <= window[1]:
            raise DomainError("plan_edit.start_outside_window")
    if not visit.service_ids:
        raise DomainError("plan_edit.no_services")


def check_pause(from_day: date, to_day: date) -> None:
    if to_day < from_day:
        raise DomainError("plan_edit.pause_order")
    if (to_day - from_day).days >= MAX_PAUSE_DAYS:
        raise DomainError("plan_edit.pause_too_long", most=MAX_PAUSE_DAYS)


def check_reason(reason: str) -> CancelReason:
    try:
        return CancelReason(reason)
    except ValueError as exc:
        raise DomainError("plan_edit.bad_reason", value=reason) from exc


def check_citizen(name: str, short_name: str, address: str) -> None:
    for field, value in (("name", name), ("short_name", short_name), ("address", address)):
        if not value.strip():
            raise DomainError("plan_edit.citizen_missing", field=field)
    if len(short_name.strip()) > 12:  # the board's column fits twelve letters
        raise DomainError("plan_edit.short_name_long", most=12)
