"""xAPI benchmark: ingesting a million statements, against ``json.dumps`` of them.

Baseline (the standards issue): ``json.dumps`` of the same, already parsed, statements.
Aim: ``ingest`` within 3x of it.

    python benchmarks/bench_xapi.py            # 1,000,000 statements
    python benchmarks/bench_xapi.py --smoke    # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
from typing import Any

import larande
from larande.io.xapi import ingest

VERBS = ("completed", "passed", "failed", "completed", "attended")


def statements(n: int, people: int, activities: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        verb = VERBS[rng.randrange(len(VERBS))]
        out.append(
            {
                "id": f"00000000-0000-4000-8000-{i:012d}",
                "actor": {
                    "objectType": "Agent",
                    "mbox": f"mailto:p{rng.randrange(people)}@alvby.example",
                },
                "verb": {
                    "id": f"http://adlnet.gov/expapi/verbs/{verb}",
                    "display": {"en-US": verb},
                },
                "object": {
                    "objectType": "Activity",
                    "id": f"https://lms.alvby.example/a/{rng.randrange(activities)}",
                },
                "result": {
                    "score": {"scaled": round(rng.random(), 2)},
                    "success": rng.random() > 0.2,
                    "duration": "PT1H30M",
                },
                "timestamp": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:15:00+01:00",
            }
        )
    return out


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    n = 2_000 if args.smoke else args.statements
    batch = statements(n, people=50_000, activities=300, seed=1)
    people = {f"mailto:p{i}@alvby.example": f"p{i}" for i in range(50_000)}
    activities = {f"https://lms.alvby.example/a/{i}": f"a{i}" for i in range(300)}

    gc.collect()
    start = time.perf_counter()
    json.dumps(batch)
    t_dumps = time.perf_counter() - start
    gc.collect()
    start = time.perf_counter()
    found = ingest(batch, people=people, activities=activities)
    t_ingest = time.perf_counter() - start
    print(f"xAPI benchmark: {n:,} statements")
    print(f"  json.dumps of them (base)            {t_dumps:8.3f} s")
    print(
        f"  ingest                               {t_ingest:8.3f} s   "
        f"ratio {t_ingest / t_dumps:5.2f}x  (aim 3x); {len(found.events):,} events, "
        f"{len(found.rejected):,} rejected"
    )


if __name__ == "__main__":
    main()
