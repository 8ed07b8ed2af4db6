"""How goals are doing, what to celebrate, and what training changed (its effect)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.followup._events import (
    ActionPlanSet,
    ActivityCompleted,
    CheckIn,
    FeedbackGiven,
    ObjectiveAchieved,
)
from larande.followup._state import FollowUpState
from larande.frozenmap import FrozenMap
from larande.goals import GoalGraph, Level, Metric
from larande.messages import render

ON_TRACK_SHARE = 0.7
"""A forecast covering at least this share of the way (but not all of it) is at risk."""


class ProgressStatus(enum.StrEnum):
    """How a goal is doing."""

    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    NO_DATA = "no-data"


def _status(value: ProgressStatus | str) -> ProgressStatus:
    return check.as_member(ProgressStatus, value)


def _share(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not float or not 0.0 <= value <= 1.0:
        check.fail(inst, attribute.name, value, "a share from 0 to 1")


@attrs.frozen
class Progress:
    """Where a goal stands.

    Attributes:
        fraction: the share of the way from baseline to target reached, in [0, 1] (for an
            objective: its latest check-in's progress; 1 once achieved).
        forecast: the value a straight-line trend of the measurements reaches by the
            deadline (``None`` with fewer than two measurements on different days, or no
            deadline), clamped to what the metric can reach: never below 0 when baseline and
            target are both at least 0 (a count of deviations), within [0, 100] for a metric
            in ``%``, within [0, 1] for an objective's progress.
        status: ``achieved``, ``on-track``, ``at-risk``, ``off-track`` or ``no-data``.
    """

    fraction: float = attrs.field(converter=check.to_float, validator=_share)
    forecast: float | None = attrs.field(converter=check.optional_float)
    status: ProgressStatus = attrs.field(
        converter=_status, validator=check.member_of(ProgressStatus)
    )


def _trend(points: list[tuple[dt.date, float]], at: dt.date) -> float | None:
    """The least-squares line through ``points``, read at ``at``; None if it has no slope."""
    if len({d for d, _ in points}) < 2:
        return None
    xs = [d.toordinal() for d, _ in points]
    ys = [v for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my + slope * (at.toordinal() - mx)


def _clamp(metric: Metric, forecast: float | None) -> float | None:
    """A forecast within what the metric can reach: no negative counts, no 130 %."""
    if forecast is None:
        return None
    if metric.unit.strip() == "%":
        return min(100.0, max(0.0, forecast))
    if metric.baseline >= 0 and metric.target >= 0:
        return max(0.0, forecast)
    return forecast


def _judge(metric: Metric, latest: float, forecast: float | None) -> ProgressStatus:
    if metric.reached(latest):
        return ProgressStatus.ACHIEVED
    if forecast is None:
        return ProgressStatus.AT_RISK  # too little data for a trend
    if metric.reached(forecast):
        return ProgressStatus.ON_TRACK
    if metric.fraction(forecast) >= ON_TRACK_SHARE:
        return ProgressStatus.AT_RISK
    return ProgressStatus.OFF_TRACK


_OBJECTIVE = Metric("progress", "share", 0.0, 1.0)


def progress(state: FollowUpState, goals: GoalGraph, *, as_of: dt.date) -> dict[str, Progress]:
    """Progress of every goal with a metric, and of every individual objective, on ``as_of``.

    Only events on or before ``as_of`` count. The fractions of goals with data feed
    :meth:`larande.GoalGraph.rollup` (leave out ``no-data`` ones, so that their children
    speak for them):

    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> from larande.followup import replay
    >>> today = dt.date(2026, 4, 15)
    >>> found = progress(replay(demo.events), demo.goals, as_of=today)
    >>> found["it-release-time"].status.value
    'on-track'
    >>> known = {g: p.fraction for g, p in found.items() if p.status != "no-data"}
    >>> rolled = demo.goals.rollup(known)
    >>> 0 <= rolled["digital-welfare"] <= 1
    True
    """
    _check_common(state, goals)
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    out: dict[str, Progress] = {}
    achieved: dict[str, dt.date] = {}
    check_ins: dict[str, list[tuple[dt.date, float]]] = {}
    for person in state.people():
        for e in state.of_person(person):
            if e.on > as_of:
                continue
            if isinstance(e, ObjectiveAchieved):
                achieved.setdefault(e.objective, e.on)
            elif isinstance(e, CheckIn) and e.progress is not None:
                check_ins.setdefault(e.subject, []).append((e.on, e.progress))
    for gid in goals:
        goal = goals.goal(gid)
        if goal.level is Level.INDIVIDUAL:
            points = sorted(check_ins.get(gid, []))
            if gid in achieved:
                out[gid] = Progress(1.0, None, ProgressStatus.ACHIEVED)
            elif not points:
                out[gid] = Progress(0.0, None, ProgressStatus.NO_DATA)
            else:
                forecast = _trend(points, goal.deadline) if goal.deadline else None
                if forecast is not None:  # a share of the way: from 0 to 1
                    forecast = min(1.0, max(0.0, forecast))
                latest = points[-1][1]
                status = _judge(_OBJECTIVE, latest, forecast)
                out[gid] = Progress(latest, forecast, status)
        elif goal.metric is not None:
            measured = [(m.on, m.value) for m in state.measurements(gid) if m.on <= as_of]
            if not measured:
                out[gid] = Progress(0.0, None, ProgressStatus.NO_DATA)
                continue
            latest = measured[-1][1]
            forecast = _clamp(
                goal.metric, _trend(measured, goal.deadline) if goal.deadline else None
            )
            out[gid] = Progress(
                goal.metric.fraction(latest), forecast, _judge(goal.metric, latest, forecast)
            )
    return out


def _check_common(state: object, goals: object) -> None:
    if not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    if not isinstance(goals, GoalGraph):
        raise ValidationError(f"expected a GoalGraph, got {check.describe(goals)}", path="goals")


class CelebrationKind(enum.StrEnum):
    """What is celebrated."""

    OBJECTIVE_ACHIEVED = "objective-achieved"
    TARGET_REACHED = "target-reached"


def _celebration_kind(value: CelebrationKind | str) -> CelebrationKind:
    return check.as_member(CelebrationKind, value)


@attrs.frozen
class Celebration:
    """A success worth marking: an objective achieved, a metric at its target.

    Attributes:
        subject: the goal (objective or goal with a metric).
        on: the day.
        kind: what is celebrated; the message code is ``celebration.{kind}``.
        text: the English sentence.
        params: the values the sentence names, for translation (``person``, ``goal``,
            ``title``; for a target, ``metric``, ``value``, ``unit`` and ``target`` too).
            Empty for a celebration made by hand.
    """

    subject: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    kind: CelebrationKind = attrs.field(
        converter=_celebration_kind, validator=check.member_of(CelebrationKind)
    )
    text: str = attrs.field(validator=check.text)
    params: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=check.frozen_params)


def _celebration(subject: str, on: dt.date, kind: CelebrationKind, **params: Any) -> Celebration:
    # The English text is the catalogue's, so a host's translation says the same.
    text = render(f"celebration.{kind.value}", params)
    return Celebration(subject, on, kind, text, params)


def celebrations(
    state: FollowUpState, goals: GoalGraph, *, since: dt.date, until: dt.date
) -> tuple[Celebration, ...]:
    """Objectives achieved and metrics that reached their target from ``since`` to ``until``.

    A metric reaches its target on the first measurement that meets it after one that did
    not (or after none). Sorted by day, then subject.
    """
    _check_common(state, goals)
    for name, day in (("since", since), ("until", until)):
        if not check.is_day(day):
            raise ValidationError(
                f"expected a datetime.date, got {check.describe(day)}", path=name
            )
    out: list[Celebration] = []
    for person in state.people():
        for e in state.of_person(person):
            if isinstance(e, ObjectiveAchieved) and since <= e.on <= until:
                title = goals.goal(e.objective).title if e.objective in goals else e.objective
                out.append(
                    _celebration(
                        e.objective,
                        e.on,
                        CelebrationKind.OBJECTIVE_ACHIEVED,
                        person=person,
                        goal=e.objective,
                        title=title,
                    )
                )
    for gid in goals:
        goal = goals.goal(gid)
        if goal.metric is None:
            continue
        before = False
        for m in state.measurements(gid):
            now = goal.metric.reached(m.value)
            if now and not before and since <= m.on <= until:
                out.append(
                    _celebration(
                        gid,
                        m.on,
                        CelebrationKind.TARGET_REACHED,
                        goal=gid,
                        title=goal.title,
                        metric=goal.metric.name,
                        value=m.value,
                        unit=goal.metric.unit,
                        target=goal.metric.target,
                    )
                )
            before = now
    out.sort(key=lambda c: (c.on, c.subject, c.kind.value))
    return tuple(out)


def _evidence(value: Mapping[str, tuple[str, ...]]) -> FrozenMap[str, tuple[str, ...]]:
    return check.frozen_params(value)


@attrs.frozen
class Effect:
    """The four Kirkpatrick levels of one activity's effect, and the evidence of each.

    Attributes:
        reaction: the mean feedback rating (1 to 5).
        learning: the share of completions passed (or, when none says, the mean score).
        behaviour: the share of people who completed it with both an action plan and a
            check-in after.
        results: the mean progress of the goals its action plans (a team's included)
            target.
        evidence: level name -> the ids of the events it rests on.

    A level without evidence is ``None``, never a guess.
    """

    reaction: float | None = attrs.field(converter=check.optional_float)
    learning: float | None = attrs.field(converter=check.optional_float)
    behaviour: float | None = attrs.field(converter=check.optional_float)
    results: float | None = attrs.field(converter=check.optional_float)
    evidence: FrozenMap[str, tuple[str, ...]] = attrs.field(factory=FrozenMap, converter=_evidence)


def effect(state: FollowUpState, goals: GoalGraph | None = None) -> dict[str, Effect]:
    """Per activity, what training changed: reaction, learning, behaviour and results.

    ``results`` needs ``goals``: the fraction of the way each goal an action plan for the
    activity targets has come (its latest measurement), averaged.

    >>> from larande.datasets import load_demo
    >>> from larande.followup import replay
    >>> demo = load_demo()
    >>> workshop = effect(replay(demo.events), demo.goals)["devops-workshop"]
    >>> workshop.behaviour, workshop.evidence["behaviour"]
    (0.5, ('ap-xin-1', 'ci-xin-1', 'xapi-7f3a'))
    """
    if not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    if goals is not None and not isinstance(goals, GoalGraph):
        raise ValidationError(
            f"expected a GoalGraph or None, got {check.describe(goals)}", path="goals"
        )
    ratings: dict[str, list[tuple[str, int]]] = {}
    completions: dict[str, dict[str, ActivityCompleted]] = {}
    plans: dict[str, dict[str, ActionPlanSet]] = {}
    check_ins: dict[tuple[str, str], list[CheckIn]] = {}
    for person in state.people():
        for e in state.of_person(person):
            if isinstance(e, FeedbackGiven) and e.rating is not None:
                ratings.setdefault(e.activity, []).append((e.id, e.rating))
            elif isinstance(e, ActivityCompleted):
                completions.setdefault(e.activity, {})[person] = e  # the latest wins
            elif isinstance(e, ActionPlanSet):
                plans.setdefault(e.activity, {})[person] = e
            elif isinstance(e, CheckIn):
                check_ins.setdefault((person, e.subject), []).append(e)
    for unit in state.units():  # team action plans count for results
        for team_plan in state.of_unit(unit):
            plans.setdefault(team_plan.activity, {})[f"unit:{unit}"] = team_plan
    out: dict[str, Effect] = {}
    for activity in sorted(set(ratings) | set(completions) | set(plans)):
        evidence: dict[str, tuple[str, ...]] = {}
        rated = ratings.get(activity, [])
        reaction = sum(r for _, r in rated) / len(rated) if rated else None
        if rated:
            evidence["reaction"] = tuple(sorted(i for i, _ in rated))
        done = completions.get(activity, {})
        judged = [c for c in done.values() if c.passed is not None]
        scored = [c for c in done.values() if c.score is not None]
        learning = None
        if judged:
            learning = sum(1 for c in judged if c.passed) / len(judged)
            evidence["learning"] = tuple(sorted(c.id for c in judged))
        elif scored:
            learning = sum(c.score for c in scored if c.score is not None) / len(scored)
            evidence["learning"] = tuple(sorted(c.id for c in scored))
        behaviour = None
        if done:
            used: list[str] = []
            for person, c in sorted(done.items()):
                plan = plans.get(activity, {}).get(person)
                later = [k for k in check_ins.get((person, activity), []) if k.on >= c.on]
                if plan is not None and plan.on >= c.on and later:
                    used += [c.id, plan.id, later[0].id]
            behaviour = sum(1 for i in used if i in {c.id for c in done.values()}) / len(done)
            evidence["behaviour"] = tuple(sorted(used)) or tuple(
                sorted(c.id for c in done.values())
            )
        results = None
        if goals is not None:
            fractions: list[float] = []
            used = []
            for plan in sorted(plans.get(activity, {}).values(), key=lambda p: p.id):
                if plan.goal is None or plan.goal not in goals:
                    continue
                metric = goals.goal(plan.goal).metric
                measured = state.measurements(plan.goal)
                if metric is None or not measured:
                    continue
                fractions.append(metric.fraction(measured[-1].value))
                used += [plan.id, measured[-1].id]
            if fractions:
                results = sum(fractions) / len(fractions)
                evidence["results"] = tuple(sorted(set(used)))
        out[activity] = Effect(reaction, learning, behaviour, results, evidence)
    return out
