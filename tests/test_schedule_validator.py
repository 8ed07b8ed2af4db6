"""Every hard constraint of a schedule, checked by a validator that shares no code with it.

The validator below reads only the public records (plans, catalog, calendar, schedule) and
plain Python; Hypothesis feeds random catalogs, plans, calendars and budgets, loose, tight
and over-subscribed, and the validator must find nothing, ever.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Mapping

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    Absence,
    Activity,
    Budget,
    Catalog,
    Competency,
    Framework,
    LearningPlan,
    Need,
    Organization,
    Person,
    Placement,
    PlanItem,
    Schedule,
    Session,
    Unit,
    Unplaced,
    WorkCalendar,
    reschedule,
    schedule,
)

H = dt.timedelta(hours=1)
LIMIT = dt.timedelta(seconds=1)  # CP-SAT's deterministic work on the tiny instances here
YEAR_START, YEAR_END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def months_touched(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


Budgets = dt.timedelta | Budget | Mapping[str, dt.timedelta | Budget]


def allowance(budget: Budgets, person: str, months: int) -> tuple[dt.timedelta, dt.timedelta]:
    """A person's time for the whole horizon, and for one month (before ``peak``).

    A bare timedelta is a month's; a yearly amount counts its share, by months touched,
    and is spread evenly over the months.
    """
    chosen = budget[person] if isinstance(budget, Mapping) else budget
    if isinstance(chosen, dt.timedelta):
        return chosen * months, chosen
    if chosen.per.value == "month":
        return chosen.amount * months, chosen.amount
    return chosen.amount * months / 12, chosen.amount / 12


def _period(every: str, origin: dt.date, day: dt.date) -> int:
    """The number of the period ``day`` falls in, counting the one holding ``origin`` as 1."""
    if every == "week":
        monday = origin - dt.timedelta(days=origin.weekday())
        return (day - monday).days // 7 + 1
    if every == "month":
        return (day.year - origin.year) * 12 + day.month - origin.month + 1
    return (day.year - origin.year) * 4 + (day.month - 1) // 3 - (origin.month - 1) // 3 + 1


def _open(day: dt.date, calendar: WorkCalendar, season: Mapping[int, float] | None) -> bool:
    closed = any(first <= day <= last for first, last in calendar.closures)
    return (
        day.weekday() in calendar.weekdays
        and day not in calendar.holidays
        and not closed
        and (season or {}).get(day.month, 1.0) != 0
    )


def _possible_days(
    activity: Activity,
    calendar: WorkCalendar,
    first: dt.date,
    last: dt.date,
    season: Mapping[int, float] | None,
) -> list[dt.date]:
    """The days ``activity`` could take from ``first`` to ``last``: sessions or working days."""
    if activity.sessions:
        return sorted(
            s.on
            for s in activity.sessions
            if first <= s.on <= last and _open(s.on, calendar, season)
        )
    days, day = [], first
    while day <= last:
        if _open(day, calendar, season):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def violations(
    result: Schedule,
    plans: list[LearningPlan],
    catalog: Catalog,
    calendar: WorkCalendar,
    start: dt.date,
    end: dt.date,
    budget: Budgets,
    peak: float,
    taken: dict[str, int] | None = None,
    budget_start: dt.date | None = None,
    absences: list[Absence] | None = None,
    season: Mapping[int, float] | None = None,
    org: Organization | None = None,
    money: Mapping[str, float] | None = None,
    complete: bool = True,
) -> list[str]:
    """Each broken hard constraint, in words (empty when the schedule is sound).

    ``complete``: every occurrence a series has (a period of the horizon with a day open
    for learning, by the deadline) is placed or unplaced; a reschedule's result leaves the
    past's out, so it is checked only for occurrences it has.
    """
    found: list[str] = []
    origin = budget_start or start
    found.extend(
        f"{p.id} on {p.on}, in a month closed for learning"
        for p in result.placements
        if (season or {}).get(p.on.month, 1.0) == 0
    )
    away = list(absences or ())
    found.extend(
        f"{p.id} on {p.on} while {p.person} is away"
        for p in result.placements
        for a in away
        if a.person == p.person and a.start <= p.on <= a.end
    )
    taken = taken or {}
    activities = {a.id: a for a in catalog.activities}
    items = {(plan.person, i.activity): i for plan in plans for i in plan.items}
    planned = {plan.person: {i.activity for i in plan.items} for plan in plans}
    # Every placement and unplaced record by the plan item (and occurrence) it is of.
    placed: dict[tuple[str, str, int | None], Placement] = {}
    ids: set[str] = set()
    for p in result.placements:
        item = p.instead_of or p.activity
        key = (p.person, item, p.occurrence)
        if key in placed or p.id in ids:
            found.append(f"{p.id} placed twice")
        placed[key] = p
        ids.add(p.id)
        if (p.person, item) not in items:
            found.append(f"{p.id} is of no plan item")
    unplaced: dict[tuple[str, str, int | None], Unplaced] = {}
    for u in result.unplaced:
        key = (u.person, u.activity, u.occurrence)
        if key in unplaced:
            found.append(f"{key} unplaced twice")
        unplaced[key] = u
    both = set(placed) & set(unplaced)
    found.extend(f"{key} both placed and unplaced" for key in sorted(both, key=str))
    # Each item once (a one-off), or each occurrence of a series once.
    for plan in plans:
        for item in plan.items:
            a = activities[item.activity]
            mine = {k[2] for k in (*placed, *unplaced) if k[:2] == (plan.person, a.id)}
            if a.every is None:
                if mine != {None}:
                    found.append(f"{(plan.person, a.id)} is not exactly once placed or unplaced")
                continue
            if not complete:
                continue
            last = end if item.deadline is None else min(end, item.deadline)
            expected = {
                _period(a.every.value, origin, d)
                for d in _possible_days(a, calendar, start, last, season)
            }
            if not expected:
                expected = {None}  # no period has a day: the series is unplaced as a whole
            if mine != expected:
                found.append(
                    f"{(plan.person, a.id)} has occurrences {sorted(mine, key=str)}, "
                    f"expected {sorted(expected, key=str)}"
                )
    seats: dict[str, int] = {}
    for p in result.placements:
        a = activities[p.activity]
        if not start <= p.on <= end:
            found.append(f"{p.id} on {p.on} outside {start}..{end}")
        weekday_ok = p.on.weekday() in calendar.weekdays
        closed = any(first <= p.on <= last for first, last in calendar.closures)
        if not weekday_ok or p.on in calendar.holidays or closed:
            found.append(f"{p.id} on {p.on}, a day off")
        if a.sessions:
            match = [s for s in a.sessions if s.id == p.session and s.on == p.on]
            if not match:
                found.append(f"{p.id} on {p.on} is not on a session of {a.id}")
            seats[p.session or ""] = seats.get(p.session or "", 0) + 1
        elif p.session is not None:
            found.append(f"{p.id} is self-paced but names session {p.session}")
        if a.every is None and p.occurrence is not None:
            found.append(f"{p.id} is an occurrence of {a.id}, which is no series")
        if a.every is not None and (
            p.occurrence is None or _period(a.every.value, origin, p.on) != p.occurrence
        ):
            found.append(f"{p.id} on {p.on} is outside its period")
    found.extend(
        f"session {s.id} holds {seats.get(s.id, 0)} of {s.capacity}"
        for a in catalog.activities
        for s in a.sessions
        if seats.get(s.id, 0) > max(0, s.capacity - taken.get(s.id, 0))
    )
    found.extend(
        _alternatives(result, plans, activities, items, calendar, start, end, season, away)
    )
    if money:
        found.extend(_money(result, activities, org, money))
    for plan in plans:
        loads: dict[tuple[int, int], dt.timedelta] = {}
        counts: dict[tuple[int, int], int] = {}
        total = dt.timedelta()
        for p in result.placements:
            if p.person != plan.person:
                continue
            item = items.get((p.person, p.instead_of or p.activity))
            if item is None:
                continue
            if item.deadline is not None and p.on > item.deadline:
                found.append(f"{p.id} on {p.on} after its deadline {item.deadline}")
            for pre in activities[p.activity].prerequisites:
                if pre in planned[plan.person]:
                    first = placed.get((plan.person, pre, None))
                    if first is None or first.on >= p.on:
                        found.append(f"{p.id} not strictly after its prerequisite {pre}")
            effort = activities[p.activity].effort
            key = (p.on.year, p.on.month)
            loads[key] = loads.get(key, dt.timedelta()) + effort
            counts[key] = counts.get(key, 0) + 1
            total += effort
        whole, monthly = allowance(budget, plan.person, months_touched(origin, end))
        if total > whole:
            found.append(f"{plan.person} uses {total} of {whole}")
        for key, load in loads.items():
            if load > monthly * peak and counts[key] != 1:
                found.append(f"{plan.person} has {load} in {key}, over {monthly * peak}")
    return found


def _alternatives(
    result: Schedule,
    plans: list[LearningPlan],
    activities: Mapping[str, Activity],
    items: Mapping[tuple[str, str], PlanItem],
    calendar: WorkCalendar,
    start: dt.date,
    end: dt.date,
    season: Mapping[int, float] | None,
    away: list[Absence],
) -> list[str]:
    """An alternative stands in only where the plan allows it and its first choice could not.

    It is one of the item's alternatives, closes the item's needs, is neither a series nor
    an activity the plan has for itself, and stands in for an item nothing else in the plan
    waits for; and its first choice is bound to sessions (which may be full) or has no day
    in the horizon by the deadline.
    """
    found = []
    planned = {plan.person: {i.activity for i in plan.items} for plan in plans}
    for p in result.placements:
        if p.instead_of is None:
            continue
        item = items.get((p.person, p.instead_of))
        if item is None:
            continue
        first, alt = activities[p.instead_of], activities[p.activity]
        if p.activity not in item.alternatives:
            found.append(f"{p.id} is not an alternative of {p.instead_of}")
        if alt.every is not None or p.activity in planned[p.person]:
            found.append(f"{p.id} stands in although a series or planned for itself")
        if any(
            n.required is not None and alt.develops.get(n.competency, -1) < n.required
            for n in item.needs
        ):
            found.append(f"{p.id} does not close the needs of {p.instead_of}")
        if any(first.id in activities[a].prerequisites for a in planned[p.person]):
            found.append(f"{p.id} stands in for {first.id}, which others in the plan wait for")
        last = end if item.deadline is None else min(end, item.deadline)
        days = [
            d
            for d in _possible_days(first, calendar, start, last, season)
            if not any(a.person == p.person and a.start <= d <= a.end for a in away)
        ]
        if not first.sessions and days:
            found.append(f"{p.id} stands in for {first.id}, which had days and no seats to fill")
    return found


def _money(
    result: Schedule,
    activities: Mapping[str, Activity],
    org: Organization | None,
    money: Mapping[str, float],
) -> list[str]:
    """What a unit's members (sub-units' included) spend stays within its money."""
    assert org is not None
    parent = {u.id: u.parent for u in org.units}
    home = {p.id: p.unit for p in org.people}
    spent: dict[str, float] = {}
    for p in result.placements:
        unit: str | None = home.get(p.person)
        while unit is not None:
            spent[unit] = spent.get(unit, 0.0) + activities[p.activity].cost
            unit = parent[unit]
    return [
        f"{unit} spends {spent.get(unit, 0.0)} of {amount}"
        for unit, amount in money.items()
        if spent.get(unit, 0.0) > amount + 1e-6
    ]


def unplaced_priority(result: Schedule, plans: list[LearningPlan]) -> float:
    """The priority left out: an item's, or its share for each occurrence of a series."""
    priority = {(p.person, i.activity): i.priority for p in plans for i in p.items}
    count: dict[tuple[str, str], int] = {}
    for p in result.placements:
        if p.occurrence is not None:
            count[(p.person, p.activity)] = count.get((p.person, p.activity), 0) + 1
    for u in result.unplaced:
        if u.occurrence is not None:
            count[(u.person, u.activity)] = count.get((u.person, u.activity), 0) + 1
    return round(
        sum(
            priority[(u.person, u.activity)]
            / (count[(u.person, u.activity)] if u.occurrence else 1)
            for u in result.unplaced
        ),
        9,
    )


