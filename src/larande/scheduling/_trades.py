"""Seat trades: a seat goes to someone left out when its holder's person gains elsewhere."""

from __future__ import annotations

from larande.scheduling._greedy import rank
from larande.scheduling._options import placed_dependants
from larande.scheduling._problem import _Problem
from larande.scheduling._records import UnplacedReason
from larande.scheduling._replan import replan
from larande.scheduling._state import _State
from larande.scheduling._tasks import _Task, seat_taken

TRADE_BUDGET = 2_000
"""Seat trades tried in all (each re-plans one person)."""
TRADE_REPLAN_BUDGET = 200
"""Search steps of each re-planning in a trade (few trades stand; most need few steps)."""


def trade_seats(pb: _Problem, st: _State) -> None:
    """Give a seat to someone left out, if its holder's person gains elsewhere as much.

    A holder whose person lost items for want of time may be worth moving out even when
    its own priority is higher: the time it frees lets their other items in. The trade
    stands only if it leaves less priority unplaced for the two people.
    """
    lost = budget_lost(st)
    if not lost:
        return
    attempts = 0
    # Left out for seats, or for time that a seat elsewhere in the year would free.
    left_out = [
        k
        for k, (r, _) in st.unplaced.items()
        if r is UnplacedReason.CAPACITY or (r is UnplacedReason.BUDGET and st.tasks[k].sessions)
    ]
    for key in sorted(left_out, key=lambda k: rank(st.tasks[k])):
        if key not in st.unplaced or attempts >= TRADE_BUDGET:
            continue
        task = st.tasks[key]
        traded = False
        for _, session in task.sessions:
            holders = sorted(
                h
                for h in st.in_session.get(session, ())
                if h in st.tasks
                and h not in pb.kept
                and h[0] != task.person
                and st.tasks[h].priority < task.priority + lost.get(h[0], 0.0)
                and lost.get(h[0], 0.0) > 0
            )
            for hkey in holders:
                attempts += 1
                if _trade(st, task, session, st.tasks[hkey]):
                    traded = True
                    break
            if traded or attempts >= TRADE_BUDGET:
                break
        if traded:
            lost = budget_lost(st)


def budget_lost(st: _State) -> dict[str, float]:
    """Per person, the priority left out for want of time."""
    lost: dict[str, float] = {}
    for key, (reason, _) in st.unplaced.items():
        if reason is UnplacedReason.BUDGET:
            lost[key[0]] = lost.get(key[0], 0.0) + st.tasks[key].priority
    return lost


def _trade(st: _State, task: _Task, session: str, holder: _Task) -> bool:
    """Free ``holder``'s seat, plan both people again, keep it if less is left out."""
    people = sorted({task.person, holder.person})
    before, saved = st.standing(people, levelled=False), st.snapshot(people)
    for lifted in [holder, *placed_dependants(st, holder)]:
        st.remove(lifted)
        st.leave_out(lifted.key, UnplacedReason.CAPACITY, seat_taken(session))
    # The seat may need the person's other items moved to make time for it.
    replan(st, task.person, st.tasks.by_person[task.person], budget=TRADE_REPLAN_BUDGET)
    if task.key in st.where:
        replan(st, holder.person, st.tasks.by_person[holder.person], budget=TRADE_REPLAN_BUDGET)
        if st.standing(people, levelled=False)[0] < before[0]:
            return True
    st.restore(saved)
    return False
