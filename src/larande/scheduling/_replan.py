"""Planning one person again, alone, by a bounded exact search over their own items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from larande.scheduling._options import options
from larande.scheduling._problem import _Problem
from larande.scheduling._records import UnplacedReason
from larande.scheduling._state import Where, Why, _State
from larande.scheduling._tasks import MAKE_ROOM, Key, _Task

REPLAN_BUDGET = 400
"""Search steps per person in the exact re-planning."""
LEVEL_BUDGET = 100
"""Search steps per person when re-planning for a level year (many more people try)."""


def replan_people(pb: _Problem, st: _State) -> None:
    """Plan again, one person at a time, those who lost items or peak higher than needed.

    An item no re-planning can place (its horizon or deadline rules it out, or every one of
    its sessions is full) counts as no loss: the search would spend its steps for nothing.
    """
    for person in sorted(st.tasks.by_person):
        tasks = st.tasks.by_person[person]
        if not tasks:
            continue
        lost = any(t.key in st.unplaced and not _out_of_reach(st, t) for t in tasks)
        placed_effort = sum(t.effort for t in tasks if t.key in st.where)
        floor = max(max(t.effort for t in tasks), -(-placed_effort // len(pb.months)))
        if not lost and st.peak(person) <= floor:
            continue
        replan(st, person, tasks)


def _out_of_reach(st: _State, task: _Task) -> bool:
    """Whether no placement of the person's other items can let ``task`` in."""
    if task.static_reason is not None:
        return True
    return bool(task.sessions) and all(st.seats[s] <= 0 for _, s in task.sessions)


def objective(st: _State, person: str, tasks: list[_Task]) -> tuple[float, float, int, int]:
    """One person's standing: unplaced priority, group peak, own peak, then the days.

    The group's peak is relative to its capacity; the days sum up (earlier is better).
    """
    missing = sum(t.priority for t in tasks if t.key not in st.where)
    days = sum(st.where[t.key][0].toordinal() for t in tasks if t.key in st.where)
    return (round(missing, 9), st.level(st.pb.group_of[person]), st.peak(person), days)


def replan(
    st: _State,
    person: str,
    tasks: list[_Task],
    *,
    levelled: bool = False,
    budget: int = REPLAN_BUDGET,
) -> None:
    """Place ``person``'s tasks again, the rest held; keep the result only if better.

    Better by unplaced priority, then (``levelled``) the person's group's peak relative to
    capacity, then the person's own peak month. The search takes at most ``budget`` steps.
    """
    pb = st.pb
    group = pb.group_of[person]
    group_loads = st.group_load[group]
    inv = pb.inv_cap[group] if levelled else [0.0] * len(pb.months)

    def group_level() -> float:
        return st.level(group) if levelled else 0.0

    before = objective(st, person, tasks)
    if not levelled:
        before = (before[0], 0.0, *before[2:])
    saved: dict[Key, Where] = {t.key: st.where[t.key] for t in tasks if t.key in st.where}
    saved_unplaced: dict[Key, Why] = {
        t.key: st.unplaced[t.key] for t in tasks if t.key in st.unplaced
    }
    for t in tasks:
        if t.key in st.where:
            st.remove(t)
    order = sorted(tasks, key=lambda t: t.plan_order)
    # Only a strictly better (unplaced priority, group peak, own peak) is worth a change;
    # earlier days are the compaction pass's business. Starting from the current objective
    # lets the search cut every branch that cannot beat it: placing more only raises loads.
    bound = before[:3]
    best: list[Any] = [None]
    steps = 0

    def dfs(i: int, missing: float, assignment: dict[Key, Where]) -> None:
        nonlocal steps, bound
        steps += 1
        missing = round(missing, 9)
        level = group_level()
        peak = st.peak(person)
        if steps > budget or (missing, level, peak) >= bound:
            return
        if i == len(order):
            bound = (missing, level, peak)
            best[0] = dict(assignment)
            return
        task = order[i]
        found, _, _ = options(st, task)
        loads = st.load[person]
        effort = task.effort

        def makes(o: Where) -> tuple[float, int, float, int, dt.date]:
            m = pb.month(o[0])
            ratio = (group_loads[m] + effort) * inv[m]
            new = loads[m] + effort
            return (max(level, ratio), max(peak, new), ratio, new, o[0])

        ranked = sorted(((makes(o), o) for o in found), key=lambda x: x[0])
        for made, (day, session) in ranked:
            if (missing, made[0], made[1]) >= bound:
                break  # sorted by the peaks they make: no later option does better
            st.place(task, day, session)
            assignment[task.key] = (day, session)
            dfs(i + 1, missing, assignment)
            del assignment[task.key]
            st.remove(task)
        dfs(i + 1, missing + task.priority, assignment)

    dfs(0, 0.0, {})
    chosen: dict[Key, Where] | None = best[0]
    restore = saved if chosen is None else chosen
    for t in order:
        placed = restore.get(t.key)
        if placed is not None:
            st.place(t, *placed)
    for t in order:
        key = t.key
        if key in st.where:
            continue
        if chosen is None:
            st.leave_out(key, *saved_unplaced[t.key])
            continue
        found, reason, detail = options(st, t)
        assert not found or reason is None
        if reason is not None:
            st.leave_out(key, reason, detail)
        else:
            st.leave_out(
                key,
                *saved_unplaced.get(t.key, (UnplacedReason.BUDGET, MAKE_ROOM)),
            )


def replan_holders(pb: _Problem, st: _State, group: str) -> bool:
    """Plan again the people who hold ``group``'s peak month, with its level in view.

    After the levelling moves (``_level``), an exact search over one person's items may
    still lower their group's peak: several of their items moved at once, or one moved out
    of the way of another. Nothing placed goes out: the search starts from the current
    standing, whose unplaced priority it never exceeds. Whether anything changed.
    """
    inv = pb.inv_cap[group]
    loads = st.group_load[group]
    level = st.level(group)
    if level <= 0:
        return False
    peaks = {m for m in pb.level_months if loads[m] * inv[m] >= level - 1e-9}
    members = pb.groups[group]
    before = st.standing(members)
    for person in members:
        tasks = st.tasks.by_person[person]
        placed = [t for t in tasks if t.key in st.where]
        holds = any(pb.month(st.where[t.key][0]) in peaks for t in placed)
        # One item alone moves as well by the levelling moves; the search adds nothing.
        if holds and len(placed) > 1:
            replan(st, person, tasks, levelled=True, budget=LEVEL_BUDGET)
    return st.standing(members) != before


def replan_peaks(pb: _Problem, st: _State) -> None:
    """Plan again each person whose peak month is above what their items force.

    Levelling units may have raised a person's peak month to lower their unit's; some of
    those moves turn out not to be needed. With the unit's level in view, the search keeps
    the unit's peak where it is and lowers the person's.
    """
    for person in sorted(st.tasks.by_person):
        tasks = st.tasks.by_person[person]
        placed = [t.effort for t in tasks if t.key in st.where]
        if not placed:
            continue
        floor = max(max(placed), -(-sum(placed) // max(len(pb.level_months), 1)))
        if st.peak(person) > floor:
            replan(st, person, tasks, levelled=True, budget=LEVEL_BUDGET)
