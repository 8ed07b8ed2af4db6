"""The loop closed, in one pure call: what a nightly job or an LMS runs (:func:`review`).

:func:`review` replays the follow-up events, turns what people passed into competence
(:func:`~larande.learned`), analyses needs, asks the two gate questions, adds the
individual objectives, revises the plans (:func:`~larande.replan`), schedules the rest of
the year again, and says what is due, how goals progress and how the learning done
compares with the learning planned. Feed its result back as ``previous`` next time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping

import attrs

from larande import _check as check
from larande._gc import paused
from larande.calendars import Absence, WorkCalendar
from larande.catalog import Catalog
from larande.competence import Assessment, is_valid
from larande.dataset import Dataset
from larande.exceptions import ValidationError
from larande.followup import (
    Due,
    Event,
    FollowUpState,
    Progress,
    ProgressStatus,
    due,
    learned,
    replay,
)
from larande.followup import progress as goal_progress
from larande.frozenmap import FrozenMap
from larande.goals import GoalGraph, Level
from larande.needs import DEFAULT_RULES, Justification, NeedsReport, Rule, analyze
from larande.needs._justify import justify_all
from larande.organization import Organization
from larande.planning import LearningPlan, replan
from larande.scheduling import (
    Budget,
    BudgetLine,
    Placement,
    Schedule,
    planned_vs_actual,
    reschedule,
)

__all__ = ["STEPS", "Review", "review"]

STEPS = (
    "replay",
    "learned",
    "analyze",
    "justify",
    "replan",
    "schedule",
    "due",
    "progress",
    "planned-vs-actual",
)
"""The steps of a review, in order, as the ``progress`` callback names them."""

MISSED_AFTER = 14
"""Days after its day that a placement without a completion counts as missed (and moves).

Completions reach the host late, and a self-paced item is "around" its day, not on it.
"""

ProgressCallback = Callable[[str, int, int], object]


def _tuple(value: Iterable[object]) -> tuple[object, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _progress_map(value: Mapping[str, Progress]) -> FrozenMap[str, Progress]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


# Not hashable: it holds a GoalGraph, a mutable container.
@attrs.frozen(unsafe_hash=False, repr=False)
class Review:
    """The result of one turn of the loop: every step's output, and what the next turn needs.

    Attributes:
        as_of: the day reviewed.
        learned: the competence follow-up evidence shows up to ``as_of``
            (:func:`~larande.learned`), evidence below what was already known left out.
        report: today's needs, with the evidence folded in.
        justifications: the two gate questions for every need (empty without goals).
        goals: the goal graph with today's individual objectives added (``None`` without
            goals).
        plans: the revised plans: done items marked, closed needs dropped, new needs in.
        schedule: the year from ``as_of`` scheduled again (what is done or already past
            stays).
        due: what is due on ``as_of`` (team action plans included).
        progress: each goal's progress (empty without goals); an individual objective
            whose person now holds its target level, by any evidence, is achieved.
        budget: planned against actual, per unit and month (:class:`~larande.BudgetLine`).
        state: the follow-up state, every event up to ``as_of``: the next review folds
            only new events into it.
        roots: the ids of the organisation's top units, so that a review of another
            organisation is not taken for this one's previous.
    """

    as_of: dt.date = attrs.field(validator=check.day)
    learned: tuple[Assessment, ...] = attrs.field(converter=_tuple)
    report: NeedsReport = attrs.field(validator=check.instance(NeedsReport, "a NeedsReport"))
    justifications: tuple[Justification, ...] = attrs.field(converter=_tuple)
    goals: GoalGraph | None = attrs.field(
        validator=attrs.validators.optional(check.instance(GoalGraph, "a GoalGraph"))
    )
    plans: tuple[LearningPlan, ...] = attrs.field(converter=_tuple)
    schedule: Schedule = attrs.field(validator=check.instance(Schedule, "a Schedule"))
    due: tuple[Due, ...] = attrs.field(converter=_tuple)
    progress: FrozenMap[str, Progress] = attrs.field(converter=_progress_map)
    budget: tuple[BudgetLine, ...] = attrs.field(converter=_tuple)
    state: FollowUpState = attrs.field(
        factory=FollowUpState, validator=check.instance(FollowUpState, "a FollowUpState")
    )
    roots: tuple[str, ...] = attrs.field(default=(), converter=check.strs)

    def __repr__(self) -> str:
        people = {p.person for p in self.plans}
        return (
            f"Review({self.as_of.isoformat()}: {len(self.learned)} learned, "
            f"{len(self.report.needs)} needs, {len(people)} plans, "
            f"{len(self.schedule.placements)} placed, {len(self.schedule.unplaced)} unplaced, "
            f"{len(self.due)} due)"
        )

    def plan_of(self, person: str) -> LearningPlan | None:
        """The person's plan, or ``None`` if they have none."""
        for p in self.plans:
            if p.person == person:
                return p
        return None