# -- strategies ----------------------------------------------------------------------------


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    days = st.dates(min_value=YEAR_START, max_value=YEAR_END)
    holidays = draw(st.frozensets(days, max_size=15))
    closures = []
    if draw(st.booleans()):
        first = draw(days)
        closures.append(
            (first, min(YEAR_END, first + dt.timedelta(days=draw(st.integers(0, 40)))))
        )
    return WorkCalendar(2026, holidays=holidays, closures=closures)


def one_budget() -> st.SearchStrategy[dt.timedelta | Budget]:
    """A month's hours as a bare timedelta or a Budget, or a year's (pro rata, spread)."""
    monthly = st.sampled_from([2, 4, 8, 16, 40]).map(lambda h: h * H)
    return st.one_of(
        monthly,
        monthly.map(Budget),
        st.sampled_from([12, 24, 48, 96, 200, 480]).map(lambda h: Budget(h * H, per="year")),
    )


def budgets(people: list[str]) -> st.SearchStrategy[Budgets]:
    """One budget for everyone, or one a person."""
    each = st.fixed_dictionaries({p: one_budget() for p in people})
    return st.one_of(one_budget(), each)


@st.composite
def instances(draw: st.DrawFn) -> dict[str, object]:
    """A random problem: catalog (series among it), plans with alternatives, org and money."""
    n_activities = draw(st.integers(1, 6))
    made = []
    for i in range(n_activities):
        sessions = []
        if draw(st.booleans()):
            for k in range(draw(st.integers(1, 3))):
                day = draw(st.dates(min_value=YEAR_START, max_value=YEAR_END))
                sessions.append(Session(f"s{i}-{k}", day, draw(st.integers(1, 4))))
        prereqs = [f"a{draw(st.integers(0, i - 1))}"] if i and draw(st.booleans()) else []
        made.append(
            Activity(
                f"a{i}",
                f"activity {i}",
                "course",
                {draw(st.sampled_from(["x", "y"])): draw(st.integers(1, 3))},
                draw(st.integers(1, 24)) * H,
                prerequisites=prereqs,
                sessions=sessions,
                cost=draw(st.sampled_from([0, 0, 100, 250, 1000])),
            )
        )
    # A series cannot be a prerequisite; any other activity may recur.
    needed = {p for a in made for p in a.prerequisites}
    made = [
        a
        if a.id in needed
        else attrs.evolve(
            a, every=draw(st.sampled_from([None, None, None, "week", "month", "quarter"]))
        )
        for a in made
    ]
    catalog = Catalog(made)
    people = [f"p{p}" for p in range(draw(st.integers(1, 6)))]
    org = Organization(
        [Unit("org", "Org"), Unit("u1", "U1", "org"), Unit("u2", "U2", "org")],
        [Person(p, p, draw(st.sampled_from(["u1", "u2"]))) for p in people],
        [],
        Framework([Competency("x", "X"), Competency("y", "Y")]),
    )
    plans = []
    for person in people:
        wanted = draw(st.lists(st.sampled_from([a.id for a in made]), max_size=4, unique=True))
        chosen: dict[str, None] = {}
        for a in wanted:
            for x in (*catalog.requires(a), a):
                chosen.setdefault(x, None)
        first_needed = {p for a in chosen for p in catalog.requires(a)}
        items = []
        for a in chosen:
            competency, level = next(iter(catalog.activity(a).develops.items()))
            required = draw(st.integers(1, level))
            need = Need(person, "person", competency, 0, required, required, 1.0, ())
            # Activities that close the same need, their prerequisites in the plan.
            others = [
                b.id
                for b in made
                if b.id not in chosen
                and b.develops.get(competency, 0) >= required
                and all(p in chosen for p in catalog.requires(b.id))
            ]
            alternatives = (
                draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
                if others and a not in first_needed
                else []
            )
            items.append(
                PlanItem(
                    a,
                    (need,) if draw(st.booleans()) else (),
                    deadline=draw(st.none() | st.dates(YEAR_START, YEAR_END)),
                    priority=draw(st.integers(1, 9)),
                    alternatives=alternatives,
                )
            )
        plans.append(LearningPlan(person, items))
    start = draw(st.dates(YEAR_START, dt.date(2026, 6, 30)))
    end = draw(st.dates(start, YEAR_END))
    absences = []
    for plan in plans:
        if draw(st.booleans()):
            first = draw(st.dates(YEAR_START, YEAR_END))
            last = min(YEAR_END, first + dt.timedelta(days=draw(st.integers(0, 120))))
            absences.append(Absence(plan.person, first, last))
    shares = st.sampled_from([0.0, 0.3, 0.5, 1.0, 1.5])
    with_org = draw(st.booleans())
    money = (
        draw(
            st.none()
            | st.dictionaries(
                st.sampled_from(["org", "u1", "u2"]),
                st.sampled_from([0, 100, 500, 2000]),
                min_size=1,
            )
        )
        if with_org
        else None
    )
    return {
        "season": draw(st.none() | st.dictionaries(st.integers(1, 12), shares, max_size=4)),
        "plans": plans,
        "catalog": catalog,
        "calendar": draw(calendars()),
        "start": start,
        "end": end,
        "budget": draw(budgets([p.person for p in plans])),
        "peak": draw(st.sampled_from([1.0, 1.5, 2.0, 3.0])),
        "taken": {
            s.id: draw(st.integers(0, 4)) for a in made for s in a.sessions if draw(st.booleans())
        },
        "absences": absences,
        "org": org if with_org else None,
        "money": money,
    }


