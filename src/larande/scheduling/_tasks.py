"""The items to place, built once from the problem: each with its static options.

A task is one plan item of one person, or one occurrence of a series item. What never
changes while solving lives here: its priority, deadline, prerequisites and dependants
within the person's plan, its value (what placing it opens up) and, for its first choice
and each usable alternative (a :class:`_Choice`), the effort and the days or sessions the
horizon, the calendar, the deadline, the series' period and the person's absences leave
it. What changes (where it is, and which choice it is placed as) lives in the state.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping

import attrs

from larande.catalog import Activity, Recurrence
from larande.frozenmap import FrozenMap
from larande.planning import PlanItem
from larande.scheduling._problem import Key, _Problem, _seconds, cents
from larande.scheduling._records import UnplacedReason

__all__ = [
    "MAKE_ROOM",
    "NO_DETAIL",
    "Detail",
    "Key",
    "_Choice",
    "_Task",
    "_Tasks",
    "periods",
    "seat_taken",
]

Detail = tuple[str, Mapping[str, object]]
"""Which of an unplaced reason's messages says more (``""``: the reason's own), and the
values it names beyond the reason's: ``("away", {"start": ..., "end": ...})`` becomes the
message ``unplaced.horizon.away``. Never changed once made (snapshots share them)."""
NO_DETAIL: Detail = ("", FrozenMap())
MAKE_ROOM: Detail = ("make-room", FrozenMap())
"""Left out by a search that placed the person's other items instead."""


def seat_taken(session: str) -> Detail:
    """Put out of ``session``: its seat went to an item of higher priority."""
    return ("seat-taken", FrozenMap({"session": session}))


@attrs.define
class _Choice:
    """One way to place a task: its first choice's activity, or one of its alternatives."""

    activity: Activity
    effort: int  # seconds
    cents: int  # cost, in hundredths
    prerequisites: tuple[Key, ...]  # one-off items of the person's plan that come first
    sessions: tuple[tuple[dt.date, str], ...] = ()
    days: tuple[dt.date, ...] = ()  # self-paced: working days
    by_month: tuple[tuple[int, tuple[dt.date, ...]], ...] = ()  # self-paced: days per month
    static_reason: UnplacedReason | None = None
    static_detail: Detail = NO_DETAIL


@attrs.define
class _Task:
    """A task, shown as its :attr:`current` choice (the first, unless placed as another).

    The fields from ``activity`` to ``static_detail`` are the current choice's; only the
    state switches them (:meth:`~larande.scheduling._state._State.use`), and never while
    the task is placed.
    """

    index: int
    person: str
    item: str  # the plan item's activity
    occurrence: int  # 0 for a one-off item
    priority: float
    deadline: dt.date | None
    plan_order: int
    choices: tuple[_Choice, ...]
    dependants: tuple[Key, ...] = ()  # tasks of the person's plan that need this one first
    followers: tuple[Key, ...] = ()  # tasks one of whose alternatives needs this one first
    value: float = 0.0  # priority, plus that of everything waiting on it
    current: int = 0
    activity: Activity = attrs.field(init=False)
    effort: int = attrs.field(init=False)
    cents: int = attrs.field(init=False)
    prerequisites: tuple[Key, ...] = attrs.field(init=False)
    sessions: tuple[tuple[dt.date, str], ...] = attrs.field(init=False)
    days: tuple[dt.date, ...] = attrs.field(init=False)
    by_month: tuple[tuple[int, tuple[dt.date, ...]], ...] = attrs.field(init=False)
    static_reason: UnplacedReason | None = attrs.field(init=False)
    static_detail: Detail = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.show(0)

    @property
    def key(self) -> Key:
        return (self.person, self.item, self.occurrence)

    def show(self, choice: int) -> None:
        """Make ``choice`` the current one (the state's :meth:`use` is the way to call it)."""
        c = self.choices[choice]
        self.current = choice
        self.activity = c.activity
        self.effort = c.effort
        self.cents = c.cents
        self.prerequisites = c.prerequisites
        self.sessions = c.sessions
        self.days = c.days
        self.by_month = c.by_month
        self.static_reason = c.static_reason
        self.static_detail = c.static_detail


def _period_start(every: Recurrence, day: dt.date) -> dt.date:
    if every is Recurrence.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if every is Recurrence.MONTH:
        return day.replace(day=1)
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_start(every: Recurrence, first: dt.date) -> dt.date:
    if every is Recurrence.WEEK:
        return first + dt.timedelta(days=7)
    step = 1 if every is Recurrence.MONTH else 3
    y, m = divmod(first.month - 1 + step, 12)
    return dt.date(first.year + y, m + 1, 1)


