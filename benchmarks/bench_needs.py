"""Needs-analysis benchmark: ``analyze`` on a large organisation against a plain loop.

Baseline (DESIGN §7): a hand-written plain loop computing the same gaps (latest valid level
per person and competency, compared with every requirement in effect). Aim: ``analyze``
within 3x of it, and linear growth: 10x the people at most 12x the time.

    python benchmarks/bench_needs.py            # 50,000 people, 1,000,000 assessments
    python benchmarks/bench_needs.py --smoke    # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
from collections.abc import Callable, Iterable
from typing import Any

import larande
from larande import Assessment, Organization, analyze
from larande.datasets import synthetic


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs (the garbage collector stays on: users have it on)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def plain_gaps(
    org: Organization, assessments: Iterable[Assessment], as_of: dt.date
) -> list[tuple[str, str, int]]:
    """The baseline: the gaps, computed by hand with dicts and loops."""
    validity = {c.id: c.validity for c in org.framework.competencies}
    latest: dict[tuple[str, str], tuple[dt.date, int]] = {}
    for a in assessments:
        if a.on > as_of:
            continue
        valid_for = validity[a.competency]
        if valid_for is not None and as_of >= a.on + valid_for:
            continue
        key = (a.person, a.competency)
        held = latest.get(key)
        if held is None or (a.on, a.level) > held:
            latest[key] = (a.on, a.level)
    roles = {r.id: r for r in org.roles}
    gaps = []
    for person in org.people:
        for role in person.roles:
            for req in roles[role].requirements:
                if req.effective is not None and req.effective > as_of:
                    continue
                held = latest.get((person.id, req.competency))
                level = held[1] if held else 0
                if level < req.level:
                    gaps.append((person.id, req.competency, req.level - level))
    return gaps


def measure(people: int, repeat: int) -> dict[str, Any]:
    ds = synthetic(people=people, seed=1, requirements=20)
    t_plain, gaps = best_of(repeat, lambda: plain_gaps(ds.org, ds.assessments, ds.as_of))
    t_analyze, report = best_of(
        repeat, lambda: analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of)
    )
    found = {
        (n.subject, n.competency)
        for n in report.needs
        if any(r.rule == "requirement-gap" for r in n.reasons)
    }
    assert found == {(p, c) for p, c, _ in gaps}, "analyze and the plain loop disagree"
    t_goals, _ = best_of(
        repeat,
        lambda: analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of, goals=ds.goals),
    )
    return {
        "ds": ds,
        "plain": t_plain,
        "analyze": t_analyze,
        "goals": t_goals,
        "needs": len(report.needs),
        "gaps": len(gaps),
    }


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    people = 500 if args.smoke else args.people
    repeat = 1 if args.smoke else 3

    big = measure(people, repeat)
    ds = big["ds"]
    print(
        f"needs benchmark: {people:,} people, {len(ds.assessments):,} assessments, "
        f"{len(ds.signals):,} signals, 20 requirements a role"
    )
    print(f"  plain loop computing the gaps (base) {big['plain']:8.3f} s   {big['gaps']:,} gaps")
    print(
        f"  analyze, every default rule          {big['analyze']:8.3f} s   "
        f"ratio {big['analyze'] / big['plain']:5.2f}x  (aim 3x), {big['needs']:,} needs"
    )
    print(
        f"  analyze with the goal graph          {big['goals']:8.3f} s   "
        f"ratio {big['goals'] / big['plain']:5.2f}x  ({len(ds.goals or ()):,} goals)"
    )
    small = measure(max(1, people // 10), repeat)
    growth = big["analyze"] / small["analyze"]
    print(
        f"  growth from {people // 10:,} to {people:,} people     "
        f"{small['analyze']:.3f} s -> {big['analyze']:.3f} s   "
        f"{growth:5.2f}x for 10x the people  (aim at most 12x)"
    )


if __name__ == "__main__":
    main()
