"""The base plan (grundplan): recurring visits from which the days ahead are generated.

Pure rules: on which days an entry occurs, and what a valid entry is. Generating, changing and
saying which generated days changed lives in store/base_plan.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kaffefoerst.domain.errors import DomainError

DEFAULT_DAYS = 14  # the days ahead kept generated: tomorrow is never empty
MAX_DAYS = 366
MAX_EVERY_WEEKS = 52
DAY_MINUTES = 24 * 60
# Weekday names as a Danish office file writes them; ISO numbers (1 = Monday) work too.
WEEKDAY_NAMES = {
    "man": 1,
    "tir": 2,
    "ons": 3,
    "tor": 4,
    "fre": 5,
    "lør": 6,
    "søn": 7,
    "mon": 1,
    "tue": 2,
    "wed": 3,
    "thu": 4,
    "fri": 5,
    "sat": 6,
    "sun": 7,
}


@dataclass(frozen=True, slots=True)
class BaseEntry:
    """One recurring visit. ``citizen_id`` and the carers are the database's ids."""

    citizen_id: int
    weekdays: frozenset[int]  # ISO weekdays, 1 = Monday
    first_day: date
    start_min: int
    duration_min: int
    every_weeks: int = 1
    last_day: date | None = None
    window_from_min: int | None = None
    window_to_min: int | None = None
    fixed_time: bool = False
    two_carers: bool = False
    carer_id: int | None = None  # the usual carer
    second_carer_id: int | None = None
    services: tuple[str, ...] = ()  # service codes
    source_id: str = ""  # the care system's id: how a re-import finds the entry again
    id: int | None = None

    def occurs_on(self, day: date) -> bool:
        if day.isoweekday() not in self.weekdays:  # the cheap test first: most days fail it
            return False
        if day < self.first_day or (self.last_day is not None and day > self.last_day):
            return False
        if self.every_weeks == 1:
            return True
        # Whole weeks between the Mondays of the two weeks, in day numbers (no date objects).
        weeks = (day.toordinal() - day.weekday() - self.first_day.toordinal()
                 + self.first_day.weekday()) // 7  # fmt: skip
        return weeks % self.every_weeks == 0

    def plan_fields(self) -> tuple[object, ...]:
        """What a generated visit takes from the entry: equal tuples, nothing to change."""
        return (
            self.start_min,
            self.duration_min,
            self.window_from_min,
            self.window_to_min,
            self.fixed_time,
            self.two_carers,
            self.carer_id,
            self.second_carer_id,
            tuple(sorted(self.services)),
        )


def parse_weekdays(text: str) -> frozenset[int]:
    """'1,3,5', '1;3;5', 'man,ons,fre' or 'man-fre' → ISO weekdays; DomainError if not."""
    found: set[int] = set()
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        part = part.strip().lower()
        if not part:
            continue
        if "-" in part:
            low, _, high = part.partition("-")
            a, b = _weekday(low, text), _weekday(high, text)
            if b < a:
                raise DomainError("base_plan.bad_weekdays", value=text)
            found.update(range(a, b + 1))
        else:
            found.add(_weekday(part, text))
    if not found:
        raise DomainError("base_plan.bad_weekdays", value=text)
    return frozenset(found)


def _weekday(part: str, text: str) -> int:
    part = part.strip()
    if part.isdigit() and 1 <= int(part) <= 7:
        return int(part)
    if part[:3] in WEEKDAY_NAMES:
        return WEEKDAY_NAMES[part[:3]]
    raise DomainError("base_plan.bad_weekdays", value=text)


def check_entry(entry: BaseEntry) -> None:
    """A usable entry: the rules a visit added on the board meets, plus the recurrence."""
    if not entry.weekdays or not entry.weekdays <= set(range(1, 8)):
        raise DomainError("base_plan.bad_weekdays", value=",".join(map(str, entry.weekdays)))
    if not 1 <= entry.every_weeks <= MAX_EVERY_WEEKS:
        raise DomainError("base_plan.bad_every", value=entry.every_weeks, most=MAX_EVERY_WEEKS)
    if entry.last_day is not None and entry.last_day < entry.first_day:
        raise DomainError("base_plan.bad_period")
    if not 0 <= entry.start_min < DAY_MINUTES:
        raise DomainError("plan_edit.bad_time", value=entry.start_min)
    if not 0 < entry.duration_min <= 8 * 60:
        raise DomainError("plan_edit.bad_duration", value=entry.duration_min, most=8 * 60)
    if entry.start_min + entry.duration_min > DAY_MINUTES:
        raise DomainError("plan_edit.past_midnight")
    low, high = entry.window_from_min, entry.window_to_min
    if (low is None) != (high is None):
        raise DomainError("plan_edit.half_window")
    if low is not None and high is not None and not 0 <= low <= entry.start_min <= high:
        raise DomainError("plan_edit.bad_window")
    if entry.two_carers is False and entry.second_carer_id is not None:
        raise DomainError("base_plan.second_without_two")


def days_ahead(today: date, days: int) -> list[date]:
    if not 1 <= days <= MAX_DAYS:
        raise DomainError("base_plan.bad_days", value=days, most=MAX_DAYS)
    return [today + timedelta(days=k) for k in range(days)]
