"""Placing plans over the year: the problem checked once, then solved.

The solver is a priority-ordered greedy placement followed by repairs, all deterministic.
A *group* is a person's own unit (with ``org``), else the person alone; its load in a
month counts relative to its capacity then (its planned members' monthly budgets times
the season's share).

1. Items are taken by priority (highest first), then deadline, person and plan order; an
   item waits until its prerequisites are decided. Each goes to the feasible day that keeps
   its group's peak month lowest relative to capacity, then the person's peak month, then
   (for a group activity, with ``org``) a session the person's unit already uses, then the
   month least loaded for the group and the person, then the earliest day. A day that
   would leave no room for the item's dependants is avoided when another will do.
2. Seats: an item left out for want of seats takes a seat from a holder worth less (its
   priority and that of the dependants it still lets in) that can move to another session,
   or else that then goes out.
3. Each activity's seats are handed out again as a min-cost flow (undone if worse); where a
   dependant waits for an early enough seat, also across the holders' prerequisite chains.
4. Each person whose items are left out (and could be let in), or whose peak month is
   above what their largest item forces, is planned again on their own by a bounded exact
   search (unplaced priority, then their group's peak, then their own, then dates),
   against the seats left.
5. A seat may be traded to someone left out when its holder's person lost items for want
   of time: both are planned again, and the trade stands only if less is left out.
6. Each group's year is levelled: placements move from its busiest months to calmer ones,
   never out (see ``_level``).
7. Each placement moves to the earliest day of its month; then, among a group activity's
   sessions on one day, units are put together.

Every step keeps every hard constraint; an independent validator in the tests checks them.
Where the work lives: ``_problem`` checks the problem; ``_tasks`` builds the items with
their static options; ``_state`` owns every mutable index (``place`` and ``remove`` are
the only ways to change them, ``check`` recomputes them); ``_options`` reads what an item
may do now; ``_greedy`` is step 1; ``_seats`` steps 2 and 3; ``_replan`` step 4;
``_trades`` step 5; ``_level`` step 6; ``_finish`` step 7 and the result. Each pass is a
function of the problem and the state, listed in :data:`PASSES`; this module holds the
public functions. ``_cpsat`` is the exact backend (``solver="cp-sat"``), which starts
from the passes' result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

import attrs

from larande import _check as check
from larande._gc import paused
from larande.calendars import Absence, WorkCalendar
from larande.catalog import Catalog
from larande.exceptions import UnknownIdError, ValidationError
from larande.organization import Organization
from larande.planning import LearningPlan
from larande.scheduling._budget import Budget
from larande.scheduling._finish import compact, regroup, result
from larande.scheduling._greedy import first_choices, place_greedily
from larande.scheduling._level import level_groups
from larande.scheduling._problem import Key, _Problem
from larande.scheduling._records import Placement, Schedule
from larande.scheduling._replan import replan_peaks, replan_people
from larande.scheduling._seats import reassign_chains, reassign_sessions, repair_seats
from larande.scheduling._state import _State
from larande.scheduling._tasks import _Tasks
from larande.scheduling._trades import trade_seats

Pass = Callable[[_Problem, _State], None]

PASSES: tuple[Pass, ...] = (
    place_greedily,
    repair_seats,
    reassign_sessions,
    reassign_chains,
    replan_people,
    trade_seats,
    reassign_sessions,
    first_choices,
    level_groups,
    replan_peaks,
    compact,
    regroup,
)
"""The solver's passes, in the order they run."""


SOLVERS = ("heuristic", "cp-sat")
"""The values of ``schedule(..., solver=)``."""

TIME_LIMIT = dt.timedelta(seconds=10)
"""CP-SAT's default bound on its work: deterministic seconds (about seconds of one core)."""


def solve(problem: _Problem, passes: Iterable[Pass] = PASSES) -> tuple[_State, Schedule]:
    """Run ``passes`` over a fresh state of ``problem``; the state and the schedule it holds."""
    with paused():
        state = _State(problem, _Tasks(problem))
        for step in passes:
            step(problem, state)
        return state, result(problem, state)


