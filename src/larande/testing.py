"""Hypothesis strategies for larande's records, for your own property tests.

Needs the ``testing`` extra (``pip install "larande[testing]"``). Every strategy builds
valid values; compose them, or mangle what they build to test your error paths.

>>> from hypothesis import given
>>> from larande.testing import organizations
>>> @given(organizations())
... def test_every_person_is_a_member_of_the_root(org):
...     roots = [u.id for u in org.units if u.parent is None]
...     assert sum(len(org.members(r)) for r in roots) == len(org.people)
>>> test_every_person_is_a_member_of_the_root()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from larande.catalog import Activity, ActivityKind, Catalog, Session
from larande.competence import (
    DEFAULT_SCALE,
    Assessment,
    Competency,
    Framework,
    Requirement,
    Role,
    Scale,
)
from larande.culture import ITEMS, SurveyResponse
from larande.dataset import Dataset
from larande.followup import (
    ActionPlanSet,
    ActivityCompleted,
    CheckIn,
    Event,
    FeedbackGiven,
    KnowledgeShared,
    Led,
    LedKind,
    Measured,
    ObjectiveAchieved,
    Retracted,
)
from larande.goals import Goal, GoalGraph, Level, Metric
from larande.needs import Need, NeedScope, Reason, Signal, SignalKind
from larande.organization import Organization, Person, Unit
from larande.planning import LearningPlan, PlanItem

__all__ = [
    "activities",
    "assessments",
    "catalogs",
    "competencies",
    "datasets",
    "dates",
    "events",
    "frameworks",
    "goal_graphs",
    "goals",
    "ids",
    "metrics",
    "needs",
    "organizations",
    "people",
    "plans",
    "requirements",
    "roles",
    "scales",
    "signals",
    "survey_responses",
    "units",
]

_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_.:ÅÄÖåäö"


def ids() -> st.SearchStrategy[str]:
    """Non-empty ids, including the characters hosts use (dots, colons, Swedish letters)."""
    return st.text(_ID_ALPHABET, min_size=1, max_size=12)


def dates(
    *, min_value: dt.date = dt.date(2020, 1, 1), max_value: dt.date = dt.date(2030, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Calendar dates (never ``datetime``), by default 2020 to 2030."""
    return st.dates(min_value=min_value, max_value=max_value)


def _durations() -> st.SearchStrategy[dt.timedelta]:
    return st.builds(dt.timedelta, days=st.integers(1, 1500))


def scales() -> st.SearchStrategy[Scale]:
    """Scales of two to seven distinct levels."""
    return st.builds(
        Scale,
        id=ids(),
        levels=st.lists(st.text(min_size=1, max_size=10), min_size=2, max_size=7, unique=True),
    )


def competencies(
    *, scale: str = "default", parent: str | None = None
) -> st.SearchStrategy[Competency]:
    """A single competency on ``scale`` (no validation against a framework)."""
    return st.builds(
        Competency,
        id=ids(),
        name=st.text(max_size=20),
        parent=st.just(parent),
        scale=st.just(scale),
        validity=st.none() | _durations(),
        uri=st.none() | ids().map(lambda s: f"https://example.org/case/{s}"),
    )


@st.composite
def frameworks(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 12) -> Framework:
    """Valid frameworks: unique ids, parents drawn from earlier competencies, known scales."""
    extra = draw(st.lists(scales(), max_size=2, unique_by=lambda s: s.id))
    scale_list = [DEFAULT_SCALE] + [s for s in extra if s.id != DEFAULT_SCALE.id]
    comp_ids = draw(st.lists(ids(), min_size=min_size, max_size=max_size, unique=True))
    comps = []
    for i, cid in enumerate(comp_ids):
        parent = draw(st.none() | st.sampled_from(comp_ids[:i])) if i else None
        scale = draw(st.sampled_from([s.id for s in scale_list]))
        drawn = draw(competencies(scale=scale, parent=parent))
        comps.append(attrs.evolve(drawn, id=cid))
    return Framework(comps, scales=scale_list)


@st.composite
def requirements(draw: st.DrawFn, framework: Framework) -> Requirement:
    """A requirement on a competency of ``framework``, at a level within its scale."""
    comp = draw(st.sampled_from(framework.competencies))
    top = framework.scale(comp.scale).top
    return Requirement(
        comp.id,
        draw(st.integers(0, top)),
        weight=draw(st.floats(0.1, 10, allow_nan=False)),
        effective=draw(st.none() | dates()),
    )


@st.composite
def roles(draw: st.DrawFn, framework: Framework) -> Role:
    """A role requiring some competencies of ``framework`` (each at most once)."""
    reqs = draw(st.lists(requirements(framework), max_size=5, unique_by=lambda r: r.competency))
    return Role(draw(ids()), draw(st.text(max_size=20)), reqs)


