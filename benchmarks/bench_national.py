"""National benchmark: a nation's reviews in-process and on a local Dask cluster.

Baseline (issue 19): the sum of the single-organisation ``review`` times, each organisation
generated and reviewed alone in this process. Figures: people per second of the baseline,
of ``larande.distributed.run`` in-process (generation included) and on a ``LocalCluster``
of ``--workers`` processes; the speed-up of the cluster over in-process; the peak resident
memory of the largest worker. Aims (issue 19): the whole nation (``--scale 1``) finishes
with no worker over 4 GiB; 2 workers at least 1.7x one at ``--scale 0.1``.

    python benchmarks/bench_national.py --scale 0.1           # 130,000 people
    python benchmarks/bench_national.py --scale 1 --no-alone  # the nation, cluster only
    python benchmarks/bench_national.py --smoke               # a tiny run, as in CI
"""

from __future__ import annotations

import argparse
import resource
import time

import larande
from larande.datasets import national
from larande.distributed import run


def _peak_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-alone", action="store_true", help="skip the in-process runs")
    parser.add_argument("--smoke", action="store_true", help="a tiny run, as in CI")
    args = parser.parse_args()
    if args.smoke:
        args.scale = 0.0005
    larande.pause_collector(True)  # a batch job: see larande.pause_collector
    nation = national(scale=args.scale, seed=args.seed)
    as_of = nation.as_of
    print(f"{nation!r}; largest {max(nation.sizes.values()):,} people")

    in_process = None
    if not args.no_alone:
        made = reviewed = 0.0
        for org_id in nation.ids:
            start = time.perf_counter()
            ds = nation.dataset(org_id)
            middle = time.perf_counter()
            larande.review(ds, as_of=as_of)
            made += middle - start
            reviewed += time.perf_counter() - middle
            del ds
        print(
            f"baseline, reviews one by one: {reviewed:8.2f} s "
            f"({nation.people / reviewed:10,.0f} people/s); generating them {made:.2f} s"
        )
        start = time.perf_counter()
        in_process = run(nation, as_of=as_of)
        took = time.perf_counter() - start
        print(
            f"run in-process:               {took:8.2f} s ({nation.people / took:10,.0f} people/s)"
            f"  ratio {took / reviewed:.2f}x the baseline (generation included)"
        )
    else:
        took = None

    import distributed

    with (
        distributed.LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        start = time.perf_counter()
        spread = run(nation, as_of=as_of, client=client)
        wall = time.perf_counter() - start
        peaks = client.run(_peak_mib)
    line = (
        f"run on {args.workers} workers:            {wall:8.2f} s "
        f"({nation.people / wall:10,.0f} people/s)"
    )
    if took is not None:
        line += f"  speed-up {took / wall:.2f}x over in-process"
    print(line)
    print(f"largest worker's peak memory: {max(peaks.values()):,.0f} MiB")
    if in_process is not None:
        print(f"same result in-process and on the cluster: {in_process == spread}")
    print(spread)


if __name__ == "__main__":
    main()
