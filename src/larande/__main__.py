"""The command line: ``python -m larande demo``.

Later capabilities add ``analyze``, ``plan``, ``schedule`` and ``due``, each reading a
``Dataset`` JSON document and writing its result as a JSON document.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from larande import _report
from larande.dataset import Dataset
from larande.exceptions import LarandeError


def _demo(args: argparse.Namespace) -> int:
    from larande.datasets import load_demo

    ds = load_demo()
    if args.export:
        from larande.io import json

        Path(args.export).write_text(json.dumps(ds, indent=1) + "\n", encoding="utf-8")
        print(f"Wrote the demo dataset to {args.export}")
        return 0
    _print_dataset(ds, title="larande demo: Älvby municipality")
    return 0


def _print_dataset(ds: Dataset, *, title: str) -> None:
    org = ds.org
    out = print
    out(title)
    out("=" * len(title))
    out(
        f"As of {ds.as_of.isoformat()}: {len(org.people)} people in {len(org.units)} units, "
        f"{len(org.roles)} roles, {len(org.framework)} competencies, "
        f"{len(ds.assessments)} assessments."
    )
    out()
    out("Units")
    out(_report.unit_tree(org))
    out()
    out("Roles")
    holders: dict[str, int] = {}
    for p in org.people:
        for r in p.roles:
            holders[r] = holders.get(r, 0) + 1
    rows = []
    for role in org.roles:
        needs = ", ".join(
            f"{req.competency} {req.level}"
            + (f" from {req.effective.isoformat()}" if req.effective else "")
            for req in role.requirements
        )
        rows.append([role.name, holders.get(role.id, 0), needs])
    out(_report.table(["role", "people", "requires (competency level)"], rows))
    out()
    out("Competencies")
    fw = org.framework
    rows = []
    for comp in fw.competencies:
        depth = len(fw.ancestors(comp.id))
        scale = fw.scale(comp.scale)
        valid = f"valid {comp.validity.days} days" if comp.validity else ""
        rows.append(["  " * depth + comp.name, comp.id, f"{scale.id} 0..{scale.top}", valid])
    out(_report.table(["competency", "id", "scale", "expiry"], rows))
    out()
    out(f"Competence against requirements in effect on {ds.as_of.isoformat()}")
    out("(latest valid assessment per person; expired certificates count as unknown)")
    out(_report.competence_against_requirements(org, ds.assessments, as_of=ds.as_of))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m larande",
        description="larande: competence development for organisations.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help="run the loop on the bundled demo municipality")
    demo.add_argument(
        "--export",
        metavar="OUT.json",
        help="write the demo dataset as a JSON document instead of printing it",
    )
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except LarandeError as err:
        print(f"larande: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
