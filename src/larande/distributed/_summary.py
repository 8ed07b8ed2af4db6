"""One organisation's review, boiled down to the little a national picture needs (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from larande.dataset import Dataset
from larande.exceptions import LarandeError
from larande.followup import Measured
from larande.goals import Goal
from larande.loop import review
from larande.needs import NeedScope

NATIONAL_PREFIX = "national:"
"""A goal whose id starts with this is a shared national goal (see the how-to's decisions)."""

_HOUR = dt.timedelta(hours=1)


@attrs.frozen
class Partial:
    """What one organisation's task sends back: counts, not people (private).

    ``competencies`` holds ``(competency, people, with_gap, gap_sum)`` in framework order,
    counted as the unit matrix counts the organisation's top units; ``hours`` holds
    ``((year, month), hours)`` in month order; ``goals`` each national goal's roll-up in
    this organisation; ``national`` the national goals as this organisation holds them and
    ``measurements`` their measurements in its events, up to the day reviewed.
    """

    org_id: str
    people: int
    needs: int
    placed: int
    unplaced: int
    competencies: tuple[tuple[str, int, int, int], ...]
    hours: tuple[tuple[tuple[int, int], float], ...]
    goals: tuple[tuple[str, float], ...]
    national: tuple[Goal, ...]
    measurements: tuple[Measured, ...]


@attrs.frozen
class Failure:
    """A larande error raised by an organisation's task, in a form that pickles (private)."""

    org_id: str
    message: str
    path: str
    code: str | None
    params: tuple[tuple[str, Any], ...]


def summarise(
    org_id: str, dataset: Dataset, as_of: dt.date, taken: Mapping[str, int] | None
) -> Partial | Failure:
    """Review one organisation and keep its summary: the body of every task."""
    try:
        return _summarise(org_id, dataset, as_of, taken)
    except LarandeError as err:
        # Exceptions with keyword-only arguments do not survive pickling between
        # processes; the failure travels as data and is raised again centrally.
        return Failure(
            org_id,
            getattr(err, "message", str(err)),
            getattr(err, "path", ""),
            getattr(err, "code", None),
            tuple(sorted((str(k), v) for k, v in err.params.items())),
        )


def summarise_national(
    national: Any, org_id: str, as_of: dt.date, taken: Mapping[str, int] | None
) -> Partial | Failure:
    """Generate the organisation where the task runs, then :func:`summarise` it."""
    try:
        dataset = national.dataset(org_id)
    except LarandeError as err:
        return Failure(org_id, str(err), "", getattr(err, "code", None), ())
    return summarise(org_id, dataset, as_of, taken)


def _summarise(
    org_id: str, dataset: Dataset, as_of: dt.date, taken: Mapping[str, int] | None
) -> Partial:
    result = review(dataset, as_of=as_of, taken=taken)
    org = dataset.org
    concerned: dict[str, dict[str, int]] = {}  # competency -> person -> gap
    for person in org.people:
        for role in org.roles_of(person.id):
            for req in role.requirements:
                concerned.setdefault(req.competency, {})[person.id] = 0
    for need in result.report.needs:
        if need.scope is NeedScope.PERSON:
            gaps = concerned.get(need.competency)
            if gaps is not None and need.subject in gaps:
                gaps[need.subject] = max(gaps[need.subject], need.gap)
    competencies = tuple(
        (
            c,
            len(concerned[c]),
            sum(g > 0 for g in concerned[c].values()),
            sum(concerned[c].values()),
        )
        for c in org.framework
        if c in concerned
    )
    schedule = result.schedule
    hours: dict[tuple[int, int], float] = {}
    for p in schedule.placements:
        month = (p.on.year, p.on.month)
        hours[month] = hours.get(month, 0.0) + schedule.efforts[p.activity] / _HOUR
    goals = result.goals
    shared: tuple[Goal, ...] = ()
    rolled: tuple[tuple[str, float], ...] = ()
    if goals is not None:
        ids = sorted(g for g in goals if g.startswith(NATIONAL_PREFIX))
        shared = tuple(goals.goal(g) for g in ids)
        if ids:
            # The organisation's own contribution: national measurements are the nation's.
            own = {
                g: p.fraction
                for g, p in result.progress.items()
                if p.status != "no-data" and not g.startswith(NATIONAL_PREFIX)
            }
            up = goals.rollup(own)
            rolled = tuple((g, up[g]) for g in ids)
    measurements = tuple(
        sorted(
            (
                e
                for e in dataset.events
                if isinstance(e, Measured) and e.goal.startswith(NATIONAL_PREFIX) and e.on <= as_of
            ),
            key=lambda e: (e.goal, e.on, e.id),
        )
    )
    return Partial(
        org_id,
        len(org.people),
        len(result.report.needs),
        len(schedule.placements),
        len(schedule.unplaced),
        competencies,
        tuple(sorted(hours.items())),
        rolled,
        shared,
        measurements,
    )
