"""Growth benchmark: hostile but valid input costs what its size does.

Each case is an input shaped to make a naive algorithm quadratic or worse: a goal chain
read from a document (each link walking every goal above it), a lattice of goals (2**depth
paths), a closure over ten thousand years, a chain of thousands of units, one person with
thousands of needs, a long chain of prerequisites. Each runs at a size and at ten times it;
the figure is the ratio of the times. Near-linear is about 10-13x; quadratic would be 100x.
The calendar case grows the closure's span instead, and its aim is no growth at all.

    python benchmarks/bench_growth.py            # up to 16,000 goals, 10,000 units
    python benchmarks/bench_growth.py --smoke    # tiny sizes, as in CI
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from larande import (
    Activity,
    Assessment,
    Catalog,
    Competency,
    Framework,
    Goal,
    GoalGraph,
    Level,
    Need,
    Organization,
    Person,
    Reason,
    Requirement,
    Role,
    Unit,
    ValidationError,
    WorkCalendar,
    analyze,
    match_mentors,
    plan,
)
from larande.io import json as ljson

AS_OF = dt.date(2026, 1, 12)
HOUR = dt.timedelta(hours=1)
REASON = Reason("requirement-gap", ["evidence"], "benchmark input")
ONE = Framework([Competency("c", "A competency")])


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def need(person: str, competency: str, required: int = 3) -> Need:
    return Need(person, "person", competency, None, required, required, 1.0, [REASON])


# -- the inputs: each returns the call to time ------------------------------------------------


def goal_chain_document(n: int) -> Callable[[], Any]:
    """A chain of n goals whose links come from the root down (the costly order to link)."""
    goals = [{"id": f"g{i}", "title": "Goal", "level": "organization"} for i in range(n)]
    links = [{"child": f"g{i}", "parent": f"g{i + 1}"} for i in reversed(range(n - 1))]
    text = json.dumps(
        {"schema": "larande/1", "type": "GoalGraph", "data": {"goals": goals, "links": links}}
    )
    return lambda: ljson.loads(text, GoalGraph)


def lattice_trace(depth: int) -> Callable[[], Any]:
    """trace() of the last goal of a lattice two wide: 2**(depth - 1) paths, refused."""
    graph = GoalGraph()
    graph.add(Goal("star", "Star", Level.ORGANIZATION))
    above = ["star"]
    for i in range(depth):
        here = [f"a{i}", f"b{i}"]
        for gid in here:
            graph.add(Goal(gid, gid, Level.ORGANIZATION), contributes_to=above)
        above = here

    def refused() -> None:
        try:
            graph.trace(above[0])
        except ValidationError:
            return
        raise AssertionError("a lattice this deep has more paths than the limit")

    return refused


def chain_trace(n: int) -> Callable[[], Any]:
    """trace() of the bottom of a chain of n goals: one path of n goals."""
    graph = GoalGraph()
    graph.add(Goal("g0", "Goal", Level.ORGANIZATION))
    for i in range(1, n):
        graph.add(Goal(f"g{i}", "Goal", Level.ORGANIZATION), contributes_to=f"g{i - 1}")
    return lambda: graph.trace(f"g{n - 1}")


def closure_span(years: int) -> Callable[[], Any]:
    """A 2026 calendar with a closure spanning ``years`` years, asked for its working days."""
    half = years // 2
    first = dt.date(max(1, 2026 - half), 1, 1)
    last = dt.date(min(9999, 2026 + half), 12, 31)

    def ask() -> Any:
        cal = WorkCalendar(2026, closures=[(first, last)])
        return cal.working_days(dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    return ask


def unit_chain(n: int) -> Organization:
    """u0 at the top, each unit inside the one before, one nurse in each."""
    units = [Unit("u0", "Unit")] + [Unit(f"u{i}", "Unit", parent=f"u{i - 1}") for i in range(1, n)]
    people = [Person(f"p{i}", "Nurse", f"u{i}", roles=["nurse"]) for i in range(n)]
    return Organization(units, people, [Role("nurse", "Nurse", [Requirement("c", 3)])], ONE)


def chain_matrix(n: int) -> Callable[[], Any]:
    report = analyze(unit_chain(n), [], as_of=AS_OF)
    return lambda: report.matrix()


def chain_mentors(n: int) -> Callable[[], Any]:
    """Every odd unit holds a mentor; every even unit's nurse needs one from the unit above."""
    org = unit_chain(n)
    held = [Assessment(f"p{i}", "c", 4, dt.date(2025, 6, 1)) for i in range(1, n, 2)]
    needs = [need(f"p{i}", "c") for i in range(0, n, 2)]
    return lambda: match_mentors(org, held, needs, as_of=AS_OF)


