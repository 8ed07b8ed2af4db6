"""The seeds' practices at scale: key-person risk and the culture survey against analyze().

Baseline: ``analyze`` (every default rule) on the same organisation, the call a nightly
job makes anyway. Aim: ``key_person_risk`` and ``culture`` each cost no more than it
(a ratio of 1x or less), with small groups suppressed.

    python benchmarks/bench_practices.py            # 50,000 people
    python benchmarks/bench_practices.py --smoke    # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import time
from collections.abc import Callable
from typing import Any

import larande
from larande import SurveyResponse, analyze, key_person_risk
from larande.culture import ITEMS, culture
from larande.datasets import synthetic


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs."""
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def survey(people: list[str], seed: int) -> list[SurveyResponse]:
    """Two waves; about 70 % answer each, every item, from 1 to 5 (seeded)."""
    rng = random.Random(seed)
    out = []
    for wave, on in (("2026-spring", dt.date(2026, 3, 2)), ("2026-autumn", dt.date(2026, 10, 5))):
        for p in people:
            if rng.random() < 0.7:
                answers = {item.id: rng.randint(1, 5) for item in ITEMS}
                out.append(SurveyResponse(f"{wave}:{p}", p, on, answers, wave))
    return out


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    people = 500 if args.smoke else args.people
    repeat = 1 if args.smoke else 3

    ds = synthetic(people=people, seed=1)
    responses = survey([p.id for p in ds.org.people], seed=1)
    t_base, report = best_of(
        repeat, lambda: analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of)
    )
    t_risk, risks = best_of(
        repeat, lambda: key_person_risk(ds.org, ds.assessments, as_of=ds.as_of)
    )
    t_culture, scores = best_of(repeat, lambda: culture(responses, ds.org, wave="2026-autumn"))
    hidden = sum(1 for r in risks if r.suppressed)
    shown = sum(1 for s in scores.values() if s is not None)
    print(
        f"practices benchmark: {people:,} people in {len(ds.org.units):,} units, "
        f"{len(ds.assessments):,} assessments, {len(responses):,} survey responses"
    )
    print(f"  analyze, every default rule (base)   {t_base:8.3f} s   {len(report.needs):,} needs")
    print(
        f"  key_person_risk                      {t_risk:8.3f} s   ratio {t_risk / t_base:5.2f}x"
        f"  (aim 1x), {len(risks):,} risks, {hidden:,} suppressed"
    )
    print(
        f"  culture, second wave with change     {t_culture:8.3f} s   "
        f"ratio {t_culture / t_base:5.2f}x  (aim 1x), {shown:,} of {len(scores):,} units shown"
    )


if __name__ == "__main__":
    main()
