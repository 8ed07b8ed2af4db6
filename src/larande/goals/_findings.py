"""The findings about a goal graph: what a manager should look at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from larande import _check as check
from larande.exceptions import ValidationError
from larande.goals._records import Finding, FindingCode, Goal, Level, Severity
from larande.messages import render

_SEVERITY = dict.fromkeys(FindingCode, Severity.WARNING) | {
    FindingCode.TOO_MANY_GOALS: Severity.INFO
}


def graph_findings(
    goals: Mapping[str, Goal],
    parents: Mapping[str, Mapping[str, float]],
    *,
    as_of: dt.date | None,
    achieved: Collection[str],
) -> tuple[Finding, ...]:
    """What ``GoalGraph.findings`` returns for these goals and their parent links."""
    if as_of is not None and not check.is_day(as_of):
        raise ValidationError(
            f"expected as_of to be a datetime.date or None, got {check.describe(as_of)}",
            path="as_of",
        )
    if isinstance(achieved, str) or not isinstance(achieved, Collection):
        raise ValidationError(
            f"expected achieved to be a collection of goal ids, got {check.describe(achieved)}",
            path="achieved",
        )
    achieved = frozenset(achieved)
    out: list[Finding] = []
    owned: dict[tuple[str, Level], list[str]] = {}
    org, unit, team = Level.ORGANIZATION, Level.UNIT, Level.TEAM
    for gid, goal in goals.items():
        level = goal.level
        ups = parents[gid]
        if not ups and level is not org:
            out.append(_finding(FindingCode.ORPHAN, gid, goal=gid, title=goal.title))
        if level is org or level is unit:
            missing = [
                what
                for what, value in (("metric", goal.metric), ("deadline", goal.deadline))
                if value is None
            ]
            if missing:
                out.append(
                    _finding(
                        FindingCode.UNMEASURABLE, gid, goal=gid, title=goal.title, missing=missing
                    )
                )
        if (level is unit or level is team) and goal.owner is not None:
            owned.setdefault((goal.owner, level), []).append(gid)
        deadline = goal.deadline
        if deadline is not None:
            for up in ups:
                later = goals[up].deadline
                if later is not None and deadline > later:
                    out.append(
                        _finding(
                            FindingCode.DEADLINE_AFTER_PARENT,
                            gid,
                            goal=gid,
                            title=goal.title,
                            parent=up,
                            parent_title=goals[up].title,
                            deadline=deadline.isoformat(),
                            parent_deadline=later.isoformat(),
                        )
                    )
            if as_of is not None and deadline < as_of and gid not in achieved:
                out.append(
                    _finding(
                        FindingCode.OVERDUE,
                        gid,
                        goal=gid,
                        title=goal.title,
                        deadline=deadline.isoformat(),
                        days=(as_of - deadline).days,
                    )
                )
    out.extend(
        _finding(FindingCode.UNCOVERED, root, goal=root, title=goals[root].title)
        for root in _uncovered_roots(goals, parents)
    )
    for (owner, level), ids in owned.items():
        if len(ids) > 2:
            out.append(
                _finding(
                    FindingCode.TOO_MANY_GOALS,
                    owner,
                    owner=owner,
                    level=level.name.lower(),
                    count=len(ids),
                    goals=sorted(ids),
                )
            )
    out.sort(key=lambda f: (f.code.value, f.subject, f.message, repr(sorted(f.params.items()))))
    return tuple(out)


def _uncovered_roots(
    goals: Mapping[str, Goal], parents: Mapping[str, Mapping[str, float]]
) -> list[str]:
    """Organisation roots with no individual objective anywhere below them."""
    # Bottom-up: a goal is covered if it is an objective or a child is covered.
    covered: set[str] = set()
    stack = [g for g, goal in goals.items() if goal.level is Level.INDIVIDUAL]
    covered.update(stack)
    while stack:
        for up in parents[stack.pop()]:
            if up not in covered:
                covered.add(up)
                stack.append(up)
    return [
        g
        for g, ups in parents.items()
        if not ups and goals[g].level is Level.ORGANIZATION and g not in covered
    ]


def _finding(code: FindingCode, subject: str, **params: Any) -> Finding:
    # The English text is the catalogue's, so a host's translation says the same.
    message = render(f"finding.{code.value}", params)
    return Finding(code, _SEVERITY[code], subject, message, params)
