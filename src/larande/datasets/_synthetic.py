"""Synthetic organisations of any size, shaped like the demo, for play and benchmarks."""

from __future__ import annotations

import datetime as dt
import random

from larande import _check as check
from larande.calendars import WorkCalendar
from larande.catalog import Activity, ActivityKind, Catalog, Session
from larande.competence import Assessment, Competency, Framework, Requirement, Role
from larande.dataset import Dataset
from larande.datasets import _demo
from larande.exceptions import ValidationError
from larande.followup import (
    ActionPlanSet,
    ActivityCompleted,
    CheckIn,
    Event,
    FeedbackGiven,
    KnowledgeShared,
    Measured,
    ObjectiveAchieved,
    Retracted,
)
from larande.goals import Goal, GoalGraph, Level, Metric
from larande.needs import Signal, SignalKind
from larande.organization import Organization, Person, Unit

_FIRST = (
    "Aisha",
    "Albin",
    "Alice",
    "Ali",
    "Anna",
    "Astrid",
    "Axel",
    "Baran",
    "Britt",
    "Carl",
    "Dalia",
    "Ebba",
    "Elias",
    "Ella",
    "Emil",
    "Erik",
    "Farah",
    "Freja",
    "Gustav",
    "Hassan",
    "Hugo",
    "Ida",
    "Isak",
    "Jenny",
    "Johan",
    "Karl",
    "Leila",
    "Linnea",
    "Liam",
    "Lova",
    "Maja",
    "Malik",
    "Marta",
    "Mohammed",
    "Nora",
    "Oskar",
    "Petra",
    "Saga",
    "Sara",
    "Selma",
    "Sven",
    "Tariq",
    "Theo",
    "Tuva",
    "Vera",
    "Wille",
    "Yara",
    "Zeynep",
)
_LAST = (
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Olofsson",
    "Lindström",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Mohammed",
    "Ali",
    "Hussein",
    "Nguyen",
)

_TEAM_SIZE = 12
_TEAMS_PER_UNIT = 4
_UNITS_PER_ADMINISTRATION = 8
_FAMILY = {
    "assistant-nurse": "care",
    "care-assistant": "care",
    "care-manager": "leadership",
    "developer": "it",
    "ops-engineer": "it",
    "it-manager": "leadership",
    "director": "leadership",
}


def _framework_and_roles(requirements: int | None) -> tuple[Framework, tuple[Role, ...]]:
    base = _demo.framework()
    roles = _demo.roles()
    if requirements is None:
        return base, roles
    extra: list[Competency] = []
    out: list[Role] = []
    per_family: dict[str, list[str]] = {}
    for role in roles:
        family = _FAMILY[role.id]
        reqs = list(role.requirements[:requirements])
        pool = per_family.setdefault(family, [])
        k = 0
        while len(reqs) < requirements:
            if k == len(pool):
                cid = f"{family}-skill-{k + 1:02d}"
                extra.append(Competency(cid, f"{family.title()} skill {k + 1}", parent=family))
                pool.append(cid)
            reqs.append(Requirement(pool[k], 2 + k % 2, weight=1.0 + (k % 3) / 2))
            k += 1
        out.append(Role(role.id, role.name, reqs))
    framework = Framework(base.competencies + tuple(extra), scales=base.scales)
    return framework, tuple(out)


