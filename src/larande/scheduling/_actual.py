"""Planned against actual: learning followed up like the budget, per unit and month."""

from __future__ import annotations

import datetime as dt

import attrs

from larande import _check as check
from larande.catalog import Catalog
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup import ActivityCompleted, FollowUpState
from larande.organization import Organization
from larande.scheduling._records import Schedule

_HOUR = dt.timedelta(hours=1)


def _month(inst: BudgetLine, attribute: attrs.Attribute[tuple[int, int]], value: object) -> None:
    if not (
        isinstance(value, tuple)
        and len(value) == 2
        and all(type(v) is int for v in value)
        and 1 <= value[0] <= 9999
        and 1 <= value[1] <= 12
    ):
        check.fail(inst, attribute.name, value, "a (year, month) pair of ints")


def _month_pair(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _amount() -> float:
    return attrs.field(converter=check.to_float, validator=check.non_negative_number)  # type: ignore[no-any-return]


@attrs.frozen
class BudgetLine:
    """One unit's month: the learning planned and what was done, in hours and money.

    Attributes:
        unit: the unit (its members counted recursively, sub-units included).
        month: the calendar month, ``(year, month)``.
        planned_hours: the effort of the month's placements.
        actual_hours: the effort of the month's completions (passed or not: the time was
            spent), each at its activity's effort.
        planned_cost: what the month's placements cost.
        actual_cost: what the month's completions cost.

    >>> line = BudgetLine("homecare", (2026, 2), 40.0, 24.0, 4200.0, 8400.0)
    >>> line.hours_gap, line.cost_gap
    (-16.0, 4200.0)
    """

    unit: str = attrs.field(validator=check.identifier)
    month: tuple[int, int] = attrs.field(converter=_month_pair, validator=_month)
    planned_hours: float = attrs.field(
        converter=check.to_float, validator=check.non_negative_number
    )
    actual_hours: float = attrs.field(
        converter=check.to_float, validator=check.non_negative_number
    )
    planned_cost: float = attrs.field(
        converter=check.to_float, validator=check.non_negative_number
    )
    actual_cost: float = _amount()

    @property
    def hours_gap(self) -> float:
        """``actual_hours - planned_hours``: below zero, less was done than planned."""
        return self.actual_hours - self.planned_hours

    @property
    def cost_gap(self) -> float:
        """``actual_cost - planned_cost``: above zero, it cost more than planned."""
        return self.actual_cost - self.planned_cost


def planned_vs_actual(
    schedule: Schedule,
    state: FollowUpState,
    catalog: Catalog,
    *,
    org: Organization,
    as_of: dt.date,
) -> tuple[BudgetLine, ...]:
    """Per unit and month, the hours and money planned against those spent.

    Planned: the schedule's placements, each at its activity's effort and cost. Actual:
    the completions in effect from the schedule's start to ``as_of`` (no later than its
    end), passed or not, each at its activity's effort and cost. Every month of the
    schedule's horizon gets a line for every unit with anything planned or done in it; a
    unit counts its members recursively, so the top unit's lines are the organisation's.
    Months after ``as_of`` show what is planned, with nothing done yet.

    Returns:
        The lines, sorted by unit, then month.

    Raises:
        UnknownIdError: a placement or completion names an activity the catalog does not
            hold, or a person ``org`` does not know.

    >>> import datetime as dt
    >>> from larande import Activity, Catalog, Organization, Person, Placement, Unit
    >>> from larande import ActivityCompleted, Framework, Competency, replay
    >>> org = Organization([Unit("care", "Care")], [Person("anna", "Anna", "care")], [],
    ...                    Framework([Competency("cpr", "CPR")]))
    >>> cpr = Activity("cpr-course", "CPR", "course", {"cpr": 1}, dt.timedelta(hours=4),
    ...                cost=900)
    >>> year = Schedule([Placement("anna", "cpr-course", dt.date(2026, 2, 3))], [],
    ...                 dt.date(2026, 1, 1), dt.date(2026, 3, 31),
    ...                 efforts={"cpr-course": dt.timedelta(hours=4)})
    >>> done = replay([ActivityCompleted("e1", "anna", "cpr-course", dt.date(2026, 3, 9))])
    >>> for line in planned_vs_actual(year, done, Catalog([cpr]), org=org,
    ...                               as_of=dt.date(2026, 3, 31)):
    ...     print(line.month, line.planned_hours, line.actual_hours, line.actual_cost)
    (2026, 1) 0.0 0.0 0.0
    (2026, 2) 4.0 0.0 0.0
    (2026, 3) 0.0 4.0 900.0
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"expected a Schedule, got {check.describe(schedule)}", path="schedule"
        )
    if not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    if not isinstance(catalog, Catalog):
        raise ValidationError(f"expected a Catalog, got {check.describe(catalog)}", path="catalog")
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    months = _months(schedule.start, schedule.end)
    # Per person's own unit and month first; rolled up to the ancestors once at the end.
    sums: dict[str, dict[tuple[int, int], list[float]]] = {}

    def add(person: str, day: dt.date, activity: str, column: int, path: str) -> None:
        if activity not in catalog:
            raise UnknownIdError("activity", activity, path=path, expected="a catalog activity")
        if not org.has_person(person):
            raise UnknownIdError("person", person, path=path.rsplit(".", 1)[0] + ".person")
        found = catalog.activity(activity)
        row = sums.setdefault(org.person(person).unit, {}).setdefault(
            (day.year, day.month), [0.0, 0.0, 0.0, 0.0]
        )
        row[column] += found.effort / _HOUR
        row[column + 2] += found.cost

    for i, p in enumerate(schedule.placements):
        add(p.person, p.on, p.activity, 0, f"schedule.placements[{i}].activity")
    last = min(as_of, schedule.end)
    for person in state.people():
        for e in state.of_person(person):
            if isinstance(e, ActivityCompleted) and schedule.start <= e.on <= last:
                add(person, e.on, e.activity, 1, f"state[{e.id!r}].activity")
    rolled: dict[str, dict[tuple[int, int], list[float]]] = {}
    for unit, by_month in sums.items():
        for owner in (unit, *org.unit_ancestors(unit)):
            mine = rolled.setdefault(owner, {})
            for month, row in by_month.items():
                held = mine.setdefault(month, [0.0, 0.0, 0.0, 0.0])
                for k in range(4):
                    held[k] += row[k]
    zero = [0.0, 0.0, 0.0, 0.0]
    return tuple(
        BudgetLine(unit, month, *(round(v, 6) for v in rolled[unit].get(month, zero)))
        for unit in sorted(rolled)
        for month in months
    )


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