def _roots(org: Organization) -> tuple[str, ...]:
    return tuple(sorted(u.id for u in org.units if u.parent is None))


def review(
    dataset: Dataset,
    *,
    as_of: dt.date,
    previous: Review | None = None,
    rules: Iterable[Rule] = DEFAULT_RULES,
    progress: ProgressCallback | None = None,
    taken: Mapping[str, int] | None = None,
) -> Review:
    """One turn of the whole loop on ``as_of``: the call a nightly job or an LMS makes.

    In order: replay ``dataset.events`` up to ``as_of`` (into ``previous.state``, when
    given: only new events cost); :func:`~larande.learned`, folded into the assessments
    (evidence below what a person was already known to hold on its day is left out: an
    e-learning to level 2 does not lower a manager's 3); :func:`~larande.analyze`;
    :func:`~larande.justify` every need and add the individual objectives (with
    ``dataset.goals``); :func:`~larande.replan` the previous plans (``None``: plans from
    scratch, where what people passed still counts); :func:`~larande.reschedule` the rest
    of the year from ``as_of`` to ``dataset.end`` (what is done or already past stays, and
    so do the placements of people whose plans did not change and were wholly placed);
    then :func:`~larande.due`, :func:`~larande.progress` and
    :func:`~larande.planned_vs_actual`. People erased from the dataset since ``previous``
    leave no trace in the result.

    ``progress``, if given, is called as ``progress(step, done, total)`` after each of the
    :data:`STEPS`; its last call has ``done == total``. A review with no events at all is
    a result like any other. ``taken`` maps a session id to seats others hold (a shared
    regional course's seats given to other organisations), as in :func:`~larande.schedule`.

    The dataset must carry a catalog, a calendar, an ``end`` and a ``budget``.

    Raises:
        ValidationError: the dataset lacks what scheduling needs; ``as_of`` is before
            ``previous.as_of``, after ``dataset.end`` or outside the calendar's years;
            ``previous`` is a review of another organisation (other top units); an event
            names an activity the catalog does not hold. Nothing is changed: ``dataset``
            and ``previous`` are left as they were.

    >>> import datetime as dt
    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> january = review(demo, as_of=demo.as_of)
    >>> [n.competency for n in january.report.for_person("xin.li")]
    ['ci-cd', 'release-management']
    >>> april = review(demo, as_of=dt.date(2026, 4, 15), previous=january)
    >>> april.report.for_person("xin.li")
    ()
    >>> xin = april.plan_of("xin.li")
    >>> xin.status.value, [(i.activity, i.done.isoformat()) for i in xin.items]
    ('complete', [('devops-elearning', '2026-01-16'), ('devops-workshop', '2026-02-18')])
    """
    _check_arguments(dataset, as_of, previous, progress)
    # Every step makes many small acyclic objects: the cyclic collector would cost more
    # than the work (see larande._gc).
    with paused():
        return _review(dataset, as_of, previous, rules, progress, taken)


def _review(
    dataset: Dataset,
    as_of: dt.date,
    previous: Review | None,
    rules: Iterable[Rule],
    progress: ProgressCallback | None,
    taken: Mapping[str, int] | None = None,
) -> Review:
    org, (catalog, _, _, _) = dataset.org, _settings(dataset)
    total = len(STEPS)
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(STEPS[step - 1], step, total)

    # replay: only events up to as_of; people erased since the previous review go.
    state = _replay(dataset, as_of, previous)
    tick()
    shown = _fold(
        dataset.assessments, learned(state, catalog, goals=dataset.goals, as_of=as_of), org
    )
    assessments = dataset.assessments + shown
    tick()
    report = analyze(
        org, assessments, dataset.signals, as_of=as_of, rules=rules, goals=dataset.goals
    )
    tick()
    goals = _goals(dataset, previous)
    justifications: tuple[Justification, ...] = ()
    if goals is not None:
        justifications = justify_all(report.needs, goals, org)
        goals.add_objectives(justifications)
    tick()
    before = tuple(p for p in previous.plans if org.has_person(p.person)) if previous else ()
    plans = replan(
        before,
        justifications if goals is not None else report,
        catalog,
        org=org,
        state=state,
        assessments=assessments,
        as_of=as_of,
    )
    tick()
    year = _schedule(dataset, as_of, previous, before, plans, taken)
    tick()
    # Certificates' renewals too: the assessments include what the evidence showed.
    reminders = due(state, as_of=as_of, org=org, assessments=assessments)
    tick()
    found = (
        _with_evidence(goal_progress(state, goals, as_of=as_of), goals, assessments, org, as_of)
        if goals is not None
        else {}
    )
    tick()
    lines = planned_vs_actual(
        _as_planned(year, previous, org, as_of), state, catalog, org=org, as_of=as_of
    )
    tick()
    return Review(
        as_of,
        shown,
        report,
        justifications,
        goals,
        plans,
        year,
        reminders,
        found,
        lines,
        state,
        _roots(org),
    )


