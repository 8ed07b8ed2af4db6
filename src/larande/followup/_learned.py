"""What follow-up shows people have learnt: passed activities and objectives, as assessments."""

from __future__ import annotations

import datetime as dt

from larande import _check as check
from larande._unchecked import unchecked
from larande.catalog import Catalog
from larande.competence import Assessment
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup._events import ActivityCompleted, ObjectiveAchieved
from larande.followup._state import FollowUpState
from larande.goals import GoalGraph, Level

EVIDENCE = "evidence"
"""The ``source`` of every assessment :func:`learned` makes."""

# Completions give many assessments from validated events and activities: built unchecked.
_evidence = unchecked(Assessment)


def evidence_id(event: str, competency: str) -> str:
    """The id of the assessment an event gives for a competency: ``"ev:{event}:{competency}"``.

    >>> evidence_id("xapi-7f3a", "ci-cd")
    'ev:xapi-7f3a:ci-cd'
    """
    return f"ev:{event}:{competency}"


def learned(
    state: FollowUpState,
    catalog: Catalog,
    *,
    goals: GoalGraph | None = None,
    as_of: dt.date,
) -> tuple[Assessment, ...]:
    """The competence follow-up evidence shows, up to ``as_of``, as assessments.

    A completion that was passed (``passed`` is not ``False``) gives, for each competency
    its activity develops, an :class:`~larande.Assessment` at the level the activity brings
    a learner to, on the completion's day, with ``source="evidence"`` and the id
    ``"ev:{event id}:{competency}"``, so every level can be traced to what showed it. With
    ``goals``, an :class:`ObjectiveAchieved` gives the objective's competencies at its
    ``target_level`` (an objective without one gives nothing). Retracted events give
    nothing; a failed completion gives nothing, so a later failure never erases an earlier
    pass. Events after ``as_of`` do not count yet.

    The assessments go to :func:`~larande.analyze` like any others (the latest counts; on
    the same day, the higher level): a later, lower manager assessment reopens a need.
    :func:`~larande.review` folds them in for you, leaving out evidence below what a person
    was already known to hold (an e-learning at level 2 does not lower a manager's 3).

    Returns:
        The assessments, sorted by person, competency, day and id.

    Raises:
        UnknownIdError: a completion names an activity the catalog does not hold, or an
            achievement an objective ``goals`` does not hold; the path names the event.

    >>> from larande.datasets import load_demo
    >>> from larande.followup import replay
    >>> demo = load_demo()
    >>> shown = learned(replay(demo.events), demo.catalog, goals=demo.goals,
    ...                 as_of=dt.date(2026, 4, 15))
    >>> [(a.competency, a.level, a.on.isoformat(), a.id) for a in shown if a.person == "xin.li"]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('ci-cd', 2, '2026-01-16', 'ev:xapi-7e01:ci-cd'),
     ('ci-cd', 3, '2026-02-18', 'ev:xapi-7f3a:ci-cd'),
     ('release-management', 2, '2026-01-16', 'ev:xapi-7e01:release-management'),
     ('release-management', 3, '2026-02-18', 'ev:xapi-7f3a:release-management'),
     ('release-management', 2, '2026-03-27', 'ev:oa-xin-1:release-management')]
    """
    if not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    if not isinstance(catalog, Catalog):
        raise ValidationError(f"expected a Catalog, got {check.describe(catalog)}", path="catalog")
    if goals is not None and not isinstance(goals, GoalGraph):
        raise ValidationError(
            f"expected a GoalGraph or None, got {check.describe(goals)}", path="goals"
        )
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    out: list[Assessment] = []
    events = (e for person in state.people() for e in state.of_person(person))
    for e in events:
        if e.on > as_of:
            continue
        if isinstance(e, ActivityCompleted):
            if e.passed is False:
                continue
            if e.activity not in catalog:
                raise UnknownIdError(
                    "activity",
                    e.activity,
                    path=f"state[{e.id!r}].activity",
                    referrer=f"completion {e.id!r}",
                )
            out.extend(
                _evidence(
                    e.person, competency, level, e.on, EVIDENCE, evidence_id(e.id, competency)
                )
                for competency, level in catalog.activity(e.activity).develops.items()
            )
        elif isinstance(e, ObjectiveAchieved) and goals is not None:
            if e.objective not in goals:
                raise UnknownIdError(
                    "goal",
                    e.objective,
                    path=f"state[{e.id!r}].objective",
                    referrer=f"achievement {e.id!r}",
                )
            goal = goals.goal(e.objective)
            if goal.level is not Level.INDIVIDUAL or goal.target_level is None:
                continue
            out.extend(
                Assessment(
                    e.person,
                    competency,
                    goal.target_level,
                    e.on,
                    source=EVIDENCE,
                    id=evidence_id(e.id, competency),
                )
                for competency in sorted(goal.competencies)
            )
    out.sort(key=lambda a: (a.person, a.competency, a.on, a.id or ""))
    return tuple(out)