def run(inst: dict[str, object], **kwargs: object) -> Schedule:
    return schedule(
        inst["plans"],
        inst["catalog"],
        calendar=inst["calendar"],
        start=inst["start"],  # type: ignore[arg-type]
        end=inst["end"],
        budget=inst["budget"],
        peak=inst["peak"],
        taken=inst["taken"],  # type: ignore[arg-type]
        absences=inst["absences"],  # type: ignore[arg-type]
        season=inst["season"],  # type: ignore[arg-type]
        org=inst.get("org"),  # type: ignore[arg-type]
        money=inst.get("money"),  # type: ignore[arg-type]
        **kwargs,
    )


def check(result: Schedule, inst: dict[str, object]) -> list[str]:
    return violations(
        result,
        inst["plans"],
        inst["catalog"],
        inst["calendar"],
        inst["start"],
        inst["end"],  # type: ignore[arg-type]
        inst["budget"],
        inst["peak"],
        inst["taken"],  # type: ignore[arg-type]
        absences=inst["absences"],  # type: ignore[arg-type]
        season=inst["season"],  # type: ignore[arg-type]
        org=inst.get("org"),  # type: ignore[arg-type]
        money=inst.get("money"),  # type: ignore[arg-type]
    )


# -- the validator can fail ----------------------------------------------------------------