def _replay(dataset: Dataset, as_of: dt.date, previous: Review | None) -> FollowUpState:
    """Every event up to ``as_of``, folded into the previous review's state when there is one.

    The dataset checked every event against its org, goals and catalog when it was built.
    Events the previous state holds as they are cost a look-up, not a fold; one that came
    back changed goes to :func:`replay`, which refuses it, naming its place in
    ``dataset.events``. After an erasure the previous state still holds what the erased
    dataset no longer does (the person's events, others' check-ins on their objectives,
    plans that named those): the state is then made afresh from the dataset.
    """
    if previous is None or _erased_since(dataset, previous):
        return _replay_at([(i, e) for i, e in enumerate(dataset.events) if e.on <= as_of], None)
    held = previous.state
    # The events in effect, read from the state's indices in one pass: far cheaper than a
    # look-up in the persistent map for each of a year's events.
    indexed: dict[str, object] = {}
    for person in held.people():
        indexed.update((e.id, e) for e in held.of_person(person))
    for unit in held.units():
        indexed.update((e.id, e) for e in held.of_unit(unit))
    for goal in held.goals_measured():
        indexed.update((e.id, e) for e in held.measurements(goal))
    since = previous.as_of
    fresh = []
    for i, e in enumerate(dataset.events):
        if e.on > as_of:
            continue
        known = indexed.get(e.id)
        if known is None and e.on <= since:  # withdrawn, a retraction, or late
            known = held.get(e.id)
        if known is None or (known is not e and known != e):
            fresh.append((i, e))
    return _replay_at(fresh, held)


def _replay_at(numbered: list[tuple[int, Event]], state: FollowUpState | None) -> FollowUpState:
    """:func:`replay`, its errors pointing at ``dataset.events[i]``."""
    try:
        return replay([e for _, e in numbered], state=state)
    except ValidationError as err:
        found = re.match(r"events\[(\d+)\](.*)", err.path or "")
        if found:
            err.path = f"dataset.events[{numbered[int(found[1])][0]}]{found[2]}"
        raise


def _erased_since(dataset: Dataset, previous: Review) -> bool:
    """Whether someone the previous review knew is no longer in the organisation."""
    org = dataset.org
    if any(not org.has_person(p) for p in previous.state.people()):
        return True
    if any(not org.has_person(p.person) for p in previous.plans):
        return True
    goals = previous.goals
    return goals is not None and any(
        goals.goal(g).level is Level.INDIVIDUAL
        and goals.goal(g).owner is not None
        and not org.has_person(goals.goal(g).owner or "")
        for g in goals
    )


def _settings(
    dataset: Dataset,
) -> tuple[Catalog, WorkCalendar, dt.date, dt.timedelta | Budget]:
    """The dataset's catalog, calendar, end and budget (checked present by the caller)."""
    catalog, calendar, end, budget = dataset.catalog, dataset.calendar, dataset.end, dataset.budget
    if catalog is None or calendar is None or end is None or budget is None:  # pragma: no cover
        raise AssertionError("_check_arguments lets no dataset without them through")
    return catalog, calendar, end, budget


