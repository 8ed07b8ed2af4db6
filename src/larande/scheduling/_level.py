"""Levelling the year: each group's learning moved from its busiest months to calmer ones.

A group is a person's own unit (with ``org``), else the person alone; its load in a month
counts relative to its capacity then (its members' monthly budgets times the season's
share). The objective wants each group's peak month as low as it can be, then each
person's peak month; below the peak, the heuristic also keeps the rest of the year level
rather than piling learning into the first months (see the module ``_solve``).

Moves never take an item out: whatever was placed stays placed, on a feasible day, so
levelling never costs priority. Each move takes a placement from a month to one whose
load, relative to capacity, stays below what the first month had: the group's months,
sorted from the busiest, get strictly lower, so the moves come to an end.
"""

from __future__ import annotations

from larande.scheduling._options import options
from larande.scheduling._problem import _Problem
from larande.scheduling._replan import replan_holders
from larande.scheduling._state import Where, _State
from larande.scheduling._tasks import _Task

_STEPS_PER_ITEM = 20
"""Moves tried per placed item of a group, in each phase (a bound; it is rarely reached)."""
_EPSILON = 1e-9
"""A move must lower a month's load relative to capacity by more than this."""


def level_groups(pb: _Problem, st: _State) -> None:
    """Level each group's year: lower its peak month, then the months below it.

    Per group: first, moves that raise no one's peak month (and split no unit in a group
    session); then moves from the group's peak months that may raise a person's peak
    month (within the hard limits), kept only if the group's peak fell; then the people who
    hold the group's peak month are planned again by the exact search
    (:func:`~larande.scheduling._replan.replan_holders`); then the first moves again, where
    the earlier steps changed something.
    """
    for group, members in pb.groups.items():
        tasks = [t for person in members for t in st.tasks.by_person[person]]
        placed = sum(1 for t in tasks if t.key in st.where)
        if not placed or not pb.level_months:
            continue
        steps = _STEPS_PER_ITEM * placed
        _moves(pb, st, group, tasks, steps, raise_peaks=False)
        before, saved = st.standing(members), st.snapshot(members)
        changed = False
        if _moves(pb, st, group, tasks, steps, raise_peaks=True):
            if st.standing(members) >= before:
                st.restore(saved)
            else:
                changed = True
        if replan_holders(pb, st, group) or changed:
            _moves(pb, st, group, tasks, steps, raise_peaks=False)


def _moves(
    pb: _Problem, st: _State, group: str, tasks: list[_Task], steps: int, *, raise_peaks: bool
) -> bool:
    """Move placements from the group's busiest months while one helps; whether any did.

    Sweeps over the months, busiest first, trying each placement there once a sweep, until
    a sweep moves nothing. With ``raise_peaks``, only from the peak months, and a person's
    peak month may rise; without, from any month, and no one's peak month rises.
    """
    inv = pb.inv_cap[group]
    loads = st.group_load[group]
    months = pb.level_months
    moved_any = False
    while steps > 0:
        by_month: dict[int, list[_Task]] = {}
        for t in tasks:
            where = st.where.get(t.key)
            if where is not None:
                by_month.setdefault(pb.month(where[0]), []).append(t)
        busiest = sorted(
            (m for m in months if loads[m] > 0), key=lambda m: (-loads[m] * inv[m], m)
        )
        moved = False
        for month in busiest:
            # Larger items first: they lower the month most for one move.
            for task in sorted(by_month.get(month, ()), key=lambda t: (-t.effort, t.index)):
                ratio = loads[month] * inv[month]
                if raise_peaks and ratio < max(loads[m] * inv[m] for m in months) - _EPSILON:
                    break
                if not _anywhere_lower(pb, months, loads, inv, month, task.effort, ratio):
                    continue
                steps -= 1
                if _move(pb, st, task, month, ratio, raise_peaks=raise_peaks):
                    moved = True
                if steps <= 0:
                    return moved_any or moved
        if not moved:
            return moved_any
        moved_any = True
    return moved_any


def _anywhere_lower(
    pb: _Problem,
    months: list[int],
    loads: list[int],
    inv: list[float],
    month: int,
    effort: int,
    ratio: float,
) -> bool:
    """Whether some other month would stay below ``ratio`` with ``effort`` more (a quick test)."""
    return any(m != month and (loads[m] + effort) * inv[m] < ratio - _EPSILON for m in months)


def _move(
    pb: _Problem, st: _State, task: _Task, month: int, ratio: float, *, raise_peaks: bool
) -> bool:
    """Move ``task`` out of ``month`` (at ``ratio``) to a month that stays below it."""
    key = task.key
    day, session = st.where[key]
    if not raise_peaks and task.activity.group and session is not None and pb.unit:
        return False  # putting a unit together in a session comes before a level year
    person = task.person
    peak = st.peak(person)
    group = pb.group_of[person]
    inv = pb.inv_cap[group]
    group_loads = st.group_load[group]
    st.remove(task)
    left = group_loads[month] * inv[month]
    loads = st.load[person]
    found, _, _ = options(st, task)
    best: tuple[tuple[bool, float, float, int, object], Where] | None = None
    for option in found:
        m = pb.month(option[0])
        if m == month:
            continue
        after = (group_loads[m] + task.effort) * inv[m]
        if not after < ratio - _EPSILON:
            continue
        new = loads[m] + task.effort
        raises = new > peak
        if raises and not raise_peaks:
            continue
        rank = (raises, max(left, after), after, new, option[0])
        if best is None or rank < best[0]:
            best = (rank, option)
    if best is None:
        st.place(task, day, session)
        return False
    st.place(task, *best[1])
    return True