@st.composite
def units(draw: st.DrawFn, *, parents: Sequence[str] = ()) -> Unit:
    """A unit, under one of ``parents`` (or none); its id is new to them.

    >>> from hypothesis import find
    >>> find(units(parents=["care"]), lambda u: u.parent == "care").parent
    'care'
    """
    uid = draw(ids().filter(lambda i: i not in parents))
    parent = draw(st.none() | st.sampled_from(list(parents))) if parents else None
    return Unit(uid, draw(st.text(max_size=15)), parent=parent)


@st.composite
def people(
    draw: st.DrawFn,
    *,
    units: Sequence[str],
    roles: Sequence[str] = (),
    managers: Sequence[str] = (),
) -> Person:
    """A person in one of ``units``, holding some of ``roles``, managed by one of ``managers``.

    >>> from hypothesis import find
    >>> find(people(units=["care"], roles=["nurse"]), lambda p: bool(p.roles)).roles
    ('nurse',)
    """
    if not units:
        raise ValueError("people() needs at least one unit id")
    taken = set(units) | set(managers)
    pid = draw(ids().filter(lambda i: i not in taken))
    held = draw(st.lists(st.sampled_from(list(roles)), max_size=2, unique=True)) if roles else []
    manager = draw(st.none() | st.sampled_from(list(managers))) if managers else None
    return Person(
        pid, draw(st.text(max_size=15)), draw(st.sampled_from(list(units))), held, manager
    )


@st.composite
def organizations(
    draw: st.DrawFn,
    *,
    max_units: int = 6,
    max_people: int = 15,
    framework: Framework | None = None,
) -> Organization:
    """Valid organisations: a unit forest, people in it with known roles and managers."""
    fw = framework if framework is not None else draw(frameworks())
    role_list = draw(st.lists(roles(fw), min_size=1, max_size=4, unique_by=lambda r: r.id))
    all_ids = draw(st.lists(ids(), min_size=2, max_size=max_units + max_people, unique=True))
    n_units = draw(st.integers(1, min(max_units, len(all_ids) - 1)))
    unit_ids, person_ids = all_ids[:n_units], all_ids[n_units:][:max_people]
    units = []
    for i, uid in enumerate(unit_ids):
        parent = draw(st.none() | st.sampled_from(unit_ids[:i])) if i else None
        units.append(Unit(uid, draw(st.text(max_size=15)), parent=parent))
    people = []
    for i, pid in enumerate(person_ids):
        manager = draw(st.none() | st.sampled_from(person_ids[:i])) if i else None
        held = draw(st.lists(st.sampled_from([r.id for r in role_list]), max_size=2, unique=True))
        people.append(
            Person(pid, draw(st.text(max_size=15)), draw(st.sampled_from(unit_ids)), held, manager)
        )
    return Organization(units, people, role_list, fw)


@st.composite
def assessments(draw: st.DrawFn, org: Organization) -> Assessment:
    """An assessment of someone in ``org`` in a competency of its framework."""
    if not org.people:
        raise ValueError("assessments() needs an organisation with people")
    person = draw(st.sampled_from(org.people))
    comp = draw(st.sampled_from(org.framework.competencies))
    top = org.framework.scale(comp.scale).top
    return Assessment(
        person.id,
        comp.id,
        draw(st.integers(0, top)),
        draw(dates()),
        source=draw(st.sampled_from(["manager", "self", "test", "certificate"])),
        id=draw(st.none() | ids()),
    )


@st.composite
def datasets(draw: st.DrawFn, /, **organization_options: Any) -> Dataset:
    """A dataset: an organisation with people, assessments of them, and an ``as_of``."""
    org = draw(organizations(**organization_options).filter(lambda o: bool(o.people)))
    return Dataset(
        org=org,
        assessments=draw(st.lists(assessments(org), max_size=20)),
        as_of=draw(dates()),
    )


@st.composite
def metrics(draw: st.DrawFn) -> Metric:
    """Metrics with finite numbers and a target different from the baseline."""
    numbers = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    baseline = draw(numbers)
    return Metric(
        draw(st.text(max_size=15)),
        draw(st.sampled_from(["%", "days", "per month"])),
        baseline,
        draw(numbers.filter(lambda t: t != baseline)),
    )


@st.composite
def goals(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    level: Level | None = None,
    competencies: Sequence[str] = ("medication", "documentation", "ci-cd", "cpr"),
) -> Goal:
    """A goal (an ``INDIVIDUAL`` one always has an owner)."""
    lvl = level if level is not None else draw(st.sampled_from(Level))
    owner = draw(ids()) if lvl is Level.INDIVIDUAL else draw(st.none() | ids())
    return Goal(
        id if id is not None else draw(ids()),
        draw(st.text(max_size=20)),
        lvl,
        owner=owner,
        metric=draw(st.none() | metrics()),
        deadline=draw(st.none() | dates()),
        competencies=draw(st.frozensets(st.sampled_from(competencies), max_size=2))
        if competencies
        else frozenset(),
        target_level=draw(st.none() | st.integers(0, 4)),
    )