def _check_arguments(dataset: object, as_of: object, previous: object, progress: object) -> None:
    if not isinstance(dataset, Dataset):
        raise ValidationError(f"expected a Dataset, got {check.describe(dataset)}", path="dataset")
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    assert isinstance(as_of, dt.date)
    for name in ("catalog", "calendar", "end", "budget"):
        if getattr(dataset, name) is None:
            raise ValidationError(
                f"the dataset has no {name}; a review schedules the rest of the year and "
                f"needs the dataset's catalog, calendar, end and budget",
                path=f"dataset.{name}",
                code="review-needs",
                params={"field": name},
            )
    _, calendar, end, _ = _settings(dataset)
    if as_of > end:
        raise ValidationError(
            f"{as_of.isoformat()} is after the dataset's end {end.isoformat()}: "
            "nothing is left to schedule; give the dataset a later end",
            path="as_of",
            code="review-after-end",
            params={"as_of": as_of.isoformat(), "end": end.isoformat()},
        )
    if as_of.year not in calendar.years:
        raise ValidationError(
            f"{as_of.isoformat()} is outside the calendar's years {sorted(calendar.years)}",
            path="as_of",
            code="outside-calendar",
            params={"as_of": as_of.isoformat()},
        )
    if previous is not None:
        if not isinstance(previous, Review):
            raise ValidationError(
                f"expected a Review or None, got {check.describe(previous)}", path="previous"
            )
        if as_of < previous.as_of:
            raise ValidationError(
                f"{as_of.isoformat()} is before the previous review's "
                f"{previous.as_of.isoformat()}; a review follows the one before it",
                path="as_of",
                code="review-before-previous",
                params={"as_of": as_of.isoformat(), "previous": previous.as_of.isoformat()},
            )
        roots = _roots(dataset.org)
        if previous.roots != roots:
            raise ValidationError(
                f"the previous review is of another organisation (top units "
                f"{list(previous.roots)}, this one's {list(roots)})",
                path="previous",
                code="previous-of-another-organization",
                params={"previous": list(previous.roots), "roots": list(roots)},
            )
    if progress is not None and not callable(progress):
        raise ValidationError(
            f"expected a callable progress(step, done, total) or None, got "
            f"{check.describe(progress)}",
            path="progress",
        )


def _fold(
    assessments: tuple[Assessment, ...],
    evidence: tuple[Assessment, ...],
    org: Organization,
) -> tuple[Assessment, ...]:
    """The evidence worth adding: none below what was known of the person on its day.

    Known is the latest valid assessment on or before that day (the host's, or evidence
    kept before it; on the same day, the higher). Evidence shows *at least* its level, so
    a level it does not reach says nothing new, and under the "latest counts" rule it
    would wrongly lower the level.
    """
    if not evidence:
        return ()
    pairs = {(e.person, e.competency) for e in evidence}
    held: dict[tuple[str, str], list[Assessment]] = {}
    for a in assessments:
        key = (a.person, a.competency)
        if key in pairs:
            held.setdefault(key, []).append(a)
    framework = org.framework
    kept: list[Assessment] = []
    for e in evidence:  # sorted by person, competency, day and id
        key = (e.person, e.competency)
        competency = framework.competency(e.competency)
        known: tuple[dt.date, int] | None = None
        for a in held.get(key, ()):
            if a.on <= e.on and is_valid(a, competency, e.on):
                mark = (a.on, a.level)
                if known is None or mark > known:
                    known = mark
        if known is None or e.level >= known[1]:
            kept.append(e)
            held.setdefault(key, []).append(e)
    return tuple(kept)


def _with_evidence(
    found: dict[str, Progress],
    goals: GoalGraph,
    assessments: tuple[Assessment, ...],
    org: Organization,
    as_of: dt.date,
) -> dict[str, Progress]:
    """Objectives whose person now holds the target level, by any evidence, are achieved.

    Follow-up alone knows only check-ins and achievements; the loop closed knows what was
    learnt: an objective whose competencies the person holds at its target level on
    ``as_of`` (a passed workshop, a manager's assessment) is reached.
    """
    wanted: dict[tuple[str, str], int] = {}
    for gid, p in found.items():
        goal = goals.goal(gid)
        if (
            p.status is ProgressStatus.ACHIEVED
            or goal.level is not Level.INDIVIDUAL
            or goal.owner is None
            or goal.target_level is None
        ):
            continue
        for competency in goal.competencies:
            wanted[(goal.owner, competency)] = goal.target_level
    if not wanted:
        return found
    framework = org.framework
    latest: dict[tuple[str, str], tuple[dt.date, int]] = {}
    for a in assessments:
        key = (a.person, a.competency)
        if key in wanted and is_valid(a, framework.competency(a.competency), as_of):
            mark = (a.on, a.level)
            if key not in latest or mark > latest[key]:
                latest[key] = mark
    out = dict(found)
    for gid, p in found.items():
        goal = goals.goal(gid)
        owner, target = goal.owner, goal.target_level
        if (
            p.status is ProgressStatus.ACHIEVED
            or goal.level is not Level.INDIVIDUAL
            or owner is None
            or target is None
            or not goal.competencies
        ):
            continue
        if all(latest.get((owner, c), (None, -1))[1] >= target for c in goal.competencies):
            out[gid] = Progress(1.0, None, ProgressStatus.ACHIEVED)
    return out


