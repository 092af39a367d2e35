"""Editing the plan (issue 12, point 4): add, cancel, re-time a duration, add and pause a citizen.
Each edit is audited, refused input changes nothing, and rights hold in the store too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError, StaleVisit
from kaffefoerst.domain.plan_edit import NewVisit
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.enums import VisitStatus
from kaffefoerst.io.minutes import change_lines
from kaffefoerst.locale import t
from kaffefoerst.model import AuditEvent, Citizen, CitizenPause, Visit, VisitDecision
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.meeting_changes import changes_since
from kaffefoerst.store.plan_edit import (
    add_citizen,
    add_visit,
    cancel_visit,
    pause_citizen,
    set_duration,
)
from tests.builders import DAY, TeamBuilder, hm

NOW = datetime(2026, 3, 2, 7, 5, tzinfo=UTC)


def _counts(session) -> tuple[int, int, int]:  # noqa: ANN001
    return (
        session.scalar(select(func.count()).select_from(Visit)),
        session.scalar(select(func.count()).select_from(Citizen)),
        session.scalar(select(func.count()).select_from(AuditEvent)),
    )


def test_a_planner_adds_a_visit_that_shows_on_the_board_and_is_audited(team) -> None:  # noqa: ANN001
    store, ids = team
    planner = User("AB", Role.PLANNER, ids["AB"])
    new = NewVisit(ids["olsen"], DAY, hm("11:00"), 25, hm("10:30"), hm("11:30"), (ids["care"],))
    with store.session() as session:
        visit_id = add_visit(session, new, actor="AB", now=NOW, user=planner)
        plan = load_day_plan(session, DAY)
        action = session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1))
        decided = session.scalar(
            select(VisitDecision.duration_min).where(VisitDecision.visit_id == visit_id)
        )
    assert plan.visits[visit_id].duration_min == 25
    assert plan.visits[visit_id] in plan.route(None)  # no carer given: 'Ikke fordelt'
    assert [s.code for s in plan.visits[visit_id].services] == ["pleje"]
    assert action == AuditAction.VISIT_ADD
    assert decided == 25  # the team's own duration


@pytest.mark.parametrize(
    ("start", "minutes", "window", "services", "key"),
    [
        ("25:10", 20, None, True, "plan_edit.bad_time"),
        ("08:00", 0, None, True, "plan_edit.bad_duration"),
        ("23:50", 30, None, True, "plan_edit.past_midnight"),
        ("08:00", 20, ("09:00", "08:00"), True, "plan_edit.bad_window"),
        ("08:00", 20, ("09:00", "10:00"), True, "plan_edit.start_outside_window"),
        ("08:00", 20, None, False, "plan_edit.no_services"),
    ],
)
def test_bad_visits_are_refused_and_change_nothing(
    team, start, minutes, window, services, key
) -> None:  # noqa: ANN001, E501
    store, ids = team
    hours, mins = start.split(":")
    new = NewVisit(
        ids["olsen"],
        DAY,
        int(hours) * 60 + int(mins),
        minutes,
        hm(window[0]) if window else None,
        hm(window[1]) if window else None,
        (ids["care"],) if services else (),
    )
    with store.session() as session:
        before = _counts(session)
        with pytest.raises(DomainError) as caught:
            add_visit(session, new, actor="AB", now=NOW)
        assert _counts(session) == before
    assert caught.value.key == key


def test_a_cancelled_visit_leaves_the_routes_is_not_open_and_shows_apart(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        before = load_day_plan(session, DAY)
        open_before = len(before.open_visits())
        v4 = before.visits[ids["v4"]]  # unassigned: open
        cancel_visit(
            session,
            visit_id=v4.id,
            expected_version=v4.version,
            reason="CITIZEN",
            actor="AB",
            now=NOW,
            user=User("AB", Role.PLANNER, ids["AB"]),
        )
        after = load_day_plan(session, DAY)
        status = session.scalar(select(Visit.status).where(Visit.id == v4.id))
        with pytest.raises(DomainError) as again:
            cancel_visit(
                session, visit_id=v4.id, expected_version=v4.version + 1, reason="CITIZEN",
                actor="AB", now=NOW,
            )  # fmt: skip
    assert status is VisitStatus.CANCELLED
    assert v4.id not in after.visits and v4.id in after.cancelled
    assert after.cancel_reasons[v4.id] == "CITIZEN"
    assert len(after.open_visits()) == open_before - 1
    assert again.value.key == "plan_edit.already_cancelled"


def test_a_stale_or_bad_cancel_changes_nothing(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        before = _counts(session)
        with pytest.raises(StaleVisit):
            cancel_visit(
                session, visit_id=ids["v2"], expected_version=99, reason="HOSPITAL",
                actor="AB", now=NOW,
            )  # fmt: skip
        with pytest.raises(DomainError) as bad:
            cancel_visit(
                session, visit_id=ids["v2"], expected_version=1, reason="træt", actor="AB",
                now=NOW,
            )  # fmt: skip
        assert _counts(session) == before
        assert session.get(Visit, ids["v2"]).status is VisitStatus.PLANNED  # type: ignore[union-attr]
    assert bad.value.key == "plan_edit.bad_reason"


def test_a_member_changes_durations_on_her_own_route_only(team) -> None:  # noqa: ANN001
    store, ids = team
    cd = User("CD", Role.MEMBER, ids["CD"])
    with store.session() as session:
        with pytest.raises(DomainError) as refused:
            set_duration(
                session,
                visit_id=ids["v2"],
                expected_version=1,
                duration_min=45,
                actor="CD",
                now=NOW,
                user=cd,
            )  # fmt: skip  (v2 is AB's)
        assert session.get(Visit, ids["v2"]).duration_min == 30  # type: ignore[union-attr]
        version = set_duration(
            session, visit_id=ids["v3"], expected_version=1, duration_min=60, actor="CD",
            now=NOW, user=cd,
        )  # fmt: skip
        minutes = session.scalar(select(Visit.duration_min).where(Visit.id == ids["v3"]))
        decision = session.execute(
            select(VisitDecision.duration_min, VisitDecision.decided_by).where(
                VisitDecision.visit_id == ids["v3"]
            )
        ).one()
        coach = User("KC", Role.COACH)
        with pytest.raises(DomainError):
            set_duration(
                session, visit_id=ids["v3"], expected_version=version, duration_min=50,
                actor="KC", now=NOW, user=coach,
            )  # fmt: skip
        with pytest.raises(DomainError) as member_add:
            add_visit(
                session, NewVisit(ids["olsen"], DAY, 600, 20, service_ids=(ids["care"],)),
                actor="CD", now=NOW, user=cd,
            )  # fmt: skip
    assert refused.value.key == "rights.not_your_route"
    assert minutes == 60 and version == 2
    assert tuple(decision) == (60, "CD")
    assert member_add.value.key == "rights.denied"


def test_a_paused_citizen_s_visits_are_cancelled_in_the_period_and_come_back_after(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        b = TeamBuilder(session)
        later = [b.visit(ids["olsen"], "09:00", day=DAY + timedelta(days=k)) for k in (1, 2, 3)]
        session.commit()
        pause_id, cancelled = pause_citizen(
            session,
            citizen_id=ids["olsen"],
            from_day=DAY,
            to_day=DAY + timedelta(days=2),
            actor="AB",
            now=NOW,
            user=User("AB", Role.PLANNER, ids["AB"]),
        )
        statuses = {
            v.id: v.status
            for v in session.scalars(select(Visit).where(Visit.citizen_id == ids["olsen"]))
        }
        reasons = set(session.scalars(select(VisitDecision.cancel_reason)))
        with pytest.raises(DomainError) as overlap:
            pause_citizen(
                session, citizen_id=ids["olsen"], from_day=DAY + timedelta(days=1),
                to_day=DAY + timedelta(days=5), actor="AB", now=NOW,
            )  # fmt: skip
        pauses = session.scalar(select(func.count()).select_from(CitizenPause))
    # Today's two (v2, v3) and the next two days' visit; the third day's comes back as planned.
    assert cancelled == 4
    assert statuses[later[2]] is VisitStatus.PLANNED
    assert all(statuses[i] is VisitStatus.CANCELLED for i in (ids["v2"], ids["v3"], *later[:2]))
    assert reasons == {"HOSPITAL"}
    assert overlap.value.key == "plan_edit.pause_overlaps" and pauses == 1 and pause_id


def test_a_new_citizen_is_stored_and_bad_input_is_refused(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        before = _counts(session)
        with pytest.raises(DomainError) as long_name:
            add_citizen(
                session, name="Inger Marie Hansen", short_name="Fru Inger Marie", address="Vej 1",
                team_id=ids["nord"], actor="AB", now=NOW,
            )  # fmt: skip
        with pytest.raises(DomainError) as empty:
            add_citizen(
                session, name="Inger Hansen", short_name="Fru Hansen", address="  ",
                team_id=ids["nord"], actor="AB", now=NOW,
            )  # fmt: skip
        assert _counts(session) == before
        citizen_id = add_citizen(
            session, name="Inger Hansen", short_name="Fru Hansen", address="Vej 1",
            team_id=ids["nord"], actor="AB", now=NOW, contact_ids=(ids["CD"],),
        )  # fmt: skip
        contact = session.scalar(select(Citizen.contact1_id).where(Citizen.id == citizen_id))
    assert long_name.value.key == "plan_edit.short_name_long"
    assert empty.value.key == "plan_edit.citizen_missing"
    assert contact == ids["CD"]


def test_every_edit_is_listed_in_changes_since_yesterday(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        add_visit(
            session, NewVisit(ids["olsen"], DAY, 660, 20, service_ids=(ids["care"],)),
            actor="AB", now=NOW,
        )  # fmt: skip
        cancel_visit(
            session, visit_id=ids["v4"], expected_version=1, reason="DECEASED", actor="AB", now=NOW
        )
        set_duration(
            session, visit_id=ids["v1"], expected_version=1, duration_min=40, actor="AB", now=NOW
        )
        citizen = add_citizen(
            session, name="Ny Borger", short_name="Hr. Ny", address="Vej 2", team_id=ids["nord"],
            actor="AB", now=NOW,
        )  # fmt: skip
        pause_citizen(
            session, citizen_id=citizen, from_day=DAY, to_day=DAY + timedelta(days=3),
            actor="AB", now=NOW,
        )  # fmt: skip
        found = changes_since(session, NOW - timedelta(hours=1))
    rows = [c.as_row() for c in found]
    assert [r["action"] for r in rows] == [
        "visit_add",
        "visit_cancel",
        "visit_duration",
        "citizen_add",
        "citizen_pause",
    ]
    assert rows[1]["reason"] == "DECEASED" and rows[1]["what"] == "Fru Jensen"
    assert (rows[2]["duration_from"], rows[2]["duration_to"]) == (30, 40)
    # AB is no planner here: an edit off AB's own route is from outside (the board's ¤ rule).
    lines = [line.split(": ", 1)[1] for line in change_lines(rows, t)]
    pause = f"Hr. Ny {DAY} til {DAY + timedelta(days=3)}, 0 besøg aflyst"
    assert lines == [
        "tilføjede besøg hos Hr. Olsen kl. 11:00 20 min. **udefra**",
        "aflyste besøg hos Fru Jensen kl. 10:00 (død) **udefra**",
        "ændrede varighed hos Fru Jensen kl. 08:00 30 → 40 min.",  # v1 is on AB's route
        "oprettede borger Hr. Ny **udefra**",
        f"satte på pause (indlagt): {pause} **udefra**",
    ]
    assert rows[4]["what"] == "Hr. Ny" and rows[4]["paused"] == {
        "from": DAY.isoformat(),
        "to": (DAY + timedelta(days=3)).isoformat(),
        "cancelled": 0,
    }


def test_the_changes_export_reads_every_plan_edit_of_the_day(team) -> None:  # noqa: ANN001
    """The export is generic over the audit: each edit lands on the day it changes."""
    from kaffefoerst.store.changes_out import day_changes

    store, ids = team
    with store.session() as session:
        added = add_visit(
            session, NewVisit(ids["olsen"], DAY, 660, 20, service_ids=(ids["care"],)),
            actor="AB", now=NOW,
        )  # fmt: skip
        cancel_visit(
            session, visit_id=ids["v4"], expected_version=1, reason="CITIZEN", actor="AB", now=NOW
        )
        set_duration(
            session, visit_id=ids["v1"], expected_version=1, duration_min=40, actor="AB", now=NOW
        )
        pause_citizen(
            session, citizen_id=ids["olsen"], from_day=DAY + timedelta(days=1),
            to_day=DAY + timedelta(days=2), actor="AB", now=NOW,
        )  # fmt: skip
        today = [(c.action, c.entity_id) for c in day_changes(session, DAY)]
        tomorrow = [(c.action, c.entity_id) for c in day_changes(session, DAY + timedelta(1))]
        later = day_changes(session, DAY + timedelta(days=3))
    assert today == [
        ("visit_add", added),
        ("visit_cancel", ids["v4"]),
        ("visit_duration", ids["v1"]),
    ]
    assert tomorrow == [("citizen_pause", ids["olsen"])]  # a pause covers its days
    assert later == []
