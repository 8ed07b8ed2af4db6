"""The last touches, which change nothing above them in the objective, and the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from larande.messages import render
from larande.scheduling._options import after, group_penalty, options, overdrawn
from larande.scheduling._problem import _HOUR, _Problem
from larande.scheduling._records import Placement, Schedule, Unplaced, UnplacedReason
from larande.scheduling._state import _State
from larande.scheduling._tasks import Detail, Key, _Task


def compact(pb: _Problem, st: _State) -> None:
    """Move each placement to the earliest day of its month that breaks nothing.

    Within its month, so that no load changes; a group activity moves only to a session
    that keeps its unit as much together (grouping comes before earlier days).
    """
    for person in sorted(st.tasks.by_person):
        tasks = sorted(
            (t for t in st.tasks.by_person[person] if t.key in st.where),
            key=lambda t: st.where[t.key][0],
        )
        for task in tasks:
            day, session = st.where[task.key]
            month = pb.month(day)
            if _nothing_earlier(pb, task, day, session, month):
                continue
            st.remove(task)
            now = (group_penalty(st, task, session), day)
            found, _, _ = options(st, task)
            better = [
                (group_penalty(st, task, o[1]), o[0], o)
                for o in found
                if pb.month(o[0]) == month and (group_penalty(st, task, o[1]), o[0]) < now
            ]
            if better:
                st.place(task, *min(better, key=lambda b: b[:2])[2])
            else:
                st.place(task, day, session)


def _nothing_earlier(
    pb: _Problem, task: _Task, day: dt.date, session: str | None, month: int
) -> bool:
    """Whether no other day or session of ``task`` in ``month`` could do (a quick test)."""
    if session is None:
        return any(m == month and days[0] == day for m, days in task.by_month)
    grouped = task.activity.group and bool(pb.unit)
    return not any(
        s != session and pb.month(d) == month and (d < day or (grouped and d == day))
        for d, s in task.sessions
    )


def regroup(pb: _Problem, st: _State) -> None:
    """Put a unit's members in one session of a group activity, among same-day sessions.

    Grouping is the objective's last tie-break: only sessions on the same day are
    exchanged, so no load, peak or date changes. Per day, units are packed whole into the
    sessions, largest unit first, into a session the unit already holds or the roomiest
    one; the packing stands if it mixes fewer units.
    """
    if not pb.unit:
        return
    days: dict[tuple[str, dt.date], dict[str, list[Key]]] = {}
    for key, (day, session) in st.where.items():
        task = st.tasks.get(key)
        if session is None or task is None or not task.activity.group:
            continue
        days.setdefault((task.activity.id, day), {}).setdefault(session, []).append(key)
    for activity, day in sorted(days):
        first = next(iter(days[(activity, day)].values()))[0]
        sessions = [s for d, s in st.tasks[first].sessions if d == day]
        if len(sessions) > 1:
            _regroup_day(pb, st, sessions, days[(activity, day)])


def _unit_of(pb: _Problem, key: Key) -> str:
    return pb.unit.get(key[0]) or key[0]


def _regroup_day(
    pb: _Problem, st: _State, sessions: list[str], held: dict[str, list[Key]]
) -> None:
    movable = sorted(k for keys in held.values() for k in keys)
    fixed_units = {
        s: {_unit_of(pb, k) for k in st.in_session.get(s, ()) if k not in movable}
        for s in sessions
    }
    room = {s: st.seats[s] + len(held.get(s, ())) for s in sessions}

    def mixing(assignment: Mapping[str, list[Key]]) -> int:
        return sum(
            len(fixed_units[s] | {_unit_of(pb, k) for k in assignment.get(s, ())})
            for s in sessions
        )

    units: dict[str, list[Key]] = {}
    for key in movable:
        units.setdefault(_unit_of(pb, key), []).append(key)
    packed: dict[str, list[Key]] = {s: [] for s in sessions}
    for unit in sorted(units, key=lambda u: (-len(units[u]), u)):
        members = list(units[unit])
        while members:
            free = [s for s in sessions if room[s] > len(packed[s])]
            whole = [s for s in free if room[s] - len(packed[s]) >= len(members)]
            own = [
                s
                for s in whole
                if unit in fixed_units[s] or any(_unit_of(pb, k) == unit for k in packed[s])
            ]
            pool = own or whole or free
            target = max(pool, key=lambda s: (room[s] - len(packed[s]), -sessions.index(s)))
            take = room[target] - len(packed[target])
            packed[target].extend(members[:take])
            members = members[take:]
    if mixing(packed) >= mixing(held):
        return
    day = st.where[movable[0]][0]
    for key in movable:
        st.remove(st.tasks[key])
    for session, keys in packed.items():
        for key in keys:
            st.place(st.tasks[key], day, session)


def result(pb: _Problem, st: _State) -> Schedule:
    """The :class:`Schedule` the state describes.

    An item left out that has alternatives gives its first choice's reason as the state
    ends (seats may have been freed or taken since it was left out).
    """
    placements = []
    for key, (day, session) in st.where.items():
        kept = pb.kept.get(key)
        if kept is not None:
            placements.append(kept)
            continue
        task = st.tasks[key]
        placements.append(
            Placement(
                task.person,
                task.activity.id,
                day,
                session,
                task.occurrence or None,
                task.item if task.current else None,
            )
        )
    unplaced = []
    for key, (reason, detail) in st.unplaced.items():
        if key in st.where:
            continue
        task = st.tasks[key]
        if len(task.choices) > 1:
            _, first_reason, first_detail = options(st, task)
            if first_reason is not None:
                reason, detail = first_reason, first_detail
        code, params = _message(st, task, reason, detail)
        unplaced.append(
            Unplaced(
                task.person,
                task.item,
                reason,
                render(code, params, lang="en"),
                task.occurrence or None,
                params,
                code,
            )
        )
    unplaced.sort(key=lambda u: (u.person, u.activity, u.occurrence or 0))
    efforts = {
        p.activity: pb.catalog.activity(p.activity).effort
        for p in placements
        if p.activity in pb.catalog
    }
    return Schedule(
        placements, unplaced, pb.start, pb.end, dict(sorted(efforts.items())), pb.shares
    )


def _message(
    st: _State, task: _Task, reason: UnplacedReason, detail: Detail
) -> tuple[str, dict[str, object]]:
    """The code and params of the message that says why ``task`` is not placed.

    The reason's own values are worked out once, at the end, from the state (the passes
    that left the item out keep only the reason, so that what the message says is true of
    the schedule as it is); a detail known before solving (an absence, a closed month)
    names a more specific message and adds its values.
    """
    variant, more = detail
    params = _unplaced_params(st, task, reason)
    if reason is UnplacedReason.PREREQUISITE:
        first, missing = after(st, task)
        if missing is not None:
            variant = variant or "not-placed"
        elif first is not None:
            # All placed: the one placed last leaves no day (or session) after it.
            missing = max(task.prerequisites, key=lambda k: st.where[k][0])[1]
            variant = variant or ("no-session-after" if task.sessions else "no-day-after")
            params["after"] = first.isoformat()
        params["prerequisite"] = missing or "-"
    params.update(more)
    return f"unplaced.{reason}.{variant}" if variant else f"unplaced.{reason}", params


def _unplaced_params(st: _State, task: _Task, reason: UnplacedReason) -> dict[str, object]:
    """The values the message of ``unplaced.{reason}`` names (a prerequisite's: _message's)."""
    pb = st.pb
    params: dict[str, object] = {"person": task.person, "activity": task.item}
    if reason is UnplacedReason.HORIZON:
        params.update(start=pb.start.isoformat(), end=pb.end.isoformat())
    elif reason is UnplacedReason.DEADLINE:
        params["deadline"] = task.deadline.isoformat() if task.deadline else pb.end.isoformat()
    elif reason is UnplacedReason.MONEY:
        unit = overdrawn(st, task) or next(iter(pb.purse.get(task.person, ())), "-")
        left = (pb.money[unit] - st.spent[unit]) / 100 if unit in pb.money else 0.0
        total = pb.money[unit] / 100 if unit in pb.money else 0.0
        params.update(unit=unit, cost=task.cents / 100, left=left, total=total)
    elif reason is UnplacedReason.BUDGET:
        params.update(
            used=st.used.get(task.person, 0) / _HOUR,
            total=pb.total.get(task.person, 0) / _HOUR,
            cap=pb.cap.get(task.person, 0) / _HOUR,
            hours=task.effort / _HOUR,
        )
    return params
