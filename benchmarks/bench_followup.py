"""Follow-up benchmark: replaying a million events, folding in a day's, and what is due.

Baseline (DESIGN §7): sorting the same events (by day and id). Aims: ``replay`` of
1,000,000 events within 3x of sorting them; folding 1,000 more into that state within 10x
of sorting those 1,000, the same whatever the history's size; ``due`` over all 50,000
people is timed. Times are CPU time (``time.process_time``), fairer on a loaded machine.

A fold adds a layer to the state's maps and now and then merges layers (see
``larande._pmap``), so folds are not all alike: besides the best fold, it prints the worst
of 30 consecutive days folded into the million events, and the mean and worst of a year of
days folded into the 100,000, whose merges include copies of the whole state.

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
from larande import CheckIn, FollowUpState, due, replay
from larande.datasets import synthetic


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def a_day(n: int, people: list[str], day: dt.date) -> list[CheckIn]:
    return [
        CheckIn(f"day-{day.isoformat()}-{i}", people[i % len(people)], "a0-x", day, 0.5)
        for i in range(n)
    ]


def day_by_day(
    state: FollowUpState, days: int, n: int, people: list[str]
) -> tuple[list[float], FollowUpState]:
    """The CPU time of each of ``days`` folds of ``n`` events, one day after another.

    Each day's events come from the next ``n`` people, so the maps' layers grow as a
    host's would. What is there before is frozen (``gc.freeze``), so that the collection
    before each day is of that day's objects, not a walk through the whole heap.
    """
    times = []
    gc.collect()
    gc.freeze()
    try:
        for d in range(days):
            start = d * n % len(people)
            when = dt.date(2027, 1, 1) + dt.timedelta(d)
            day = a_day(n, people[start:] + people[:start], when)
            gc.collect()
            began = time.process_time()
            state = replay(day, state=state)
            times.append(time.process_time() - began)
    finally:
        gc.unfreeze()
    return times, state


def main() -> None:
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--per-person", type=int, default=18)
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    args = parser.parse_args()
    people, per_person = (200, 10) if args.smoke else (args.people, args.per_person)
    repeat = 1 if args.smoke else 3
    # A day's events, and how many days in a row: a state's eighth or more is rebuilt in
    # one go instead of folded in, so the smoke run's days are small.
    n_day, days, year = (20, 5, 12) if args.smoke else (1_000, 30, 365)

    ds = synthetic(people=people, seed=5, events_per_person=per_person)
    events = list(ds.events)
    ids = [p.id for p in ds.org.people]

    def by_day_and_id(e: Any) -> tuple[dt.date, str]:
        return (e.on, e.id)

    t_sort, _ = best_of(repeat, lambda: sorted(events, key=by_day_and_id))
    t_replay, state = best_of(repeat, lambda: replay(events))
    print(f"follow-up benchmark: {people:,} people, {len(events):,} events (CPU time)")
    print(f"  sorting the events (base)            {t_sort:8.3f} s")
    print(
        f"  replay                               {t_replay:8.3f} s   "
        f"ratio {t_replay / t_sort:5.2f}x  (aim 3x)"
    )

    today = a_day(n_day, ids, dt.date(2026, 12, 30))
    t_sort_day, _ = best_of(5, lambda: sorted(today, key=by_day_and_id))
    t_fold, _ = best_of(5, lambda: replay(today, state=state))
    small = replay(events[: len(events) // 10])
    t_fold_small, _ = best_of(5, lambda: replay(today, state=small))
    print(f"  sorting {n_day:,} events (base)          {t_sort_day * 1e3:8.2f} ms")
    print(
        f"  fold {n_day:,} into {len(state):>9,} events  {t_fold * 1e3:8.2f} ms   "
        f"ratio {t_fold / t_sort_day:6.1f}x  (aim 10x)"
    )
    print(
        f"  fold {n_day:,} into {len(small):>9,} events  {t_fold_small * 1e3:8.2f} ms   "
        f"ratio {t_fold_small / t_sort_day:6.1f}x  (10x the history costs "
        f"{t_fold / t_fold_small:4.2f}x)"
    )
    times, _ = day_by_day(state, days, n_day, ids)
    mid = sorted(times)[len(times) // 2]
    print(
        f"  {days} days in a row into {len(state):,}: best {min(times) * 1e3:.2f} ms, "
        f"median {mid * 1e3:.2f} ms, worst {max(times) * 1e3:.2f} ms   "
        f"ratio best {min(times) / t_sort_day:.1f}x, worst {max(times) / t_sort_day:.1f}x"
    )
    times, _ = day_by_day(small, year, n_day, ids)
    mean = sum(times) / len(times)
    print(
        f"  {year} days in a row into {len(small):,} (merges of the whole state included): "
        f"mean {mean * 1e3:.2f} ms, worst {max(times) * 1e3:.2f} ms   "
        f"ratio mean {mean / t_sort_day:.1f}x, worst {max(times) / t_sort_day:.1f}x"
    )
    t_due, reminders = best_of(repeat, lambda: due(state, as_of=dt.date(2026, 12, 31)))
    print(
        f"  due, all {people:,} people              {t_due:8.3f} s   {len(reminders):,} reminders"
    )


if __name__ == "__main__":
    main()