def test_the_validator_catches_a_broken_schedule():
    """A hand-made schedule that breaks several rules is caught on each of them."""
    catalog = Catalog(
        [
            Activity("intro", "Intro", "e-learning", {"x": 1}, 4 * H),
            Activity(
                "deep",
                "Deep",
                "course",
                {"x": 2},
                16 * H,
                prerequisites=["intro"],
                sessions=[Session("deep-1", dt.date(2026, 3, 3), 1)],
            ),
        ]
    )
    plans = [
        LearningPlan("anna", [PlanItem("intro", ()), PlanItem("deep", ())]),
        LearningPlan("bo", [PlanItem("deep", ())]),
    ]
    broken = Schedule(
        [
            Placement("anna", "intro", dt.date(2026, 3, 7)),  # a Saturday, after "deep"
            Placement("anna", "deep", dt.date(2026, 3, 3), "deep-1"),
            Placement("bo", "deep", dt.date(2026, 3, 3), "deep-1"),
        ],  # one seat only
        [],
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        efforts={"intro": 4 * H, "deep": 16 * H},
    )
    found = violations(
        broken,
        plans,
        catalog,
        WorkCalendar(2026),
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        8 * H,
        2.0,
    )
    assert any("day off" in f for f in found)
    assert any("prerequisite" in f for f in found)
    assert any("holds 2 of 1" in f for f in found)
    away = [Absence("bo", dt.date(2026, 3, 1), dt.date(2026, 3, 31))]
    found = violations(
        broken,
        plans,
        catalog,
        WorkCalendar(2026),
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        8 * H,
        2.0,
        absences=away,
    )
    assert any("while bo is away" in f for f in found)
    found = violations(
        broken,
        plans,
        catalog,
        WorkCalendar(2026),
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        8 * H,
        2.0,
        season={3: 0.0},
    )
    assert any("closed for learning" in f for f in found)
    found = violations(
        broken,
        plans,
        catalog,
        WorkCalendar(2026),
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
        {"anna": Budget(40 * H, "year"), "bo": 8 * H},
        2.0,
    )
    assert any("anna uses 20:00:00 of 3:20:00" in f for f in found)


