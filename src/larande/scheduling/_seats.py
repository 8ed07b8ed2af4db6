"""Repairs of seats: a seat taken from a holder worth less, and seats handed out again.

Seats are handed out again within one activity and across prerequisite chains.

Each repair is a function of the problem and the state; each keeps every hard constraint,
and those guided by estimates are undone when they leave out more priority than before.
"""

from __future__ import annotations

import datetime as dt

from larande.scheduling._greedy import choose, rank, retry_dependants, try_place
from larande.scheduling._options import (
    has_day_after,
    holds_dependants,
    options,
    placed_dependants,
    worth,
)
from larande.scheduling._problem import _Problem
from larande.scheduling._records import UnplacedReason
from larande.scheduling._state import _State
from larande.scheduling._tasks import _Task, seat_taken

_PRIORITY = 10**7
"""The flow's cost of a thousandth of priority (above any one task's peak and day)."""


def repair_seats(pb: _Problem, st: _State) -> None:
    """Give seats to higher priorities: move a holder elsewhere, or put it out."""
    for key in sorted(st.unplaced, key=lambda k: rank(st.tasks[k])):
        if key not in st.unplaced or st.unplaced[key][0] is not UnplacedReason.CAPACITY:
            continue
        task = st.tasks[key]
        found, _, _ = options(st, task, ignore_seats=True)
        for day, session in found:
            assert session is not None
            if _free_seat(st, session, task):
                st.place(task, day, session)
                retry_dependants(st, task)
                break


def _free_seat(st: _State, session: str, task: _Task) -> bool:
    holders = sorted(
        (st.tasks[h] for h in st.in_session.get(session, ()) if h in st.tasks),
        key=lambda t: (t.value, -t.index),
    )
    value = {h.index: worth(st, h, st.where[h.key][0]) for h in holders}
    holders.sort(key=lambda t: (value[t.index], -t.index))
    for holder in holders:  # try to move someone first
        if value[holder.index] > task.value or holds_dependants(st, holder):
            continue
        old_day, old_session = st.where[holder.key]
        st.remove(holder)
        found, _, _ = options(st, holder)
        found = [o for o in found if o[1] != session]
        if found:
            st.place(holder, *choose(st, holder, found))
            return True
        st.place(holder, old_day, old_session)
    for holder in holders:  # else put out the least important, if less important
        if value[holder.index] < task.priority and not holds_dependants(st, holder):
            st.remove(holder)
            st.leave_out(holder.key, UnplacedReason.CAPACITY, seat_taken(session))
            return True
    return False


