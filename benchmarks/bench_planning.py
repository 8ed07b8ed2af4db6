"""Planning benchmark: ``plan`` for a large organisation, and ``match_mentors`` for a big unit.

Baseline (the planning issue): the needs analysis that fed the plans; planning should not
cost more than analysing. ``match_mentors`` is timed on one unit of 2,000 people.

    python benchmarks/bench_planning.py            # 50,000 people, a 300-activity catalog
    python benchmarks/bench_planning.py --smoke    # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import larande
from larande import Organization, Person, Unit, analyze, match_mentors, plan
from larande.datasets import synthetic


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def one_big_unit(people: int) -> Any:
    """A synthetic dataset with everyone moved into one unit (mentors within it)."""
    ds = synthetic(people=people, seed=2, requirements=20)
    org = ds.org
    unit = Unit("big", "One big unit")
    persons = [Person(p.id, p.name, "big", p.roles) for p in org.people]
    flat = Organization([unit], persons, org.roles, org.framework)
    return flat, ds


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--unit", type=int, default=2_000, help="people in the mentoring unit")
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    people, unit_size = (300, 100) if args.smoke else (args.people, args.unit)
    repeat = 1 if args.smoke else 3

    ds = synthetic(people=people, seed=1, requirements=20, activities=300)
    assert ds.catalog is not None
    catalog = ds.catalog
    t_analyze, report = best_of(
        repeat, lambda: analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of)
    )
    t_plan, plans = best_of(
        repeat,
        lambda: plan(report, catalog, org=ds.org, assessments=ds.assessments, as_of=ds.as_of),
    )
    items = sum(len(p.items) for p in plans)
    unmet = sum(len(p.unmet) for p in plans)
    print(
        f"planning benchmark: {people:,} people, {len(report.needs):,} needs, "
        f"{len(catalog):,} activities"
    )
    print(f"  analyze (base)                       {t_analyze:8.3f} s")
    print(
        f"  plan                                 {t_plan:8.3f} s   ratio "
        f"{t_plan / t_analyze:5.2f}x  (aim at most 1x); {len(plans):,} plans, "
        f"{items:,} items, {unmet:,} unmet"
    )
    flat, source = one_big_unit(unit_size)
    big_report = analyze(flat, source.assessments, as_of=source.as_of)
    t_match, pairs = best_of(
        repeat,
        lambda: match_mentors(flat, source.assessments, big_report, as_of=source.as_of),
    )
    mentees = sum(1 for n in big_report.needs if n.scope == "person" and n.gap > 0)
    print(
        f"  match_mentors, one unit of {unit_size:,}       {t_match:8.3f} s   "
        f"{len(pairs):,} pairs for {mentees:,} person needs"
    )


if __name__ == "__main__":
    main()