def test_the_validator_catches_broken_series_money_and_alternatives():
    """An occurrence out of its period, a unit over its money, an alternative not allowed."""
    catalog = Catalog(
        [
            Activity("apt", "APT", "reflection", {"x": 1}, H, every="month"),
            Activity("e", "E-learning", "e-learning", {"x": 2}, 4 * H, cost=300),
            Activity("read", "Reading", "reading", {"x": 1}, 2 * H, cost=300),
        ]
    )
    need = Need("anna", "person", "x", 0, 2, 2, 1.0, ())
    plans = [
        LearningPlan(
            "anna",
            [PlanItem("apt", ()), PlanItem("e", (need,), alternatives=["read"])],
        )
    ]
    org = Organization(
        [Unit("org", "Org"), Unit("ward", "Ward", "org")],
        [Person("anna", "Anna", "ward")],
        [],
        Framework([Competency("x", "X")]),
    )
    broken = Schedule(
        [
            Placement("anna", "apt", dt.date(2026, 2, 2), occurrence=1),  # period 2
            Placement("anna", "read", dt.date(2026, 1, 5), instead_of="e"),
        ],
        [],
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 28),
        efforts={"apt": H, "read": 2 * H},
    )
    found = violations(
        broken,
        plans,
        catalog,
        WorkCalendar(2026),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 28),
        8 * H,
        2.0,
        org=org,
        money={"org": 100},
    )
    assert any("anna:apt:1 on 2026-02-02 is outside its period" in f for f in found)
    assert any("has occurrences [1], expected [1, 2]" in f for f in found)
    assert any("org spends 300" in f for f in found)
    assert any("does not close the needs of e" in f for f in found)
    assert any("had days and no seats to fill" in f for f in found)


