"""The state of a schedule being made: where each task is, and the indices that follow.

:class:`_State` owns every mutable index of the solver. :meth:`_State.place` and
:meth:`_State.remove` are the only ways to change them (and :meth:`_State.leave_out` the
only way to say why a task is not placed), so that the indices cannot drift apart; the
passes read them freely. :meth:`_State.check` recomputes every index from the placements
and fails loudly if one disagrees: the tests call it after each pass, the solver never does.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping
from typing import Any

from larande.scheduling._problem import _Problem
from larande.scheduling._records import UnplacedReason
from larande.scheduling._tasks import NO_DETAIL, Detail, Key, _Task, _Tasks

Where = tuple[dt.date, str | None]
"""A placement's day and session."""
Why = tuple[UnplacedReason, Detail]
"""Why a task is not placed, and which of the reason's messages says more."""
Saved = dict[Key, tuple[dt.date, str | None, int] | Why]
"""What :meth:`_State.snapshot` keeps of some people's tasks: day, session and choice, or
why the task is not placed."""
Standing = tuple[float, float, int, int]
"""The objective over some people: see :meth:`_State.standing`."""


class _State:
    """Placements and their indices, kept consistent by :meth:`place` and :meth:`remove`.

    Attributes (read them; change them only through the methods):
        where: task (or kept placement) -> its day and session.
        unplaced: task -> why it is not placed (only tasks not in ``where``).
        load: person -> effort in seconds per month (index into ``problem.months``).
        used: person -> effort placed in all.
        group_load: group (a person's own unit, or the person) -> effort per month.
        alone: ``(person, month)`` holding an item larger than the month's cap.
        seats: session -> seats still free.
        in_session: session -> the placements in it.
        spent: unit with money set aside -> what its members' placements cost (cents).
    """

    def __init__(self, problem: _Problem, tasks: _Tasks) -> None:
        self.pb = problem
        self.tasks = tasks
        n_months = len(problem.months)
        self.load: dict[str, list[int]] = {p.person: [0] * n_months for p in problem.plans}
        self.used: dict[str, int] = dict.fromkeys(self.load, 0)
        self.group_load: dict[str, list[int]] = {g: [0] * n_months for g in problem.groups}
        self.alone: set[tuple[str, int]] = set()
        self.seats: dict[str, int] = dict(problem.seats)
        self.where: dict[Key, Where] = {}
        self.in_session: dict[str, set[Key]] = {}
        self.unplaced: dict[Key, Why] = {}
        self.spent: dict[str, int] = dict.fromkeys(problem.money, 0)
        for key, fixed in problem.kept.items():
            self._hold(key, fixed.activity, fixed.on, fixed.session)

    # -- the only ways to change the indices ----------------------------------------------

    def _spend(self, person: str, amount: int) -> None:
        for unit in self.pb.purse.get(person, ()):
            self.spent[unit] += amount

    def _hold(self, key: Key, activity: str, on: dt.date, session: str | None) -> None:
        """A kept placement: it counts against budgets, money and seats and never moves."""
        pb = self.pb
        person = key[0]
        effort = pb.effort(activity)
        self.where[key] = (on, session)
        self._spend(person, pb.cents(activity))
        if person in self.load and (on.year, on.month) in pb.month_index:
            m = pb.month(on)
            self.load[person][m] += effort
            self.used[person] += effort
            self.group_load[pb.group_of[person]][m] += effort
            if effort > pb.cap[person]:
                self.alone.add((person, m))
        if session is not None:
            if session in self.seats:
                self.seats[session] -= 1
            self.in_session.setdefault(session, set()).add(key)

    def use(self, task: _Task, choice: int) -> None:
        """Show ``task`` as its ``choice`` (0: the first); only while it is not placed."""
        assert task.key not in self.where, f"{task.key} is placed: its choice cannot change"
        if task.current != choice:
            task.show(choice)

    def place(self, task: _Task, day: dt.date, session: str | None) -> None:
        """Put ``task`` (as its current choice) on ``day`` (in ``session``), if not placed."""
        key = task.key
        m = self.pb.month(day)
        self.where[key] = (day, session)
        self.load[task.person][m] += task.effort
        self.used[task.person] += task.effort
        self.group_load[self.pb.group_of[task.person]][m] += task.effort
        if task.effort > self.pb.cap[task.person]:
            self.alone.add((task.person, m))
        if session is not None:
            self.seats[session] -= 1
            self.in_session.setdefault(session, set()).add(key)
        if task.cents and self.spent:
            self._spend(task.person, task.cents)
        self.unplaced.pop(key, None)

    def remove(self, task: _Task) -> None:
        """Take ``task`` off its day; say why with :meth:`leave_out` if it stays off.

        It keeps its choice, so that it can be put back as it was.
        """
        key = task.key
        day, session = self.where.pop(key)
        m = self.pb.month(day)
        self.load[task.person][m] -= task.effort
        self.used[task.person] -= task.effort
        self.group_load[self.pb.group_of[task.person]][m] -= task.effort
        # An item alone in its month is the only one there (nothing else fits beside it).
        self.alone.discard((task.person, m))
        if session is not None:
            self.seats[session] += 1
            self.in_session[session].discard(key)
        if task.cents and self.spent:
            self._spend(task.person, -task.cents)

    def leave_out(self, key: Key, reason: UnplacedReason, detail: Detail = NO_DETAIL) -> None:
        """Record why the task ``key``, not placed, stays out; it is its first choice again."""
        task = self.tasks.get(key)
        if task is not None and task.current:
            self.use(task, 0)
        self.unplaced[key] = (reason, detail)

    # -- reading ------------------------------------------------------------------------

    def peak(self, person: str) -> int:
        return max(self.load[person], default=0)

    def affords(self, person: str, amount: int) -> bool:
        """Whether ``amount`` more keeps every unit the person spends from within its money."""
        money = self.pb.money
        return all(self.spent[u] + amount <= money[u] for u in self.pb.purse.get(person, ()))

    def uses(self, person: str, activity: str) -> bool:
        """Whether the person has ``activity`` placed already (as any item, or kept)."""
        return any(
            t.activity.id == activity and t.key in self.where for t in self.tasks.by_person[person]
        ) or activity in self.pb.kept_activities.get(person, ())

    def fits(self, person: str, month: int, effort: int) -> bool:
        """Whether ``effort`` more in ``month`` keeps the person's budget and peak rules."""
        if (person, month) in self.alone:
            return False
        if self.used[person] + effort > self.pb.total[person]:
            return False
        load = self.load[person][month]
        cap = self.pb.cap[person]
        return load + effort <= cap or (load == 0 and effort > cap)

    def level(self, group: str) -> float:
        """The group's peak month: its highest load relative to that month's capacity."""
        ratios: Iterable[float] = map(operator.mul, self.group_load[group], self.pb.inv_cap[group])
        return max(ratios)

    def standing(self, people: Iterable[str], *, levelled: bool = True) -> Standing:
        """The objective over ``people`` (and their groups), in order.

        Priority left unplaced; the summed peaks of their groups relative to capacity (0
        without ``levelled``: the priority phase leaves groups aside); their summed peak
        months; the cost of what is placed (cents). Lower is better, compared in order.
        """
        people = list(people)
        missing = 0.0
        cost = 0
        for person in people:
            for t in self.tasks.by_person[person]:
                if t.key in self.where:
                    cost += t.cents
                else:
                    missing += t.priority
        groups = sorted({self.pb.group_of[p] for p in people})
        return (
            round(missing, 9),
            round(sum(self.level(g) for g in groups), 9) if levelled else 0.0,
            sum(self.peak(person) for person in people),
            cost,
        )

    # -- undoing ------------------------------------------------------------------------

    def snapshot(self, people: Iterable[str]) -> Saved:
        """Where each task of ``people`` is, or why it is not, to :meth:`restore` later."""
        saved: Saved = {}
        for person in people:
            for t in self.tasks.by_person[person]:
                key = t.key
                if key in self.where:
                    saved[key] = (*self.where[key], t.current)
                else:
                    saved[key] = self.unplaced[key]
        return saved

    def restore(self, saved: Mapping[Key, Any]) -> None:
        """Put the tasks in ``saved`` back where (or out as) they were."""
        tasks = self.tasks
        for key in saved:
            if key in self.where:
                self.remove(tasks[key])
        for key, was in saved.items():
            if isinstance(was[0], dt.date):
                self.use(tasks[key], was[2])
                self.place(tasks[key], was[0], was[1])
            else:
                self.leave_out(key, *was)

    # -- the invariant --------------------------------------------------------------------

    def check(self) -> None:
        """Recompute every index from the placements; raise AssertionError on a difference.

        For the tests: the solver keeps the indices up to date incrementally, and this says
        whether it did.
        """
        pb = self.pb
        n_months = len(pb.months)
        load = {person: [0] * n_months for person in self.load}
        used = dict.fromkeys(self.load, 0)
        group_load = {g: [0] * n_months for g in self.group_load}
        alone: set[tuple[str, int]] = set()
        seats = dict(pb.seats)
        in_session: dict[str, set[Key]] = {}
        spent = dict.fromkeys(pb.money, 0)
        for key, (day, session) in self.where.items():
            person = key[0]
            task = self.tasks.get(key)
            if task is None and key not in pb.kept:
                raise AssertionError(f"{key} is placed but is neither a task nor kept")
            activity = pb.kept[key].activity if task is None else task.activity.id
            effort = pb.effort(activity) if task is None else task.effort
            for unit in pb.purse.get(person, ()):
                spent[unit] += pb.cents(activity)
            if person in load and (day.year, day.month) in pb.month_index:
                m = pb.month(day)
                load[person][m] += effort
                used[person] += effort
                group_load[pb.group_of[person]][m] += effort
                if effort > pb.cap[person]:
                    alone.add((person, m))
            if session is not None:
                if session in seats:
                    seats[session] -= 1
                in_session.setdefault(session, set()).add(key)
        differences = [
            name
            for name, kept, fresh in (
                ("load", self.load, load),
                ("used", self.used, used),
                ("group_load", self.group_load, group_load),
                ("alone", self.alone, alone),
                ("seats", self.seats, seats),
                ("in_session", {s: k for s, k in self.in_session.items() if k}, in_session),
                ("spent", self.spent, spent),
            )
            if kept != fresh
        ]
        if differences:
            raise AssertionError(f"indices out of step with the placements: {differences}")
        both = set(self.where) & set(self.unplaced)
        if both:
            raise AssertionError(f"placed and unplaced at once: {sorted(both)[:5]}")
        shown = [k for k in self.unplaced if self.tasks[k].current]
        if shown:
            raise AssertionError(f"left out as an alternative, not as the first choice: {shown}")
        for key, task in self.tasks.by_key.items():
            if task.key != key or task.activity is not task.choices[task.current].activity:
                raise AssertionError(f"{key} shows another choice than its current one")
