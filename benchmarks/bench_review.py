"""Review benchmark: one turn of the whole loop against the steps it runs, one by one.

Baseline (issue 14): the sum of the separate public calls ``review`` makes (replay,
learned, analyze, justify and add_objectives, replan, reschedule, due, progress,
planned_vs_actual) on the same data. Aims: ``review`` of a 50,000-person organisation with
a year of events within 1.2x of that sum; a second review a week later (folding into the
first) well under the first.

    python benchmarks/bench_review.py             # 50,000 people, about 900,000 events
    python benchmarks/bench_review.py --smoke     # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
from collections.abc import Callable
from typing import Any

import larande
from larande import (
    Schedule,
    analyze,
    due,
    justify,
    learned,
    planned_vs_actual,
    progress,
    replan,
    replay,
    reschedule,
    review,
)
from larande.datasets import synthetic


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def steps_one_by_one(ds: Any, as_of: dt.date) -> tuple[dict[str, float], Any]:
    """The public calls a host would make for one turn, each timed."""
    out: dict[str, float] = {}
    out["replay"], state = timed(lambda: replay([e for e in ds.events if e.on <= as_of]))
    out["learned"], shown = timed(lambda: learned(state, ds.catalog, goals=ds.goals, as_of=as_of))
    assessments = ds.assessments + shown
    out["analyze"], report = timed(
        lambda: analyze(ds.org, assessments, ds.signals, as_of=as_of, goals=ds.goals)
    )

    def gate() -> tuple[Any, Any]:
        goals = ds.goals.copy()
        verdicts = [justify(n, goals, ds.org) for n in report.needs]
        goals.add_objectives(verdicts)
        return goals, verdicts

    out["justify"], (goals, verdicts) = timed(gate)
    out["replan"], plans = timed(
        lambda: replan(
            (),
            verdicts,
            ds.catalog,
            org=ds.org,
            state=state,
            assessments=assessments,
            as_of=as_of,
        )
    )
    done = sorted((p.person, i.activity) for p in plans for i in p.items if i.done)
    out["schedule"], year = timed(
        lambda: reschedule(
            Schedule((), (), as_of, ds.end),
            plans,
            ds.catalog,
            calendar=ds.calendar,
            as_of=as_of,
            end=ds.end,
            budget=ds.budget,
            done=done,
            org=ds.org,
        )
    )
    out["due"], _ = timed(lambda: due(state, as_of=as_of, org=ds.org))
    out["progress"], _ = timed(lambda: progress(state, goals, as_of=as_of))
    out["planned-vs-actual"], _ = timed(
        lambda: planned_vs_actual(year, state, ds.catalog, org=ds.org, as_of=as_of)
    )
    return out, year


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--per-person", type=int, default=18, help="follow-up events a person")
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    people, per_person = (300, 6) if args.smoke else (args.people, args.per_person)

    built, ds = timed(lambda: synthetic(people=people, seed=11, events_per_person=per_person))
    as_of = dt.date(ds.as_of.year, 6, 1)
    print(
        f"review benchmark: {people:,} people, {len(ds.events):,} events over the year, "
        f"{len(ds.assessments):,} assessments (built in {built:.1f} s); review on "
        f"{as_of.isoformat()}, then a week later"
    )
    steps, _ = steps_one_by_one(ds, as_of)
    total = sum(steps.values())
    for name, seconds in steps.items():
        print(f"  {name:<18} {seconds:8.3f} s")
    print(f"  {'sum of the steps':<18} {total:8.3f} s  (base)")

    inside: dict[str, float] = {}
    mark = [time.perf_counter()]

    def tick(step: str, done: int, of: int) -> None:
        now = time.perf_counter()
        inside[step] = now - mark[0]
        mark[0] = now

    def first_review() -> Any:
        mark[0] = time.perf_counter()
        return review(ds, as_of=as_of, progress=tick)

    t_first, first = timed(first_review)
    print(
        f"  review             {t_first:8.3f} s  ratio {t_first / total:5.2f}x  (aim at most 1.2x)"
    )
    print("    by step: " + ", ".join(f"{k} {v:.2f}" for k, v in inside.items()))
    week = as_of + dt.timedelta(days=7)
    t_second, second = timed(lambda: review(ds, as_of=week, previous=first))
    print(
        f"  a week later       {t_second:8.3f} s  {t_second / t_first:5.2f}x the first "
        "(aim: well under 1x)"
    )
    print(
        f"  ({len(first.report.needs):,} needs, {len(first.plans):,} plans, "
        f"{len(first.schedule.placements):,} placed, {len(first.schedule.unplaced):,} unplaced, "
        f"{len(first.due):,} due; a week later {len(second.learned) - len(first.learned):,} "
        "more learned)"
    )


if __name__ == "__main__":
    main()