def test_the_validator_finds_nothing_in_a_sound_schedule():
    catalog = Catalog([Activity("intro", "Intro", "e-learning", {"x": 1}, 4 * H)])
    plans = [LearningPlan("anna", [PlanItem("intro", ())])]
    sound = Schedule(
        [Placement("anna", "intro", dt.date(2026, 3, 2))],
        [],
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        efforts={"intro": 4 * H},
    )
    assert (
        violations(
            sound,
            plans,
            catalog,
            WorkCalendar(2026),
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            8 * H,
            2.0,
        )
        == []
    )


# -- properties ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(instances())
def test_a_schedule_never_breaks_a_hard_constraint(inst):
    """Whatever the catalog, plans, calendar and budget, every hard constraint holds."""
    assert check(run(inst), inst) == []


@settings(max_examples=25, deadline=None)
@given(instances())
def test_cp_sat_never_breaks_a_hard_constraint(inst):
    """The exact backend passes the same validator as the heuristic."""
    assert check(run(inst, solver="cp-sat", time_limit=LIMIT), inst) == []


@settings(max_examples=25, deadline=None)
@given(instances())
def test_cp_sat_never_leaves_more_priority_unplaced_than_the_heuristic(inst):
    """It starts from the heuristic's schedule and keeps it unless it finds better."""
    heuristic = unplaced_priority(run(inst), inst["plans"])  # type: ignore[arg-type]
    exact = unplaced_priority(run(inst, solver="cp-sat", time_limit=LIMIT), inst["plans"])  # type: ignore[arg-type]
    assert exact <= heuristic


@settings(max_examples=100, deadline=None)
@given(instances())
def test_every_unplaced_item_says_why_from_the_catalogue_in_both_languages(inst):
    """The English detail is the code's message; the Swedish one names the same values."""
    from larande.messages import render

    result = run(inst)
    for u in result.unplaced:
        assert u.code.startswith(f"unplaced.{u.reason}")
        assert u.detail == render(u.code, u.params, lang="en")
        assert "{" not in render(u.code, u.params, lang="sv")


