"""The line under the routes naming the day's cancelled visits: apart from the routes, so a
cancelled visit is never read as open work or as someone's route."""

from __future__ import annotations

from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.ui.widgets.visit_panel import hhmm


def cancelled_line(plan: DayPlan) -> str:
    """The day's cancelled visits, apart from the routes: never open, never someone's work."""
    items = [
        t(
            "plan_edit.cancelled_item",
            start=hhmm(v.start_min),
            citizen=plan.citizens[v.citizen_id].short_name,
            reason=t(f"plan_edit.reason.{plan.cancel_reasons.get(v.id, '')}"),
        )
        for v in sorted(plan.cancelled.values(), key=lambda v: (v.start_min, v.id))
    ]
    return t("plan_edit.cancelled_row", n=len(items)) + " " + " · ".join(items)
