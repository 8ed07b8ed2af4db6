"""The exact backend: the same problem and objective as a CP-SAT model (the ``solver`` extra).

OR-Tools is imported only when ``schedule(..., solver="cp-sat")`` is called. The model has,
per task and per way to place it (its first choice or an alternative), one Boolean per
session, or per month with days for a self-paced activity; a task's day is one integer
(0 while it is not placed), so that prerequisites come strictly earlier to the day. The
hard constraints are the heuristic's (``_options`` and ``_state`` say them for it), stated
once for the whole year.

The objective is lexicographic and solved as a sequence of solves, one per level, each
bounding the levels before it to the best it found: unplaced priority; the year levelled
(the sum over groups of the peak month's load relative to its capacity, each ratio counted
in millionths); the summed peak months of people; cost; the (session, unit) pairs of group
activities (fewer: units together); the summed days (earlier). Each solve starts from the
previous one's solution, the first from the heuristic's schedule, and gets an equal share
of what is left of the deterministic work limit. One worker and a fixed seed: the same
input gives the same schedule.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from larande.exceptions import ValidationError
from larande.scheduling._greedy import rank, try_place
from larande.scheduling._problem import Key, _Problem
from larande.scheduling._records import ScheduleStatus
from larande.scheduling._state import Standing, _State
from larande.scheduling._tasks import _Tasks

__all__ = ["SEED", "exact"]

SEED = 20260101
"""CP-SAT's random seed: fixed, so that a run can be repeated."""

PRIORITY_SCALE = 1_000_000
"""Priorities are counted in millionths (a series shares an item's priority)."""
RATIO_SCALE = 1_000_000
"""The levelling ratios are counted in millionths."""

LEVELS = ("unplaced", "levelled", "peaks", "cost", "groups", "days")
"""The objective's levels, in order."""


def ortools() -> Any:
    """OR-Tools' CP-SAT module, or the error naming the extra that installs it."""
    try:
        from ortools.sat.python import cp_model
    except ImportError as exc:
        raise ValidationError(
            'solver="cp-sat" needs OR-Tools, which is not installed; expected the '
            'solver extra: pip install "larande[solver]" (or solver="heuristic")',
            path="solver",
            code="missing-extra",
            params={"extra": "solver", "package": "ortools"},
        ) from exc
    return cp_model


