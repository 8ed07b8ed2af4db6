"""Scheduling benchmark: a levelled year at scale, growth, and small instances against CP-SAT.

1. 10,000 people x 8 activities over a year on the Swedish calendar, seat-limited, with
   the organisation: the time (aim: under 30 s), what is left out, and how level the year
   is: the organisation's peak month over its mean month (aim: at most 1.5), and the
   levelling objective (the sum over units of the peak month relative to capacity) next to
   a lower bound (each unit perfectly level with what it placed).
2. The same generator at a size CP-SAT can take (``--bound-people``): our levelling
   objective next to the best CP-SAT reaches on it within a bounded, deterministic effort.
3. Growth: ``schedule()`` on the plans ``plan()`` makes for synthetic organisations of
   ``--growth`` sizes (aim: near-linear).
4. Small instances (10-50 people in two to four units, 4-8 activities, from loose to
   over-subscribed, some with a busy season, some with alternatives), several seeds each:
   the heuristic's unplaced priority, levelling objective and summed peaks next to
   ``schedule(..., solver="cp-sat")`` on the same instance (one worker, fixed seed,
   deterministic work), each measured here independently of the solvers. Aim: never more
   unplaced priority; levelling and peaks within 5 %. OR-Tools is the ``solver`` extra
   (``pip install "larande[bench]"``); without it parts 2 and 4 are skipped.

    python benchmarks/bench_scheduling.py            # the full run (growth to 500,000: minutes)
    python benchmarks/bench_scheduling.py --smoke    # a tiny run, as in CI
    python benchmarks/bench_scheduling.py --growth 10000,100000 --instances 6 --seeds 2
    python benchmarks/bench_scheduling.py --people 0 --bound-people 0 --instances 0  # growth
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

import larande
from larande import (
    Activity,
    Budget,
    Catalog,
    Competency,
    Framework,
    LearningPlan,
    Organization,
    Person,
    PlanItem,
    Schedule,
    Session,
    Unit,
    WorkCalendar,
    analyze,
    plan,
    schedule,
)
from larande.datasets import synthetic

H = dt.timedelta(hours=1)


def stand_ins(catalog: Catalog, k: int) -> dict[str, list[str]]:
    """Per activity, up to ``k`` others that develop as much, without prerequisites, cheapest
    first: what plan(..., alternatives=k) would offer for a need it closes."""
    out: dict[str, list[str]] = {}
    for a in catalog.activities:
        found = [
            b
            for b in catalog.activities
            if b.id != a.id
            and not b.prerequisites
            and b.every is None
            and all(b.develops.get(c, 0) >= level for c, level in a.develops.items())
        ]
        out[a.id] = [b.id for b in sorted(found, key=lambda b: (b.cost, b.effort, b.id))][:k]
    return out


def random_plans(
    catalog: Catalog, people: list[str], per_person: int, seed: int, alternatives: int = 0
) -> list[LearningPlan]:
    """Plans of ``per_person`` activities each, prerequisites included and placed first; with
    ``alternatives``, each item nothing else waits for gets up to that many stand-ins."""
    rng = random.Random(seed)
    ids = list(catalog)
    others = stand_ins(catalog, alternatives) if alternatives else {}
    plans = []
    for person in people:
        chosen: dict[str, None] = {}
        while len(chosen) < per_person:
            a = rng.choice(ids)
            for x in (*catalog.requires(a), a):
                chosen.setdefault(x, None)
        items = [
            PlanItem(
                a,
                (),
                priority=float(rng.randint(1, 10)),
                deadline=None if rng.random() < 0.7 else dt.date(2026, rng.randint(6, 12), 28),
            )
            for a in list(chosen)[: max(per_person, 1)]
        ]
        # Keep prerequisites of kept items only.
        kept = {i.activity for i in items}
        items = [i for i in items if all(p in kept for p in catalog.requires(i.activity))]
        if others:
            needed = {p for i in items for p in catalog.requires(i.activity)}
            mine = {i.activity for i in items}
            items = [
                attrs.evolve(i, alternatives=[b for b in others[i.activity] if b not in mine])
                if i.activity not in needed
                else i
                for i in items
            ]
        plans.append(LearningPlan(person, items))
    return plans


# -- the objective, measured on a schedule (independently of the solver) --------------------


def monthly_budget(budget: dt.timedelta | Budget) -> float:
    """Hours a month of a budget (a yearly one spread evenly)."""
    if isinstance(budget, dt.timedelta):
        return budget / H
    return budget.amount / H / (1 if budget.per.value == "month" else 12)


def measure(
    result: Schedule,
    plans: Iterable[LearningPlan],
    *,
    org: Organization | None,
    budget: dt.timedelta | Budget,
    season: Mapping[int, float] | None = None,
) -> dict[str, float]:
    """Unplaced priority, the levelling objective and the summed peaks, in hours."""
    plans = list(plans)
    priority = {(p.person, i.activity): i.priority for p in plans for i in p.items}
    unplaced = sum(priority[(u.person, u.activity)] for u in result.unplaced)
    unit_of = {p.person: (org.person(p.person).unit if org else p.person) for p in plans}
    members: dict[str, int] = {}
    for person in unit_of.values():
        members[person] = members.get(person, 0) + 1
    months = [m for m, share in result.shares.items() if share > 0 or not result.shares]
    share = {m: (season or {}).get(int(m[5:]), 1.0) for m in months}
    loads: dict[tuple[str, str], float] = {}
    peaks: dict[tuple[str, str], float] = {}
    for p in result.placements:
        month = f"{p.on.year:04d}-{p.on.month:02d}"
        hours = result.efforts[p.activity] / H
        key = (unit_of[p.person], month)
        loads[key] = loads.get(key, 0.0) + hours
        peaks[(p.person, month)] = peaks.get((p.person, month), 0.0) + hours
    level: dict[str, float] = {}
    per_month = monthly_budget(budget)
    for (unit, month), hours in loads.items():
        if share.get(month, 0.0) > 0:
            ratio = hours / (members[unit] * per_month * share[month])
            level[unit] = max(level.get(unit, 0.0), ratio)
    person_peak: dict[str, float] = {}
    for (person, _), hours in peaks.items():
        person_peak[person] = max(person_peak.get(person, 0.0), hours)
    flat = 0.0
    for unit in members:
        spent = sum(h for (u, _), h in loads.items() if u == unit)
        capacity = sum(members[unit] * per_month * share[m] for m in months)
        flat += spent / capacity if capacity else 0.0
    return {
        "unplaced": unplaced,
        "level": sum(level.values()),
        "peaks": sum(person_peak.values()),
        "flat": flat,
    }


# -- 1. the large year ------------------------------------------------------------------------


def large(people: int) -> None:
    ds = synthetic(people=people, seed=3, activities=300)
    assert ds.catalog is not None
    assert ds.calendar is not None
    assert ds.start is not None
    assert ds.end is not None
    budget = ds.budget or 8 * H
    ids = [p.id for p in ds.org.people]
    plans = random_plans(ds.catalog, ids, 8, seed=3, alternatives=2)
    items = sum(len(p.items) for p in plans)
    offered = {(p.person, i.activity) for p in plans for i in p.items if i.alternatives}
    started, cpu = time.perf_counter(), time.process_time()
    result = schedule(
        plans,
        ds.catalog,
        calendar=ds.calendar,
        start=ds.start,
        end=ds.end,
        budget=budget,
        org=ds.org,
    )
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    figures = measure(result, plans, org=ds.org, budget=budget)
    reasons: dict[str, int] = {}
    for u in result.unplaced:
        reasons[u.reason.value] = reasons.get(u.reason.value, 0) + 1
    even = result.evenness(ds.org)
    own = {p.unit for p in ds.org.people}
    teams = [v for u, v in even.by_unit.items() if u in own and u.startswith("t")]
    print(
        f"1. a year for {people:,} people, {items:,} plan items, {len(ds.catalog)} activities "
        f"(seat-limited), {ds.start.isoformat()}..{ds.end.isoformat()}"
    )
    print(f"   schedule                     {took:8.1f} s   ({cpu:.1f} s of CPU; aim: under 30 s)")
    print(
        f"   placed {len(result.placements):,}, unplaced {len(result.unplaced):,} "
        f"({', '.join(f'{n:,} {r}' for r, n in sorted(reasons.items()))}); "
        f"unplaced priority {figures['unplaced']:,.0f}"
    )
    seatless = [u for u in result.unplaced if u.reason.value == "capacity"]
    stood_in = sum(1 for p in result.placements if p.instead_of is not None)
    print(
        f"   unplaced for capacity {len(seatless):,}, of which with an alternative "
        f"{sum(1 for u in seatless if (u.person, u.activity) in offered):,} (aim: none an "
        f"alternative could take); placed as an alternative {stood_in:,}"
    )
    print(f"   organisation's peak month / mean  {even.peak_to_mean:8.2f}   (aim: at most 1.5)")
    print(
        f"   teams' peak month / mean          {sum(teams) / len(teams):8.2f}   "
        f"(mean of {len(teams)} teams)"
    )
    print(
        f"   levelling objective               {figures['level']:8.1f}   "
        f"(lower bound, every unit level with what it placed: {figures['flat']:.1f})"
    )
    print(f"   summed peak months, hours      {figures['peaks']:11,.0f}")


# -- CP-SAT on the same objective -------------------------------------------------------------


def cp_sat(
    plans: list[LearningPlan],
    catalog: Catalog,
    *,
    calendar: WorkCalendar,
    start: dt.date,
    end: dt.date,
    budget: dt.timedelta,
    org: Organization | None,
    season: Mapping[int, float] | None,
    effort: float,
    hint: Schedule | None = None,
) -> tuple[dict[str, float], str]:
    """CP-SAT, lexicographically: unplaced priority, then the levelling objective, then peaks.

    Self-study may take the first three working days of each month and the three after
    each session day (enough to order prerequisites); sessions their day. One worker, a
    fixed seed and a deterministic effort per phase (``effort``, about seconds), so that a
    run can be repeated. With ``hint``,
    the search starts from that schedule (moved to the model's days), so it ends no worse
    unless the coarser days rule it out.
    """
    from ortools.sat.python import cp_model

    season = season or {}
    per_month = int(budget / H)
    cap = 2 * per_month
    months = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    total = per_month * len(months)
    days = [d for d in calendar.working_days(start, end) if season.get(d.month, 1.0) > 0]
    # Self-study takes the first three working days of a month, and the three after each
    # session day (a chain after a course needs them).
    wanted: set[dt.date] = set()
    by_month: dict[tuple[int, int], list[dt.date]] = {}
    for d in days:
        by_month.setdefault((d.year, d.month), []).append(d)
    for month_days in by_month.values():
        wanted.update(month_days[:3])
    session_days = {s.on for a in catalog.activities for s in a.sessions}
    for i, d in enumerate(days):
        if any(days[j] in session_days for j in range(max(0, i - 3), i)):
            wanted.add(d)
    first_days: dict[tuple[int, int], list[dt.date]] = {}
    for d in sorted(wanted):
        first_days.setdefault((d.year, d.month), []).append(d)
    unit_of = {p.person: (org.person(p.person).unit if org else p.person) for p in plans}
    size: dict[str, int] = {}
    for unit in unit_of.values():
        size[unit] = size.get(unit, 0) + 1
    model = cp_model.CpModel()
    placed, date_of, unplaced_terms = {}, {}, []
    choices: dict[tuple[str, str], list[tuple[Any, dt.date, str | None]]] = {}
    by_session: dict[str, list[Any]] = {}
    loads: dict[tuple[str, tuple[int, int]], list[Any]] = {}
    oversized: dict[tuple[str, tuple[int, int]], list[tuple[Any, int]]] = {}
    for p in plans:
        for item in p.items:
            a = catalog.activity(item.activity)
            hours = int(a.effort / H)
            last = end if item.deadline is None else min(end, item.deadline)
            if a.sessions:
                options = [
                    (s.on, s.id)
                    for s in a.sessions
                    if start <= s.on <= last
                    and calendar.is_working(s.on)
                    and season.get(s.on.month, 1.0) > 0
                ]
            else:
                options = [
                    (d, None) for ym in sorted(first_days) for d in first_days[ym] if d <= last
                ]
            key = (p.person, a.id)
            ys = []
            for day, session in options:
                y_ = model.NewBoolVar(f"y{key}{day}{session}")
                ys.append((y_, day))
                if session is not None:
                    by_session.setdefault(session, []).append(y_)
                loads.setdefault((p.person, (day.year, day.month)), []).append(hours * y_)
                if hours > cap:
                    oversized.setdefault((p.person, (day.year, day.month)), []).append((y_, hours))
            x = model.NewBoolVar(f"x{key}")
            model.Add(sum(y_ for y_, _ in ys) == x)
            choices[key] = [
                (y_, day, session) for (y_, day), (_, session) in zip(ys, options, strict=True)
            ]
            placed[key] = x
            date_of[key] = sum(d.toordinal() * y_ for y_, d in ys)
            unplaced_terms.append(int(item.priority * 1000) * (1 - x))
    for p in plans:
        for item in p.items:
            key = (p.person, item.activity)
            for pre in catalog.requires(item.activity):
                pkey = (p.person, pre)
                if pkey in placed:
                    model.AddImplication(placed[key], placed[pkey])
                    model.Add(date_of[key] >= date_of[pkey] + 1).OnlyEnforceIf(placed[key])
    for session, ys in by_session.items():
        _, s = catalog.session(session)
        model.Add(sum(ys) <= s.capacity)
    peaks = []
    unit_loads: dict[tuple[str, tuple[int, int]], list[Any]] = {}
    for person in sorted(unit_of):
        month_loads = []
        for ym in months:
            load = model.NewIntVar(0, 10_000, f"load{person}{ym}")
            model.Add(load == sum(loads.get((person, ym), [])))
            big = oversized.get((person, ym), [])
            if big:
                alone = model.NewBoolVar(f"alone{person}{ym}")
                model.Add(sum(y_ for y_, _ in big) == alone)
                model.Add(load <= cap).OnlyEnforceIf(alone.Not())
                for y_, hours in big:
                    model.Add(load == hours).OnlyEnforceIf(y_)
            else:
                model.Add(load <= cap)
            month_loads.append(load)
            unit_loads.setdefault((unit_of[person], ym), []).append(load)
        model.Add(sum(month_loads) <= total)
        peak = model.NewIntVar(0, 10_000, f"peak{person}")
        model.AddMaxEquality(peak, month_loads)
        peaks.append(peak)
    # z[unit] >= 1000 x load / capacity, capacity in hundredths of an hour.
    levels = []
    for unit in sorted(size):
        z = model.NewIntVar(0, 10**7, f"z{unit}")
        for ym in months:
            share = season.get(ym[1], 1.0)
            if share <= 0:
                continue
            capacity = round(size[unit] * per_month * share * 100)
            model.Add(1000 * 100 * sum(unit_loads[(unit, ym)]) <= z * capacity)
        levels.append(z)
    if hint is not None:
        _hint(model, hint, choices, placed)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 1
    solver.parameters.max_deterministic_time = effort
    found = (cp_model.OPTIMAL, cp_model.FEASIBLE)
    statuses: list[str] = []
    values: dict[str, int] = {}
    terms_of = [
        ("unplaced", sum(unplaced_terms)),
        ("level", sum(levels)),
        ("peaks", sum(peaks)),
    ]
    level_bound = float("nan")
    for name, objective in terms_of:
        model.Minimize(objective)
        outcome = solver.Solve(model)
        statuses.append(solver.StatusName(outcome).lower())
        if name == "level":
            # z overstates each unit's ratio by under a thousandth: a bound for the model's
            # days (three a month and after sessions), given the first phase's unplaced.
            level_bound = max(0.0, (solver.BestObjectiveBound() - len(levels)) / 1000)
        if outcome not in found:
            break  # keep the last phase's solution
        best = round(solver.ObjectiveValue())
        model.Add(objective <= best)
        # The next phase starts from this solution.
        model.ClearHints()
        for i in range(len(model.Proto().variables)):
            var = model.GetIntVarFromProtoIndex(i)
            model.AddHint(var, solver.Value(var))
        values = {
            "unplaced": round(solver.Value(sum(unplaced_terms))),
            **{f"peak{i}": solver.Value(p) for i, p in enumerate(peaks)},
            **{
                f"{unit}|{ym}": sum(solver.Value(t) for t in terms)
                for (unit, ym), terms in unit_loads.items()
            },
        }
    status = "optimal" if statuses == ["optimal"] * 3 else "/".join(statuses)
    if not values:
        nan = float("nan")
        return {"unplaced": nan, "level": nan, "peaks": nan, "level_bound": level_bound}, status
    # The solution's own figures, computed exactly as for ours.
    best_unplaced = values["unplaced"]
    unit_month: dict[tuple[str, tuple[int, int]], float] = {
        (unit, ym): float(values[f"{unit}|{ym}"]) for (unit, ym) in unit_loads
    }
    person_peak = {person: values[f"peak{i}"] for i, person in enumerate(sorted(unit_of))}
    level: dict[str, float] = {}
    for (unit, ym), hours in unit_month.items():
        share = season.get(ym[1], 1.0)
        if share > 0:
            ratio = hours / (size[unit] * per_month * share)
            level[unit] = max(level.get(unit, 0.0), ratio)
    figures = {
        "unplaced": best_unplaced / 1000,
        "level": sum(level.values()),
        "peaks": float(sum(person_peak.values())),
        "level_bound": level_bound,
    }
    return figures, status


def _hint(
    model: Any,
    result: Schedule,
    choices: Mapping[tuple[str, str], list[tuple[Any, dt.date, str | None]]],
    placed: Mapping[tuple[str, str], Any],
) -> None:
    """Hint ``result`` to the model: each placement's session, or a day of its month."""
    rank: dict[tuple[str, int, int], int] = {}
    chosen: dict[tuple[str, str], Any] = {}
    for p in sorted(result.placements, key=lambda p: (p.person, p.on, p.activity)):
        options = choices.get((p.person, p.activity), [])
        if p.session is not None:
            same = [y for y, _, s in options if s == p.session]
        else:
            k = rank.get((p.person, p.on.year, p.on.month), 0)
            rank[(p.person, p.on.year, p.on.month)] = k + 1
            month = [y for y, d, _ in options if (d.year, d.month) == (p.on.year, p.on.month)]
            same = month[min(k, len(month) - 1) :][:1] if month else []
        if same:
            chosen[(p.person, p.activity)] = same[0]
    for key, options in choices.items():
        for y, _, _ in options:
            model.AddHint(y, y is chosen.get(key))
        model.AddHint(placed[key], key in chosen)


def has_ortools() -> bool:
    try:
        import ortools  # noqa: F401
    except ImportError:
        print(
            "   (OR-Tools is not installed: pip install 'larande[bench]' to compare with CP-SAT)"
        )
        return False
    return True


# -- 2. a bound on the levelling, on a size CP-SAT can take ----------------------------------


def bound(people: int, effort: float) -> None:
    print(f"2. the same generator at {people} people: our levelling against CP-SAT's best")
    if not has_ortools():
        return
    ds = synthetic(people=people, seed=3, activities=300)
    assert ds.catalog is not None
    assert ds.calendar is not None
    assert ds.start is not None
    assert ds.end is not None
    budget = ds.budget or 8 * H
    plans = random_plans(ds.catalog, [p.id for p in ds.org.people], 8, seed=3)
    result = schedule(
        plans,
        ds.catalog,
        calendar=ds.calendar,
        start=ds.start,
        end=ds.end,
        budget=budget,
        org=ds.org,
    )
    ours = measure(result, plans, org=ds.org, budget=budget)
    started = time.perf_counter()
    theirs, status = cp_sat(
        plans,
        ds.catalog,
        calendar=ds.calendar,
        start=ds.start,
        end=ds.end,
        budget=budget,
        org=ds.org,
        season=None,
        effort=effort,
        hint=result,
    )
    took = time.perf_counter() - started
    print(f"   {'':40} {'unplaced':>10} {'levelling':>10} {'peaks h':>10}")
    for name, f in (("ours", ours), (f"CP-SAT ({status}, {took:.0f} s)", theirs)):
        print(f"   {name:40} {f['unplaced']:10g} {f['level']:10.2f} {f['peaks']:10g}")
    print(
        f"   lower bounds on the levelling: CP-SAT's, for its model, {theirs['level_bound']:.2f}; "
        f"every unit level with our items placed, {ours['flat']:.2f}"
    )


# -- 3. growth ------------------------------------------------------------------------------


def growth(sizes: list[int]) -> None:
    print("3. growth: schedule() on plan()'s plans for synthetic organisations (aim: near-linear)")
    print(
        f"   {'people':>9} {'items':>9} {'seconds':>9} {'CPU s':>9} {'us/item':>9} {'x time':>8}"
    )
    previous: tuple[int, float] | None = None
    for n in sizes:
        ds = synthetic(people=n, seed=1)
        assert ds.catalog is not None
        assert ds.calendar is not None
        assert ds.start is not None
        assert ds.end is not None
        report = analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of)
        plans = plan(report, ds.catalog, org=ds.org, assessments=ds.assessments, as_of=ds.as_of)
        items = sum(len(p.items) for p in plans)
        wall, cpu = time.perf_counter(), time.process_time()
        schedule(
            plans,
            ds.catalog,
            calendar=ds.calendar,
            start=ds.start,
            end=ds.end,
            budget=ds.budget or 8 * H,
            org=ds.org,
        )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        ratio = f"{cpu / previous[1]:7.1f}x" if previous else ""
        if previous:
            ratio += f" for {n / previous[0]:g}x"
        print(f"   {n:9,} {items:9,} {wall:9.1f} {cpu:9.1f} {1e6 * cpu / items:9.0f} {ratio}")
        previous = (n, cpu)
        del ds, report, plans


