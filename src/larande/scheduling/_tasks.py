"""The items to place, built once from the problem: each with its static options.

A task is one plan item of one person. What never changes while solving lives here: its
effort, priority, deadline, prerequisites and dependants within the person's plan, its
value (what placing it opens up) and the days or sessions the horizon, the calendar, the
deadline and the person's absences leave it. What changes (where it is) lives in the state.
"""

from __future__ import annotations

import datetime as dt

import attrs

from larande.catalog import Activity
from larande.scheduling._problem import _Problem, _seconds
from larande.scheduling._records import UnplacedReason

Key = tuple[str, str]
"""``(person, activity)``: a task, and a placement, by name."""


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


class _Tasks:
    """Every task of the problem, by key, by person and by index (the order they were made)."""

    def __init__(self, problem: _Problem) -> None:
        self.pb = problem
        self.by_key: dict[Key, _Task] = {}
        self.by_person: dict[str, list[_Task]] = {}
        self.by_index: list[_Task] = []
        self._days_until: dict[
            tuple[dt.date, str],
            tuple[tuple[dt.date, ...], tuple[tuple[int, tuple[dt.date, ...]], ...]],
        ] = {}
        self._build()

    def get(self, key: Key) -> _Task | None:
        return self.by_key.get(key)

    def __getitem__(self, key: Key) -> _Task:
        return self.by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self.by_key

    def _build(self) -> None:
        pb = self.pb
        index = 0
        for plan in pb.plans:
            # A prerequisite marked done without a placement is had, like one not planned.
            planned = {
                i.activity
                for i in plan.items
                if (plan.person, i.activity) not in pb.skip or (plan.person, i.activity) in pb.kept
            }
            tasks = []
            for order, item in enumerate(plan.items):
                key = (plan.person, item.activity)
                if key in pb.kept or key in pb.skip:
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
                self.by_key[key] = task
                self.by_index.append(task)
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
            working = [
                (s.on, s.id)
                for s in sorted(a.sessions, key=lambda s: (s.on, s.id))
                if pb.start <= s.on <= pb.end and pb.calendar.is_working(s.on)
            ]
            in_horizon = [o for o in working if pb.season.get(o[0].month) != 0]
            if working and not in_horizon:
                task.static_reason = UnplacedReason.HORIZON
                task.static_detail = (
                    f"every session of {a.id!r} in the horizon falls in a month closed for "
                    "learning (its season share is 0)"
                )
                return
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
            open_only = " in a month open for learning (season share above 0)"
            task.static_detail = (
                f"no working day between {pb.start.isoformat()} and {pb.end.isoformat()}"
                f"{open_only if pb.closed_only else ''}"
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
                grouped.setdefault(pb.month_of[d], []).append(d)
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