def _check_solver(solver: object, time_limit: object) -> dt.timedelta | None:
    """The time limit CP-SAT gets (None for the heuristic), or the error naming the argument."""
    if solver not in SOLVERS or not isinstance(solver, str):
        raise ValidationError(
            f"expected solver to be 'heuristic' or 'cp-sat', got {check.describe(solver)}",
            path="solver",
            code="bad-solver",
            params={"value": repr(solver), "expected": list(SOLVERS)},
        )
    if solver == "cp-sat":
        from larande.scheduling._cpsat import ortools

        ortools()  # a missing extra is said before any work is done
    if time_limit is None:
        return TIME_LIMIT if solver == "cp-sat" else None
    if not isinstance(time_limit, dt.timedelta) or time_limit <= dt.timedelta(0):
        raise ValidationError(
            f"expected time_limit to be a datetime.timedelta above zero, got "
            f"{check.describe(time_limit)}",
            path="time_limit",
            code="bad-time-limit",
        )
    if solver != "cp-sat":
        raise ValidationError(
            "time_limit bounds CP-SAT's work; the heuristic takes none: pass "
            'solver="cp-sat" with it, or leave it out',
            path="time_limit",
            code="time-limit-without-cp-sat",
        )
    return time_limit


def _run(problem: _Problem, time_limit: dt.timedelta | None) -> Schedule:
    """The heuristic's schedule, or CP-SAT's warm-started from it (``time_limit`` given)."""
    state, made = solve(problem)
    if time_limit is None:
        return made
    from larande.scheduling._cpsat import exact

    with paused():
        best, status = exact(problem, state, time_limit)
        return attrs.evolve(result(problem, best), status=status)


def schedule(
    plans: Iterable[LearningPlan],
    catalog: Catalog,
    *,
    calendar: WorkCalendar,
    start: dt.date,
    end: dt.date,
    budget: dt.timedelta | Budget | Mapping[str, Budget | dt.timedelta],
    peak: float = 2.0,
    taken: Mapping[str, int] | None = None,
    org: Organization | None = None,
    absences: Iterable[Absence] = (),
    season: Mapping[int, float] | None = None,
    money: Mapping[str, float] | None = None,
    solver: str = "heuristic",
    time_limit: dt.timedelta | None = None,
) -> Schedule:
    """Place each plan item once, on a working day from ``start`` to ``end``.

    Hard constraints, never broken:

    - a person's total effort is at most their :class:`Budget` for the calendar months the
      horizon touches (partial months count whole): a monthly budget times those months, a
      yearly one its share (``months / 12``); ``budget`` is one ``Budget`` for everyone, a
      bare ``timedelta`` (a month's), or a mapping person -> either, naming every planned
      person;
    - a person's load in one month is at most ``peak`` times their month's budget (a yearly
      budget spread evenly: a twelfth), except that one activity larger than that may stand
      alone in its month; an activity's whole effort counts in the month of its day;
    - a prerequisite in the person's plan is placed on a strictly earlier day, or the item
      is not placed (reason ``prerequisite``);
    - a session-bound activity takes one of its sessions' days (a session on a day off is
      unusable); a self-paced one any working day;
    - a session holds at most its seats minus ``taken[session]`` (seats taken by others);
    - an item with a deadline is placed on or before it, or not at all;
    - nothing is placed for a person on a day one of their ``absences`` covers (an item
      with no day left is unplaced for ``horizon``);
    - nothing is placed in a month whose ``season`` share is 0 (like a closure).

    ``season`` maps a month number (1-12) to that month's share of normal capacity for
    learning (home care's summer: ``{7: 0.3, 8: 0.5}``); a month it does not name has 1.0.

    The objective, in order: the least unplaced priority; then the year levelled: the
    smallest sum over units (each person's own unit with ``org``, else each person) of
    their peak month's load relative to that month's capacity (the planned members' monthly
    budgets times the season's share); then the smallest sum over people of their peak
    monthly load; then the least cost; then, with ``org``, a group activity puts a unit's
    members in one session where seats allow; then earlier days. Below the peaks, the
    heuristic keeps the rest of the year level too (a calmer month before an earlier one),
    so that learning is not piled into the first months. :meth:`Schedule.evenness` tells
    how level a year came out. The same input gives the same schedule, whatever the hash
    seed. An impossible plan is a result full of :class:`Unplaced`, never an exception.

    ``solver``: ``"heuristic"`` (the default, pure Python) or ``"cp-sat"``, the exact
    backend (the ``solver`` extra: ``pip install "larande[solver]"``). CP-SAT solves the
    same constraints and objective, level by level, starting from the heuristic's
    schedule, and is never worse than it; ``time_limit`` (a ``timedelta``, by default 10
    seconds) bounds its work in CP-SAT's deterministic time, not by the clock, so the
    same input gives the same schedule on any machine. :attr:`Schedule.status` says
    ``"optimal"`` when every level was proved optimal, else ``"feasible"``.

    >>> from larande.datasets import load_demo
    >>> from larande import analyze, plan
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    >>> plans = plan(report, demo.catalog, org=demo.org, assessments=demo.assessments,
    ...              as_of=demo.as_of)
    >>> year = schedule(plans, demo.catalog, calendar=demo.calendar, start=demo.start,
    ...                 end=demo.end, budget=demo.budget, org=demo.org)
    >>> [(p.activity, p.on.isoformat()) for p in year.for_person("xin.li")]
    [('devops-elearning', '2026-05-04'), ('devops-workshop', '2026-09-22')]
    """
    limit = _check_solver(solver, time_limit)
    problem = _Problem(
        plans,
        catalog,
        calendar=calendar,
        start=start,
        end=end,
        budget=budget,
        peak=peak,
        taken=taken,
        org=org,
        absences=absences,
        season=season,
        money=money,
    )
    return _run(problem, limit)