# -- 4. small instances against CP-SAT --------------------------------------------------------

START, END = dt.date(2026, 2, 2), dt.date(2026, 7, 31)


def small_instance(seed: int, people: int, activities: int, tightness: str) -> dict[str, Any]:
    rng = random.Random(seed)
    seats = {"loose": 40, "tight": 6, "over": 3}[tightness]
    budget = {"loose": 16 * H, "tight": 6 * H, "over": 4 * H}[tightness]
    made = []
    for i in range(activities):
        hours = rng.choice((2, 4, 6, 8, 12, 16))
        sessions = []
        if rng.random() < 0.5:
            for k in range(rng.randint(1, 3)):
                day = START + dt.timedelta(days=rng.randrange(0, (END - START).days))
                sessions.append(Session(f"s{i}-{k}", day, rng.randint(1, seats)))
        prereq = [f"a{i - 1}"] if i and rng.random() < 0.3 else []
        made.append(
            Activity(
                f"a{i}",
                f"activity {i}",
                "course" if sessions else "e-learning",
                {"x": 1},
                hours * H,
                prerequisites=prereq,
                sessions=sessions,
                cost=rng.choice((0, 500, 1500)),
            )
        )
    catalog = Catalog(made)
    names = [f"p{i:02d}" for i in range(people)]
    units = [f"u{k}" for k in range(rng.randint(2, 4))]
    org = Organization(
        [Unit("org", "Org"), *(Unit(u, u, "org") for u in units)],
        [Person(n, n, rng.choice(units)) for n in names],
        [],
        Framework([Competency("x", "X")]),
    )
    season = rng.choice([None, None, {rng.randint(3, 7): 0.5}, {rng.randint(3, 7): 0.0}])
    plans = random_plans(
        catalog, names, rng.randint(2, min(5, activities)), seed, alternatives=rng.choice((0, 1))
    )
    return {
        "catalog": catalog,
        "plans": plans,
        "budget": budget,
        "org": org,
        "season": season,
    }


