"""Improving a greedy schedule: seats, prerequisite chains, people planned again, trades.

Every repair keeps every hard constraint, and the ones guided by estimates are undone
when they leave out more priority than before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import networkx as nx

from larande.scheduling._placing import _Placer, _Task
from larande.scheduling._records import UnplacedReason

_REPLAN_BUDGET = 400
"""Search steps per person in the exact re-planning."""
_TRADE_BUDGET = 2_000
"""Seat trades tried in all (each re-plans one person)."""


class _Solver(_Placer):
    """The greedy placement, then the repairs, in the order the module ``_solve`` describes."""

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
            # Kept dependants are never lifted (_placed_dependants leaves them out); they
            # stay where they are and bound their prerequisite's day like any placement.
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
