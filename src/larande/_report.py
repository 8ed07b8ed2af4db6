"""Plain-text views of larande values for the command line and notebooks (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from larande.competence import Assessment, is_valid
from larande.goals import GoalGraph
from larande.messages import render
from larande.organization import Organization


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, indent: int = 2) -> str:
    """Align rows under headers; numeric columns right-aligned, the rest left-aligned.

    >>> print(table(["unit", "people"], [["it", 9], ["homecare", 21]]))
      unit      people
      it             9
      homecare      21
    """
    raw = [list(r) for r in rows]
    numeric = [
        bool(raw)
        and all(isinstance(r[i], int | float) or r[i] == "-" for r in raw)
        and any(isinstance(r[i], int | float) for r in raw)
        for i in range(len(headers))
    ]
    body = [["" if c is None else str(c) for c in r] for r in raw]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ]
        return (" " * indent + "  ".join(parts)).rstrip()

    return "\n".join([line(headers)] + [line(r) for r in body])


def unit_tree(org: Organization, *, lang: str = "en") -> str:
    """The unit hierarchy as an indented tree, with head counts (sub-units included)."""
    people = render("report.people", lang=lang)
    lines: list[str] = []

    def walk(unit_id: str, prefix: str, last: bool, root: bool) -> None:
        unit = org.unit(unit_id)
        label = f"{unit.name} ({unit.id})"
        count = len(org.members(unit_id))
        branch = "" if root else ("└─ " if last else "├─ ")
        lines.append(f"{prefix}{branch}{label}".ljust(60) + f"{count:>4} {people}")
        children = org.subunits(unit_id)
        inner = prefix if root else prefix + ("   " if last else "│  ")
        for i, child in enumerate(children):
            walk(child, inner, i == len(children) - 1, False)

    for u in org.units:
        if u.parent is None:
            walk(u.id, "  ", True, True)
    return "\n".join(lines)


def competence_against_requirements(
    org: Organization, assessments: Iterable[Assessment], *, as_of: dt.date, lang: str = "en"
) -> str:
    """Per unit with members and per required competency: who meets, falls short, is unknown.

    Only requirements in effect on ``as_of`` count, and only valid assessments (not expired,
    not later than ``as_of``), the latest per person and competency.
    """
    fw = org.framework
    latest: dict[tuple[str, str], Assessment] = {}
    for a in assessments:
        if not is_valid(a, fw.competency(a.competency), as_of):
            continue
        key = (a.person, a.competency)
        held = latest.get(key)
        if held is None or (a.on, a.level) > (held.on, held.level):
            latest[key] = a
    rows: list[list[object]] = []
    for unit in org.units:
        members = org.members(unit.id, recursive=False)
        if not members:
            continue
        required: dict[str, list[int]] = {}
        for person in members:
            for role in org.roles_of(person.id):
                for req in role.requirements:
                    if req.effective is not None and req.effective > as_of:
                        continue
                    have = latest.get((person.id, req.competency))
                    counts = required.setdefault(req.competency, [0, 0, 0, 0])
                    counts[0] += 1
                    if have is None:
                        counts[3] += 1
                    elif have.level >= req.level:
                        counts[1] += 1
                    else:
                        counts[2] += 1
        for comp, (n, meet, below, unknown) in required.items():
            rows.append([unit.id, fw.competency(comp).name, n, meet, below, unknown])
    heads = ("unit", "competency", "required-of", "meet", "below", "unknown")
    return table([render(f"report.col.{h}", lang=lang) for h in heads], rows)


def goal_tree(graph: GoalGraph, *, lang: str = "en") -> str:
    """The goal graph as an indented text tree, from the roots down.

    A goal serving several parents appears under each of them.
    """
    lines: list[str] = []

    def describe(gid: str) -> str:
        goal = graph.goal(gid)
        bits = [render(f"level.{goal.level.name.lower()}", lang=lang)]
        if goal.owner:
            bits.append(goal.owner)
        if goal.metric is not None:
            m = goal.metric
            bits.append(f"{m.name}: {m.baseline:g} → {m.target:g} {m.unit}")
        if goal.deadline is not None:
            bits.append(render("report.goal-by", {"day": goal.deadline.isoformat()}, lang=lang))
        return f"{goal.title}  [{'; '.join(bits)}]"

    def walk(gid: str, prefix: str, last: bool, root: bool) -> None:
        branch = "" if root else ("└─ " if last else "├─ ")
        lines.append(f"{prefix}{branch}{describe(gid)}")
        kids = graph.children(gid)
        inner = prefix if root else prefix + ("   " if last else "│  ")
        for i, kid in enumerate(kids):
            walk(kid, inner, i == len(kids) - 1, False)

    for root in graph.roots():
        walk(root, "  ", True, True)
    return "\n".join(lines)