def against_cp_sat(count: int, seeds: int, effort: float) -> None:
    print(
        "4. small instances: the heuristic against schedule(solver='cp-sat') on the same objective"
    )
    if not has_ortools():
        return
    calendar = WorkCalendar.sweden(2026)
    print(
        f"   {'instance':36} {'ours: unplaced / level / peaks':>31}  "
        f"{'CP-SAT':>21}  {'level':>6} {'peaks':>6}  status"
    )
    worse, more_by, level_gaps, peak_gaps, n_runs = 0, [], [], [], 0
    statuses: dict[str, int] = {}
    for seed_round in range(seeds):
        for n in range(count):
            people = (10, 20, 30, 50)[n % 4]
            acts = 4 + n % 5
            tight = ("loose", "tight", "over")[n % 3]
            seed = 1000 * seed_round + 100 + n
            inst = small_instance(seed, people, acts, tight)
            result = schedule(
                inst["plans"],
                inst["catalog"],
                calendar=calendar,
                start=START,
                end=END,
                budget=inst["budget"],
                org=inst["org"],
                season=inst["season"],
            )
            ours = measure(
                result,
                inst["plans"],
                org=inst["org"],
                budget=inst["budget"],
                season=inst["season"],
            )
            exact = schedule(
                inst["plans"],
                inst["catalog"],
                calendar=calendar,
                start=START,
                end=END,
                budget=inst["budget"],
                org=inst["org"],
                season=inst["season"],
                solver="cp-sat",
                time_limit=dt.timedelta(seconds=effort),
            )
            status = exact.status.value
            statuses[status] = statuses.get(status, 0) + 1
            theirs = measure(
                exact,
                inst["plans"],
                org=inst["org"],
                budget=inst["budget"],
                season=inst["season"],
            )
            n_runs += 1
            more = ours["unplaced"] - theirs["unplaced"]
            if more > 1e-9:
                worse += 1
                more_by.append(more)
            level_gap = (
                (ours["level"] - theirs["level"]) / theirs["level"] if theirs["level"] else 0
            )
            peak_gap = (
                (ours["peaks"] - theirs["peaks"]) / theirs["peaks"] if theirs["peaks"] else 0
            )
            if abs(more) < 1e-9:
                level_gaps.append(level_gap)
                if abs(ours["level"] - theirs["level"]) < 1e-6:
                    peak_gaps.append(peak_gap)
            season = f", season {inst['season']}" if inst["season"] else ""
            name = f"seed {seed}: {people}p {acts}a {tight}{season}"
            print(
                f"   {name:36} {ours['unplaced']:9g} / {ours['level']:6.3f} / {ours['peaks']:5g}"
                f"   {theirs['unplaced']:6g} / {theirs['level']:6.3f} / {theirs['peaks']:5g}"
                f"  {level_gap:+6.1%} {peak_gap:+6.1%}  {status}"
            )

    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs) if xs else 0.0

    print(f"   CP-SAT's status: {', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))}")
    print(
        f"   more unplaced priority than CP-SAT: {worse} of {n_runs}"
        + (f" (by {', '.join(f'{x:g}' for x in more_by)})" if more_by else "")
    )
    print(
        f"   where unplaced ties ({len(level_gaps)}): levelling gap mean {mean(level_gaps):+.1%}, "
        f"worst {max(level_gaps, default=0):+.1%}; where levelling ties too "
        f"({len(peak_gaps)}): peaks gap mean {mean(peak_gaps):+.1%}, "
        f"worst {max(peak_gaps, default=0):+.1%} (aim: within 5 %)"
    )


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--bound-people", type=int, default=100)
    parser.add_argument(
        "--growth",
        default="10000,100000,500000",
        help="comma-separated organisation sizes for the growth run ('' skips it)",
    )
    parser.add_argument("--instances", type=int, default=12, help="small instances per seed")
    parser.add_argument("--seeds", type=int, default=3, help="rounds of small instances")
    parser.add_argument(
        "--effort", type=float, default=20.0, help="CP-SAT's deterministic time per phase"
    )
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    if args.smoke:
        large(200)
        bound(30, 0.3)
        growth([300, 1_000])
        against_cp_sat(1, 1, 0.5)
        return
    # A size of 0 skips a part, so that the parts can be run one at a time.
    if args.people:
        large(args.people)
    if args.bound_people:
        bound(args.bound_people, args.effort / 2)
    if args.growth:
        growth([int(n) for n in args.growth.split(",")])
    if args.instances and args.seeds:
        against_cp_sat(args.instances, args.seeds, args.effort)


if __name__ == "__main__":
    main()
