"""Pictures benchmark: drawing each of larande.plot's pictures for a 10,000-person organisation.

Baseline: an empty figure of the same size, drawn and written as PNG the same way. Each
picture is timed from the call to a PNG in memory (Agg, 100 dpi), so that matplotlib's lazy
work counts; the data (a review, the matrix, the effects) is made once beforehand. Aim: each
picture within a few times the empty figure, and under a second, at 10,000 people.

    python benchmarks/bench_plot.py             # 10,000 people
    python benchmarks/bench_plot.py --smoke     # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import gc
import io
import time
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

import larande
from larande.datasets import synthetic
from larande.plot import annual_load, effect_chart, goal_tree, needs_heatmap, progress_chart


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def drawn(picture: Callable[[Any], Any]) -> Callable[[], None]:
    """Draw ``picture`` on a new figure's axes and write it as PNG into memory."""

    def run() -> None:
        figure = Figure(figsize=(10.0, 5.0), layout="constrained")
        picture(figure.subplots())
        figure.savefig(io.BytesIO(), format="png", dpi=100)

    return run


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    people = 200 if args.smoke else args.people
    repeat = 1 if args.smoke else 3

    start = time.perf_counter()
    ds = synthetic(people=people, seed=3)
    turn = larande.review(ds, as_of=ds.as_of)
    state = larande.replay(ds.events)
    goals = ds.goals
    assert goals is not None
    matrix = turn.report.matrix()
    effects = larande.effect(state, goals)
    measured = max(goals, key=lambda g: len(state.measurements(g)))
    late = max(m.on for m in state.measurements(measured))
    set_up = time.perf_counter() - start

    drawn(lambda ax: ax.plot([0, 1], [0, 1]))()  # warm up: fonts and Agg are loaded once
    base = best_of(repeat, drawn(lambda ax: None))
    pictures: list[tuple[str, Callable[[Any], Any]]] = [
        (
            "annual_load (everyone)",
            lambda ax: annual_load(turn.schedule, ds.org, budget=ds.budget, ax=ax),
        ),
        ("needs_heatmap", lambda ax: needs_heatmap(matrix, ax=ax)),
        ("goal_tree", lambda ax: goal_tree(goals, ax=ax)),
        ("progress_chart", lambda ax: progress_chart(state, goals, measured, as_of=late, ax=ax)),
        ("effect_chart", lambda ax: effect_chart(effects, ax=ax)),
    ]
    print(
        f"pictures benchmark: {people:,} people, {len(goals):,} goals, {len(matrix):,} matrix "
        f"cells, {len(effects)} activities, {len(turn.schedule.placements):,} placements "
        f"(data made in {set_up:.1f} s)"
    )
    print(f"  an empty figure, drawn to PNG (base)   {base * 1e3:8.1f} ms")
    for name, picture in pictures:
        took = best_of(repeat, drawn(picture))
        print(f"  {name:<38} {took * 1e3:8.1f} ms   ratio {took / base:6.1f}x")


if __name__ == "__main__":
    main()