@st.composite
def goal_graphs(draw: st.DrawFn, *, max_goals: int = 20) -> GoalGraph:
    """Valid goal graphs: each goal added under goals at its own level or broader.

    Some goals get a second or third parent, some links a weight other than 1, and some
    goals no parent at all (so ``findings()`` has something to say).
    """
    graph = GoalGraph()
    goal_ids = draw(st.lists(ids(), max_size=max_goals, unique=True))
    for gid in goal_ids:
        goal = draw(goals(id=gid))
        eligible = [g for g in graph if graph.goal(g).level <= goal.level]
        parents = (
            draw(st.lists(st.sampled_from(eligible), max_size=3, unique=True)) if eligible else []
        )
        weights = {p: draw(st.sampled_from([1.0, 0.5, 2.0, 3.0])) for p in parents}
        graph.add(goal, contributes_to=weights)
    return graph


@st.composite
def signals(draw: st.DrawFn, org: Organization) -> Signal:
    """A signal about a unit or a person of ``org`` in a competency of its framework.

    Its kind is one of :class:`~larande.SignalKind` or, now and then, a host's own
    (``"customer-feedback"``); a wish always names a person.
    """
    competency = draw(st.sampled_from(org.framework.competencies)).id
    kind: SignalKind | str = draw(
        st.sampled_from(SignalKind) | st.sampled_from(["customer-feedback", "peer-review"])
    )
    if kind == SignalKind.WISH and not org.people:
        kind = SignalKind.REPORT
    person = (
        draw(st.none() | st.sampled_from(org.people).map(lambda p: p.id)) if org.people else None
    )
    if kind == SignalKind.WISH and person is None:
        person = draw(st.sampled_from(org.people)).id
    some_unit = draw(st.sampled_from(org.units)).id
    unit = some_unit if person is None else draw(st.none() | st.just(some_unit))
    audited = kind in {
        SignalKind.RECORD_SAMPLE,
        SignalKind.INTERNAL_CONTROL,
        SignalKind.TEST_RESULT,
    }
    return Signal(
        draw(ids()),
        kind,
        draw(dates()),
        competency,
        unit=unit,
        person=person,
        passed=draw(st.booleans() | st.none()) if audited else None,
        severity=draw(st.integers(1, 3)),
    )


@st.composite
def needs(draw: st.DrawFn, org: Organization) -> Need:
    """A well-formed need of a person or a unit of ``org`` (its reasons cite made-up ids)."""
    competency = draw(st.sampled_from(org.framework.competencies))
    top = org.framework.scale(competency.scale).top
    reasons = draw(
        st.lists(
            st.builds(
                Reason,
                rule=st.sampled_from(["requirement-gap", "expiring", "my-rule"]),
                evidence=st.lists(ids(), min_size=1, max_size=3),
                text=st.text(max_size=20),
            ),
            min_size=1,
            max_size=3,
        )
    )
    due = draw(st.none() | dates())
    priority = draw(st.floats(0, 100, allow_nan=False))
    as_person: bool = bool(org.people) and draw(st.booleans())
    if as_person:
        person = draw(st.sampled_from(org.people)).id
        required = draw(st.integers(0, top))
        current = draw(st.none() | st.integers(0, top))
        gap = max(0, required - (current or 0))
        return Need(
            person, NeedScope.PERSON, competency.id, current, required, gap, priority, reasons, due
        )
    unit = draw(st.sampled_from(org.units)).id
    required_or_none = draw(st.none() | st.integers(0, top))
    return Need(
        unit, NeedScope.UNIT, competency.id, None, required_or_none, 0, priority, reasons, due
    )


@st.composite
def activities(
    draw: st.DrawFn,
    *,
    framework: Framework,
    id: str | None = None,
    prerequisites: Sequence[str] = (),
) -> Activity:
    """An activity developing one to three competencies of ``framework`` within scale."""
    chosen = draw(
        st.lists(
            st.sampled_from(framework.competencies),
            min_size=1,
            max_size=3,
            unique_by=lambda c: c.id,
        )
    )
    develops = {c.id: draw(st.integers(0, framework.scale(c.scale).top)) for c in chosen}
    activity_id = id if id is not None else draw(ids())
    sessions = draw(
        st.lists(
            st.builds(
                Session,
                id=ids().map(lambda s: f"{activity_id}/{s}"),
                on=dates(),
                capacity=st.integers(1, 30),
            ),
            max_size=3,
            unique_by=lambda s: s.id,
        )
    )
    return Activity(
        activity_id,
        draw(st.text(max_size=20)),
        draw(st.sampled_from(ActivityKind) | st.just("shadowing")),
        develops,
        dt.timedelta(minutes=draw(st.integers(15, 60 * 40))),
        prerequisites=tuple(prerequisites),
        sessions=sessions,
        group=draw(st.booleans()),
        cost=draw(st.floats(0, 10_000, allow_nan=False)),
    )


