"""A national picture: every municipality and region reviewed, then merged.

Generates Sweden's 290 municipalities and 21 regions at a small scale, writes them as a
folder of organisation documents (one JSON file each, as real data would arrive), reads the
folder back as a stream and reviews every organisation: in-process by default, or on a local
Dask cluster with ``--workers N``. Then prints the national needs matrix (small groups
suppressed), the hours of learning per month, the national goals' progress and the largest
organisations' figures.

Run: python examples/national.py [--scale 0.001] [--workers 2]
"""

from __future__ import annotations

import argparse
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from larande.datasets import national
from larande.distributed import NATION, run
from larande.io.json import read_folder, write_folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.0005)
    parser.add_argument("--workers", type=int, default=0, help="0: in-process")
    args = parser.parse_args()

    nation = national(scale=args.scale, seed=0)
    print(f"{nation!r}")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp) / "nation"
        # A generator: one organisation in memory at a time.
        write_folder(((i, nation.dataset(i)) for i in nation.ids), folder)
        client: Any = None
        if args.workers:
            import distributed

            cluster = stack.enter_context(
                distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1)
            )
            client = stack.enter_context(distributed.Client(cluster))
            print(f"dashboard: {client.dashboard_link}")

        def report(done: int, total: int) -> None:
            # A folder is a stream of unknown length: total counts the files read so far.
            if done % 100 == 0:
                print(f"  {done} organisations reviewed ({total} read)")

        result = run(read_folder(folder), as_of=nation.as_of, client=client, progress=report)

    print(result)
    matrix = result.matrix()
    print(f"\nNeeds per competency, the nation ({matrix!r}):")
    for competency in matrix.competencies[:6]:
        cell = matrix[(NATION, competency)]
        shown = "suppressed" if cell.suppressed else f"{cell.with_gap} of {cell.people} with a gap"
        print(f"  {competency:<22} {shown}")
    print("\nHours of learning placed per month:")
    for (year, month), hours in result.load().items():
        print(f"  {year}-{month:02d}  {hours:10,.0f} h")
    print("\nNational goals:")
    for goal, found in result.progress().items():
        print(f"  {goal:<18} {found.fraction:.1%} across {found.organizations} organisations")
    print("\nThe five largest organisations:")
    rows = sorted(result.summary(), key=lambda r: -r.people)[:5]
    for row in rows:
        print(
            f"  {nation.names[row.org_id]:<24} {row.people:>6} people {row.needs:>6} needs "
            f"{row.placed:>6} placed {row.unplaced:>4} unplaced"
        )


if __name__ == "__main__":
    main()
