"""What a task may do now: its feasible days and sessions, or why it has none.

Pure reads of the state; nothing here changes it.
"""

from __future__ import annotations

import bisect
import datetime as dt

from larande.scheduling._records import UnplacedReason
from larande.scheduling._state import Where, _State
from larande.scheduling._tasks import NO_DETAIL, Detail, Key, _Task

Options = list[Where]


def after(st: _State, task: _Task) -> tuple[dt.date | None, str | None]:
    """The day the task must come after, or the prerequisite that is not placed."""
    day = None
    for pre in task.prerequisites:
        placed = st.where.get(pre)
        if placed is None:
            return None, pre[1]
        day = placed[0] if day is None else max(day, placed[0])
    return day, None


def before(st: _State, task: _Task) -> dt.date | None:
    """The day the task must come before: the earliest placed dependant's.

    Items placed as an alternative that needs this one first count too (whichever
    choice they are placed as: it costs little, and never breaks a rule).
    """
    where = st.where
    days = [where[d][0] for d in task.dependants if d in where]
    if task.followers:
        days.extend(where[d][0] for d in task.followers if d in where)
    return min(days) if days else None


def room_limit(st: _State, task: _Task) -> dt.date | None:
    """The last possible day of the task's unplaced dependants (to leave them room)."""
    limits = []
    for d in task.dependants:
        dep = st.tasks.get(d)
        if dep is None or d in st.where:
            continue
        if dep.sessions:
            limits.append(dep.sessions[-1][0])
        elif dep.days:
            limits.append(dep.days[-1])
    return min(limits) if limits else None


def options(
    st: _State, task: _Task, *, ignore_seats: bool = False
) -> tuple[Options, UnplacedReason | None, Detail]:
    """The feasible (day, session) options now, or why there are none.

    Only a reason known before solving carries its detail (a closed month, an absence);
    the others' values are read from the state as it ends
    (:func:`~larande.scheduling._finish.result`), so that they are true of the schedule.
    """
    if task.static_reason is not None:
        return [], task.static_reason, task.static_detail
    first, missing = after(st, task)
    if missing is not None:
        return [], UnplacedReason.PREREQUISITE, NO_DETAIL
    last = before(st, task)
    person = task.person
    pb = st.pb
    out: Options = []
    if task.sessions:
        timely = [
            o
            for o in task.sessions
            if (first is None or o[0] > first) and (last is None or o[0] < last)
        ]
        if not timely:
            return [], UnplacedReason.PREREQUISITE, NO_DETAIL
        seated = [o for o in timely if ignore_seats or st.seats[o[1]] > 0]
        if not seated:
            return [], UnplacedReason.CAPACITY, NO_DETAIL
        if st.spent and not st.affords(person, task.cents):
            return [], UnplacedReason.MONEY, NO_DETAIL
        out = [(d, s) for d, s in seated if st.fits(person, pb.month(d), task.effort)]
    else:
        firsts = []
        for m, days in task.by_month:
            # The month's first day after the prerequisites (days are in order).
            i = 0 if first is None else bisect.bisect_right(days, first)
            if i == len(days) or (last is not None and days[i] >= last):
                continue
            firsts.append((m, days[i]))
        if not firsts:
            return [], UnplacedReason.PREREQUISITE, NO_DETAIL
        if st.spent and not st.affords(person, task.cents):
            return [], UnplacedReason.MONEY, NO_DETAIL
        out = [(day, None) for m, day in firsts if st.fits(person, m, task.effort)]
    if not out:
        return [], UnplacedReason.BUDGET, NO_DETAIL
    return out, None, NO_DETAIL


def overdrawn(st: _State, task: _Task) -> str | None:
    """The first unit whose money ``task`` would overdraw, if any."""
    pb = st.pb
    for unit in pb.purse.get(task.person, ()):
        if st.spent[unit] + task.cents > pb.money[unit]:
            return unit
    return None


def group_penalty(st: _State, task: _Task, session: str | None) -> int:
    """0 with the person's unit in the session, 1 for an empty one, 2 for other units'."""
    unit_of = st.pb.unit
    if session is None or not task.activity.group or not unit_of:
        return 0
    unit = unit_of.get(task.person)
    mates = st.in_session.get(session, ())
    if any(unit_of.get(k[0]) == unit for k in mates):
        return 0
    return 2 if mates else 1


def has_day_after(st: _State, task: _Task, day: dt.date, pre: _Task | None = None) -> bool:
    """Whether ``task`` has a day after ``day`` that its person's time allows (seats aside).

    With ``pre`` (a prerequisite of the same person), the time is counted as if ``pre``
    were on ``day``.
    """
    if task.static_reason is not None:
        return False
    pb = st.pb
    person, effort = task.person, task.effort
    loads = st.load[person]
    used = st.used[person]
    freed = -1  # a month that moving ``pre`` frees of its stand-alone item
    moved: dict[int, int] = {}
    if pre is not None:
        was = st.where.get(pre.key)
        if was is None or was[0] != day:
            if was is not None:
                old = pb.month(was[0])
                moved[old] = moved.get(old, 0) - pre.effort
                used -= pre.effort
                freed = old
            new = pb.month(day)
            moved[new] = moved.get(new, 0) + pre.effort
            used += pre.effort
    cap, total = pb.cap[person], pb.total[person]
    if used + effort > total:
        return False

    def fits(m: int) -> bool:
        if m != freed and (person, m) in st.alone:
            return False
        load = loads[m] + moved.get(m, 0)
        return load + effort <= cap or (load == 0 and effort > cap)

    if task.sessions:
        return any(d > day and fits(pb.month(d)) for d, _ in task.sessions)
    return any(days[-1] > day and fits(m) for m, days in task.by_month)


def worth(st: _State, task: _Task, day: dt.date) -> float:
    """What ``task`` on ``day`` is worth: its priority, and its dependants' that it lets be."""
    value = task.priority
    for d in task.dependants:
        dep = st.tasks.get(d)
        if dep is None:
            continue
        if d in st.where:
            value += dep.value
        elif has_day_after(st, dep, day, task):
            value += dep.priority
    return value


def holds_dependants(st: _State, task: _Task) -> bool:
    return any(d in st.where for d in task.dependants)


def placed_dependants(st: _State, task: _Task) -> list[_Task]:
    """The placed items of the person that wait on ``task``, directly or not (kept aside)."""
    found: dict[Key, _Task] = {}
    todo = list(task.dependants)
    while todo:
        key = todo.pop()
        if key in found or key not in st.where or key in st.pb.kept:
            continue
        found[key] = st.tasks[key]
        todo.extend(found[key].dependants)
    return [found[d] for d in sorted(found)]