@st.composite
def catalogs(draw: st.DrawFn, *, framework: Framework, max_size: int = 12) -> Catalog:
    """Valid catalogs for ``framework``: unique ids, prerequisites never in a cycle.

    Each activity's prerequisites are drawn from the activities before it.
    """
    activity_ids = draw(st.lists(ids(), min_size=1, max_size=max_size, unique=True))
    made: list[Activity] = []
    for i, aid in enumerate(activity_ids):
        prereqs = (
            draw(st.lists(st.sampled_from(activity_ids[:i]), max_size=2, unique=True)) if i else []
        )
        made.append(draw(activities(framework=framework, id=aid, prerequisites=prereqs)))
    return Catalog(made)


@st.composite
def plans(draw: st.DrawFn, *, catalog: Catalog, person: str | None = None) -> LearningPlan:
    """A draft learning plan of some of ``catalog``'s activities (no needs attached)."""
    chosen = draw(st.lists(st.sampled_from(list(catalog)), max_size=5, unique=True))
    return LearningPlan(
        person if person is not None else draw(ids()),
        [PlanItem(a, (), deadline=draw(st.none() | dates())) for a in chosen],
    )


@st.composite
def events(
    draw: st.DrawFn,
    *,
    people: Sequence[str] = ("anna", "bo", "cem"),
    activities: Sequence[str] = ("cpr-refresher", "devops-workshop"),
    goals: Sequence[str] = ("release-time",),
    objectives: Sequence[str] = ("obj:anna:cpr",),
    ids: st.SearchStrategy[str] | None = None,
) -> Event:
    """A follow-up event of any kind about the given people, activities and goals.

    Days fall in 2026. Pass ``ids`` to control collisions (the default draws short ids, so
    duplicates and conflicts happen, as they do in real traffic). Retractions target ids
    from the same strategy, never themselves.
    """
    id_strategy = ids if ids is not None else st.text("abcdefgh", min_size=1, max_size=3)
    eid = draw(id_strategy)
    on = draw(dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31)))
    person = draw(st.sampled_from(people))
    activity = draw(st.sampled_from(activities))
    kind = draw(st.integers(0, 8))
    share = st.none() | st.floats(0, 1, allow_nan=False)
    if kind == 0:
        return ActivityCompleted(
            eid, person, activity, on, score=draw(share), passed=draw(st.none() | st.booleans())
        )
    if kind == 1:
        return ActionPlanSet(
            eid,
            person,
            activity,
            on,
            draw(st.lists(st.text(max_size=10), max_size=2)),
            goal=draw(st.none() | st.sampled_from(goals)),
        )
    if kind == 2:
        subject = draw(st.sampled_from([*activities, *objectives]))
        return CheckIn(eid, person, subject, on, progress=draw(share))
    if kind == 3:
        return FeedbackGiven(eid, person, activity, on, rating=draw(st.none() | st.integers(1, 5)))
    if kind == 4:
        value = draw(st.floats(-100, 100, allow_nan=False, allow_infinity=False))
        return Measured(eid, draw(st.sampled_from(goals)), on, value)
    if kind == 5:
        return KnowledgeShared(eid, person, activity, on)
    if kind == 6:
        return ObjectiveAchieved(eid, person, draw(st.sampled_from(objectives)), on)
    if kind == 7:
        led_kind = draw(st.sampled_from(LedKind) | st.just("study-circle"))
        return Led(eid, person, on, draw(st.text(max_size=15)), led_kind)
    target = draw(id_strategy.filter(lambda t: t != eid))
    return Retracted(eid, on, target)


@st.composite
def survey_responses(
    draw: st.DrawFn,
    org: Organization,
    *,
    waves: Sequence[str] = ("2026-spring", "2026-autumn"),
    ids: st.SearchStrategy[str] | None = None,
) -> SurveyResponse:
    """A culture survey response by a person of ``org`` (who must have people).

    It answers some of :data:`larande.culture.ITEMS` from 1 to 5, in one of ``waves``, on a
    day of 2026.
    """
    chosen = draw(st.lists(st.sampled_from(ITEMS), min_size=1, unique=True))
    return SurveyResponse(
        draw(ids if ids is not None else st.text("abcdefgh", min_size=1, max_size=4)),
        draw(st.sampled_from(org.people)).id,
        draw(dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31))),
        {item.id: draw(st.integers(1, 5)) for item in chosen},
        draw(st.sampled_from(waves)),
    )
