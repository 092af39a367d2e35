"""Who counts as 'outside the team' for a change (issue 5; the reports' outside planners)."""

from __future__ import annotations

import json


def is_outside(actor: str, planners: set[str], route_carers: set[str]) -> bool:
    """Changed by someone who is neither the day's planner nor the route's own carer (the
    teams saw outside planners move citizens before talking to them: DOMAIN.md)."""
    who = actor.strip().upper()
    return who not in planners and who not in route_carers


def route_of(before: str | None, after: str | None) -> set[int]:
    """The carers of a move's route: whom the visit was moved from and to (the audit event's
    before/after placement JSON). The board's ¤ and the coach's count both take it from here."""
    placements = (json.loads(text or "{}") for text in (before, after))
    return {p["carer_id"] for p in placements if p.get("carer_id") is not None}