def synthetic(
    *,
    people: int,
    seed: int,
    requirements: int | None = None,
    activities: int | None = None,
    events_per_person: int = 6,
    as_of: dt.date = _demo.AS_OF,
) -> Dataset:
    """A made-up organisation of ``people`` people, shaped like the demo, deterministically.

    Teams of twelve make up units of four teams; every fifth unit is an IT unit, the rest
    home care; eight units make an administration under one municipality. Each unit has a
    manager, each administration a director. Everyone is assessed in every competency their
    role requires (about 15 % below the required level, dates spread over two years,
    certificates within about a year, so some have lapsed). Goals follow the demo's shape
    (two guiding stars, unit and team goals, an objective a person), and every team collects
    about four signals a member over 200 days. The catalog has about four activities a
    competency, of every kind.

    Args:
        people: how many people (at least 1).
        seed: the seed of the random choices: the same seed gives the same dataset.
        requirements: give every role exactly this many requirements (adding made-up
            competencies as needed); ``None`` keeps the demo's roles.
        activities: how many activities the catalog has (about four a competency when
            ``None``).
        events_per_person: about how many follow-up events each person has.
        as_of: the dataset's "today".

    >>> ds = synthetic(people=50, seed=7)
    >>> len(ds.org.people), ds == synthetic(people=50, seed=7)
    (50, True)
    >>> {len(r.requirements) for r in synthetic(people=5, seed=1, requirements=20).org.roles}
    {20}
    """
    if type(people) is not int or people < 1:
        raise ValidationError(f"expected people >= 1, got {people!r}", path="people")
    if type(seed) is not int:
        raise ValidationError(f"expected an int seed, got {seed!r}", path="seed")
    if requirements is not None and (type(requirements) is not int or requirements < 1):
        raise ValidationError(
            f"expected requirements >= 1 or None, got {requirements!r}", path="requirements"
        )
    if activities is not None and (type(activities) is not int or activities < 1):
        raise ValidationError(
            f"expected activities >= 1 or None, got {activities!r}", path="activities"
        )
    if type(events_per_person) is not int or events_per_person < 0:
        raise ValidationError(
            f"expected events_per_person >= 0, got {events_per_person!r}",
            path="events_per_person",
        )
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected as_of to be a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    rng = random.Random(seed)
    framework, roles = _framework_and_roles(requirements)
    role_by_id = {r.id: r for r in roles}
    validity = {c.id: c.validity for c in framework.competencies}
    width = max(5, len(str(people - 1)))

    units = [Unit("municipality", "Synthetic municipality")]
    persons: list[Person] = []
    teams = -(-people // _TEAM_SIZE)
    unit_count = -(-teams // _TEAMS_PER_UNIT)
    directors: dict[int, str] = {}
    managers: dict[int, str] = {}
    index = 0
    for u in range(unit_count):
        admin = u // _UNITS_PER_ADMINISTRATION
        is_it = u % 5 == 4
        if u % _UNITS_PER_ADMINISTRATION == 0:
            units.append(Unit(f"a{admin}", f"Administration {admin + 1}", parent="municipality"))
        kind = "it" if is_it else "homecare"
        unit_id = f"u{u}"
        units.append(
            Unit(unit_id, f"{'IT' if is_it else 'Home care'} unit {u + 1}", parent=f"a{admin}")
        )
        for t in range(_TEAMS_PER_UNIT):
            team_no = u * _TEAMS_PER_UNIT + t
            if team_no >= teams:
                break
            team_id = f"t{team_no}"
            units.append(Unit(team_id, f"{kind} team {team_no + 1}", parent=unit_id))
            for _ in range(_TEAM_SIZE):
                if index == people:
                    break
                pid = f"p{index:0{width}d}"
                if admin not in directors:
                    role, home, manager = "director", f"a{admin}", None
                    directors[admin] = pid
                elif u not in managers:
                    role = "it-manager" if is_it else "care-manager"
                    home, manager = unit_id, directors[admin]
                    managers[u] = pid
                else:
                    home, manager = team_id, managers[u]
                    if is_it:
                        role = "developer" if rng.random() < 0.6 else "ops-engineer"
                    else:
                        role = "assistant-nurse" if rng.random() < 0.55 else "care-assistant"
                name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
                persons.append(Person(pid, name, home, roles=(role,), manager=manager))
                index += 1

    assessments: list[Assessment] = []
    for p in persons:
        for req in role_by_id[p.roles[0]].requirements:
            below = rng.random() < 0.15
            level = rng.randrange(req.level) if below else req.level + (rng.random() < 0.2)
            top = framework.scale_of(req.competency).top
            days_back = rng.randrange(420 if validity[req.competency] else 760)
            assessments.append(
                Assessment(p.id, req.competency, min(level, top), as_of - dt.timedelta(days_back))
            )
    org = Organization(units, persons, roles, framework)
    goals = _goals(org, role_by_id, rng, as_of)
    signals = _signals(org, role_by_id, rng, as_of)
    catalog = _catalog(framework, rng, as_of, activities)
    events = _events(org, goals, catalog, rng, as_of, events_per_person)
    return Dataset(
        org=org,
        assessments=assessments,
        as_of=as_of,
        goals=goals,
        signals=signals,
        catalog=catalog,
        start=as_of,
        end=dt.date(as_of.year, 12, 31),
        budget=dt.timedelta(hours=8),
        calendar=WorkCalendar.sweden(as_of.year),
        events=events,
    )


def _events(
    org: Organization,
    goals: GoalGraph,
    catalog: Catalog,
    rng: random.Random,
    as_of: dt.date,
    per_person: int,
) -> list[Event]:
    """About ``per_person`` follow-up events a person over the year, and monthly measures.

    Each person completes activities, sets action plans for most, checks in now and then,
    gives feedback and shares some of it; some reach their objective. About one completion
    in a hundred is withdrawn the next day, and one in a hundred arrives twice. Unit goals are
    measured monthly, drifting toward their targets.
    """
    out: list[Event] = []
    ids = sorted(catalog)
    horizon = (dt.date(as_of.year, 12, 31) - as_of).days
    objectives: dict[str, str] = {}
    for gid in goals:
        goal = goals.goal(gid)
        if goal.level is Level.INDIVIDUAL and goal.owner is not None:
            objectives.setdefault(goal.owner, gid)
    for person in org.people:
        pid = person.id
        count = 0
        k = 0
        while count < per_person:
            activity = rng.choice(ids)
            day = as_of + dt.timedelta(days=rng.randrange(max(1, horizon - 30)))
            base = f"{pid}-{k}"
            k += 1
            passed = rng.random() > 0.1
            completion = ActivityCompleted(
                f"c-{base}", pid, activity, day, score=round(rng.random(), 2), passed=passed
            )
            out.append(completion)
            count += 1
            chance = rng.random()
            if chance < 0.01:  # registered on the wrong person, or by mistake: withdrawn
                out.append(Retracted(f"v-{base}", day + dt.timedelta(days=1), completion.id))
                count += 1
            elif chance < 0.02:  # the LMS webhook fired twice
                out.append(completion)
            if rng.random() < 0.6:
                out.append(
                    ActionPlanSet(
                        f"a-{base}",
                        pid,
                        activity,
                        day + dt.timedelta(days=rng.randrange(1, 10)),
                        ["Use it in the next case"],
                    )
                )
                count += 1
            for j in range(rng.randrange(3)):
                out.append(
                    CheckIn(
                        f"k-{base}-{j}",
                        pid,
                        activity,
                        day + dt.timedelta(days=14 * (j + 1) + rng.randrange(5)),
                        round(rng.random(), 2),
                    )
                )
                count += 1
            if rng.random() < 0.5:
                out.append(
                    FeedbackGiven(
                        f"f-{base}",
                        pid,
                        activity,
                        day + dt.timedelta(days=rng.randrange(20, 40)),
                        rng.randint(2, 5),
                    )
                )
                count += 1
            if rng.random() < 0.3:
                out.append(
                    KnowledgeShared(
                        f"s-{base}", pid, activity, day + dt.timedelta(days=rng.randrange(10, 40))
                    )
                )
                count += 1
        objective = objectives.get(pid)
        if objective is not None and rng.random() < 0.2:
            out.append(
                ObjectiveAchieved(
                    f"o-{pid}", pid, objective, as_of + dt.timedelta(days=rng.randrange(30, 200))
                )
            )
    for gid in goals:
        goal = goals.goal(gid)
        if goal.level is not Level.UNIT or goal.metric is None:
            continue
        m = goal.metric
        value = m.baseline
        for month in range(as_of.month, 13):
            day = dt.date(as_of.year, month, 28)
            if day < as_of:
                continue
            value += (m.target - m.baseline) * rng.uniform(-0.02, 0.15)
            out.append(Measured(f"m-{gid}-{month}", gid, day, round(value, 2)))
    return out


_SHAPES = (
    # kind, hours, levels it reaches
    (ActivityKind.E_LEARNING, 3, 2),
    (ActivityKind.COURSE, 16, 3),
    (ActivityKind.ON_THE_JOB, 12, 3),
    (ActivityKind.WORKSHOP, 8, 4),
    (ActivityKind.MENTORING, 10, 3),
    (ActivityKind.READING, 4, 2),
    (ActivityKind.PEER_LEARNING, 4, 2),
    (ActivityKind.WEBINAR, 2, 1),
)


def _catalog(
    framework: Framework, rng: random.Random, as_of: dt.date, activities: int | None
) -> Catalog:
    """About four activities a competency (or ``activities`` in all), of the demo's kinds.

    Higher levels take more effort; workshops need the competency's e-learning first;
    courses and workshops run on dated sessions with seats; one in ten courses covers a
    sibling competency too.
    """
    leaves = [c.id for c in framework.competencies if not framework.children(c.id)]
    total = activities if activities is not None else 4 * len(leaves)
    made: list[Activity] = []
    first: dict[str, str] = {}
    for i in range(total):
        competency = leaves[i % len(leaves)]
        kind, hours, top = _SHAPES[(i // len(leaves)) % len(_SHAPES)]
        scale_top = framework.scale_of(competency).top
        develops = {competency: min(top, scale_top)}
        if kind is ActivityKind.COURSE and rng.random() < 0.1:
            other = rng.choice(leaves)
            develops[other] = max(develops.get(other, 0), min(2, framework.scale_of(other).top))
        prerequisites = (
            (first[competency],) if kind is ActivityKind.WORKSHOP and competency in first else ()
        )
        sessions: tuple[Session, ...] = ()
        if kind in (ActivityKind.COURSE, ActivityKind.WORKSHOP):
            sessions = tuple(
                Session(
                    f"a{i}-s{k}",
                    as_of + dt.timedelta(days=14 + 56 * k + rng.randrange(14)),
                    rng.choice((8, 12, 20, 30)),
                )
                for k in range(6)
            )
        activity = Activity(
            f"a{i}-{competency}",
            f"{kind.value.replace('-', ' ').capitalize()}: {competency}",
            kind,
            develops,
            dt.timedelta(hours=hours + rng.randrange(3)),
            prerequisites=prerequisites,
            sessions=sessions,
            cost=float(rng.choice((0, 0, 400, 1500, 4000))),
        )
        made.append(activity)
        first.setdefault(competency, activity.id)
    return Catalog(made)


_KINDS = (
    (SignalKind.DEVIATION, 0.3),
    (SignalKind.REPORT, 0.1),
    (SignalKind.RECORD_SAMPLE, 0.3),
    (SignalKind.INTERNAL_CONTROL, 0.2),
    (SignalKind.TEST_RESULT, 0.1),
)
_AUDITED = frozenset(
    {SignalKind.RECORD_SAMPLE, SignalKind.INTERNAL_CONTROL, SignalKind.TEST_RESULT}
)


def _signals(
    org: Organization, role_by_id: dict[str, Role], rng: random.Random, as_of: dt.date
) -> list[Signal]:
    """About four signals a person, per team: deviations, reports, audits, controls, tests.

    Each team has two or three "weak" competencies that collect most of its deviations and
    failed audits, so that some units cross the thresholds and most do not.
    """
    kinds = [k for k, _ in _KINDS]
    weights = [w for _, w in _KINDS]
    out: list[Signal] = []
    for unit in org.units:
        members = org.members(unit.id, recursive=False)
        if not unit.id.startswith("t") or not members:
            continue
        pool = sorted({r.competency for p in members for r in role_by_id[p.roles[0]].requirements})
        weak = rng.sample(pool, k=min(len(pool), 2 + (rng.random() < 0.5)))
        for k in range(4 * len(members)):
            kind = rng.choices(kinds, weights)[0]
            competency = rng.choice(weak) if rng.random() < 0.6 else rng.choice(pool)
            failing = 0.35 if competency in weak else 0.08
            person = rng.choice(members).id if rng.random() < 0.5 else None
            out.append(
                Signal(
                    f"s-{unit.id}-{k}",
                    kind,
                    as_of - dt.timedelta(days=rng.randrange(200)),
                    competency,
                    unit=None if person is not None else unit.id,
                    person=person,
                    passed=(rng.random() >= failing) if kind in _AUDITED else None,
                    severity=1 + (rng.random() < 0.2) + (rng.random() < 0.05),
                )
            )
    return out


def _goals(
    org: Organization, role_by_id: dict[str, Role], rng: random.Random, as_of: dt.date
) -> GoalGraph:
    """Two guiding stars; one or two goals a unit; a goal a team; an objective a person.

    About one goal in ten serves two parents (teams sharing a second unit goal, people
    serving a second team of their unit), as in the benchmark the design asks for.
    """
    g = GoalGraph()
    year_end = dt.date(as_of.year, 12, 31)
    g.add(
        Goal(
            "star-care",
            "Halve medication deviations",
            Level.ORGANIZATION,
            metric=Metric("medication deviations", "per month", 1200, 600),
            deadline=year_end,
            competencies={"medication"},
        )
    )
    g.add(
        Goal(
            "star-digital",
            "Digital first",
            Level.ORGANIZATION,
            metric=Metric("services digitalised", "%", 20, 60),
            deadline=year_end,
            competencies={"digital-supervision", "ci-cd"},
        )
    )
    unit_goals: dict[str, list[str]] = {}
    team_goals: dict[str, list[str]] = {}
    for unit in org.units:
        if not unit.id.startswith("u"):
            continue
        is_it = unit.name.startswith("IT")
        first = f"{unit.id}-{'release' if is_it else 'medication'}"
        metric = (
            Metric("release lead time", "days", 20, 17)
            if is_it
            else Metric("medication deviations", "per month", 12, 6)
        )
        g.add(
            Goal(
                first,
                f"{unit.name}: {'faster releases' if is_it else 'safer medication'}",
                Level.UNIT,
                owner=unit.id,
                metric=metric,
                deadline=year_end - dt.timedelta(days=rng.randrange(0, 120)),
            ),
            contributes_to="star-digital" if is_it else "star-care",
        )
        unit_goals[unit.id] = [first]
        if not is_it:
            second = f"{unit.id}-supervision"
            measured = rng.random() > 0.05
            g.add(
                Goal(
                    second,
                    f"{unit.name}: digital night supervision",
                    Level.UNIT,
                    owner=unit.id,
                    metric=Metric("clients supervised digitally", "%", 10, 40)
                    if measured
                    else None,
                    deadline=year_end,
                ),
                contributes_to="star-digital",
            )
            unit_goals[unit.id].append(second)
    for unit in org.units:
        if not unit.id.startswith("t") or unit.parent is None:
            continue
        ups = unit_goals[unit.parent]
        parents = [ups[0]] + ([ups[1]] if len(ups) > 1 and rng.random() < 0.3 else [])
        gid = f"{unit.id}-goal"
        g.add(
            Goal(
                gid,
                f"{unit.name}: our part",
                Level.TEAM,
                owner=unit.id,
                deadline=year_end - dt.timedelta(days=rng.randrange(30, 120)),
            ),
            contributes_to=parents,
        )
        team_goals.setdefault(unit.parent, []).append(gid)
    for person in org.people:
        home = org.unit(person.unit)
        if home.parent is None or not home.id.startswith("t"):
            continue
        mine = f"{home.id}-goal"
        siblings = team_goals[home.parent]
        parents = [mine]
        if len(siblings) > 1 and rng.random() < 0.1:
            parents.append(rng.choice([t for t in siblings if t != mine]))
        req = rng.choice(role_by_id[person.roles[0]].requirements)
        g.add(
            Goal(
                f"obj:{person.id}:{req.competency}",
                f"{person.name}: {req.competency}",
                Level.INDIVIDUAL,
                owner=person.id,
                competencies={req.competency},
                target_level=req.level,
                deadline=as_of + dt.timedelta(days=rng.randrange(60, 240)),
            ),
            contributes_to=parents,
        )
    return g