def reassign_sessions(pb: _Problem, st: _State) -> None:
    """Hand out each activity's seats again, optimally for that activity.

    For one activity, who sits in which session is a weighted b-matching: holders and
    those left out for seats or time on one side, sessions with their seats on the
    other, every person's other placements held where they are. It is solved as a
    min-cost flow whose costs follow the priority phase's objective: priority placed
    first, then the person's peak month it makes, then the day. Items that others depend
    on stay put, and so do occurrences of a series (each bound to its period) and items
    placed as an alternative (the flow seats one activity's own items).
    """
    by_activity: dict[str, list[_Task]] = {}
    for key, task in st.tasks.by_key.items():
        if not task.sessions or key in pb.kept or task.occurrence or task.current:
            continue
        placed = st.where.get(key)
        if placed is not None and holds_dependants(st, task):
            continue
        if placed is None and st.unplaced.get(key, (None,))[0] not in (
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
            standing, saved = st.standing(people, levelled=False), st.snapshot(people)
            reassign(st, tasks)
            if st.standing(people, levelled=False)[0] > standing[0]:
                st.restore(saved)


def reassign(st: _State, tasks: list[_Task]) -> None:
    """Seat ``tasks`` (of one activity) by a min-cost flow; the rest of the state held."""
    pb = st.pb
    start = pb.start.toordinal()
    current = {t.index: st.where.get(t.key) for t in tasks}
    choices: dict[int, list[tuple[dt.date, str | None, int]]] = {}
    for t in tasks:
        if current[t.index] is not None:
            st.remove(t)
        found, _, _ = options(st, t, ignore_seats=True)
        peak = st.peak(t.person)
        loads = st.load[t.person]
        choices[t.index] = [
            (day, session, max(peak, loads[pb.month(day)] + t.effort) // 60)
            for day, session in found
        ]
        placed = current[t.index]
        if placed is not None:
            st.place(t, *placed)
    seats: dict[str, int] = {}
    for t in tasks:
        placed = current[t.index]
        if placed is not None and placed[1] is not None:
            seats[placed[1]] = seats.get(placed[1], 0) + 1
    for opts in choices.values():
        for _, session, _ in opts:
            assert session is not None
            seats.setdefault(session, 0)
    for session in seats:
        seats[session] += st.seats[session]
    # Each (task, session) pair at its cost in the flow.
    edges: dict[str, list[tuple[int, int, dt.date]]] = {}
    for t in tasks:
        # Priority comes first: a thousandth of it outweighs any one task's peaks and day.
        reward = round(t.priority * 1_000) * _PRIORITY
        waiting = [st.tasks[d] for d in t.dependants if d in st.tasks and d not in st.where]
        for day, session, peak in choices[t.index]:
            assert session is not None
            # A day that still leaves a dependant waiting for this one a chance is worth
            # that dependant's priority too.
            enables = sum(d.priority for d in waiting if has_day_after(st, d, day, t))
            cost = -reward - round(enables * 1_000) * _PRIORITY
            cost += peak * 1_000 + (day.toordinal() - start)
            edges.setdefault(session, []).append((cost, t.index, day))
    # At most all the seats are taken, so a session never needs more than that many of its
    # cheapest pairs: any other pair of an optimum can give way to one of those left unseated
    # at no more cost. This keeps the flow as large as the seats, not as the people waiting.
    seated = sum(n for n in seats.values() if n > 0)
    # networkx costs half of `import larande`: loaded when a matching is first needed.
    import networkx as nx

    g: nx.DiGraph[object] = nx.DiGraph()
    in_flow: set[int] = set()
    for session, pairs in sorted(edges.items()):
        if seats[session] <= 0:
            continue
        pairs.sort(key=lambda e: (e[0], e[1]))
        for cost, index, _ in pairs[:seated]:
            g.add_edge(("task", index), ("session", session), capacity=1, weight=cost)
            in_flow.add(index)
        g.add_edge(("session", session), "sink", capacity=seats[session], weight=0)
    g.add_node("source", demand=-len(in_flow))
    g.add_node("sink", demand=len(in_flow))
    for index in sorted(in_flow):
        node = ("task", index)
        g.add_edge("source", node, capacity=1, weight=0)
        g.add_edge(node, "sink", capacity=1, weight=0)
    flow = nx.min_cost_flow(g)
    for t in tasks:
        if current[t.index] is not None:
            st.remove(t)
    for t in tasks:
        key = t.key
        sent = flow.get(("task", t.index), {})
        chosen = [
            (day, session)
            for day, session, _ in choices[t.index]
            if sent.get(("session", session), 0) == 1
        ]
        # The flow knows seats, not money: a unit's money is checked as each is seated
        # (a worse result is undone by the callers).
        if chosen and (not st.spent or st.affords(t.person, t.cents)):
            st.place(t, *chosen[0])
        else:
            _, reason, detail = options(st, t)
            if reason is not None:
                st.leave_out(key, reason, detail)
            else:
                st.leave_out(key, UnplacedReason.CAPACITY)
    for t in tasks:
        if t.key in st.where:
            retry_dependants(st, t)


def reassign_chains(pb: _Problem, st: _State) -> None:
    """Hand out an activity's seats again across prerequisite chains, if that is better.

    :func:`reassign_sessions` leaves an item whose dependants are placed where it is. But
    an early seat held by one person's chain may be worth more to another person whose
    dependant waits for want of it. For each activity with sessions on which such a
    dependant waits, the holders' dependants are lifted too, the seats handed out again
    with the dependants' worth counted, and everything lifted placed again. The change
    stands only if it leaves less priority unplaced (or as much, with lower peaks) for the
    people it touched; otherwise all of it is undone.
    """
    blocked: set[str] = set()
    for key, (reason, _) in st.unplaced.items():
        if reason is not UnplacedReason.PREREQUISITE:
            continue
        task = st.tasks[key]
        for pkey in task.prerequisites:
            if pkey in st.where and pkey not in pb.kept and st.tasks[pkey].sessions:
                blocked.add(pkey[1])
    if not blocked:
        return
    by_activity: dict[str, list[_Task]] = {}
    for key, task in st.tasks.by_key.items():
        if (
            task.activity.id in blocked
            and key not in pb.kept
            and not task.occurrence
            and not task.current
        ):
            by_activity.setdefault(task.activity.id, []).append(task)
    for activity in sorted(blocked):
        tasks = sorted(by_activity.get(activity, ()), key=lambda t: t.index)
        # Kept dependants are never lifted (placed_dependants leaves them out); they stay
        # where they are and bound their prerequisite's day like any placement.
        lifted = [d for t in tasks for d in placed_dependants(st, t)]
        if len(tasks) < 2:
            continue
        people = sorted({t.person for t in tasks})
        standing = st.standing(people, levelled=False)
        saved = st.snapshot(people)
        for d in lifted:
            st.remove(d)
            st.leave_out(d.key, UnplacedReason.PREREQUISITE)
        reassign(st, tasks)
        for person in people:
            for t in sorted(st.tasks.by_person[person], key=rank):
                if t.key not in st.where:
                    try_place(st, t)
        if st.standing(people, levelled=False) >= standing:
            st.restore(saved)
