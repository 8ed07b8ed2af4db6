"""Placing plans over the year: the problem checked once, then solved.

The solver is a priority-ordered greedy placement followed by repairs, all deterministic:

1. Items are taken by priority (highest first), then deadline, person and plan order; an
   item waits until its prerequisites are decided. Each goes to the feasible day that keeps
   the person's peak month lowest, then the least loaded month, then (for a group activity,
   with ``org``) a session the person's unit already uses, then the earliest day. A day
   that would leave no room for the item's dependants is avoided when another will do.
2. Seats: an item left out for want of seats takes a seat from a holder worth less (its
   priority and that of the dependants it still lets in) that can move to another session,
   or else that then goes out.
3. Each activity's seats are handed out again as a min-cost flow (undone if worse); where a
   dependant waits for an early enough seat, also across the holders' prerequisite chains.
4. Each person whose items are left out, or whose peak month is above what their largest
   item forces, is planned again on their own by a bounded exact search (unplaced
   priority, then peak, then dates), against the seats left.
5. A seat may be traded to someone left out when its holder's person lost items for want
   of time: both are planned again, and the trade stands only if less is left out.
6. Each placement moves to the earliest day that raises nobody's peak; then, among a group
   activity's sessions on one day, units are put together.

Every step keeps every hard constraint; an independent validator in the tests checks them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import networkx as nx

from larande import _check as check
from larande._gc import paused
from larande.calendars import Absence, WorkCalendar
from larande.catalog import Activity, Catalog
from larande.exceptions import DuplicateIdError, UnknownIdError, ValidationError
from larande.organization import Organization
from larande.planning import LearningPlan
from larande.scheduling._records import Placement, Schedule, Unplaced, UnplacedReason

_HOUR = 3600
_REPLAN_BUDGET = 400
"""Search steps per person in the exact re-planning of step 3."""
_TRADE_BUDGET = 2_000
"""Seat trades tried in all (each re-plans one person)."""


@attrs.define
class _Task:
    index: int
    person: str
    activity: Activity
    effort: int  # seconds
    priority: float
    deadline: dt.date | None
    prerequisites: tuple[str, ...]  # activities in the person's plan that come first
    dependants: tuple[str, ...]  # activities in the person's plan that need this one
    plan_order: int
    value: float = 0.0  # priority, plus that of everything waiting on it
    # Static options, within the horizon and by the deadline.
    sessions: tuple[tuple[dt.date, str], ...] = ()
    days: tuple[dt.date, ...] = ()  # self-paced: working days
    by_month: tuple[tuple[int, tuple[dt.date, ...]], ...] = ()  # self-paced: days per month
    static_reason: UnplacedReason | None = None
    static_detail: str = ""


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
        budget: dt.timedelta | Mapping[str, dt.timedelta],
        peak: float,
        taken: Mapping[str, int] | None,
        org: Organization | None,
        fixed: Iterable[Placement] = (),
        budget_start: dt.date | None = None,
        skip: frozenset[tuple[str, str]] = frozenset(),
        absences: Iterable[Absence] = (),
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
        self.monthly = self._check_budget(budget)
        self.cap = {p: peak * b for p, b in self.monthly.items()}
        self.total = {p: b * len(self.months) for p, b in self.monthly.items()}
        self.seats = self._check_taken(taken, catalog)
        self.fixed = tuple(fixed)
        self.skip = skip
        self.work_days = calendar.working_days(start, end)
        self.away = self._check_absences(absences, org)

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
        return out

    def _check_budget(self, budget: object) -> dict[str, int]:
        people = [p.person for p in self.plans]
        if isinstance(budget, dt.timedelta):
            if budget <= dt.timedelta(0):
                raise ValidationError(
                    f"expected a budget above zero, got {budget}", path="budget", code="bad-budget"
                )
            return dict.fromkeys(people, _seconds(budget))
        if not isinstance(budget, Mapping):
            raise ValidationError(
                "expected budget to be a datetime.timedelta a month, or a mapping person -> "
                f"timedelta, got {check.describe(budget)}",
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
        out = {}
        for p in people:
            b = budget[p]
            if not isinstance(b, dt.timedelta) or b <= dt.timedelta(0):
                raise ValidationError(
                    f"expected a timedelta above zero for {p!r}, got {check.describe(b)}",
                    path=f"budget[{p!r}]",
                    code="bad-budget",
                )
            out[p] = _seconds(b)
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


class _Solver:
    def __init__(self, problem: _Problem) -> None:
        self.pb = problem
        self.load: dict[str, list[int]] = {}
        self.alone: set[tuple[str, int]] = set()
        self.used: dict[str, int] = {}
        self.seats = dict(problem.seats)
        self.where: dict[tuple[str, str], tuple[dt.date, str | None]] = {}
        self.in_session: dict[str, set[tuple[str, str]]] = {}
        self.kept: set[tuple[str, str]] = set()
        self.unit = {p.id: p.unit for p in problem.org.people} if problem.org else {}
        self.unplaced: dict[tuple[str, str], tuple[UnplacedReason, str]] = {}
        self.month_of: dict[dt.date, int] = {
            d: problem.month_index[(d.year, d.month)] for d in problem.work_days
        }
        self._days_until: dict[
            tuple[dt.date, str],
            tuple[tuple[dt.date, ...], tuple[tuple[int, tuple[dt.date, ...]], ...]],
        ] = {}
        self.tasks: dict[tuple[str, str], _Task] = {}
        self.by_person: dict[str, list[_Task]] = {}
        self._build_tasks()

    # -- building ------------------------------------------------------------------------

    def _month(self, day: dt.date) -> int:
        found = self.month_of.get(day)
        return self.pb.month_index[(day.year, day.month)] if found is None else found

    def _build_tasks(self) -> None:
        pb = self.pb
        n_months = len(pb.months)
        for plan in pb.plans:
            self.load[plan.person] = [0] * n_months
            self.used[plan.person] = 0
        efforts = {}
        for fixed in pb.fixed:
            a = pb.catalog.activity(fixed.activity) if fixed.activity in pb.catalog else None
            effort = _seconds(a.effort) if a is not None else 0
            efforts[fixed.activity] = effort
            key = (fixed.person, fixed.activity)
            self.kept.add(key)
            self.where[key] = (fixed.on, fixed.session)
            if fixed.person in self.load and (fixed.on.year, fixed.on.month) in pb.month_index:
                m = self._month(fixed.on)
                self.load[fixed.person][m] += effort
                self.used[fixed.person] += effort
                if effort > pb.cap[fixed.person]:
                    self.alone.add((fixed.person, m))
            if fixed.session is not None:
                if fixed.session in self.seats:
                    self.seats[fixed.session] -= 1
                self.in_session.setdefault(fixed.session, set()).add(key)
        index = 0
        for plan in pb.plans:
            # A prerequisite marked done without a placement is had, like one not planned.
            planned = {
                i.activity
                for i in plan.items
                if (plan.person, i.activity) not in pb.skip
                or (plan.person, i.activity) in self.kept
            }
            tasks = []
            for order, item in enumerate(plan.items):
                key = (plan.person, item.activity)
                if key in self.kept or key in pb.skip:
                    continue
                a = pb.catalog.activity(item.activity)
                prereqs = tuple(p for p in pb.catalog.requires(a.id) if p in planned)
                direct = tuple(p for p in a.prerequisites if p in planned)
                task = _Task(
                    index,
                    plan.person,
                    a,
                    _seconds(a.effort),
                    item.priority,
                    item.deadline,
                    direct or prereqs,
                    (),
                    order,
                )
                self._static_options(task)
                tasks.append(task)
                self.tasks[key] = task
                index += 1
            for task in tasks:
                task.dependants = tuple(
                    t.activity.id for t in tasks if task.activity.id in t.prerequisites
                )
            # What placing an item opens up: its own priority and that of everything that
            # waits on it, directly or not. Seats go first where they open up the most.
            by_id = {t.activity.id: t for t in tasks}
            for task in tasks:
                seen: set[str] = set()
                stack = list(task.dependants)
                while stack:
                    d = stack.pop()
                    if d not in seen:
                        seen.add(d)
                        stack.extend(by_id[d].dependants)
                task.value = task.priority + sum(by_id[d].priority for d in seen)
            self.by_person[plan.person] = tasks

    def _static_options(self, task: _Task) -> None:
        pb = self.pb
        a = task.activity
        last = pb.end if task.deadline is None else min(pb.end, task.deadline)
        away = pb.away.get(task.person, ())
        if a.sessions:
            in_horizon = [
                (s.on, s.id)
                for s in sorted(a.sessions, key=lambda s: (s.on, s.id))
                if pb.start <= s.on <= pb.end and pb.calendar.is_working(s.on)
            ]
            present = [o for o in in_horizon if not any(x.covers(o[0]) for x in away)]
            if in_horizon and not present:
                task.static_reason = UnplacedReason.HORIZON
                task.static_detail = (
                    f"every session of {a.id!r} in the horizon falls while {task.person} is away"
                )
                return
            in_horizon = present
            if not in_horizon:
                task.static_reason = UnplacedReason.HORIZON
                task.static_detail = (
                    f"no session of {a.id!r} falls on a working day between "
                    f"{pb.start.isoformat()} and {pb.end.isoformat()}"
                )
                return
            task.sessions = tuple(o for o in in_horizon if o[0] <= last)
            if not task.sessions:
                assert task.deadline is not None
                task.static_reason = UnplacedReason.DEADLINE
                task.static_detail = (
                    f"every session of {a.id!r} in the horizon is after the deadline "
                    f"{task.deadline.isoformat()}"
                )
            return
        if not pb.work_days:
            task.static_reason = UnplacedReason.HORIZON
            task.static_detail = (
                f"no working day between {pb.start.isoformat()} and {pb.end.isoformat()}"
            )
            return
        cache_key = (last, task.person if away else "")
        cached = self._days_until.get(cache_key)
        if cached is None:
            days = tuple(
                d for d in pb.work_days if d <= last and not any(x.covers(d) for x in away)
            )
            grouped: dict[int, list[dt.date]] = {}
            for d in days:
                grouped.setdefault(self.month_of[d], []).append(d)
            cached = self._days_until[cache_key] = (
                days,
                tuple((m, tuple(g)) for m, g in grouped.items()),
            )
        task.days, task.by_month = cached
        if not task.days and away and any(d <= last for d in pb.work_days):
            task.static_reason = UnplacedReason.HORIZON
            task.static_detail = (
                f"every working day for {a.id!r} in the horizon falls while {task.person} is away"
            )
            return
        if not task.days:
            assert task.deadline is not None
            task.static_reason = UnplacedReason.DEADLINE
            task.static_detail = (
                f"the deadline {task.deadline.isoformat()} is before the first working day "
                f"of the horizon, {pb.work_days[0].isoformat()}"
            )

    # -- the state -----------------------------------------------------------------------

    def _fits(self, person: str, month: int, effort: int) -> bool:
        if (person, month) in self.alone:
            return False
        load = self.load[person][month]
        if self.used[person] + effort > self.pb.total[person]:
            return False
        return load + effort <= self.pb.cap[person] or (load == 0 and effort > self.pb.cap[person])

    def _place(self, task: _Task, day: dt.date, session: str | None) -> None:
        key = (task.person, task.activity.id)
        m = self._month(day)
        self.where[key] = (day, session)
        self.load[task.person][m] += task.effort
        self.used[task.person] += task.effort
        if task.effort > self.pb.cap[task.person]:
            self.alone.add((task.person, m))
        if session is not None:
            self.seats[session] -= 1
            self.in_session.setdefault(session, set()).add(key)
        self.unplaced.pop(key, None)

    def _remove(self, task: _Task) -> None:
        key = (task.person, task.activity.id)
        day, session = self.where.pop(key)
        m = self._month(day)
        self.load[task.person][m] -= task.effort
        self.used[task.person] -= task.effort
        self.alone.discard((task.person, m))
        if session is not None:
            self.seats[session] += 1
            self.in_session[session].discard(key)

    def _peak(self, person: str) -> int:
        return max(self.load[person], default=0)

    # -- choosing a day ------------------------------------------------------------------

    def _after(self, task: _Task) -> tuple[dt.date | None, str | None]:
        """The day the task must come after, or the prerequisite that is not placed."""
        after = None
        for pre in task.prerequisites:
            placed = self.where.get((task.person, pre))
            if placed is None:
                return None, pre
            after = placed[0] if after is None else max(after, placed[0])
        return after, None

    def _before(self, task: _Task) -> dt.date | None:
        """The day the task must come before: the earliest placed dependant's."""
        days = [
            self.where[(task.person, d)][0]
            for d in task.dependants
            if (task.person, d) in self.where
        ]
        return min(days) if days else None

    def _room_limit(self, task: _Task) -> dt.date | None:
        """The last possible day of the task's unplaced dependants (to leave them room)."""
        limits = []
        for d in task.dependants:
            dep = self.tasks.get((task.person, d))
            if dep is None or (task.person, d) in self.where:
                continue
            if dep.sessions:
                limits.append(dep.sessions[-1][0])
            elif dep.days:
                limits.append(dep.days[-1])
        return min(limits) if limits else None

    def _options(
        self, task: _Task, *, ignore_seats: bool = False
    ) -> tuple[list[tuple[dt.date, str | None]], UnplacedReason | None, str]:
        """The feasible (day, session) options now, or why there are none."""
        if task.static_reason is not None:
            return [], task.static_reason, task.static_detail
        after, missing = self._after(task)
        if missing is not None:
            return [], UnplacedReason.PREREQUISITE, f"its prerequisite {missing!r} is not placed"
        before = self._before(task)
        person = task.person
        out: list[tuple[dt.date, str | None]] = []
        if task.sessions:
            timely = [
                o
                for o in task.sessions
                if (after is None or o[0] > after) and (before is None or o[0] < before)
            ]
            if not timely:
                return (
                    [],
                    UnplacedReason.PREREQUISITE,
                    (
                        f"no session of {task.activity.id!r} is left after its prerequisites "
                        f"({after.isoformat() if after else '-'})"
                    ),
                )
            seated = [o for o in timely if ignore_seats or self.seats[o[1]] > 0]
            if not seated:
                return (
                    [],
                    UnplacedReason.CAPACITY,
                    (f"every session of {task.activity.id!r} that fits is full"),
                )
            out = [(d, s) for d, s in seated if self._fits(person, self._month(d), task.effort)]
        else:
            any_day = False
            for m, days in task.by_month:
                # The month's first day after the prerequisites (days are in order).
                i = 0 if after is None else bisect.bisect_right(days, after)
                if i == len(days) or (before is not None and days[i] >= before):
                    continue
                any_day = True
                if self._fits(person, m, task.effort):
                    out.append((days[i], None))
            if not any_day:
                return (
                    [],
                    UnplacedReason.PREREQUISITE,
                    (f"no working day is left for {task.activity.id!r} after its prerequisites"),
                )
        if not out:
            pb = self.pb
            return (
                [],
                UnplacedReason.BUDGET,
                (
                    f"{person}'s time for learning is used up where {task.activity.id!r} "
                    f"could go: {_hours(self.used[person])} of {_hours(pb.total[person])} hours "
                    f"used, at most {_hours(pb.cap[person])} hours a month; it takes "
                    f"{_hours(task.effort)} hours"
                ),
            )
        return out, None, ""

    def _group_penalty(self, task: _Task, session: str | None) -> int:
        """0 with the person's unit in the session, 1 for an empty one, 2 for other units'."""
        if session is None or not task.activity.group or not self.unit:
            return 0
        unit = self.unit.get(task.person)
        mates = self.in_session.get(session, ())
        if any(self.unit.get(p) == unit for p, _ in mates):
            return 0
        return 2 if mates else 1

    def _choose(
        self, task: _Task, options: list[tuple[dt.date, str | None]]
    ) -> tuple[dt.date, str | None]:
        loads = self.load[task.person]
        peak = max(loads, default=0)
        limit = self._room_limit(task)
        roomy = [o for o in options if limit is None or o[0] < limit] or options

        def key(o: tuple[dt.date, str | None]) -> tuple[int, int, int, int, dt.date]:
            m = self._month(o[0])
            new = loads[m] + task.effort
            return (max(peak, new), new, m, self._group_penalty(task, o[1]), o[0])

        return min(roomy, key=key)

    # -- solving -------------------------------------------------------------------------

    def solve(self) -> None:
        self._greedy()
        self._repair_seats()
        self._reassign_sessions()
        self._reassign_chains()
        self._replan_people()
        self._trade_seats()
        self._reassign_sessions()
        self._compact()
        self._regroup()

    def _reassign_sessions(self) -> None:
        """Hand out each activity's seats again, optimally for that activity.

        For one activity, who sits in which session is a weighted b-matching: holders and
        those left out for seats or time on one side, sessions with their seats on the
        other, every person's other placements held where they are. It is solved as a
        min-cost flow whose costs follow the objective: priority placed first, then the
        peak month it makes, then the day. Items that others depend on stay put.
        """
        by_activity: dict[str, list[_Task]] = {}
        for key, task in self.tasks.items():
            if not task.sessions or key in self.kept:
                continue
            placed = self.where.get(key)
            holds_dependants = any((task.person, d) in self.where for d in task.dependants)
            if placed is not None and holds_dependants:
                continue
            if placed is None and self.unplaced.get(key, (None,))[0] not in (
                UnplacedReason.CAPACITY,
                UnplacedReason.BUDGET,
            ):
                continue
            by_activity.setdefault(task.activity.id, []).append(task)
        for activity in sorted(by_activity):
            tasks = sorted(by_activity[activity], key=lambda t: t.index)
            if len(tasks) > 1:
                # The flow's costs judge dependants by estimate; never keep a worse result.
                people = sorted({t.person for t in tasks})
                before, saved = self._standing(people), self._snapshot(people)
                self._reassign(tasks)
                if self._standing(people)[0] > before[0]:
                    self._restore(saved)

    def _trade_seats(self) -> None:
        """Give a seat to someone left out, if its holder's person gains elsewhere as much.

        A holder whose person lost items for want of time may be worth moving out even when
        its own priority is higher: the time it frees lets their other items in. The trade
        stands only if it leaves less priority unplaced for the two people.
        """
        budget_lost = self._budget_lost()
        if not budget_lost:
            return
        attempts = 0
        # Left out for seats, or for time that a seat elsewhere in the year would free.
        left_out = [
            k
            for k, (r, _) in self.unplaced.items()
            if r is UnplacedReason.CAPACITY
            or (r is UnplacedReason.BUDGET and self.tasks[k].sessions)
        ]
        for key in sorted(left_out, key=lambda k: self._rank(self.tasks[k])):
            if key not in self.unplaced or attempts >= _TRADE_BUDGET:
                continue
            task = self.tasks[key]
            traded = False
            for _, session in task.sessions:
                assert session is not None
                holders = sorted(
                    h
                    for h in self.in_session.get(session, ())
                    if h in self.tasks
                    and h not in self.kept
                    and h[0] != task.person
                    and self.tasks[h].priority < task.priority + budget_lost.get(h[0], 0.0)
                    and budget_lost.get(h[0], 0.0) > 0
                )
                for hkey in holders:
                    attempts += 1
                    if self._trade(task, session, self.tasks[hkey]):
                        traded = True
                        break
                if traded or attempts >= _TRADE_BUDGET:
                    break
            if traded:
                budget_lost = self._budget_lost()

    def _budget_lost(self) -> dict[str, float]:
        """Per person, the priority left out for want of time."""
        lost: dict[str, float] = {}
        for key, (reason, _) in self.unplaced.items():
            if reason is UnplacedReason.BUDGET:
                lost[key[0]] = lost.get(key[0], 0.0) + self.tasks[key].priority
        return lost

    def _trade(self, task: _Task, session: str, holder: _Task) -> bool:
        """Free ``holder``'s seat, plan both people again, keep it if less is left out."""
        people = sorted({task.person, holder.person})
        before, saved = self._standing(people), self._snapshot(people)
        for lifted in [holder, *self._placed_dependants(holder)]:
            self._remove(lifted)
            self.unplaced[(lifted.person, lifted.activity.id)] = (
                UnplacedReason.CAPACITY,
                f"its seat in {session!r} went to a higher priority",
            )
        # The seat may need the person's other items moved to make time for it.
        self._replan(task.person, self.by_person[task.person])
        if (task.person, task.activity.id) in self.where:
            self._replan(holder.person, self.by_person[holder.person])
            if self._standing(people)[0] < before[0]:
                return True
        self._restore(saved)
        return False

    def _reassign_chains(self) -> None:
        """Hand out an activity's seats again across prerequisite chains, if that is better.

        :meth:`_reassign_sessions` leaves an item whose dependants are placed where it is.
        But an early seat held by one person's chain may be worth more to another person
        whose dependant waits for want of it. For each activity with sessions on which such
        a dependant waits, the holders' dependants are lifted too, the seats handed out again
        with the dependants' worth counted, and everything lifted placed again. The change
        stands only if it leaves less priority unplaced (or as much, with lower peaks) for
        the people it touched; otherwise all of it is undone.
        """
        blocked: set[str] = set()
        for key, (reason, _) in self.unplaced.items():
            if reason is not UnplacedReason.PREREQUISITE:
                continue
            task = self.tasks[key]
            for pre in task.prerequisites:
                pkey = (task.person, pre)
                if pkey in self.where and self.tasks[pkey].sessions and pkey not in self.kept:
                    blocked.add(pre)
        if not blocked:
            return
        by_activity: dict[str, list[_Task]] = {}
        for key, task in self.tasks.items():
            if task.activity.id in blocked and key not in self.kept:
                by_activity.setdefault(task.activity.id, []).append(task)
        for activity in sorted(blocked):
            tasks = sorted(by_activity.get(activity, ()), key=lambda t: t.index)
            lifted = [d for t in tasks for d in self._placed_dependants(t)]
            if any((d.person, d.activity.id) in self.kept for d in lifted):
                tasks = [
                    t
                    for t in tasks
                    if not any(
                        (d.person, d.activity.id) in self.kept for d in self._placed_dependants(t)
                    )
                ]
                lifted = [d for t in tasks for d in self._placed_dependants(t)]
            if len(tasks) < 2:
                continue
            people = sorted({t.person for t in tasks})
            before = self._standing(people)
            saved = self._snapshot(people)
            for d in lifted:
                self._remove(d)
                self.unplaced[(d.person, d.activity.id)] = (UnplacedReason.PREREQUISITE, "")
            self._reassign(tasks)
            for person in people:
                for t in sorted(self.by_person[person], key=self._rank):
                    if (person, t.activity.id) not in self.where:
                        self._try_place(t)
            if self._standing(people) >= before:
                self._restore(saved)

    def _placed_dependants(self, task: _Task) -> list[_Task]:
        """The placed items of the person that wait on ``task``, directly or not."""
        found: dict[str, _Task] = {}
        todo = list(task.dependants)
        while todo:
            dep = todo.pop()
            key = (task.person, dep)
            if dep in found or key not in self.where or key in self.kept:
                continue
            found[dep] = self.tasks[key]
            todo.extend(found[dep].dependants)
        return [found[d] for d in sorted(found)]

    def _standing(self, people: list[str]) -> tuple[float, int]:
        """The objective over ``people``: priority left unplaced, then the summed peaks."""
        missing = sum(
            t.priority
            for person in people
            for t in self.by_person[person]
            if (person, t.activity.id) not in self.where
        )
        return round(missing, 9), sum(self._peak(person) for person in people)

    def _snapshot(
        self, people: list[str]
    ) -> dict[tuple[str, str], tuple[dt.date, str | None] | tuple[UnplacedReason, str]]:
        saved: dict[tuple[str, str], Any] = {}
        for person in people:
            for t in self.by_person[person]:
                key = (person, t.activity.id)
                saved[key] = self.where[key] if key in self.where else self.unplaced[key]
        return saved

    def _restore(self, saved: Mapping[tuple[str, str], Any]) -> None:
        for key in saved:
            if key in self.where:
                self._remove(self.tasks[key])
        for key, was in saved.items():
            if isinstance(was[0], dt.date):
                self._place(self.tasks[key], *was)
            else:
                self.unplaced[key] = was

    def _has_day_after(self, task: _Task, day: dt.date, pre: _Task | None = None) -> bool:
        """Whether ``task`` has a day after ``day`` that its person's time allows (seats aside).

        With ``pre``, the time is counted as if ``pre`` (a prerequisite) were on ``day``.
        """
        if task.static_reason is not None:
            return False
        if pre is not None:
            key = (pre.person, pre.activity.id)
            was = self.where.get(key)
            if was is None or was[0] != day:
                m = self._month(day)
                if was is not None:
                    self._remove(pre)
                self.load[pre.person][m] += pre.effort
                self.used[pre.person] += pre.effort
                try:
                    return self._has_day_after(task, day)
                finally:
                    self.load[pre.person][m] -= pre.effort
                    self.used[pre.person] -= pre.effort
                    if was is not None:
                        self._place(pre, *was)
        person, effort = task.person, task.effort
        if task.sessions:
            return any(
                d > day and self._fits(person, self._month(d), effort) for d, _ in task.sessions
            )
        return any(days[-1] > day and self._fits(person, m, effort) for m, days in task.by_month)

    def _worth(self, task: _Task, day: dt.date) -> float:
        """What ``task`` on ``day`` is worth: its priority, and its dependants' that it lets be."""
        worth = task.priority
        for d in task.dependants:
            dep = self.tasks.get((task.person, d))
            if dep is None:
                continue
            if (task.person, d) in self.where:
                worth += dep.value
            elif self._has_day_after(dep, day, task):
                worth += dep.priority
        return worth

    def _reassign(self, tasks: list[_Task]) -> None:
        start = self.pb.start.toordinal()
        current = {t.index: self.where.get((t.person, t.activity.id)) for t in tasks}
        options: dict[int, list[tuple[dt.date, str | None, int]]] = {}
        for t in tasks:
            if current[t.index] is not None:
                self._remove(t)
            found, _, _ = self._options(t, ignore_seats=True)
            peak = self._peak(t.person)
            loads = self.load[t.person]
            options[t.index] = [
                (day, session, max(peak, loads[self._month(day)] + t.effort))
                for day, session in found
            ]
            placed = current[t.index]
            if placed is not None:
                self._place(t, *placed)
        seats: dict[str, int] = {}
        for t in tasks:
            placed = current[t.index]
            if placed is not None and placed[1] is not None:
                seats[placed[1]] = seats.get(placed[1], 0) + 1
        for opts in options.values():
            for _, session, _ in opts:
                assert session is not None
                seats.setdefault(session, 0)
        for session in seats:
            seats[session] += self.seats[session]
        g: nx.DiGraph[object] = nx.DiGraph()
        g.add_node("source", demand=-len(tasks))
        g.add_node("sink", demand=len(tasks))
        for t in tasks:
            node = ("task", t.index)
            g.add_edge("source", node, capacity=1, weight=0)
            g.add_edge(node, "sink", capacity=1, weight=0)
            reward = round(t.priority * 1_000) * 10_000_000
            waiting = [
                self.tasks[(t.person, d)]
                for d in t.dependants
                if (t.person, d) in self.tasks and (t.person, d) not in self.where
            ]
            for day, session, peak in options[t.index]:
                # A day that still leaves a dependant waiting for this one a chance is worth
                # that dependant's priority too.
                enables = sum(d.priority for d in waiting if self._has_day_after(d, day, t))
                cost = -reward - round(enables * 1_000) * 10_000_000
                cost += (peak // 60) * 1_000 + (day.toordinal() - start)
                g.add_edge(node, ("session", session), capacity=1, weight=cost)
        for session, n in sorted(seats.items()):
            if g.has_node(("session", session)) and n > 0:
                g.add_edge(("session", session), "sink", capacity=n, weight=0)
        flow = nx.min_cost_flow(g)
        for t in tasks:
            if current[t.index] is not None:
                self._remove(t)
        for t in tasks:
            key = (t.person, t.activity.id)
            chosen = [
                (day, session)
                for day, session, _ in options[t.index]
                if flow[("task", t.index)].get(("session", session), 0) == 1
            ]
            if chosen:
                self._place(t, *chosen[0])
            else:
                _, reason, detail = self._options(t)
                self.unplaced[key] = (
                    (reason, detail)
                    if reason is not None
                    else (UnplacedReason.CAPACITY, f"every session of {t.activity.id!r} is taken")
                )
        for t in tasks:
            if (t.person, t.activity.id) in self.where:
                self._retry_dependants(t)

    def _greedy(self) -> None:
        waiting: dict[tuple[str, str], int] = {}
        heap: list[tuple[Any, ...]] = []
        for key, task in self.tasks.items():
            open_pre = sum(1 for p in task.prerequisites if (task.person, p) in self.tasks)
            waiting[key] = open_pre
            if open_pre == 0:
                heapq.heappush(heap, self._rank(task))
        while heap:
            *_, index = heapq.heappop(heap)
            task = self._by_index[index]
            self._try_place(task)
            for dep in task.dependants:
                dkey = (task.person, dep)
                if dkey in waiting:
                    waiting[dkey] -= 1
                    if waiting[dkey] == 0:
                        heapq.heappush(heap, self._rank(self.tasks[dkey]))

    @property
    def _by_index(self) -> dict[int, _Task]:
        cached: dict[int, _Task] | None = getattr(self, "_index_cache", None)
        if cached is None:
            cached = {t.index: t for t in self.tasks.values()}
            self._index_cache = cached
        return cached

    @staticmethod
    def _rank(task: _Task) -> tuple[Any, ...]:
        return (
            -task.value,
            task.deadline or dt.date.max,
            task.person,
            task.plan_order,
            task.index,
        )

    def _try_place(self, task: _Task) -> bool:
        options, reason, detail = self._options(task)
        key = (task.person, task.activity.id)
        if not options:
            assert reason is not None
            self.unplaced[key] = (reason, detail)
            return False
        day, session = self._choose(task, options)
        self._place(task, day, session)
        return True

    def _repair_seats(self) -> None:
        """Give seats to higher priorities: move a holder elsewhere, or put it out."""
        for key in sorted(self.unplaced, key=lambda k: self._rank(self.tasks[k])):
            if key not in self.unplaced or self.unplaced[key][0] is not UnplacedReason.CAPACITY:
                continue
            task = self.tasks[key]
            options, _, _ = self._options(task, ignore_seats=True)
            for day, session in options:
                assert session is not None
                if self._free_seat(session, task):
                    self._place(task, day, session)
                    self._retry_dependants(task)
                    break

    def _free_seat(self, session: str, task: _Task) -> bool:
        holders = sorted(
            (self.tasks[h] for h in self.in_session.get(session, ()) if h in self.tasks),
            key=lambda t: (t.value, -t.index),
        )
        worth = {
            h.index: self._worth(h, self.where[(h.person, h.activity.id)][0]) for h in holders
        }
        holders.sort(key=lambda t: (worth[t.index], -t.index))
        for holder in holders:  # try to move someone first
            if worth[holder.index] > task.value or self._holds_dependants(holder):
                continue
            old_day, old_session = self.where[(holder.person, holder.activity.id)]
            self._remove(holder)
            options, _, _ = self._options(holder)
            options = [o for o in options if o[1] != session]
            if options:
                self._place(holder, *self._choose(holder, options))
                return True
            self._place(holder, old_day, old_session)
        for holder in holders:  # else put out the least important, if less important
            if worth[holder.index] < task.priority and not self._holds_dependants(holder):
                self._remove(holder)
                self.unplaced[(holder.person, holder.activity.id)] = (
                    UnplacedReason.CAPACITY,
                    f"its seat in {session!r} went to a higher priority",
                )
                return True
        return False

    def _holds_dependants(self, task: _Task) -> bool:
        return any((task.person, d) in self.where for d in task.dependants)

    def _retry_dependants(self, task: _Task) -> None:
        for dep in task.dependants:
            dkey = (task.person, dep)
            if dkey in self.unplaced:
                dtask = self.tasks[dkey]
                if self._try_place(dtask):
                    self._retry_dependants(dtask)

    def _replan_people(self) -> None:
        """Plan again, one person at a time, those who lost items or peak higher than needed."""
        for person in sorted(self.by_person):
            tasks = self.by_person[person]
            if not tasks:
                continue
            lost = any((person, t.activity.id) in self.unplaced for t in tasks)
            placed_effort = sum(t.effort for t in tasks if (person, t.activity.id) in self.where)
            floor = max(max(t.effort for t in tasks), -(-placed_effort // len(self.pb.months)))
            if not lost and self._peak(person) <= floor:
                continue
            self._replan(person, tasks)

    def _objective(self, person: str, tasks: list[_Task]) -> tuple[float, int, int]:
        missing = sum(t.priority for t in tasks if (person, t.activity.id) not in self.where)
        days = sum(
            self.where[(person, t.activity.id)][0].toordinal()
            for t in tasks
            if (person, t.activity.id) in self.where
        )
        return (round(missing, 9), self._peak(person), days)

    def _replan(self, person: str, tasks: list[_Task]) -> None:
        before = self._objective(person, tasks)
        saved = {
            t.activity.id: self.where[(person, t.activity.id)]
            for t in tasks
            if (person, t.activity.id) in self.where
        }
        saved_unplaced = {
            t.activity.id: self.unplaced[(person, t.activity.id)]
            for t in tasks
            if (person, t.activity.id) in self.unplaced
        }
        for t in tasks:
            if (person, t.activity.id) in self.where:
                self._remove(t)
        order = sorted(tasks, key=lambda t: t.plan_order)
        # Only a strictly better (unplaced priority, peak) is worth a change; earlier days
        # are the compaction pass's business. Starting from the current objective lets the
        # search cut every branch that cannot beat it.
        bound = (before[0], before[1])
        best: list[Any] = [None]
        steps = 0

        def dfs(i: int, missing: float, assignment: dict[str, tuple[dt.date, str | None]]) -> None:
            nonlocal steps, bound
            steps += 1
            missing = round(missing, 9)
            peak = self._peak(person)
            if (
                steps > _REPLAN_BUDGET
                or missing > bound[0]
                or (missing == bound[0] and peak >= bound[1])
            ):
                return
            if i == len(order):
                bound = (missing, peak)
                best[0] = dict(assignment)
                return
            task = order[i]
            options, _, _ = self._options(task)
            loads = self.load[person]
            options.sort(
                key=lambda o: (
                    max(peak, loads[self._month(o[0])] + task.effort),
                    loads[self._month(o[0])],
                    o[0],
                )
            )
            for day, session in options:
                if (
                    missing == bound[0]
                    and max(peak, loads[self._month(day)] + task.effort) >= bound[1]
                ):
                    break  # options are sorted by the peak they make: none later does better
                self._place(task, day, session)
                assignment[task.activity.id] = (day, session)
                dfs(i + 1, missing, assignment)
                del assignment[task.activity.id]
                self._remove(task)
            dfs(i + 1, missing + task.priority, assignment)

        dfs(0, 0.0, {})
        chosen = best[0]
        restore = saved if chosen is None else chosen
        for t in order:
            placed = restore.get(t.activity.id)
            if placed is not None:
                self._place(t, *placed)
        for t in order:
            key = (person, t.activity.id)
            if key in self.where:
                self.unplaced.pop(key, None)
            elif chosen is None:
                self.unplaced[key] = saved_unplaced[t.activity.id]
            else:
                options, reason, detail = self._options(t)
                assert not options or reason is None
                self.unplaced[key] = (
                    (reason, detail)
                    if reason is not None
                    else saved_unplaced.get(
                        t.activity.id, (UnplacedReason.BUDGET, "left out to make room")
                    )
                )

    def _compact(self) -> None:
        """Move each placement to the earliest day that raises no peak and breaks nothing."""
        for person in sorted(self.by_person):
            tasks = sorted(
                (t for t in self.by_person[person] if (person, t.activity.id) in self.where),
                key=lambda t: self.where[(person, t.activity.id)][0],
            )
            for task in tasks:
                day, session = self.where[(person, task.activity.id)]
                peak = self._peak(person)
                self._remove(task)
                options, _, _ = self._options(task)
                better = [
                    o
                    for o in options
                    if o[0] < day
                    and max(peak, self.load[person][self._month(o[0])] + task.effort) <= peak
                ]
                if better:
                    self._place(
                        task, *min(better, key=lambda o: (o[0], self._group_penalty(task, o[1])))
                    )
                else:
                    self._place(task, day, session)

    def _regroup(self) -> None:
        """Put a unit's members in one session of a group activity, among same-day sessions.

        Grouping is the objective's last tie-break: only sessions on the same day are
        exchanged, so no load, peak or date changes. Per day, units are packed whole into
        the sessions, largest unit first, into a session the unit already holds or the
        roomiest one; the packing stands if it mixes fewer units.
        """
        if not self.unit:
            return
        days: dict[tuple[str, dt.date], dict[str, list[tuple[str, str]]]] = {}
        for key, (day, session) in self.where.items():
            task = self.tasks.get(key)
            if session is None or task is None or not task.activity.group or key in self.kept:
                continue
            days.setdefault((task.activity.id, day), {}).setdefault(session, []).append(key)
        for activity, day in sorted(days):
            task_sessions = [
                s
                for d, s in self.tasks[next(iter(days[(activity, day)].values()))[0]].sessions
                if d == day and s is not None
            ]
            if len(task_sessions) > 1:
                self._regroup_day(task_sessions, days[(activity, day)])

    def _unit_of(self, key: tuple[str, str]) -> str:
        return self.unit.get(key[0]) or key[0]

    def _regroup_day(self, sessions: list[str], held: dict[str, list[tuple[str, str]]]) -> None:
        movable = sorted(k for keys in held.values() for k in keys)
        fixed_units = {
            s: {self._unit_of(k) for k in self.in_session.get(s, ()) if k not in movable}
            for s in sessions
        }
        room = {s: self.seats[s] + len(held.get(s, ())) for s in sessions}

        def mixing(assignment: Mapping[str, list[tuple[str, str]]]) -> int:
            return sum(
                len(fixed_units[s] | {self._unit_of(k) for k in assignment.get(s, ())})
                for s in sessions
            )

        units: dict[str, list[tuple[str, str]]] = {}
        for key in movable:
            units.setdefault(self._unit_of(key), []).append(key)
        packed: dict[str, list[tuple[str, str]]] = {s: [] for s in sessions}
        for unit in sorted(units, key=lambda u: (-len(units[u]), u)):
            members = list(units[unit])
            while members:
                free = [s for s in sessions if room[s] > len(packed[s])]
                whole = [s for s in free if room[s] - len(packed[s]) >= len(members)]
                own = [
                    s
                    for s in whole
                    if unit in fixed_units[s] or any(self._unit_of(k) == unit for k in packed[s])
                ]
                pool = own or whole or free
                target = max(pool, key=lambda s: (room[s] - len(packed[s]), -sessions.index(s)))
                take = room[target] - len(packed[target])
                packed[target].extend(members[:take])
                members = members[take:]
        if mixing(packed) >= mixing(held):
            return
        day = self.where[movable[0]][0]
        for key in movable:
            self._remove(self.tasks[key])
        for session, keys in packed.items():
            for key in keys:
                self._place(self.tasks[key], day, session)

    # -- the result ----------------------------------------------------------------------

    def result(self) -> Schedule:
        placements = [
            Placement(person, activity, day, session)
            for (person, activity), (day, session) in self.where.items()
        ]
        placements.sort(key=lambda p: (p.person, p.on, p.activity))
        unplaced = [
            Unplaced(person, activity, reason, detail)
            for (person, activity), (reason, detail) in self.unplaced.items()
            if (person, activity) not in self.where
        ]
        unplaced.sort(key=lambda u: (u.person, u.activity))
        efforts = {
            p.activity: self.pb.catalog.activity(p.activity).effort
            for p in placements
            if p.activity in self.pb.catalog
        }
        return Schedule(
            placements, unplaced, self.pb.start, self.pb.end, dict(sorted(efforts.items()))
        )


def schedule(
    plans: Iterable[LearningPlan],
    catalog: Catalog,
    *,
    calendar: WorkCalendar,
    start: dt.date,
    end: dt.date,
    budget: dt.timedelta | Mapping[str, dt.timedelta],
    peak: float = 2.0,
    taken: Mapping[str, int] | None = None,
    org: Organization | None = None,
    absences: Iterable[Absence] = (),
) -> Schedule:
    """Place each plan item once, on a working day from ``start`` to ``end``.

    Hard constraints, never broken:

    - a person's total effort is at most ``budget`` times the calendar months the horizon
      touches (partial months count whole); ``budget`` is a ``timedelta`` a month for
      everyone, or a mapping person -> timedelta naming every planned person;
    - a person's load in one month is at most ``peak * budget``, except that one activity
      larger than that may stand alone in its month; an activity's whole effort counts in
      the month of its day;
    - a prerequisite in the person's plan is placed on a strictly earlier day, or the item
      is not placed (reason ``prerequisite``);
    - a session-bound activity takes one of its sessions' days (a session on a day off is
      unusable); a self-paced one any working day;
    - a session holds at most its seats minus ``taken[session]`` (seats taken by others);
    - an item with a deadline is placed on or before it, or not at all;
    - nothing is placed for a person on a day one of their ``absences`` covers (an item
      with no day left is unplaced for ``horizon``).

    The objective, in order: the least unplaced priority; then the smallest sum over people
    of their peak monthly load; then earlier days; last, with ``org``, a group activity puts
    a unit's members in one session where seats allow. The same input gives the same
    schedule, whatever the hash seed. An impossible plan is a result full of
    :class:`Unplaced`, never an exception.

    >>> from larande.datasets import load_demo
    >>> from larande import analyze, plan
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    >>> plans = plan(report, demo.catalog, org=demo.org, assessments=demo.assessments,
    ...              as_of=demo.as_of)
    >>> year = schedule(plans, demo.catalog, calendar=demo.calendar, start=demo.start,
    ...                 end=demo.end, budget=demo.budget, org=demo.org)
    >>> [(p.activity, p.on.isoformat()) for p in year.for_person("xin.li")]
    [('devops-elearning', '2026-01-12'), ('devops-workshop', '2026-02-17')]
    """
    problem = _Problem(
        plans,
        catalog,
        calendar=calendar,
        start=start,
        end=end,
        budget=budget,
        peak=peak,
        taken=taken,
        org=org,
        absences=absences,
    )
    with paused():
        solver = _Solver(problem)
        solver.solve()
        return solver.result()


def reschedule(
    schedule: Schedule,
    plans: Iterable[LearningPlan],
    catalog: Catalog,
    *,
    calendar: WorkCalendar,
    as_of: dt.date,
    end: dt.date,
    budget: dt.timedelta | Mapping[str, dt.timedelta],
    done: Iterable[tuple[str, str]] = (),
    peak: float = 2.0,
    taken: Mapping[str, int] | None = None,
    org: Organization | None = None,
    absences: Iterable[Absence] = (),
) -> Schedule:
    """Schedule again from ``as_of``: what lies before it, and what is ``done``, stays.

    Placements before ``as_of`` and the ``(person, activity)`` pairs in ``done`` are kept
    and keep counting against budgets (over the months from the first schedule's start)
    and seats; everything else in ``plans`` is placed again from ``as_of`` to ``end`` (a
    missed course moves, the rest stays where it can).
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"expected a Schedule, got {check.describe(schedule)}", path="schedule"
        )
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    finished = set()
    for i, pair in enumerate(done):
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(check.is_id(x) for x in pair)):
            raise ValidationError(
                f"expected a (person, activity) pair, got {check.describe(pair)}",
                path=f"done[{i}]",
            )
        finished.add(pair)
    kept = [p for p in schedule.placements if p.on < as_of or (p.person, p.activity) in finished]
    if isinstance(catalog, Catalog):
        for i, p in enumerate(schedule.placements):
            if p in kept and p.activity not in catalog:
                # Its effort still counts against the person's budget, and only the catalog
                # says how much: keep retired activities in it for the rest of the year.
                raise UnknownIdError(
                    "activity",
                    p.activity,
                    path=f"schedule.placements[{i}].activity",
                    expected="the catalog to hold every activity of a placement that is kept",
                    referrer=f"{p.person}'s placement on {p.on.isoformat()}",
                )
    try:
        problem = _Problem(
            plans,
            catalog,
            calendar=calendar,
            start=as_of,
            end=end,
            budget=budget,
            peak=peak,
            taken=taken,
            org=org,
            fixed=kept,
            budget_start=min(schedule.start, as_of),
            skip=frozenset(finished),
            absences=absences,
        )
    except ValidationError as err:
        if err.path == "start":  # the horizon starts at as_of: name what the caller passed
            err.path = "as_of"
        raise
    with paused():
        solver = _Solver(problem)
        solver.solve()
        result = solver.result()
    return attrs.evolve(result, start=min(schedule.start, as_of))
