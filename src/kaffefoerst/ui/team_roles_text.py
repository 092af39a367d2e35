"""The day's team roles in words: compact for the header, one per line for the meeting."""

from __future__ import annotations

from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.domain.roles import User
from kaffefoerst.domain.team_roles import ROLE_ORDER
from kaffefoerst.enums import TeamRole
from kaffefoerst.locale import t


def _initials(plan: DayPlan, ids: tuple[int, ...]) -> list[str]:
    return [plan.carers[i].initials for i in ids if i in plan.carers]


def roles_compact(plan: DayPlan) -> str:
    """'Plan MH · Tlf AL · Bered HN …': only the roles someone holds today."""
    parts = [
        f"{t(f'team_roles.short.{role.value}')} {'/'.join(_initials(plan, plan.roles[role]))}"
        for role in ROLE_ORDER
        if plan.roles.get(role)
    ]
    return " · ".join(parts)


def roles_lines(plan: DayPlan) -> list[str]:
    """'Telefonvagt: AL Anne Lauridsen', every role, '–' where nobody holds it."""
    lines = []
    for role in ROLE_ORDER:
        ids = [i for i in plan.roles.get(role, ()) if i in plan.carers]
        who = ", ".join(f"{plan.carers[i].initials} {plan.carers[i].name}" for i in ids) or "–"
        lines.append(f"{t(f'team_roles.name.{role.value}')}: {who}")
    return lines


def who_text(user: User) -> str:
    """'AL (teammedlem, telefonvagt)': the role on the board and the team roles held today."""
    role = t(f"role.{user.role.value}")
    duties = [
        t(f"team_roles.name.{d.value}").lower()
        for d in ROLE_ORDER
        if d in user.duties and d is not TeamRole.PLANNER  # the role itself says it
    ]
    return t("header.who", initials=user.initials, role=", ".join([role, *duties]))
