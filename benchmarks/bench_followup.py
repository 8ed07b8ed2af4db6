"""Follow-up benchmark: replaying a million events, folding in a day's, and what is due.

Baseline (DESIGN §7): sorting the same events (by day and id). Aims: ``replay`` of
1,000,000 events within 3x of sorting them; folding 1,000 more into that state costs what
the 1,000 cost (a ratio against sorting those 1,000, the same whatever the history's size);
``due`` over all 50,000 people is timed.

    python benchmarks/bench_followup.py            # 50,000 people, about 1,000,000 events
    python benchmarks/bench_followup.py --smoke    # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
from collections.abc import Callable
from typing import Any

import larande
from larande import CheckIn, due, replay
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


def a_day(n: int, people: list[str], day: dt.date) -> list[CheckIn]:
    return [
        CheckIn(f"day-{day.isoformat()}-{i}", people[i % len(people)], "a0-x", day, 0.5)
        for i in range(n)
    ]


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--per-person", type=int, default=18)
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    people, per_person = (200, 10) if args.smoke else (args.people, args.per_person)
    repeat = 1 if args.smoke else 3

    ds = synthetic(people=people, seed=5, events_per_person=per_person)
    events = list(ds.events)
    ids = [p.id for p in ds.org.people]

    def by_day_and_id(e: Any) -> tuple[dt.date, str]:
        return (e.on, e.id)

    t_sort, _ = best_of(repeat, lambda: sorted(events, key=by_day_and_id))
    t_replay, state = best_of(repeat, lambda: replay(events))
    print(f"follow-up benchmark: {people:,} people, {len(events):,} events")
    print(f"  sorting the events (base)            {t_sort:8.3f} s")
    print(
        f"  replay                               {t_replay:8.3f} s   "
        f"ratio {t_replay / t_sort:5.2f}x  (aim 3x)"
    )

    today = a_day(1_000, ids, dt.date(2026, 12, 30))
    t_sort_day, _ = best_of(5, lambda: sorted(today, key=by_day_and_id))
    t_fold, _ = best_of(5, lambda: replay(today, state=state))
    small = replay(events[: len(events) // 10])
    t_fold_small, _ = best_of(5, lambda: replay(today, state=small))
    print(f"  sorting 1,000 events (base)          {t_sort_day * 1e3:8.2f} ms")
    print(
        f"  fold 1,000 into {len(state):>9,} events  {t_fold * 1e3:8.2f} ms   "
        f"ratio {t_fold / t_sort_day:6.1f}x"
    )
    print(
        f"  fold 1,000 into {len(small):>9,} events  {t_fold_small * 1e3:8.2f} ms   "
        f"ratio {t_fold_small / t_sort_day:6.1f}x  (10x the history costs "
        f"{t_fold / t_fold_small:4.2f}x)"
    )
    t_due, reminders = best_of(repeat, lambda: due(state, as_of=dt.date(2026, 12, 31)))
    print(
        f"  due, all {people:,} people              {t_due:8.3f} s   {len(reminders):,} reminders"
    )


if __name__ == "__main__":
    main()