def many_needs_org(n: int) -> Organization:
    framework = Framework([Competency(f"c{i}", "C") for i in range(n)])
    return Organization([Unit("u", "Unit")], [Person("p", "P", "u")], [], framework)


def many_needs(n: int) -> Callable[[], Any]:
    """One person with n needs, each met by a course of its own."""
    org = many_needs_org(n)
    catalog = Catalog(Activity(f"a{i}", "A", "course", {f"c{i}": 3}, HOUR) for i in range(n))
    needs = [need("p", f"c{i}") for i in range(n)]
    return lambda: plan(needs, catalog, org=org)


def many_needs_one_broad(n: int) -> Callable[[], Any]:
    """One person with n needs, each with a course of its own, and one course for them all."""
    org = many_needs_org(n)
    narrow = [Activity(f"a{i}", "A", "course", {f"c{i}": 3}, HOUR) for i in range(n)]
    broad = Activity("all", "All", "course", {f"c{i}": 3 for i in range(n)}, 10 * HOUR)
    catalog = Catalog([*narrow, broad])
    needs = [need("p", f"c{i}") for i in range(n)]
    return lambda: plan(needs, catalog, org=org)


def prerequisite_chain(n: int) -> Callable[[], Any]:
    """The catalog of a chain of n prerequisites, and a plan for the activity at its end."""
    org = Organization([Unit("u", "Unit")], [Person("p", "P", "u")], [], ONE)
    activities = [
        Activity(
            f"a{i}",
            "A",
            "course",
            {"c": 3 if i == n - 1 else 1},
            HOUR,
            prerequisites=[f"a{i - 1}"] if i else [],
        )
        for i in range(n)
    ]
    return lambda: plan([need("p", "c")], Catalog(activities), org=org)


CASES: list[tuple[str, Callable[[int], Callable[[], Any]], int, int, str]] = [
    # name, input, full size, smoke size, what the size is
    ("read a goal chain document", goal_chain_document, 16_000, 400, "goals"),
    ("trace a lattice (refused)", lattice_trace, 2_000, 200, "levels"),
    ("trace a goal chain", chain_trace, 16_000, 400, "goals"),
    ("matrix() of a unit chain", chain_matrix, 10_000, 300, "units"),
    ("match_mentors() on a unit chain", chain_mentors, 10_000, 300, "units"),
    ("plan() for one person's needs", many_needs, 5_000, 200, "needs"),
    ("plan() with one broad activity", many_needs_one_broad, 3_000, 100, "needs"),
    ("plan() at a prerequisite chain's end", prerequisite_chain, 10_000, 300, "activities"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to keep this working")
    args = parser.parse_args()
    repeat = 1 if args.smoke else 3
    print("growth benchmark: time at a size and at ten times it (near-linear: about 10-13x)")
    for name, make, full, smoke, unit in CASES:
        large = smoke if args.smoke else full
        small = large // 10
        t_small = best_of(repeat, make(small))
        t_large = best_of(repeat, make(large))
        print(
            f"  {name:38} {small:>6,} {unit:10} {t_small:8.4f} s   {large:>7,} {t_large:8.4f} s"
            f"   ratio {t_large / max(t_small, 1e-9):6.1f}x"
        )
    # The closure: its span grows a hundredfold; the cost should not.
    spans = (100, 10_000)
    t_narrow, t_wide = (best_of(repeat, closure_span(years)) for years in spans)
    tracemalloc.start()
    closure_span(spans[1])()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"  {'a closure over the years (2026 asked)':38} {spans[0]:>6,} years      "
        f"{t_narrow:8.4f} s   {spans[1]:>7,} {t_wide:8.4f} s   ratio {t_wide / t_narrow:6.1f}x"
        f"   (aim 1x; peak {peak / 1e6:.2f} MB)"
    )


if __name__ == "__main__":
    main()
