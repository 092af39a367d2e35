"""What the board says when someone else changed the day: one line per change, in the team's
words ("LP flyttede Fru Holm til KR"), and nothing for a change nobody here needs to hear."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kaffefoerst.domain.audit_actions import RESTORED, AuditAction
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.domain.plan_edit import PLAN_ACTIONS
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.locale import t

if TYPE_CHECKING:  # the database side is imported after the first paint
    from kaffefoerst.store.changes import ChangeEvent

MAX_NOTICES = 3
SAID_BY_ACTOR = (
    AuditAction.ABSENCE,
    AuditAction.TRIAGE,
    AuditAction.BOARD_ITEM,
    AuditAction.MESSAGE,
    AuditAction.ABSENCE_END,
)


def change_notices(events: list[ChangeEvent], plan: DayPlan, user: User, actor: str) -> str:
    """The notice for a poll's new events ("" if nothing to say): others' changes, and a log-in
    lock even when it names the planner's own initials; at most a few lines, then "… +n"."""
    lock = AuditAction.LOGIN_LOCK
    shown = [e for e in events if e.actor != actor or e.action == lock]
    notices = [n for n in (notice(e, plan, user) for e in shown) if n]
    more = len(notices) - MAX_NOTICES
    return "\n".join(notices[:MAX_NOTICES]) + (f"\n… +{more}" if more > 0 else "")


def notice(event: ChangeEvent, plan: DayPlan, user: User) -> str | None:
    if event.action == RESTORED:
        return t("notice.restored")
    if event.action in PLAN_ACTIONS:
        visit = plan.visits.get(event.entity_id) or plan.cancelled.get(event.entity_id)
        citizen = plan.citizens.get(visit.citizen_id) if visit else None
        name = citizen.short_name if citizen else ""
        return t(f"plan_edit.notice.{event.action}", actor=event.actor, citizen=name)
    if event.action == AuditAction.LOGIN_LOCK:
        if user.role is not Role.PLANNER:
            return None
        return t("notice.login_lock", actor=str(event.after.get("value", event.actor)))
    if event.entity == "visit" and event.entity_id in plan.visits:
        visit = plan.visits[event.entity_id]
        carer = plan.carers.get(event.after.get("carer_id"))  # type: ignore[arg-type]
        return t(
            f"notice.{event.action}",
            actor=event.actor,
            citizen=plan.citizens[visit.citizen_id].short_name,
            to=carer.initials if carer else t("board.unassigned"),
        )
    if event.action in SAID_BY_ACTOR:
        return t(f"notice.{event.action}", actor=event.actor)
    return None
