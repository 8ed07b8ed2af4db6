"""JSON benchmark: one large organisation's document written and read, streamed and whole.

Baseline (issue 19): the whole-document path that ``dumps`` and ``loads`` took before
streaming, still there as ``dumps`` and ``larande.io.json._loads_whole``: the document built
as one tree of dicts and lists and joined into one string; the text parsed into one tree,
then read. Loading a 500,000-person document that way took 10 GB (7-8x the text) and 126 s,
a third of it in the garbage collector and a quarter replaying the events, and the
1.3-million-person dump ran out of memory. Aim: ``dump`` and ``load`` stay a small multiple
of the text in memory (``dump`` a few MiB above the dataset it writes), and ``load`` spends
little in the collector and nothing replaying.

Every measurement runs in a fresh process (``--measure``), from the document written once:
its peak memory is the peak resident set (the kernel's high-water mark, reset through
``/proc/self/clear_refs`` just before the measured step; ``ru_maxrss`` where that is
missing) minus the resident set just before; its time is CPU time (``time.process_time``),
since other work may share the machine. Time in the collector is summed from
``gc.callbacks``; time replaying from ``Dataset``'s call to ``replay`` (which checks the
events, the state it builds dropped).

    python benchmarks/bench_json.py                              # 500,000 people
    python benchmarks/bench_json.py --people 1300000 --dump-only # the nation's size, written
    python benchmarks/bench_json.py --smoke                      # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import larande
import larande.dataset
from larande.dataset import Dataset
from larande.datasets import synthetic
from larande.io import json as ljson

MIB = 2**20


def _status(field: str) -> int | None:
    """A ``/proc/self/status`` figure in bytes (``VmRSS``, ``VmHWM``), if there is one."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _peak_so_far() -> int:
    peak = _status("VmHWM")
    if peak is not None:
        return peak
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def _reset_peak() -> None:
    """Reset the high-water mark to the current resident set (Linux), if allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass


@contextmanager
def _timed(totals: dict[str, float], name: str) -> Iterator[None]:
    start = time.process_time()
    try:
        yield
    finally:
        totals[name] = totals.get(name, 0.0) + time.process_time() - start


def _wrap(totals: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        with _timed(totals, name):
            return fn(*args, **kwargs)

    return timed


def measure(kind: str, file: Path) -> dict[str, float]:
    """One measurement, in this (fresh) process: CPU seconds, peak bytes, GC and replay."""
    totals: dict[str, float] = {}
    dataset: Dataset | None = None
    if kind in ("dumps", "dump"):
        with file.open("rb") as fp:
            dataset = ljson.load(fp, Dataset)
    if kind == "load-paused":
        larande.pause_collector(True)  # what the command line does
    larande.dataset.replay = _wrap(totals, "replay", larande.dataset.replay)
    gc_start = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_start[0] = time.process_time()
        else:
            totals["gc"] = totals.get("gc", 0.0) + time.process_time() - gc_start[0]

    gc.collect()
    before = _status("VmRSS") or _peak_so_far()
    _reset_peak()
    gc.callbacks.append(on_gc)
    out = file.with_suffix(".out.json")
    with _timed(totals, "cpu"):
        if kind == "dumps":
            text = ljson.dumps(dataset)
            out.write_text(text + "\n", encoding="utf-8")
            del text
        elif kind == "dump":
            with out.open("w", encoding="utf-8") as fp:
                ljson.dump(dataset, fp)
                fp.write("\n")
        elif kind == "loads-whole":
            read = ljson._loads_whole(file.read_bytes(), Dataset)
        else:
            with file.open("rb") as fp:
                read = ljson.load(fp, Dataset)
    gc.callbacks.remove(on_gc)
    totals["peak"] = _peak_so_far() - before
    if kind.startswith("load"):
        gc.collect()
        totals["kept"] = (_status("VmRSS") or 0) - before  # the dataset itself, text gone
        totals["people"] = len(read.org.people)
    else:
        totals["same"] = float(out.read_bytes() == file.read_bytes())
        out.unlink()
    return totals


def _in_fresh_process(kind: str, file: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--file", str(file)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _dump_only(people: int) -> None:
    """Generate ``people`` people, write them streamed, in this process (no second copy)."""
    larande.pause_collector(True)
    start = time.process_time()
    dataset = synthetic(people=people, seed=1)
    made = time.process_time() - start
    print(f"json benchmark, dump only: {dataset!r}")
    print(f"  generated in {made:,.1f} s CPU, resident {(_status('VmRSS') or 0) / MIB:,.0f} MiB")
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "org.json"
        gc.collect()
        before = _status("VmRSS") or _peak_so_far()
        _reset_peak()
        start = time.process_time()
        with file.open("w", encoding="utf-8") as fp:
            ljson.dump(dataset, fp)
            fp.write("\n")
        took = time.process_time() - start
        peak = _peak_so_far() - before
        size = file.stat().st_size
    print(
        f"  dump to a file: {size / 1e6:,.0f} MB in {took:,.1f} s CPU ({size / 1e6 / took:,.0f} "
        f"MB/s), peak {peak / MIB:,.0f} MiB above the dataset ({peak / size:.3f}x the text)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500_000)
    parser.add_argument("--smoke", action="store_true", help="a tiny run, to keep this working")
    parser.add_argument("--dump-only", action="store_true", help="generate and dump, no more")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.file)))
        return
    people = 300 if args.smoke else args.people
    if args.dump_only:
        _dump_only(people)
        return

    larande.pause_collector(True)  # generating is not what is measured
    start = time.process_time()
    dataset = synthetic(people=people, seed=1)
    made = time.process_time() - start
    print(f"json benchmark: {dataset!r} (generated in {made:,.1f} s CPU)")
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "org.json"
        with file.open("w", encoding="utf-8") as fp:
            ljson.dump(dataset, fp)
            fp.write("\n")
        del dataset
        gc.collect()
        size = file.stat().st_size
        print(f"  the document: {size / 1e6:,.1f} MB of UTF-8 text; times are CPU seconds")
        results = {}
        for kind in ("dumps", "dump", "loads-whole", "load", "load-paused"):
            results[kind] = r = _in_fresh_process(kind, file)
            gc_share = r.get("gc", 0.0) / r["cpu"]
            replay_share = r.get("replay", 0.0) / r["cpu"]
            print(
                f"  {kind:<12} {r['cpu']:8.2f} s   peak {r['peak'] / MIB:8,.0f} MiB "
                f"({r['peak'] / size:4.2f}x the text)   collector {gc_share:5.1%}   "
                f"replay {replay_share:5.1%}"
                + (f"   resident after {r['kept'] / size:4.2f}x" if "kept" in r else "")
                + ("" if r.get("same", 1.0) else "   DIFFERENT TEXT")
            )
    whole, streamed = results["loads-whole"], results["load"]
    print(
        f"  ratios: dump/dumps time {results['dump']['cpu'] / results['dumps']['cpu']:.2f}x, "
        f"memory {results['dump']['peak'] / max(results['dumps']['peak'], 1):.2f}x; "
        f"load/loads-whole time {streamed['cpu'] / whole['cpu']:.2f}x "
        f"(paused {results['load-paused']['cpu'] / whole['cpu']:.2f}x), "
        f"memory {streamed['peak'] / whole['peak']:.2f}x"
    )


if __name__ == "__main__":
    main()
