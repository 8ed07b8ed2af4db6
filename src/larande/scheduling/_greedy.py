"""The greedy placement: every task in turn, by value, on the best day it has then.

Tasks are taken by value (their priority and that of everything waiting on them), then
deadline, person and plan order; a task waits until its prerequisites are decided. Each
goes to the feasible day that keeps the person's peak month lowest, then the least loaded
month, then (for a group activity, with ``org``) a session the person's unit already uses,
then the earliest day. A day that would leave no room for the task's dependants is
avoided when another will do.

An item whose first choice has no day for want of seats, or none in the horizon by its
deadline, is placed as the first of its alternatives that has one (:func:`try_place`).
"""

from __future__ import annotations

import datetime as dt
import heapq
from typing import Any

from larande.scheduling._options import Options, group_penalty, options, room_limit
from larande.scheduling._problem import _Problem
from larande.scheduling._records import UnplacedReason
from larande.scheduling._state import Where, _State
from larande.scheduling._tasks import Key, _Task

FALLBACK = frozenset({UnplacedReason.CAPACITY, UnplacedReason.HORIZON, UnplacedReason.DEADLINE})
"""The reasons a first choice gives way to an alternative (DESIGN 9.2)."""


def rank(task: _Task) -> tuple[Any, ...]:
    """The order tasks are taken in: most valuable first, then by deadline and plan."""
    return (
        -task.value,
        task.deadline or dt.date.max,
        task.person,
        task.plan_order,
        task.index,
    )


def choose(st: _State, task: _Task, found: Options) -> Where:
    """The best of ``found`` (not empty) for ``task``: the greedy's preference.

    The person's peak month, then the month least loaded for them, then the earliest
    month, then (for a group activity) a session the person's unit already uses, then the
    earliest day. Units are levelled later (``_level``): what is placed is decided first,
    without regard to them, so that levelling never costs priority.
    """
    pb = st.pb
    loads = st.load[task.person]
    peak = max(loads, default=0)
    limit = room_limit(st, task)
    roomy = [o for o in found if limit is None or o[0] < limit] or found

    def key(o: Where) -> tuple[int, int, int, int, dt.date]:
        m = pb.month(o[0])
        new = loads[m] + task.effort
        return (max(peak, new), new, m, group_penalty(st, task, o[1]), o[0])

    return min(roomy, key=key)


def try_place(st: _State, task: _Task) -> bool:
    """Place ``task`` (not placed) on its best option now, or record why it has none.

    When its first choice has no option for want of seats, or none in the horizon by the
    deadline, the first of its alternatives that has one is placed instead; the reason
    recorded is the first choice's.
    """
    st.use(task, 0)
    found, reason, detail = options(st, task)
    if not found and reason in FALLBACK and len(task.choices) > 1:
        for choice in range(1, len(task.choices)):
            if st.uses(task.person, task.choices[choice].activity.id):
                continue  # another item of theirs is placed as it already
            st.use(task, choice)
            found, _, _ = options(st, task)
            if found:
                break
        if not found:
            st.use(task, 0)
    if not found:
        assert reason is not None
        st.leave_out(task.key, reason, detail)
        return False
    st.place(task, *choose(st, task, found))
    return True


def retry_dependants(st: _State, task: _Task) -> None:
    """Try again the unplaced dependants of ``task`` (just placed), and theirs in turn."""
    for dkey in task.dependants:
        if dkey in st.unplaced:
            dtask = st.tasks[dkey]
            if try_place(st, dtask):
                retry_dependants(st, dtask)


def first_choices(pb: _Problem, st: _State) -> None:
    """Put items placed as an alternative back on their first choice where it now fits.

    Seats freed by the repairs may let a first choice in again: the plan chose it first.
    Then every item left out that an alternative could take is tried again.
    """
    for task in sorted(st.tasks.by_index, key=rank):
        if not task.current or task.key not in st.where:
            continue
        day, session = st.where[task.key]
        was = task.current
        st.remove(task)
        st.use(task, 0)
        found, _, _ = options(st, task)
        if found:
            st.place(task, *choose(st, task, found))
        else:
            st.use(task, was)
            st.place(task, day, session)
    for task in sorted(st.tasks.by_index, key=rank):
        if (
            len(task.choices) > 1
            and task.key in st.unplaced
            and st.unplaced[task.key][0] in FALLBACK
            and try_place(st, task)
        ):
            retry_dependants(st, task)


def place_greedily(pb: _Problem, st: _State) -> None:
    """Place every task once, in :func:`rank` order, prerequisites first."""
    tasks = st.tasks
    waiting: dict[Key, int] = {}
    heap: list[tuple[Any, ...]] = []
    for key, task in tasks.by_key.items():
        open_pre = sum(1 for p in task.prerequisites if p in tasks)
        waiting[key] = open_pre
        if open_pre == 0:
            heapq.heappush(heap, rank(task))
    while heap:
        *_, index = heapq.heappop(heap)
        task = tasks.by_index[index]
        try_place(st, task)
        for dkey in task.dependants:
            if dkey in waiting:
                waiting[dkey] -= 1
                if waiting[dkey] == 0:
                    heapq.heappush(heap, rank(tasks[dkey]))
