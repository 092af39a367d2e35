"""A small hand-built team for domain and UI tests: every number in a test can be read off here."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from kaffefoerst.enums import Profession, ShiftKind, VisitStatus
from kaffefoerst.model import (
    Carer,
    Citizen,
    DeclinedCarer,
    Service,
    Shift,
    Team,
    Visit,
    VisitService,
)
from kaffefoerst.store import Store

DAY = date(2026, 3, 2)  # a Monday


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


class TeamBuilder:
    """Adds rows with sensible defaults; ids come back so tests can refer to them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _add(self, row):  # noqa: ANN001, ANN202 - any table row
        self.session.add(row)
        self.session.flush()
        return row.id

    def team(self, name: str = "Nord", gap_min: int = 5) -> int:
        return self._add(Team(name=name, gap_min=gap_min))

    def partners(self, team_a: int, team_b: int) -> None:
        """Make two teams each other's venskabsteam."""
        for team_id, partner_id in ((team_a, team_b), (team_b, team_a)):
            team = self.session.get(Team, team_id)
            assert team is not None
            team.partner_team_id = partner_id
            self.session.add(team)
        self.session.flush()

    def shift(
        self, carer_id: int, start: str = "07:00", end: str = "15:00", day: date = DAY
    ) -> int:
        """A day shift with other hours than 07:00-15:00 (create the carer with on_shift=None)."""
        return self._add(
            Shift(
                carer_id=carer_id, day=day, kind=ShiftKind.DAY, start_min=hm(start), end_min=hm(end)
            )
        )

    def substitute(
        self,
        initials: str,
        team_id: int,
        profession: Profession = Profession.SSH,
        competences: str = "",
        on_shift: date | None = None,
    ) -> int:
        """An on-call substitute (tilkaldevikar); by default no shift: called in when needed."""
        carer_id = self.carer(initials, team_id, profession, competences, on_shift=on_shift)
        carer = self.session.get(Carer, carer_id)
        assert carer is not None
        carer.on_call_substitute = True
        self.session.add(carer)
        self.session.flush()
        return carer_id

    def carer(
        self,
        initials: str,
        team_id: int,
        profession: Profession = Profession.SSH,
        competences: str = "",
        on_shift: date | None = DAY,
    ) -> int:
        carer_id = self._add(
            Carer(
                initials=initials,
                name=f"Carer {initials}",
                profession=profession,
                competences=competences,
                phone="1234 5678",
                team_id=team_id,
            )
        )
        if on_shift is not None:
            self._add(
                Shift(
                    carer_id=carer_id, day=on_shift, kind=ShiftKind.DAY, start_min=420, end_min=900
                )
            )
        return carer_id

    def citizen(
        self,
        short_name: str,
        team_id: int,
        contacts: tuple[int, ...] = (),
        declined: tuple[int, ...] = (),
    ) -> int:
        contact1, contact2 = (*contacts, None, None)[:2]
        citizen_id = self._add(
            Citizen(
                name=f"{short_name} Hansen",
                short_name=short_name,
                address="Vestergade 1",
                area="Vojens",
                team_id=team_id,
                contact1_id=contact1,
                contact2_id=contact2,
            )
        )
        for carer_id in declined:
            self.session.add(DeclinedCarer(citizen_id=citizen_id, carer_id=carer_id))
        return citizen_id

    def service(self, code: str, professions: str = "", competence: str = "") -> int:
        return self._add(
            Service(code=code, name=code, professions=professions, competence=competence)
        )

    def visit(
        self,
        citizen_id: int,
        start: str,
        minutes: int = 30,
        carer_id: int | None = None,
        day: date = DAY,
        window: tuple[str, str] | None = None,
        services: tuple[int, ...] = (),
        status: VisitStatus = VisitStatus.PLANNED,
        second_carer_id: int | None = None,
        fixed_time: bool = False,
    ) -> int:
        visit_id = self._add(
            Visit(
                citizen_id=citizen_id,
                day=day,
                start_min=hm(start),
                duration_min=minutes,
                window_from_min=hm(window[0]) if window else None,
                window_to_min=hm(window[1]) if window else None,
                carer_id=carer_id,
                second_carer_id=second_carer_id,
                two_carers=second_carer_id is not None,
                status=status,
                fixed_time=fixed_time,
            )
        )
        for service_id in services:
            self.session.add(VisitService(visit_id=visit_id, service_id=service_id))
        return visit_id

    def history(self, citizen_id: int, carer_id: int, days_ago: tuple[int, ...]) -> None:
        for n in days_ago:
            self.visit(
                citizen_id,
                "08:00",
                carer_id=carer_id,
                day=DAY - timedelta(days=n),
                status=VisitStatus.DELIVERED,
            )


def small_team(path: Path) -> tuple[Store, dict[str, int]]:
    """Two carers and an unassigned visit in Nord, one carer in Syd; ids by name."""
    store = Store.open_sqlite(path)
    with store.session() as session:
        b = TeamBuilder(session)
        ids: dict[str, int] = {}
        ids["nord"] = b.team("Nord")
        ids["syd"] = b.team("Syd")
        ids["AB"] = b.carer("AB", ids["nord"], Profession.SSA, "insulin,medicin")
        ids["CD"] = b.carer("CD", ids["nord"])
        ids["EF"] = b.carer("EF", ids["syd"])
        ids["insulin"] = b.service("insulin", "SSA,SPL", "insulin")
        ids["care"] = b.service("pleje")
        ids["jensen"] = b.citizen("Fru Jensen", ids["nord"], contacts=(ids["AB"], ids["CD"]))
        ids["olsen"] = b.citizen("Hr. Olsen", ids["nord"], declined=(ids["EF"],))
        ids["v1"] = b.visit(
            ids["jensen"],
            "08:00",
            30,
            ids["AB"],
            services=(ids["insulin"],),
            window=("07:45", "08:30"),
            fixed_time=True,
        )
        ids["v2"] = b.visit(ids["olsen"], "09:00", 30, ids["AB"], services=(ids["care"],))
        ids["v3"] = b.visit(ids["olsen"], "08:00", 45, ids["CD"], services=(ids["care"],))
        ids["v4"] = b.visit(ids["jensen"], "10:00", 20, None, services=(ids["care"],))
        b.history(ids["jensen"], ids["CD"], (1, 2, 3))
        b.history(ids["jensen"], ids["EF"], (4,))
        session.commit()
    return store, ids