@pytest.mark.parametrize(
    ("solver", "examples"), [("heuristic", 60), ("cp-sat", 10)], ids=["heuristic", "cp-sat"]
)
def test_reschedule_keeps_what_lies_before_the_day_and_stays_sound(solver, examples):
    """Placements before as_of stay as they were; the rest is placed again, soundly."""
    exact = {"solver": "cp-sat", "time_limit": LIMIT} if solver == "cp-sat" else {}

    @settings(max_examples=examples, deadline=None)
    @given(instances(), st.data())
    def sound(inst: dict[str, object], data: st.DataObject) -> None:
        _rescheduled_soundly(inst, data, exact)

    sound()


def _rescheduled_soundly(
    inst: dict[str, object], data: st.DataObject, exact: dict[str, object]
) -> None:
    first = run(inst)
    as_of = data.draw(st.dates(inst["start"], inst["end"]))  # type: ignore[arg-type]
    again = reschedule(
        first,
        inst["plans"],
        inst["catalog"],
        calendar=inst["calendar"],
        as_of=as_of,  # type: ignore[arg-type]
        end=inst["end"],
        budget=inst["budget"],
        peak=inst["peak"],
        taken=inst["taken"],  # type: ignore[arg-type]
        absences=inst["absences"],  # type: ignore[arg-type]
        season=inst["season"],  # type: ignore[arg-type]
        org=inst["org"],  # type: ignore[arg-type]
        money=inst["money"],  # type: ignore[arg-type]
        **exact,  # type: ignore[arg-type]
    )
    kept = {p for p in first.placements if p.on < as_of}
    assert kept <= set(again.placements)
    found = violations(
        again,
        inst["plans"],
        inst["catalog"],
        inst["calendar"],
        inst["start"],
        inst["end"],  # type: ignore[arg-type]
        inst["budget"],
        inst["peak"],
        inst["taken"],
        budget_start=inst["start"],  # type: ignore[arg-type]
        absences=inst["absences"],  # type: ignore[arg-type]
        season=inst["season"],  # type: ignore[arg-type]
        org=inst["org"],  # type: ignore[arg-type]
        money=inst["money"],  # type: ignore[arg-type]
        complete=False,
    )
    assert found == []


@pytest.mark.parametrize(
    ("people", "solver"),
    [(None, "'heuristic'"), (6, "'cp-sat', time_limit=dt.timedelta(seconds=1)")],
    ids=["heuristic", "cp-sat"],
)
def test_the_same_input_gives_the_same_schedule_whatever_the_hash_seed(people, solver):
    """Two interpreters with different hash seeds write the very same schedule.

    CP-SAT on the plans of the demo's first six people (with alternatives), so that it
    stays quick; its work is bounded deterministically, not by the clock.
    """
    program = textwrap.dedent(
        f"""
        import datetime as dt
        from larande import analyze, plan, schedule
        from larande.datasets import load_demo
        from larande.io import json
        d = load_demo()
        r = analyze(d.org, d.assessments, d.signals, as_of=d.as_of)
        ps = plan(r, d.catalog, org=d.org, alternatives=2)[:{people}]
        s = schedule(ps, d.catalog, calendar=d.calendar, start=d.start, end=d.end,
                     budget=d.budget, org=d.org, solver={solver})
        print(json.dumps(s))
        """
    )
    # The library under test, wherever it is imported from (a checkout, an install).
    path = {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}
    outputs = []
    for seed in ("1", "4242"):
        done = subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "", **path},
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert '"placements"' in outputs[0]


@pytest.mark.parametrize("tightness", [1, 4, 40])
def test_the_demo_year_is_sound_loose_or_tight(tightness):
    """The demo's plans, scheduled with little or much time, break no hard constraint."""
    from larande import analyze, plan
    from larande.datasets import load_demo

    d = load_demo()
    report = analyze(d.org, d.assessments, d.signals, as_of=d.as_of)
    plans = list(plan(report, d.catalog, org=d.org))
    budget = tightness * H
    result = schedule(
        plans, d.catalog, calendar=d.calendar, start=d.start, end=d.end, budget=budget, org=d.org
    )
    assert violations(result, plans, d.catalog, d.calendar, d.start, d.end, budget, 2.0) == []
