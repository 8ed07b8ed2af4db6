"""Per-organisation steps at two sizes: does each grow linearly with the people?

A national run reviews each organisation on its own, so the largest organisations (a
region of tens of thousands, a synthetic one of half a million) bound a worker's time and
memory. This benchmark times each step of one organisation at a size and at ten times that
size, in CPU seconds (other work on the machine then matters less), and prints the growth:

- ``analyze``: needs from assessments and signals;
- ``plan``: learning plans from the needs;
- ``schedule``: the plans over the year;
- ``replay``: the organisation's follow-up events folded into a state;
- JSON load: the organisation's ``Dataset`` document read back from its text.

Baseline: the same step at a tenth of the size. Aim (issue 19): at most 11x the time for 10x
the people.

    python benchmarks/bench_steps.py                      # 50,000 and 500,000 people
    python benchmarks/bench_steps.py --sizes 5000 50000   # any sizes, smallest first
    python benchmarks/bench_steps.py --smoke              # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import itertools
import resource
import time
from collections.abc import Callable
from typing import Any

import larande
from larande import analyze, plan, schedule
from larande.dataset import Dataset
from larande.datasets import synthetic
from larande.followup import replay
from larande.io import json as ljson

H = dt.timedelta(hours=1)
STEPS = ("analyze", "plan", "schedule", "replay", "JSON load")


def cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds of one run of ``fn``, with a collection before (not inside) it."""
    gc.collect()
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def peak_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_json(text: str) -> Dataset:
    """Read the document as a host reading a file would: streamed where the API streams."""
    reader = getattr(ljson, "load", None)
    if reader is not None:
        return reader(io.StringIO(text), Dataset)  # type: ignore[no-any-return]
    return ljson.loads(text, Dataset)


def steps(people: int, times: dict[str, float]) -> str:
    """Time the steps on a synthetic organisation of ``people``; its document's text."""
    ds = synthetic(people=people, seed=1)
    catalog, calendar, start, end = ds.catalog, ds.calendar, ds.start, ds.end
    assert catalog is not None
    assert calendar is not None
    assert start is not None
    assert end is not None

    def timed(step: str, fn: Callable[[], Any]) -> Any:
        times[step], result = cpu(fn)
        return result

    report = timed("analyze", lambda: analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of))
    plans = timed(
        "plan",
        lambda: plan(report, catalog, org=ds.org, assessments=ds.assessments, as_of=ds.as_of),
    )
    budget = ds.budget or 8 * H
    timed(
        "schedule",
        lambda: schedule(
            plans, catalog, calendar=calendar, start=start, end=end, budget=budget, org=ds.org
        ),
    )
    events = list(ds.events)
    timed("replay", lambda: replay(events))
    return ljson.dumps(ds)


def measure(people: int) -> dict[str, float]:
    """CPU seconds of each step for a synthetic organisation of ``people``."""
    times: dict[str, float] = {}
    text = steps(people, times)  # the organisation is freed before its document is read
    times["JSON load"], _ = cpu(lambda: load_json(text))
    times["text MB"] = len(text.encode()) / 1e6
    print(
        f"   {people:>9,} people: "
        + ", ".join(f"{s} {times[s]:.2f} s" for s in STEPS)
        + f"; document {times['text MB']:.0f} MB; peak so far {peak_mib():,.0f} MiB",
        flush=True,
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 500_000])
    parser.add_argument(
        "--pause", action="store_true", help="let larande pause the collector (a batch job)"
    )
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    # By default left on, as in a host embedding larande: full collections walk every live
    # object, so the collector's share grows with the heap. --pause measures a batch job.
    larande.pause_collector(args.pause)
    sizes = [200, 2_000] if args.smoke else sorted(args.sizes)
    print(
        "per-organisation steps, CPU seconds (baseline: the same step at the smaller size); "
        f"collector {'paused' if args.pause else 'on'}"
    )
    found = {n: measure(n) for n in sizes}
    print(f"   {'step':<10}" + "".join(f"{n:>12,}" for n in sizes) + "   growth (aim 11x for 10x)")
    for step in STEPS:
        row = "".join(f"{found[n][step]:12.2f}" for n in sizes)
        growth = "  ".join(
            f"{found[b][step] / max(found[a][step], 1e-9):5.1f}x for {b / a:g}x"
            for a, b in itertools.pairwise(sizes)
        )
        print(f"   {step:<10}{row}   {growth}")


if __name__ == "__main__":
    main()
