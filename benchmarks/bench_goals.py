"""Goal graph benchmark: whole-graph queries right after a change, and the cost of ``add``.

Baseline (DESIGN §7): networkx's own ``topological_sort`` of the same graph. The figure is
the ratio of ``findings()`` + ``coverage()`` + ``rollup()``, run right after an ``add`` and a
``remove``, against it; aim 3x. ``add`` must cost the same whatever the graph's size.

    python benchmarks/bench_goals.py            # about 100,000 goals
    python benchmarks/bench_goals.py --smoke    # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

import larande
from larande import Goal, GoalGraph, Level
from larande.datasets import synthetic


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
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


def rebuild(source: GoalGraph, upto: int | None = None) -> GoalGraph:
    """Build a fresh graph from ``source``'s goals and links, in its insertion order."""
    graph = GoalGraph()
    ups: dict[str, dict[str, float]] = {}
    for child, parent, weight in source.links():
        ups.setdefault(child, {})[parent] = weight
    for i, gid in enumerate(source):
        if upto is not None and i == upto:
            break
        graph.add(source.goal(gid), contributes_to=ups.get(gid, {}))
    return graph


def add_cost(source: GoalGraph, at: int, n: int = 1000) -> float:
    """Seconds per ``add`` of ``n`` new objectives into a graph of ``at`` goals."""
    graph = rebuild(source, upto=at)
    team = next(g for g in graph if graph.goal(g).level is Level.TEAM)
    new = [Goal(f"new:{i}", "new", Level.INDIVIDUAL, owner="x") for i in range(n)]
    start = time.perf_counter()
    for goal in new:
        graph.add(goal, contributes_to=team)
    return (time.perf_counter() - start) / n


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=91_000, help="people in the synthetic org")
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    people = 300 if args.smoke else args.people
    repeat = 1 if args.smoke else 5

    source = synthetic(people=people, seed=1).goals
    assert source is not None
    links = sum(1 for _ in source.links())
    two_parents = sum(1 for g in source if len(source.parents(g)) > 1)
    print(
        f"goal graph benchmark: {len(source):,} goals, {links:,} links, "
        f"{two_parents / len(source):.0%} with two parents"
    )

    t_build, graph = best_of(1 if args.smoke else 3, lambda: rebuild(source))
    print(
        f"  build by add() and its links       {t_build:8.3f} s   "
        f"{t_build / len(source) * 1e6:6.1f} µs per goal"
    )
    small, large = max(10, len(source) // 10), len(source)
    per_small, per_large = add_cost(source, small), add_cost(source, large)
    print(f"  add() into {small:>7,} goals          {per_small * 1e6:8.2f} µs")
    print(
        f"  add() into {large:>7,} goals          {per_large * 1e6:8.2f} µs   "
        f"ratio {per_large / per_small:4.2f} for {large / small:.0f}x the size"
    )

    nxg = graph.to_networkx()
    t_topo, _ = best_of(repeat, lambda: list(nx.topological_sort(nxg)))
    objectives = [g for g in graph if graph.goal(g).level is Level.INDIVIDUAL]
    progress = {g: (i % 10) / 10 for i, g in enumerate(objectives[::2])}
    team = next(g for g in graph if graph.goal(g).level is Level.TEAM)
    as_of = synthetic(people=1, seed=1).as_of

    def after_a_change() -> tuple[Any, ...]:
        graph.add(Goal("bench:new", "new", Level.INDIVIDUAL, owner="x"), contributes_to=team)
        graph.remove("bench:new")
        return (graph.findings(as_of=as_of), graph.coverage(), graph.rollup(progress))

    t_queries, (findings, coverage, rolled) = best_of(repeat, after_a_change)
    t_f, _ = best_of(repeat, lambda: graph.findings(as_of=as_of))
    t_c, _ = best_of(repeat, graph.coverage)
    t_r, _ = best_of(repeat, lambda: graph.rollup(progress))
    assert len(rolled) == len(graph)
    assert all(0.0 <= v <= 1.0 for v in rolled.values())
    print(f"  networkx topological_sort (base)   {t_topo:8.3f} s")
    print(
        f"  findings + coverage + rollup       {t_queries:8.3f} s   "
        f"ratio {t_queries / t_topo:5.2f}x  (aim 3x)"
    )
    print(
        f"    findings {t_f:.3f} s ({len(findings):,}), coverage {t_c:.3f} s "
        f"({len(coverage)} stars), rollup {t_r:.3f} s"
    )


if __name__ == "__main__":
    main()
