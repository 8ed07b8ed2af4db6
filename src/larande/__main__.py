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
    if args.mermaid:
        from larande.io.mermaid import goal_tree

        assert ds.goals is not None
        print(goal_tree(ds.goals))
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
    if ds.goals is not None:
        _print_goals(ds)


def _print_goals(ds: Dataset) -> None:
    assert ds.goals is not None
    graph = ds.goals
    out = print
    out()
    out(f"Goals, from the guiding stars down to individual objectives ({len(graph)} goals)")
    out(_report.goal_tree(graph))
    out()
    out("Line of sight: who learns for each guiding star")
    for root, objectives in graph.coverage().items():
        people = sorted({graph.goal(o).owner or o for o in objectives})
        names = ", ".join(people) if people else "nobody yet"
        out(f"  {graph.goal(root).title}: {names}")
    findings = graph.findings(as_of=ds.as_of)
    out()
    out(f"Findings on the goal tree as of {ds.as_of.isoformat()} ({len(findings)})")
    if findings:
        out(
            _report.table(
                ["severity", "code", "subject", "message"],
                [[f.severity.value, f.code.value, f.subject, f.message] for f in findings],
            )
        )
    else:
        out("  none")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m larande",
        description="larande: competence development for organisations.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help="run the loop on the bundled demo municipality")
    demo.add_argument(
        "--mermaid",
        action="store_true",
        help="print the demo's goal tree as a Mermaid flowchart instead",
    )
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