class _Model:
    """The CP-SAT model of a problem, its constants taken from a state of kept placements."""

    def __init__(self, pb: _Problem, base: _State, cp: Any) -> None:
        self.pb, self.base, self.cp = pb, base, cp
        self.model = cp.CpModel()
        self.tasks = list(base.tasks.by_index)
        # Efforts in units of their greatest common divisor: small numbers, the same sums.
        unit = 0
        for t in self.tasks:
            for c in t.choices:
                unit = math.gcd(unit, c.effort)
        for p in pb.fixed:
            unit = math.gcd(unit, pb.effort(p.activity))
        self.unit = max(unit, 1)
        # options[key]: (choice, day, session, month, Boolean) for each way to place it.
        self.options: dict[Key, list[tuple[int, dt.date, str | None, int, Any]]] = {}
        self.placed: dict[Key, Any] = {}
        self.day: dict[Key, Any] = {}
        self.objectives: list[Any] = []
        self._pending: list[tuple[Key, Any, Any]] = []
        self._spans: dict[Key, list[tuple[Any, int, int]]] = {}
        self._variables()
        self._order()
        self._time()
        self._seats_and_choices()
        self._money()
        self._objective()

    def index(self, day: dt.date) -> int:
        """A day as a number from 1 (the first schedule's first day); 0 is not placed."""
        return (day - self.pb.first_day).days + 1

    def _variables(self) -> None:
        cp, model = self.cp, self.model
        for t in self.tasks:
            key = t.key
            found: list[tuple[int, dt.date, str | None, int, Any]] = []
            spans = self._spans[key] = []
            days: set[int] = set()
            first = t.choices[0]
            for c, choice in enumerate(t.choices):
                if choice.static_reason is not None:
                    continue
                if c and first.static_reason is None and not first.sessions:
                    break  # a self-paced first choice with days never gives way
                for day, session in choice.sessions:
                    b = model.NewBoolVar(f"s{t.index}.{c}.{session}")
                    found.append((c, day, session, self.pb.month(day), b))
                    days.add(self.index(day))
                    spans.append((b, self.index(day), self.index(day)))
                for m, month_days in choice.by_month:
                    b = model.NewBoolVar(f"m{t.index}.{c}.{m}")
                    found.append((c, month_days[0], None, m, b))
                    days.update(self.index(d) for d in month_days)
                    spans.append((b, self.index(month_days[0]), self.index(month_days[-1])))
                    allowed = cp.Domain.FromValues(sorted(self.index(d) for d in month_days))
                    self._pending.append((key, allowed, b))
            self.options[key] = found
            placed = model.NewBoolVar(f"x{t.index}")
            model.Add(sum(o[4] for o in found) == placed)
            day = model.NewIntVarFromDomain(
                cp.Domain.FromValues([0, *sorted(days)]), f"d{t.index}"
            )
            model.Add(day == 0).OnlyEnforceIf(placed.Not())
            model.Add(day >= 1).OnlyEnforceIf(placed)
            self.placed[key], self.day[key] = placed, day
        for key, allowed, b in self._pending:
            model.AddLinearExpressionInDomain(self.day[key], allowed).OnlyEnforceIf(b)
        # The same, linear: the day lies within the chosen option's first and last days.
        # Implied by the above, but it gives the solver's relaxation the days (and so its
        # bound on the objective's last level).
        for t in self.tasks:
            spans = self._spans[t.key]
            if spans:
                model.Add(self.day[t.key] >= sum(b * lo for b, lo, _ in spans))
                model.Add(self.day[t.key] <= sum(b * hi for b, _, hi in spans))
        for t in self.tasks:
            for _, on, where, _, b in self.options[t.key]:
                if where is not None:
                    model.Add(self.day[t.key] == self.index(on)).OnlyEnforceIf(b)

    def uses(self, key: Key, choice: int) -> Any:
        """A Boolean: the task is placed as ``choice``."""
        found = [o[4] for o in self.options[key] if o[0] == choice]
        if len(found) == 1:
            return found[0]
        b = self.model.NewBoolVar(f"c{key}.{choice}")
        self.model.Add(sum(found) == b)
        return b

    def _order(self) -> None:
        """A prerequisite is placed, on a strictly earlier day, before what needs it."""
        model = self.model
        for t in self.tasks:
            for c, choice in enumerate(t.choices):
                if not any(o[0] == c for o in self.options[t.key]):
                    continue
                used = None
                for pre in choice.prerequisites:
                    used = self.uses(t.key, c) if used is None else used
                    kept = self.pb.kept.get(pre)
                    if kept is not None:
                        model.Add(self.day[t.key] >= self.index(kept.on) + 1).OnlyEnforceIf(used)
                    elif pre in self.placed:
                        model.AddImplication(used, self.placed[pre])
                        model.Add(self.day[t.key] >= self.day[pre] + 1).OnlyEnforceIf(used)
                    else:
                        model.Add(used == 0)

    def _time(self) -> None:
        """Each person's budget for the horizon, and the peak rule month by month."""
        pb, base, model, g = self.pb, self.base, self.model, self.unit
        for person, tasks in base.tasks.by_person.items():
            by_month: dict[int, list[tuple[Any, int]]] = {}
            every: list[tuple[Any, int]] = []
            for t in tasks:
                for c, _, _, m, b in self.options[t.key]:
                    effort = t.choices[c].effort
                    by_month.setdefault(m, []).append((b, effort))
                    every.append((b, effort))
            room = (pb.total[person] - base.used[person]) // g
            if room < 0:
                model.Add(sum(b for b, _ in every) == 0)
            else:
                model.Add(sum(b * (e // g) for b, e in every) <= room)
            cap = pb.cap[person]
            for m in sorted(by_month):
                items = by_month[m]
                kept = base.load[person][m]
                small = (math.floor(cap) - kept) // g
                big = [b for b, e in items if e > cap]
                load = sum(b * (e // g) for b, e in items)
                if kept > 0 or not big:
                    # Nothing may stand alone beside what is kept there.
                    for b in big:
                        model.Add(b == 0)
                    if small < 0:
                        model.Add(sum(b for b, _ in items) == 0)
                    else:
                        model.Add(load <= small)
                    continue
                alone = model.NewBoolVar(f"alone.{person}.{m}")
                model.Add(sum(big) == alone)
                model.Add(sum(b for b, _ in items) <= 1).OnlyEnforceIf(alone)
                model.Add(load <= small).OnlyEnforceIf(alone.Not())

    def _seats_and_choices(self) -> None:
        """Seats per session; alternatives; one activity once per person.

        An alternative stands in only where every session of its first choice is full, or
        the first choice has no day at all.
        """
        base, model = self.base, self.model
        seated: dict[str, list[Any]] = {}
        for t in self.tasks:
            for _, _, session, _, b in self.options[t.key]:
                if session is not None:
                    seated.setdefault(session, []).append(b)
        full: dict[str, Any] = {}
        for session in sorted(seated):
            free = max(0, base.seats[session])
            model.Add(sum(seated[session]) <= free)
            f = model.NewBoolVar(f"full.{session}")
            model.Add(sum(seated[session]) >= free).OnlyEnforceIf(f)
            full[session] = f
        alts: dict[tuple[str, str], list[Any]] = {}
        for t in self.tasks:
            first = t.choices[0]
            for c, _, _, _, b in self.options[t.key]:
                if c == 0:
                    continue
                alts.setdefault((t.person, t.choices[c].activity.id), []).append(b)
                if first.static_reason is None:
                    for _, session in first.sessions:
                        model.AddImplication(b, full[session])
        for (person, activity), bs in sorted(alts.items()):
            if activity in self.pb.kept_activities.get(person, ()):
                model.Add(sum(bs) == 0)
            else:
                model.Add(sum(bs) <= 1)

    def _money(self) -> None:
        """What a unit's members spend stays within the money set aside for it."""
        pb, base, model = self.pb, self.base, self.model
        spending: dict[str, list[tuple[Any, int]]] = {u: [] for u in pb.money}
        for t in self.tasks:
            for unit in pb.purse.get(t.person, ()):
                for c, _, _, _, b in self.options[t.key]:
                    spending[unit].append((b, t.choices[c].cents))
        for unit in sorted(spending):
            left = pb.money[unit] - base.spent[unit]
            terms = spending[unit]
            if left < 0:  # overdrawn by what is kept: nothing more, not even free
                model.Add(sum(b for b, _ in terms) == 0)
            elif terms:
                model.Add(sum(b * cents for b, cents in terms) <= left)

    def _objective(self) -> None:
        pb, base, model, g = self.pb, self.base, self.model, self.unit
        unplaced = sum(
            round(t.priority * PRIORITY_SCALE) * (1 - self.placed[t.key]) for t in self.tasks
        )
        # Loads per person and per group, month by month, in effort units (kept included).
        person_load: dict[str, dict[int, list[Any]]] = {}
        for t in self.tasks:
            mine = person_load.setdefault(t.person, {})
            for c, _, _, m, b in self.options[t.key]:
                mine.setdefault(m, []).append(b * (t.choices[c].effort // g))
        top = sum(pb.total.values()) // g + sum(base.used.values()) // g + 1
        levels = []
        for group, members in pb.groups.items():
            inv = pb.inv_cap[group]
            terms = []
            for m in pb.level_months:
                if inv[m] <= 0:
                    continue
                load = base.group_load[group][m] // g + sum(
                    x for p in members for x in person_load.get(p, {}).get(m, ())
                )
                terms.append((round(RATIO_SCALE * g * inv[m]), load))
            if not terms:
                continue
            z = model.NewIntVar(0, max(c for c, _ in terms) * top, f"level.{group}")
            for coefficient, load in terms:
                model.Add(z >= coefficient * load)
            levels.append(z)
        peaks = []
        for person in base.tasks.by_person:
            loads = base.load[person]
            floor = max(loads, default=0) // g
            peak = model.NewIntVar(floor, top, f"peak.{person}")
            for m, month in person_load.get(person, {}).items():
                model.Add(peak >= loads[m] // g + sum(month))
            peaks.append(peak)
        cost = sum(
            b * t.choices[c].cents for t in self.tasks for c, _, _, _, b in self.options[t.key]
        )
        present: dict[tuple[str, str], list[Any]] = {}
        if pb.unit:
            for t in self.tasks:
                unit = pb.unit.get(t.person, t.person)
                for c, _, session, _, b in self.options[t.key]:
                    if session is not None and t.choices[c].activity.group:
                        present.setdefault((session, unit), []).append(b)
        together = []
        for (session, unit), bs in sorted(present.items()):
            if any(pb.unit.get(k[0], k[0]) == unit for k in base.in_session.get(session, ())):
                continue  # the unit is there already, kept
            there = model.NewBoolVar(f"unit.{session}.{unit}")
            for b in bs:
                model.AddImplication(b, there)
            together.append(there)
        days = sum(self.day[t.key] for t in self.tasks)
        self.objectives = [unplaced, sum(levels), sum(peaks), cost, sum(together), days]

    def hint(self, st: _State) -> None:
        """Start from the placements of ``st`` (the heuristic's schedule)."""
        for t in self.tasks:
            at = st.where.get(t.key)
            choice = st.tasks[t.key].current if at is not None else -1
            hit = None
            if at is not None:
                day, session = at
                m = self.pb.month(day)
                for o in self.options[t.key]:
                    same = o[0] == choice and o[2] == session and o[3] == m
                    if same and (session is None or o[1] == day):
                        hit = o[4]
                        break
            for o in self.options[t.key]:
                self.model.AddHint(o[4], o[4] is hit)
            self.model.AddHint(self.placed[t.key], hit is not None)
            if hit is not None and at is not None:
                self.model.AddHint(self.day[t.key], self.index(at[0]))
            else:
                self.model.AddHint(self.day[t.key], 0)

    def solve(self, limit: float) -> tuple[bool, dict[Key, tuple[int, dt.date, str | None]]]:
        """Solve level by level; whether every level was proved optimal, and the solution."""
        cp, model = self.cp, self.model
        solver = cp.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = SEED
        solved: dict[Key, tuple[int, dt.date, str | None]] | None = None
        proved = True
        left = limit
        for i, objective in enumerate(self.objectives):
            if isinstance(objective, int):
                continue  # a level with nothing to choose (no groups, no cost...)
            model.Minimize(objective)
            share = left / (len(self.objectives) - i)
            solver.parameters.max_deterministic_time = max(share, 1e-3)
            outcome = solver.Solve(model)
            left = max(0.0, left - solver.deterministic_time)
            if outcome not in (cp.OPTIMAL, cp.FEASIBLE):
                proved = False
                break
            proved = proved and outcome == cp.OPTIMAL
            best = round(solver.ObjectiveValue())
            model.Add(objective <= best)
            solved = self._read(solver)
            model.ClearHints()
            for t in self.tasks:
                for o in self.options[t.key]:
                    model.AddHint(o[4], solver.BooleanValue(o[4]))
                model.AddHint(self.placed[t.key], solver.BooleanValue(self.placed[t.key]))
                model.AddHint(self.day[t.key], solver.Value(self.day[t.key]))
        return proved and solved is not None, solved or {}

    def _read(self, solver: Any) -> dict[Key, tuple[int, dt.date, str | None]]:
        out = {}
        for t in self.tasks:
            if not solver.BooleanValue(self.placed[t.key]):
                continue
            for c, _, session, _, b in self.options[t.key]:
                if solver.BooleanValue(b):
                    day = self.pb.first_day + dt.timedelta(days=solver.Value(self.day[t.key]) - 1)
                    out[t.key] = (c, day, session)
                    break
        return out


def exact(pb: _Problem, warm: _State, time_limit: dt.timedelta) -> tuple[_State, ScheduleStatus]:
    """CP-SAT's schedule of ``pb``, started from ``warm`` (the heuristic's state).

    The state returned is never worse than ``warm`` on the objective: if CP-SAT's solution
    were (its ratios being rounded), ``warm`` is returned, as ``feasible``.
    """
    cp = ortools()
    base = _State(pb, _Tasks(pb))
    model = _Model(pb, base, cp)
    model.hint(warm)
    proved, solution = model.solve(time_limit.total_seconds())
    for key, (choice, day, session) in solution.items():
        task = base.tasks[key]
        base.use(task, choice)
        base.place(task, day, session)
    # What CP-SAT left out, taken in the heuristic's order: placed where it still fits (a
    # solve cut short may leave room), else its reason recorded as the heuristic would.
    filled = False
    for task in sorted(base.tasks.by_index, key=rank):
        if task.key not in base.where:
            filled = try_place(base, task) or filled
    people = [p.person for p in pb.plans]
    if _worse(base.standing(people), warm.standing(people)):
        return warm, ScheduleStatus.FEASIBLE
    return base, ScheduleStatus.OPTIMAL if proved and not filled else ScheduleStatus.FEASIBLE


def _worse(mine: Standing, theirs: Standing) -> bool:
    return mine > theirs
