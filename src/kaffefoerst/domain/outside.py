"""Who counts as 'outside the team' for a change (issue 5; the reports' outside planners)."""

from __future__ import annotations


def is_outside(actor: str, planners: set[str], route_carers: set[str]) -> bool:
    """Changed by someone who is neither the day's planner nor the route's own carer (the
    teams saw outside planners move citizens before talking to them: DOMAIN.md)."""
    who = actor.strip().upper()
    return who not in planners and who not in route_carers
