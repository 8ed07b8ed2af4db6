"""The scheduling problem: described and checked once, before anything is solved."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

from larande import _check as check
from larande.calendars import Absence, WorkCalendar
from larande.catalog import Catalog
from larande.exceptions import DuplicateIdError, UnknownIdError, ValidationError
from larande.organization import Organization
from larande.planning import LearningPlan
from larande.scheduling._budget import Budget, Period, hours
from larande.scheduling._records import Placement

_HOUR = 3600

Key = tuple[str, str, int]
"""``(person, item activity, occurrence)``: a task, and a placement, by name; occurrence
0 for a one-off item (a series counts its occurrences from 1)."""


def key_of(p: Placement) -> Key:
    """The task a placement is of: its person, plan item and occurrence (0: one-off)."""
    return (p.person, p.item, p.occurrence or 0)


def cents(amount: float) -> int:
    """Money as whole hundredths, so that sums never drift (costs are per participant)."""
    return round(amount * 100)


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _seconds(value: dt.timedelta) -> int:
    return int(value.total_seconds())


def _hours(seconds: float) -> str:
    return f"{seconds / _HOUR:g}"


def _as_budget(value: object, path: str) -> Budget:
    """A :class:`Budget` from a Budget or a monthly timedelta, or the error naming ``path``."""
    if isinstance(value, Budget):
        return value
    if not isinstance(value, dt.timedelta):
        raise ValidationError(
            f"expected a Budget or a datetime.timedelta above zero, got {check.describe(value)}",
            path=path,
            code="bad-budget",
        )
    if value <= dt.timedelta(0):
        raise ValidationError(
            f"expected a budget above zero, got {hours(value)}",
            path=path,
            code="bad-budget",
            params={"value": hours(value)},
        )
    return Budget(value)


class _Problem:
    """The scheduling problem, checked in full before anything is solved."""

    def __init__(
        self,
        plans: Iterable[LearningPlan],
        catalog: Catalog,
        *,
        calendar: WorkCalendar,
        start: dt.date,
        end: dt.date,
        budget: dt.timedelta | Budget | Mapping[str, Budget | dt.timedelta],
        peak: float,
        taken: Mapping[str, int] | None,
        org: Organization | None,
        fixed: Iterable[Placement] = (),
        budget_start: dt.date | None = None,
        skip: frozenset[Key] = frozenset(),
        absences: Iterable[Absence] = (),
        season: Mapping[int, float] | None = None,
        money: Mapping[str, float] | None = None,
    ) -> None:
        if not isinstance(catalog, Catalog):
            raise ValidationError(
                f"expected a Catalog, got {check.describe(catalog)}", path="catalog"
            )
        if not isinstance(calendar, WorkCalendar):
            raise ValidationError(
                f"expected a WorkCalendar, got {check.describe(calendar)}", path="calendar"
            )
        for name, day in (("start", start), ("end", end)):
            if not check.is_day(day):
                raise ValidationError(
                    f"expected a datetime.date, got {check.describe(day)}", path=name
                )
            calendar._check(day, name)
        if start > end:
            raise ValidationError(
                f"start {start.isoformat()} is after end {end.isoformat()}",
                path="start",
                code="start-after-end",
            )
        if isinstance(peak, bool) or not isinstance(peak, int | float) or not 0 < peak < math.inf:
            raise ValidationError(
                f"expected peak to be a finite number above zero, got {check.describe(peak)}",
                path="peak",
            )
        if org is not None and not isinstance(org, Organization):
            raise ValidationError(
                f"expected an Organization or None, got {check.describe(org)}", path="org"
            )
        self.catalog = catalog
        self.calendar = calendar
        self.start, self.end = start, end
        self.org = org
        self.plans = self._check_plans(plans, catalog)
        self.months = _months(budget_start or start, end)
        self.month_index = {ym: i for i, ym in enumerate(self.months)}
        self.budgets = self._check_budget(budget)
        n_months = len(self.months)
        # In seconds. A yearly budget's share of the horizon is rounded down, so that the
        # whole seconds counted never exceed it.
        self.monthly: dict[str, float] = {}
        self.total: dict[str, int] = {}
        for person, b in self.budgets.items():
            amount = _seconds(b.amount)
            if b.per is Period.MONTH:
                self.monthly[person], self.total[person] = amount, amount * n_months
            else:
                self.monthly[person], self.total[person] = amount / 12, amount * n_months // 12
        self.cap = {p: peak * b for p, b in self.monthly.items()}
        self.seats = self._check_taken(taken, catalog)
        self.fixed = tuple(fixed)
        self.kept: dict[Key, Placement] = {key_of(p): p for p in self.fixed}
        """Kept placements (a reschedule's past and done) by task key; they never move."""
        self.kept_activities: dict[str, set[str]] = {}
        for p in self.fixed:
            self.kept_activities.setdefault(p.person, set()).add(p.activity)
        self.skip = skip
        """Keys done: ``(person, item, 0)`` for a whole item, else one occurrence."""
        self.first_day = budget_start or start
        """The first day of the first schedule: series count their periods from it."""
        self.season = self._check_season(season)
        self.share = [self.season.get(m, 1.0) for _, m in self.months]
        """Per month of :attr:`months`, its share of normal capacity; 0 closes it."""
        working = calendar.working_days(start, end)
        self.closed_only = bool(working) and all(self.season.get(d.month) == 0 for d in working)
        """Whether the horizon has working days, but only in months closed for learning."""
        self.work_days = [d for d in working if self.season.get(d.month) != 0]
        self.month_of = {d: self.month_index[(d.year, d.month)] for d in self.work_days}
        self.away = self._check_absences(absences, org)
        self.unit = {p.id: p.unit for p in org.people} if org else {}
        self.money, self.purse = self._check_money(money, org)
        self._levelling(
            working if budget_start is None else calendar.working_days(budget_start, end)
        )

    def _levelling(self, working: Iterable[dt.date]) -> None:
        """The groups the year is levelled over, and each group's capacity month by month.

        A group is a person's own unit with ``org``, else the person alone. Its capacity in
        a month is its planned members' monthly budgets times the month's season share;
        only the months from the horizon's start count (a reschedule levels what is left).
        """
        self.group_of = {p.person: self.unit.get(p.person, p.person) for p in self.plans}
        groups: dict[str, list[str]] = {}
        for person in sorted(self.group_of):
            groups.setdefault(self.group_of[person], []).append(person)
        self.groups = dict(sorted(groups.items()))
        first = self.month_index[(self.start.year, self.start.month)]
        self.level_months = [m for m in range(first, len(self.months)) if self.share[m] > 0]
        """The months the year is levelled over: from the start, open for learning."""
        self.inv_cap: dict[str, list[float]] = {}
        """Per group and month, one over its capacity in seconds (0: not levelled)."""
        for group, members in self.groups.items():
            monthly = sum(self.monthly[p] for p in members)
            inv = [0.0] * len(self.months)
            for m in self.level_months:
                capacity = monthly * self.share[m]
                inv[m] = 1.0 / capacity if capacity > 0 else 0.0
            self.inv_cap[group] = inv
        with_days = {(d.year, d.month) for d in working}
        self.shares = {
            f"{y:04d}-{m:02d}": (self.share[i] if (y, m) in with_days else 0.0)
            for i, (y, m) in enumerate(self.months)
        }
        """Each month of the horizon and its share of capacity (0 without a working day)."""

    def month(self, day: dt.date) -> int:
        """The index in :attr:`months` of the month of ``day``."""
        found = self.month_of.get(day)
        return self.month_index[(day.year, day.month)] if found is None else found

    def cents(self, activity: str) -> int:
        """An activity's cost in cents (0 for one the catalog no longer holds)."""
        return cents(self.catalog.activity(activity).cost) if activity in self.catalog else 0

    def effort(self, activity: str) -> int:
        """An activity's effort in seconds (0 for one the catalog no longer holds)."""
        return _seconds(self.catalog.activity(activity).effort) if activity in self.catalog else 0

    def _check_money(
        self, money: object, org: Organization | None
    ) -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
        """The money per unit (in cents), and per planned person the units it counts against.

        A person's spending counts against their own unit's money and that of every unit
        above it that has money set aside: a department's money covers its teams.
        """
        if money is None:
            return {}, {}
        if not isinstance(money, Mapping):
            raise ValidationError(
                f"expected money to be a mapping unit -> amount, got {check.describe(money)}",
                path="money",
            )
        if org is None:
            raise ValidationError(
                "money is set aside per unit: pass org, to know each person's unit",
                path="org",
                code="money-without-org",
            )
        out: dict[str, int] = {}
        for unit, amount in money.items():
            if not isinstance(unit, str) or not org.has_unit(unit):
                raise UnknownIdError(
                    "unit", str(unit), path=f"money[{unit!r}]", expected="a unit of org"
                )
            if (
                isinstance(amount, bool)
                or not isinstance(amount, int | float)
                or not 0 <= amount < math.inf
            ):
                raise ValidationError(
                    "expected an amount of money, a finite number of 0 or more, "
                    f"got {check.describe(amount)}",
                    path=f"money[{unit!r}]",
                    code="bad-money",
                )
            out[unit] = cents(amount)
        purse: dict[str, tuple[str, ...]] = {}
        for plan in self.plans:
            home = self.unit.get(plan.person)
            if home is None:
                continue
            chain = tuple(u for u in (home, *org.unit_ancestors(home)) if u in out)
            if chain:
                purse[plan.person] = chain
        return out, purse

    @staticmethod
    def _check_absences(
        absences: object, org: Organization | None
    ) -> dict[str, tuple[Absence, ...]]:
        if isinstance(absences, str | bytes) or not isinstance(absences, Iterable):
            raise ValidationError(
                f"expected an iterable of Absence, got {check.describe(absences)}",
                path="absences",
            )
        away: dict[str, list[Absence]] = {}
        for i, absence in enumerate(absences):
            if not isinstance(absence, Absence):
                raise ValidationError(
                    f"expected an Absence, got {check.describe(absence)}", path=f"absences[{i}]"
                )
            if org is not None and not org.has_person(absence.person):
                raise UnknownIdError(
                    "person", absence.person, path=f"absences[{i}].person", referrer="an absence"
                )
            away.setdefault(absence.person, []).append(absence)
        return {p: tuple(sorted(a, key=lambda x: (x.start, x.end))) for p, a in away.items()}

    @staticmethod
    def _check_plans(plans: object, catalog: Catalog) -> tuple[LearningPlan, ...]:
        if isinstance(plans, str | bytes) or not isinstance(plans, Iterable):
            raise ValidationError(
                f"expected an iterable of LearningPlan, got {check.describe(plans)}", path="plans"
            )
        out = tuple(plans)
        seen: dict[str, int] = {}
        for i, plan in enumerate(out):
            if not isinstance(plan, LearningPlan):
                raise ValidationError(
                    f"expected a LearningPlan, got {check.describe(plan)}", path=f"plans[{i}]"
                )
            if plan.person in seen:
                raise DuplicateIdError(
                    "plan of person",
                    plan.person,
                    path=f"plans[{i}].person",
                    first=f"plans[{seen[plan.person]}]",
                )
            seen[plan.person] = i
            for j, item in enumerate(plan.items):
                if item.activity not in catalog:
                    raise UnknownIdError(
                        "activity",
                        item.activity,
                        path=f"plans[{i}].items[{j}].activity",
                        referrer=f"the plan of {plan.person!r}",
                        expected="an activity in the catalog",
                    )
                for k, other in enumerate(item.alternatives):
                    if other not in catalog:
                        raise UnknownIdError(
                            "activity",
                            other,
                            path=f"plans[{i}].items[{j}].alternatives[{k}]",
                            referrer=f"the plan of {plan.person!r} (as an alternative)",
                            expected="an activity in the catalog",
                        )
        return out

    def _check_budget(self, budget: object) -> dict[str, Budget]:
        people = [p.person for p in self.plans]
        if isinstance(budget, dt.timedelta | Budget):
            return dict.fromkeys(people, _as_budget(budget, "budget"))
        if not isinstance(budget, Mapping):
            raise ValidationError(
                "expected budget to be a Budget or a datetime.timedelta a month, or a "
                f"mapping person -> Budget or timedelta, got {check.describe(budget)}",
                path="budget",
            )
        missing = [p for p in people if p not in budget]
        if missing:
            raise ValidationError(
                f"the budget names no time for {', '.join(map(repr, missing[:5]))}"
                f"{' and more' if len(missing) > 5 else ''}; expected every planned person",
                path=f"budget[{missing[0]!r}]",
                code="budget-missing-person",
                params={"people": missing},
            )
        return {p: _as_budget(budget[p], f"budget[{p!r}]") for p in people}

    @staticmethod
    def _check_season(season: object) -> dict[int, float]:
        if season is None:
            return {}
        if not isinstance(season, Mapping):
            raise ValidationError(
                "expected season to be a mapping month (1-12) -> share of normal capacity, "
                f"got {check.describe(season)}",
                path="season",
            )
        out = {}
        for month, share in season.items():
            if type(month) is not int or not 1 <= month <= 12:
                raise ValidationError(
                    f"expected a month number from 1 to 12, got {check.describe(month)}",
                    path=f"season[{month!r}]",
                    code="bad-season",
                )
            if (
                isinstance(share, bool)
                or not isinstance(share, int | float)
                or not 0 <= share < math.inf
            ):
                raise ValidationError(
                    "expected a share of normal capacity, a finite number of 0 or more, "
                    f"got {check.describe(share)}",
                    path=f"season[{month}]",
                    code="bad-season",
                )
            out[month] = float(share)
        return out

    @staticmethod
    def _check_taken(taken: object, catalog: Catalog) -> dict[str, int]:
        seats = {s.id: s.capacity for a in catalog.activities for s in a.sessions}
        if taken is None:
            return seats
        if not isinstance(taken, Mapping):
            raise ValidationError(
                f"expected taken to be a mapping session -> seats, got {check.describe(taken)}",
                path="taken",
            )
        for sid, n in taken.items():
            if sid not in seats:
                raise UnknownIdError(
                    "session",
                    str(sid),
                    path=f"taken[{sid!r}]",
                    expected="a session in the catalog",
                )
            if type(n) is not int or n < 0:
                raise ValidationError(
                    "expected a number of seats taken, an int of 0 or more, "
                    f"got {check.describe(n)}",
                    path=f"taken[{sid!r}]",
                )
            seats[sid] = max(0, seats[sid] - n)
        return seats
