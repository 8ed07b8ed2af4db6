"""Placing items: the solver's state, the feasible days of an item, and the greedy pass.

Also the last touches (moving placements earlier, putting units together) and the result.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections.abc import Mapping
from typing import Any

import attrs

from larande.catalog import Activity
from larande.scheduling._problem import _hours, _Problem, _seconds
from larande.scheduling._records import Placement, Schedule, Unplaced, UnplacedReason


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


class _Placer:
    """The state of a schedule being made, kept consistent by ``_place`` and ``_remove``."""

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

    def _retry_dependants(self, task: _Task) -> None:
        for dep in task.dependants:
            dkey = (task.person, dep)
            if dkey in self.unplaced:
                dtask = self.tasks[dkey]
                if self._try_place(dtask):
                    self._retry_dependants(dtask)

    def _holds_dependants(self, task: _Task) -> bool:
        return any((task.person, d) in self.where for d in task.dependants)

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