def _goals(dataset: Dataset, previous: Review | None) -> GoalGraph | None:
    """A copy of the dataset's goals, with the objectives earlier reviews added."""
    if dataset.goals is None:
        return None
    goals = dataset.goals.copy()
    if previous is None or previous.goals is None:
        return goals
    org = dataset.org
    for gid in previous.goals:
        goal = previous.goals.goal(gid)
        if (
            gid in goals
            or goal.level is not Level.INDIVIDUAL
            or goal.owner is None
            or not org.has_person(goal.owner)
        ):
            continue
        parents = [p for p in previous.goals.parents(gid) if p in goals]
        if parents:
            goals.add(goal, contributes_to=parents)
    return goals


def _as_planned(
    year: Schedule, previous: Review | None, org: Organization, as_of: dt.date
) -> Schedule:
    """The year as planned at the time: the past as the previous review had it, then ``year``.

    Following learning up like a budget compares what was done with what was planned then;
    a missed course that moved on must still show as planned in its month.
    """
    if previous is None:
        return year
    old = previous.schedule
    past = [p for p in old.placements if p.on < as_of and org.has_person(p.person)]
    future = [p for p in year.placements if p.on >= as_of]
    return Schedule(
        (*past, *future),
        (),
        min(old.start, year.start),
        year.end,
        {**old.efforts, **year.efforts},
    )


def _still_possible(
    p: Placement,
    catalog: Catalog,
    calendar: WorkCalendar,
    away: dict[str, list[Absence]],
    end: dt.date,
) -> bool:
    """Whether a placement kept from the previous review may stand as it is."""
    if p.on > end or p.activity not in catalog or p.on.year not in calendar.years:
        return False
    if not calendar.is_working(p.on) or any(a.covers(p.on) for a in away.get(p.person, ())):
        return False
    activity = catalog.activity(p.activity)
    if p.session is None:
        return activity.self_paced
    return any(s.id == p.session and s.on == p.on for s in activity.sessions)


def _schedule(
    dataset: Dataset,
    as_of: dt.date,
    previous: Review | None,
    before: tuple[LearningPlan, ...],
    plans: tuple[LearningPlan, ...],
    taken: Mapping[str, int] | None = None,
) -> Schedule:
    catalog, calendar, end, budget = _settings(dataset)
    org = dataset.org
    done = {(p.person, i.activity) for p in plans for i in p.items if i.done is not None}
    if previous is None:
        base = Schedule((), (), as_of, end)
    else:
        old = previous.schedule
        still_open = {(p.person, i.activity) for p in plans for i in p.items if i.done is None}
        missed_before = as_of - dt.timedelta(days=MISSED_AFTER)
        # A past placement of an item still open was missed: it is placed again from as_of
        # (its id, and so its calendar event, stays). What was done, or dropped, stays. An
        # occurrence of a series is never moved: its period is over, the next one comes.
        base = Schedule(
            tuple(
                p
                for p in old.placements
                if org.has_person(p.person)
                and not (
                    p.on < missed_before
                    and p.occurrence is None
                    and (p.person, p.item) in still_open
                )
            ),
            (),
            old.start,
            old.end,
            old.efforts,
        )
        # People whose open items are as they were, and were all placed, keep their
        # placements: a review a week later moves only what changed.
        # A placement the world has since ruled out (an absence registered, a day closed,
        # a session gone or moved) is no reason to keep anything.
        unplaced = {u.person for u in old.unplaced}
        away: dict[str, list[Absence]] = {}
        for absence in dataset.absences:
            away.setdefault(absence.person, []).append(absence)
        placed: dict[tuple[str, str], Placement] = {}
        for p in base.placements:
            if p.on >= as_of and not _still_possible(p, catalog, calendar, away, end):
                unplaced.add(p.person)
            placed[(p.person, p.item)] = p
        was = {p.person: tuple(i.activity for i in p.items if i.done is None) for p in before}
        for plan in plans:
            now = tuple(i.activity for i in plan.items if i.done is None)
            if (
                plan.person not in unplaced
                and was.get(plan.person) == now
                and all((plan.person, a) in placed for a in now)
            ):
                done.update((plan.person, a) for a in now)
    return reschedule(
        base,
        plans,
        catalog,
        calendar=calendar,
        as_of=as_of,
        end=end,
        budget=budget,
        done=sorted(done),
        org=org,
        absences=dataset.absences,
        taken=taken,
    )