def periods(
    every: Recurrence, origin: dt.date, start: dt.date, end: dt.date
) -> list[tuple[int, dt.date, dt.date]]:
    """The periods of a series that ``[start, end]`` touches: ``(number, first, last)``.

    Numbered from 1 at the period holding ``origin`` (the first schedule's start), so that
    an occurrence keeps its number when the year is scheduled again; each period is cut
    to ``[start, end]``.

    >>> [(n, f.isoformat(), l.isoformat()) for n, f, l in periods(
    ...     Recurrence.QUARTER, dt.date(2026, 2, 1), dt.date(2026, 5, 10), dt.date(2026, 7, 3))]
    [(2, '2026-05-10', '2026-06-30'), (3, '2026-07-01', '2026-07-03')]
    """
    out = []
    first = _period_start(every, origin)
    number = 1
    while first <= end:
        following = _next_start(every, first)
        last = following - dt.timedelta(days=1)
        if last >= start:
            out.append((number, max(first, start), min(last, end)))
        first, number = following, number + 1
    return out


class _Tasks:
    """Every task of the problem, by key, by person and by index (the order they were made)."""

    def __init__(self, problem: _Problem) -> None:
        self.pb = problem
        self.by_key: dict[Key, _Task] = {}
        self.by_person: dict[str, list[_Task]] = {}
        self.by_index: list[_Task] = []
        self._days_in: dict[
            tuple[dt.date, dt.date, str],
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
        for plan in pb.plans:
            person = plan.person
            # A prerequisite marked done without a placement is had, like one not planned.
            planned = {
                i.activity
                for i in plan.items
                if (person, i.activity, 0) not in pb.skip or (person, i.activity, 0) in pb.kept
            }
            tasks: list[_Task] = []
            for order, item in enumerate(plan.items):
                tasks.extend(self._tasks_of(person, item, order, planned, plan.items))
            by_key = {t.key: t for t in tasks}
            for task in tasks:
                for c, choice in enumerate(task.choices):
                    for pre in choice.prerequisites:
                        before = by_key.get(pre)
                        if before is None:
                            continue
                        if c == 0:
                            before.dependants = (*before.dependants, task.key)
                        elif task.key not in before.followers:
                            before.followers = (*before.followers, task.key)
            # What placing an item opens up: its own priority and that of everything that
            # waits on it, directly or not. Seats go first where they open up the most.
            for task in tasks:
                seen: set[Key] = set()
                stack = list(task.dependants)
                while stack:
                    d = stack.pop()
                    if d not in seen:
                        seen.add(d)
                        stack.extend(by_key[d].dependants)
                task.value = task.priority + sum(by_key[d].priority for d in seen)
            for task in tasks:
                task.index = len(self.by_index)
                self.by_key[task.key] = task
                self.by_index.append(task)
            self.by_person[person] = tasks

    def _tasks_of(
        self,
        person: str,
        item: PlanItem,
        order: int,
        planned: set[str],
        items: tuple[PlanItem, ...],
    ) -> list[_Task]:
        pb = self.pb
        a = pb.catalog.activity(item.activity)
        if a.every is None:
            key = (person, a.id, 0)
            if key in pb.kept or key in pb.skip:
                return []
            first = self._choice(person, a, planned, item.deadline)
            choices = [first]
            # Items others need first keep their activity: a dependant waits for it by name.
            needed = any(a.id in pb.catalog.requires(i.activity) for i in items)
            if not needed:
                for other in dict.fromkeys(item.alternatives):
                    alt = pb.catalog.activity(other)
                    # A series cannot stand in for one item; an activity already in the
                    # plan is there for its own needs.
                    if other == a.id or other in planned or alt.every is not None:
                        continue
                    choices.append(self._choice(person, alt, planned, item.deadline))
            return [_Task(0, person, a.id, 0, item.priority, item.deadline, order, tuple(choices))]
        if (person, a.id, 0) in pb.skip:
            return []
        last = pb.end if item.deadline is None else min(pb.end, item.deadline)
        kept = any(k[:2] == (person, a.id) for k in pb.kept)
        found: list[tuple[int, _Choice]] = []
        for number, opens, closes in periods(a.every, pb.first_day, pb.start, last):
            key = (person, a.id, number)
            if key in pb.kept or key in pb.skip:
                continue
            choice = self._choice(person, a, planned, item.deadline, (opens, closes))
            # A period the calendar or the season closes (or the deadline cuts off) has no
            # occurrence; one the person is away for all of is theirs to miss (unplaced).
            if choice.static_reason in (None, UnplacedReason.HORIZON) and (
                choice.sessions or choice.days or self._open_in(a, opens, closes)
            ):
                found.append((number, choice))
        if not found:
            if kept:
                return []
            # No period of the horizon has a day for it: the series as a whole is out,
            # for the reason a one-off item would be.
            whole = self._choice(person, a, planned, item.deadline)
            assert whole.static_reason is not None
            return [_Task(0, person, a.id, 0, item.priority, item.deadline, order, (whole,))]
        # The item's priority is shared by its occurrences: the series as a whole weighs
        # as much as one item of that priority.
        share = item.priority / len(found)
        return [
            _Task(0, person, a.id, n, share, item.deadline, order, (choice,))
            for n, choice in found
        ]

    def _open_in(self, a: Activity, first: dt.date, last: dt.date) -> bool:
        """Whether a session or working day of ``a`` open for learning falls in the period."""
        pb = self.pb
        if a.sessions:
            return any(
                first <= s.on <= last
                and pb.calendar.is_working(s.on)
                and pb.season.get(s.on.month) != 0
                for s in a.sessions
            )
        i = bisect.bisect_left(pb.work_days, first)
        return i < len(pb.work_days) and pb.work_days[i] <= last

    def _choice(
        self,
        person: str,
        a: Activity,
        planned: set[str],
        deadline: dt.date | None,
        period: tuple[dt.date, dt.date] | None = None,
    ) -> _Choice:
        pb = self.pb
        prereqs = tuple(p for p in pb.catalog.requires(a.id) if p in planned)
        direct = tuple(p for p in a.prerequisites if p in planned)
        choice = _Choice(
            a,
            _seconds(a.effort),
            cents(a.cost),
            tuple((person, p, 0) for p in (direct or prereqs)),
        )
        self._static_options(person, choice, deadline, period)
        return choice

    def _static_options(
        self,
        person: str,
        choice: _Choice,
        deadline: dt.date | None,
        period: tuple[dt.date, dt.date] | None,
    ) -> None:
        pb = self.pb
        a = choice.activity
        lo, hi = period if period is not None else (pb.start, pb.end)
        last = hi if deadline is None else min(hi, deadline)
        away = pb.away.get(person, ())
        # The dates a sentence names: the series' period, else the horizon.
        between = {"start": lo.isoformat(), "end": hi.isoformat()}

        def out(reason: UnplacedReason, variant: str, **more: object) -> None:
            choice.static_reason = reason
            choice.static_detail = (variant, FrozenMap({**between, **more}))

        if a.sessions:
            working = [
                (s.on, s.id)
                for s in sorted(a.sessions, key=lambda s: (s.on, s.id))
                if lo <= s.on <= hi and pb.calendar.is_working(s.on)
            ]
            in_horizon = [o for o in working if pb.season.get(o[0].month) != 0]
            if working and not in_horizon:
                return out(UnplacedReason.HORIZON, "closed")
            present = [o for o in in_horizon if not any(x.covers(o[0]) for x in away)]
            if in_horizon and not present:
                return out(UnplacedReason.HORIZON, "away")
            in_horizon = present
            if not in_horizon:
                return out(UnplacedReason.HORIZON, "no-session")
            choice.sessions = tuple(o for o in in_horizon if o[0] <= last)
            if not choice.sessions:
                assert deadline is not None
                out(UnplacedReason.DEADLINE, "sessions", deadline=deadline.isoformat())
            return None
        if not pb.work_days:
            variant = "closed-year" if pb.closed_only else "no-day"
            return out(
                UnplacedReason.HORIZON, variant, start=pb.start.isoformat(), end=pb.end.isoformat()
            )
        cache_key = (lo, last, person if away else "")
        cached = self._days_in.get(cache_key)
        if cached is None:
            first_i = bisect.bisect_left(pb.work_days, lo)
            last_i = bisect.bisect_right(pb.work_days, last)
            days = tuple(
                d for d in pb.work_days[first_i:last_i] if not any(x.covers(d) for x in away)
            )
            grouped: dict[int, list[dt.date]] = {}
            for d in days:
                grouped.setdefault(pb.month_of[d], []).append(d)
            cached = self._days_in[cache_key] = (
                days,
                tuple((m, tuple(g)) for m, g in grouped.items()),
            )
        choice.days, choice.by_month = cached
        if choice.days:
            return None
        within = bisect.bisect_right(pb.work_days, last) > bisect.bisect_left(pb.work_days, lo)
        if away and within:
            return out(UnplacedReason.HORIZON, "away-days")
        if period is not None and deadline is None:
            return out(UnplacedReason.HORIZON, "period")
        assert deadline is not None
        first = pb.work_days[0] if period is None else lo
        return out(
            UnplacedReason.DEADLINE,
            "first-day",
            deadline=deadline.isoformat(),
            first=first.isoformat(),
        )