def reschedule(
    schedule: Schedule,
    plans: Iterable[LearningPlan],
    catalog: Catalog,
    *,
    calendar: WorkCalendar,
    as_of: dt.date,
    end: dt.date,
    budget: dt.timedelta | Budget | Mapping[str, Budget | dt.timedelta],
    done: Iterable[tuple[str, str] | tuple[str, str, int]] = (),
    peak: float = 2.0,
    taken: Mapping[str, int] | None = None,
    org: Organization | None = None,
    absences: Iterable[Absence] = (),
    season: Mapping[int, float] | None = None,
    money: Mapping[str, float] | None = None,
    solver: str = "heuristic",
    time_limit: dt.timedelta | None = None,
) -> Schedule:
    """Schedule again from ``as_of``: what lies before it, and what is ``done``, stays.

    Placements before ``as_of`` and the ``(person, activity)`` pairs in ``done`` are kept
    and keep counting against budgets (over the months from the first schedule's start)
    and seats; everything else in ``plans`` is placed again from ``as_of`` to ``end`` (a
    missed course moves, the rest stays where it can). ``solver`` and ``time_limit`` as
    for :func:`schedule`.
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"expected a Schedule, got {check.describe(schedule)}", path="schedule"
        )
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    limit = _check_solver(solver, time_limit)
    finished: set[Key] = set()
    for i, entry in enumerate(done):
        if not (
            isinstance(entry, tuple)
            and len(entry) in (2, 3)
            and all(check.is_id(x) for x in entry[:2])
            and (len(entry) == 2 or (type(entry[2]) is int and entry[2] >= 1))
        ):
            raise ValidationError(
                "expected a (person, activity) pair or a (person, activity, occurrence) "
                f"triple, got {check.describe(entry)}",
                path=f"done[{i}]",
            )
        finished.add((entry[0], entry[1], entry[2] if len(entry) == 3 else 0))

    def is_done(p: Placement) -> bool:
        # A pair names a whole item (every occurrence of a series), by the plan item's
        # activity or by the alternative placed for it; a triple one occurrence.
        return (
            (p.person, p.item, 0) in finished
            or (p.person, p.activity, 0) in finished
            or (p.occurrence is not None and (p.person, p.item, p.occurrence) in finished)
        )

    kept = [p for p in schedule.placements if p.on < as_of or is_done(p)]
    if isinstance(catalog, Catalog):
        for i, p in enumerate(schedule.placements):
            if p in kept and p.activity not in catalog:
                # Its effort still counts against the person's budget, and only the catalog
                # says how much: keep retired activities in it for the rest of the year.
                raise UnknownIdError(
                    "activity",
                    p.activity,
                    path=f"schedule.placements[{i}].activity",
                    expected="the catalog to hold every activity of a placement that is kept",
                    referrer=f"{p.person}'s placement on {p.on.isoformat()}",
                )
    try:
        problem = _Problem(
            plans,
            catalog,
            calendar=calendar,
            start=as_of,
            end=end,
            budget=budget,
            peak=peak,
            taken=taken,
            org=org,
            fixed=kept,
            budget_start=min(schedule.start, as_of),
            skip=frozenset(finished),
            absences=absences,
            season=season,
            money=money,
        )
    except ValidationError as err:
        if err.path == "start":  # the horizon starts at as_of: name what the caller passed
            err.path = "as_of"
        raise
    made = _run(problem, limit)
    return attrs.evolve(made, start=min(schedule.start, as_of))
