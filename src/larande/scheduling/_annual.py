"""The annual plan: per unit, month by month, what is planned and the time it takes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from larande import _check as check
from larande.catalog import Catalog
from larande.exceptions import UnknownIdError, ValidationError
from larande.frozenmap import FrozenMap
from larande.goals import GoalGraph, Level
from larande.organization import Organization
from larande.scheduling._budget import Budget
from larande.scheduling._records import Schedule

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _counts(value: Mapping[str, int]) -> FrozenMap[str, int]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


@attrs.frozen
class MonthPlan:
    """One month of a unit's annual plan.

    Attributes:
        year, month: the calendar month.
        activities: activity id -> how many of the unit's people take it that month.
        load: the working time planned for learning, all members together.
        set_aside: the time set aside for learning that month, all members together.
        cost: what the month's activities cost, all participants together (in the
            catalog's currency; 0 unless the annual plan was given the catalog).
        goals: the goals the month's learning serves: goals of the organisation, of the
            learners' units or of those units' parents that depend on a competency the
            month's activities develop (empty unless the annual plan was given the goals).
    """

    year: int
    month: int
    activities: FrozenMap[str, int] = attrs.field(converter=_counts)
    load: dt.timedelta
    set_aside: dt.timedelta
    cost: float = attrs.field(default=0.0, converter=float)
    goals: tuple[str, ...] = attrs.field(default=(), converter=check.strs)

    @property
    def share(self) -> float:
        """``load / set_aside`` (0 when nothing is set aside)."""
        return self.load / self.set_aside if self.set_aside else 0.0


def _months(value: Iterable[MonthPlan]) -> tuple[MonthPlan, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen
class AnnualPlan:
    """A unit's year of learning, month by month (``str()`` prints it as a table)."""

    unit: str
    people: int
    months: tuple[MonthPlan, ...] = attrs.field(converter=_months)

    @property
    def cost(self) -> float:
        """What the year's activities cost, all months together."""
        return sum(m.cost for m in self.months)

    @property
    def goals(self) -> tuple[str, ...]:
        """The goals the year's learning serves, all months together, sorted."""
        return tuple(sorted({g for m in self.months for g in m.goals}))

    def table(self, *, titles: Mapping[str, str] | None = None) -> str:
        """The plan as a text table; ``titles`` maps activity ids to names to show.

        A cost column is shown when anything costs (the plan was made with the catalog),
        and each month's goals under it when the plan was made with the goals.
        """
        priced = any(m.cost for m in self.months)
        lines = [f"Annual plan for {self.unit} ({self.people} people)"]
        cost_head = f" {'cost':>9}" if priced else ""
        lines.append(
            f"  {'month':9} {'planned h':>9} {'set aside h':>11} {'use':>5}{cost_head}  activities"
        )
        pad = " " * (9 + 1 + 9 + 1 + 11 + 1 + 5 + len(cost_head) + 2)
        for m in self.months:
            acts = ", ".join(
                f"{(titles or {}).get(a, a)} x{n}" for a, n in sorted(m.activities.items())
            )
            cost = f" {m.cost:9,.0f}" if priced else ""
            lines.append(
                f"  {_MONTHS[m.month - 1]} {m.year}  {m.load.total_seconds() / 3600:9g} "
                f"{m.set_aside.total_seconds() / 3600:11g} {m.share:5.0%}{cost}  {acts or '-'}"
            )
            if m.goals:
                lines.append(f"  {pad}serves: {', '.join(m.goals)}")
        if priced:
            lines.append(f"  cost of the year: {self.cost:,.0f}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


def annual_plan(
    schedule: Schedule,
    org: Organization,
    unit: str,
    *,
    budget: dt.timedelta | Budget | Mapping[str, dt.timedelta | Budget],
    recursive: bool = True,
    catalog: Catalog | None = None,
    goals: GoalGraph | None = None,
) -> AnnualPlan:
    """The annual plan of ``unit``: each month of the schedule, what its people learn.

    ``budget`` is the time set aside per person: a ``timedelta`` a month or a
    :class:`~larande.Budget` (a yearly one counts a twelfth a month), for everyone, or a
    mapping person -> either; members missing from a mapping count as having none set
    aside.
    With the ``catalog``, each month also says what its activities cost (each placement
    at the activity's cost per participant); with the ``goals`` too, which goals its
    learning serves (:attr:`MonthPlan.goals`: the organisation's goals and those of each
    learner's unit and its parents that depend on a competency the activity develops,
    individual objectives left out). The time taken grows with the unit's members, not
    with the whole schedule.

    >>> from larande.datasets import load_demo
    >>> from larande import analyze, plan, schedule
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    >>> plans = plan(report, demo.catalog, org=demo.org)
    >>> year = schedule(plans, demo.catalog, calendar=demo.calendar, start=demo.start,
    ...                 end=demo.end, budget=demo.budget)
    >>> it = annual_plan(year, demo.org, "it-platform", budget=demo.budget)
    >>> it.months[0].year, it.months[0].month, it.people
    (2026, 1, 5)
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"expected a Schedule, got {check.describe(schedule)}", path="schedule"
        )
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    try:
        members = [p.id for p in org.members(unit, recursive=recursive)]
    except ValidationError as err:
        raise err.at("unit") if not err.path else err from None

    def monthly(value: object, path: str) -> dt.timedelta:
        if isinstance(value, Budget):
            return value.monthly()
        if isinstance(value, dt.timedelta):
            return value
        raise ValidationError(
            f"expected a timedelta, a Budget or a mapping person -> either, got "
            f"{check.describe(value)}",
            path=path,
        )

    if isinstance(budget, Mapping):
        per_person = {
            p: monthly(budget[p], f"budget[{p!r}]") if p in budget else dt.timedelta()
            for p in members
        }
    else:
        per_person = dict.fromkeys(members, monthly(budget, "budget"))
    set_aside = sum(per_person.values(), dt.timedelta())
    if catalog is not None and not isinstance(catalog, Catalog):
        raise ValidationError(
            f"expected a Catalog or None, got {check.describe(catalog)}", path="catalog"
        )
    if goals is not None and not isinstance(goals, GoalGraph):
        raise ValidationError(
            f"expected a GoalGraph or None, got {check.describe(goals)}", path="goals"
        )
    if goals is not None and catalog is None:
        raise ValidationError(
            "goals were given without the catalog: what an activity develops, and so which "
            "goals it serves, is in the catalog",
            path="catalog",
            code="goals-without-catalog",
        )
    counts: dict[tuple[int, int], dict[str, int]] = {}
    loads: dict[tuple[int, int], dt.timedelta] = {}
    costs: dict[tuple[int, int], float] = {}
    served: dict[tuple[int, int], set[str]] = {}
    serves: dict[tuple[str, str], frozenset[str]] = {}  # (unit, activity) -> goals
    for person in members:
        for p in schedule.for_person(person):
            key = (p.on.year, p.on.month)
            counts.setdefault(key, {})
            counts[key][p.activity] = counts[key].get(p.activity, 0) + 1
            loads[key] = loads.get(key, dt.timedelta()) + schedule.efforts[p.activity]
            if catalog is None:
                continue
            if p.activity not in catalog:
                raise UnknownIdError(
                    "activity", p.activity, path="catalog", referrer=f"placement {p.id!r}"
                )
            activity = catalog.activity(p.activity)
            costs[key] = costs.get(key, 0.0) + activity.cost
            if goals is not None:
                home = org.person(person).unit
                found = serves.get((home, p.activity))
                if found is None:
                    owners = (None, home, *org.unit_ancestors(home))
                    found = serves[(home, p.activity)] = frozenset(
                        g
                        for c in activity.develops
                        for g in goals.goals_for(c, owners=owners)
                        if goals.goal(g).level is not Level.INDIVIDUAL
                    )
                served.setdefault(key, set()).update(found)
    months = []
    y, m = schedule.start.year, schedule.start.month
    while (y, m) <= (schedule.end.year, schedule.end.month):
        months.append(
            MonthPlan(
                y,
                m,
                counts.get((y, m), {}),
                loads.get((y, m), dt.timedelta()),
                set_aside,
                costs.get((y, m), 0.0),
                tuple(sorted(served.get((y, m), ()))),
            )
        )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return AnnualPlan(unit, len(members), months)
