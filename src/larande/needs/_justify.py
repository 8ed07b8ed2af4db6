"""The two questions before any training: is it needed, and does it serve the goals?"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.frozenmap import FrozenMap
from larande.goals import GoalGraph, Level
from larande.messages import render
from larande.needs._records import Need, NeedScope
from larande.organization import Organization


def _paths(value: object) -> tuple[tuple[str, ...], ...]:
    if isinstance(value, tuple):
        return value
    return tuple(tuple(p) for p in value)  # type: ignore[attr-defined]


@attrs.frozen
class Justification:
    """The answer to both gate questions for one need, with the line of sight.

    Attributes:
        need: the need judged.
        ok: both questions answered yes: go ahead.
        person_need: does the subject need it? A gap or a due date (a unit need's evidence
            always stands).
        organization_need: does it serve the organisation? Some goal owned by the
            subject's unit, an ancestor unit, or the whole organisation depends on the
            competency.
        goal_paths: for each such goal, one shortest path from it up to a root (goal ids).
        explanation: the answer in an English sentence.
        code: the message code of the answer (``"justification.go-ahead.gap"``...); by
            default the one that fits the need and the two answers.
        params: the values the answer names, for translation (``subject``, ``competency``,
            ``gap``, ``due``, ``paths``); by default taken from the need and the paths.
    """

    need: Need = attrs.field(validator=check.instance(Need, "a Need"))
    ok: bool
    person_need: bool
    organization_need: bool
    goal_paths: tuple[tuple[str, ...], ...] = attrs.field(converter=_paths)
    explanation: str = attrs.field(validator=check.text)
    code: str = attrs.field(
        default=attrs.Factory(lambda self: _code(self), takes_self=True),
        validator=check.identifier,
    )
    params: FrozenMap[str, Any] = attrs.field(
        default=attrs.Factory(lambda self: _params(self), takes_self=True),
        converter=check.frozen_params,
    )

    @property
    def goals(self) -> tuple[str, ...]:
        """The ids of the goals that justify the need (the first of each path)."""
        return tuple(p[0] for p in self.goal_paths)

    def __repr__(self) -> str:
        # One line of at most 200 characters (DESIGN 9.7): the paths are in goal_paths.
        verdict = "ok" if self.ok else "refused"
        person = "yes" if self.person_need else "no"
        organization = "yes" if self.organization_need else "no"
        goals = ", ".join(self.goals) or "none"
        text = (
            f"Justification({self.need.id}: {verdict}; person need {person}, "
            f"organisation need {organization}; goals {goals})"
        )
        return text if len(text) <= 200 else text[:196] + "...)"


def _code(verdict: Justification) -> str:
    """The message code that fits a verdict: its outcome, then why (or why not)."""
    need = verdict.need
    why = (
        "unit"
        if need.scope is NeedScope.UNIT
        else "gap"
        if need.gap > 0
        else "due"
        if need.due is not None
        else "met"
    )
    if verdict.ok:
        return f"justification.go-ahead.{'gap' if why == 'met' else why}"
    if why == "met":
        return (
            "justification.hold.met" if verdict.organization_need else "justification.hold.neither"
        )
    return f"justification.hold.{why}"


def _params(verdict: Justification) -> FrozenMap[str, Any]:
    need = verdict.need
    return FrozenMap(
        {
            "subject": need.subject,
            "scope": need.scope.value,
            "competency": need.competency,
            "gap": need.gap,
            "due": None if need.due is None else need.due.isoformat(),
            "paths": verdict.goal_paths,
        }
    )


def _shortest_up(goals: GoalGraph, start: str) -> tuple[str, ...]:
    """One shortest path of parent links from ``start`` to a root (ties: sorted ids)."""
    came_from: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        gid = queue.popleft()
        ups = goals.parents(gid)
        if not ups:
            path = [gid]
            back = came_from[gid]
            while back is not None:
                path.append(back)
                back = came_from[back]
            return tuple(reversed(path))
        for up in ups:
            if up not in came_from:
                came_from[up] = gid
                queue.append(up)
    raise AssertionError("a goal graph always has a root above every goal")  # pragma: no cover


def justify(need: Need, goals: GoalGraph, org: Organization) -> Justification:
    """Answer the two gate questions for ``need``: is it needed, and which goals does it serve?

    Looks up the goals depending on the competency through the graph's index (it does not
    scan the graph), keeping those owned by the subject's unit, one of its ancestor units,
    or the whole organisation (``owner=None``).

    >>> from larande.datasets import load_demo
    >>> from larande.needs import analyze
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, as_of=demo.as_of)
    >>> need = report.for_person("xin.li")[1]
    >>> need.competency
    'release-management'
    >>> verdict = justify(need, demo.goals, demo.org)
    >>> verdict.ok, verdict.goal_paths
    (True, (('it-release-time', 'digital-welfare'),))
    """
    if not isinstance(need, Need):
        raise ValidationError(f"expected a Need, got {check.describe(need)}", path="need")
    return _Judge(goals, org)(need)


def justify_all(
    needs: Iterable[Need], goals: GoalGraph, org: Organization
) -> tuple[Justification, ...]:
    """:func:`justify` for many needs, the goals serving a unit and competency found once.

    The same verdicts as calling :func:`justify` on each (the line of sight of a unit and
    competency does not depend on the person), at a fraction of the cost for a whole
    organisation's needs.
    """
    judge = _Judge(goals, org)
    out = []
    for i, need in enumerate(needs):
        if not isinstance(need, Need):
            raise ValidationError(
                f"expected a Need, got {check.describe(need)}", path=f"needs[{i}]"
            )
        out.append(judge(need))
    return tuple(out)


class _Judge:
    """Answers the gate questions; remembers each (unit, competency)'s line of sight."""

    def __init__(self, goals: GoalGraph, org: Organization) -> None:
        if not isinstance(goals, GoalGraph):
            raise ValidationError(
                f"expected a GoalGraph, got {check.describe(goals)}", path="goals"
            )
        if not isinstance(org, Organization):
            raise ValidationError(
                f"expected an Organization, got {check.describe(org)}", path="org"
            )
        self.goals = goals
        self.org = org
        self.seen: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}

    def paths(self, unit: str, competency: str) -> tuple[tuple[str, ...], ...]:
        found = self.seen.get((unit, competency))
        if found is None:
            goals, org = self.goals, self.org
            owners = (None, unit, *org.unit_ancestors(unit))
            serving = sorted(
                gid
                for gid in goals.goals_for(competency, owners=owners)
                if goals.goal(gid).level is not Level.INDIVIDUAL
            )
            found = self.seen[(unit, competency)] = tuple(
                _shortest_up(goals, gid) for gid in serving
            )
        return found

    def __call__(self, need: Need) -> Justification:
        org = self.org
        if need.scope is NeedScope.UNIT:
            unit = org.unit(need.subject).id
            person_need = True
        else:
            unit = org.person(need.subject).unit
            person_need = need.gap > 0 or need.due is not None
        paths = self.paths(unit, need.competency)
        organization_need = bool(paths)
        ok = person_need and organization_need
        # The code and params follow from the verdict (their defaults); the English
        # explanation is the catalogue's text for them, so a translation says the same.
        verdict = Justification(need, ok, person_need, organization_need, paths, "")
        return attrs.evolve(verdict, explanation=render(verdict.code, verdict.params))
