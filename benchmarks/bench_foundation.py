"""Foundation benchmark: build and validate a large organisation, and its JSON round trip.

Baseline (DESIGN §7 and the foundation issue): building the same plain dicts. The figure
that matters is the ratio "validated records from plain dicts" / "plain dicts", aim 3x.

    python benchmarks/bench_foundation.py            # 50,000 people, 1,000,000 assessments
    python benchmarks/bench_foundation.py --smoke    # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import larande
from larande import (
    Assessment,
    Competency,
    Framework,
    Organization,
    Person,
    Requirement,
    Role,
    Unit,
)
from larande.dataset import Dataset
from larande.datasets import synthetic
from larande.io import json as ljson


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs, with garbage collection out of the timed part."""
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best, result


def columns(ds: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    """The dataset as plain tuples: the raw material both sides start from."""
    org = ds.org
    return {
        "units": [(u.id, u.name, u.parent) for u in org.units],
        "people": [(p.id, p.name, p.unit, list(p.roles), p.manager) for p in org.people],
        "roles": [
            (
                r.id,
                r.name,
                [(q.competency, q.level, q.weight, q.effective) for q in r.requirements],
            )
            for r in org.roles
        ],
        "competencies": [
            (c.id, c.name, c.parent, c.scale, c.validity) for c in org.framework.competencies
        ],
        "assessments": [(a.person, a.competency, a.level, a.on) for a in ds.assessments],
    }


def plain_dicts(cols: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[dict[str, Any]]]:
    """The baseline: the same data as plain dicts, nothing checked."""
    return {
        "units": [{"id": i, "name": n, "parent": p} for i, n, p in cols["units"]],
        "people": [
            {"id": i, "name": n, "unit": u, "roles": r, "manager": m}
            for i, n, u, r, m in cols["people"]
        ],
        "roles": [
            {
                "id": i,
                "name": n,
                "requirements": [
                    {"competency": c, "level": lv, "weight": w, "effective": e}
                    for c, lv, w, e in reqs
                ],
            }
            for i, n, reqs in cols["roles"]
        ],
        "competencies": [
            {"id": i, "name": n, "parent": p, "scale": s, "validity": v}
            for i, n, p, s, v in cols["competencies"]
        ],
        "assessments": [
            {"person": p, "competency": c, "level": lv, "on": d}
            for p, c, lv, d in cols["assessments"]
        ],
    }


def records(dicts: dict[str, list[dict[str, Any]]], template: Dataset) -> Dataset:
    """Ours: validated records from the plain dicts, every reference checked."""
    framework = Framework(
        [Competency(**c) for c in dicts["competencies"]], scales=template.org.framework.scales
    )
    roles = [
        Role(r["id"], r["name"], [Requirement(**q) for q in r["requirements"]])
        for r in dicts["roles"]
    ]
    org = Organization(
        [Unit(**u) for u in dicts["units"]],
        [Person(**p) for p in dicts["people"]],
        roles,
        framework,
    )
    return Dataset(
        org=org,
        assessments=[Assessment(**a) for a in dicts["assessments"]],
        as_of=template.as_of,
    )


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    people = 500 if args.smoke else args.people
    repeat = 1 if args.smoke else 3

    full = synthetic(people=people, seed=1, requirements=20)
    # The foundation's records only: goals, signals, catalog and events are measured elsewhere.
    ds = Dataset(org=full.org, assessments=full.assessments, as_of=full.as_of)
    cols = columns(ds)
    n_records = sum(len(v) for v in cols.values())
    print(
        f"foundation benchmark: {people:,} people, {len(ds.assessments):,} assessments, "
        f"{n_records:,} records in all"
    )

    t_dicts, dicts = best_of(repeat, lambda: plain_dicts(cols))
    t_records, built = best_of(repeat, lambda: records(dicts, ds))
    assert built == ds, "the benchmark built something other than the dataset"
    print(f"  plain dicts (baseline)              {t_dicts:8.3f} s")
    print(
        f"  validated records from the dicts    {t_records:8.3f} s   "
        f"ratio {t_records / t_dicts:5.2f}x  (aim 3x)"
    )

    document = ljson.to_dict(ds)
    t_from, back = best_of(repeat, lambda: ljson.from_dict(document, Dataset))
    assert back == ds
    print(
        f"  io.json.from_dict of the document   {t_from:8.3f} s   ratio {t_from / t_dicts:5.2f}x"
    )

    t_dump, text = best_of(repeat, lambda: ljson.dumps(ds))
    t_load, again = best_of(repeat, lambda: ljson.loads(text, Dataset))
    assert again == ds
    mb = len(text.encode("utf-8")) / 1e6
    trip = t_dump + t_load
    print(
        f"  JSON round trip ({mb:,.1f} MB)          {trip:8.3f} s   "
        f"dumps {mb / t_dump:6.1f} MB/s, loads {mb / t_load:6.1f} MB/s, "
        f"{n_records / trip:,.0f} records/s"
    )


if __name__ == "__main__":
    main()
