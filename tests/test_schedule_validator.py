"""Every hard constraint of a schedule, checked by a validator that shares no code with it.

The validator below reads only the public records (plans, catalog, calendar, schedule) and
plain Python; Hypothesis feeds random catalogs, plans, calendars and budgets, loose, tight
and over-subscribed, and the validator must find nothing, ever.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    Absence,
    Activity,
    Budget,
    Catalog,
    LearningPlan,
    Placement,
    PlanItem,
    Schedule,
    Session,
    Unplaced,
    WorkCalendar,
    reschedule,
    schedule,
)

H = dt.timedelta(hours=1)
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
) -> list[str]:
    """Each broken hard constraint, in words (empty when the schedule is sound)."""
    found: list[str] = []
    found.extend(
        f"{p.id} on {p.on}, in a month closed for learning"
        for p in result.placements
        if (season or {}).get(p.on.month, 1.0) == 0
    )
    found.extend(
        f"{p.id} on {p.on} while {p.person} is away"
        for p in result.placements
        for a in absences or ()
        if a.person == p.person and a.start <= p.on <= a.end
    )
    taken = taken or {}
    activities = {a.id: a for a in catalog.activities}
    placed: dict[tuple[str, str], Placement] = {}
    for p in result.placements:
        if (p.person, p.activity) in placed:
            found.append(f"{p.id} placed twice")
        placed[(p.person, p.activity)] = p
    unplaced = {(u.person, u.activity) for u in result.unplaced}
    for plan in plans:
        for item in plan.items:
            key = (plan.person, item.activity)
            if (key in placed) == (key in unplaced):
                found.append(f"{key} is not exactly once placed or unplaced")
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
    found.extend(
        f"session {s.id} holds {seats.get(s.id, 0)} of {s.capacity}"
        for a in catalog.activities
        for s in a.sessions
        if seats.get(s.id, 0) > max(0, s.capacity - taken.get(s.id, 0))
    )
    for plan in plans:
        planned = {i.activity for i in plan.items}
        items = {i.activity: i for i in plan.items}
        loads: dict[tuple[int, int], dt.timedelta] = {}
        counts: dict[tuple[int, int], int] = {}
        total = dt.timedelta()
        for activity in planned:
            p = placed.get((plan.person, activity))
            if p is None:
                continue
            deadline = items[activity].deadline
            if deadline is not None and p.on > deadline:
                found.append(f"{p.id} on {p.on} after its deadline {deadline}")
            for pre in activities[activity].prerequisites:
                if pre in planned:
                    before = placed.get((plan.person, pre))
                    if before is None or before.on >= p.on:
                        found.append(f"{p.id} not strictly after its prerequisite {pre}")
            effort = activities[activity].effort
            key = (p.on.year, p.on.month)
            loads[key] = loads.get(key, dt.timedelta()) + effort
            counts[key] = counts.get(key, 0) + 1
            total += effort
        whole, monthly = allowance(budget, plan.person, months_touched(budget_start or start, end))
        if total > whole:
            found.append(f"{plan.person} uses {total} of {whole}")
        for key, load in loads.items():
            if load > monthly * peak and counts[key] != 1:
                found.append(f"{plan.person} has {load} in {key}, over {monthly * peak}")
    return found


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
                {"x": 1},
                draw(st.integers(1, 24)) * H,
                prerequisites=prereqs,
                sessions=sessions,
            )
        )
    catalog = Catalog(made)
    plans = []
    for p in range(draw(st.integers(1, 6))):
        wanted = draw(st.lists(st.sampled_from([a.id for a in made]), max_size=4, unique=True))
        chosen: dict[str, None] = {}
        for a in wanted:
            for x in (*catalog.requires(a), a):
                chosen.setdefault(x, None)
        items = [
            PlanItem(
                a,
                (),
                deadline=draw(st.none() | st.dates(YEAR_START, YEAR_END)),
                priority=draw(st.integers(1, 9)),
            )
            for a in chosen
        ]
        plans.append(LearningPlan(f"p{p}", items))
    start = draw(st.dates(YEAR_START, dt.date(2026, 6, 30)))
    end = draw(st.dates(start, YEAR_END))
    absences = []
    for plan in plans:
        if draw(st.booleans()):
            first = draw(st.dates(YEAR_START, YEAR_END))
            last = min(YEAR_END, first + dt.timedelta(days=draw(st.integers(0, 120))))
            absences.append(Absence(plan.person, first, last))
    shares = st.sampled_from([0.0, 0.3, 0.5, 1.0, 1.5])
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
            s.id: draw(st.integers(0, 2)) for a in made for s in a.sessions if draw(st.booleans())
        },
        "absences": absences,
    }


def run(inst: dict[str, object]) -> Schedule:
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


@settings(max_examples=100, deadline=None)
@given(instances())
def test_every_unplaced_item_says_why(inst):
    result = run(inst)
    assert all(isinstance(u, Unplaced) and u.detail for u in result.unplaced)


@settings(max_examples=60, deadline=None)
@given(instances(), st.data())
def test_reschedule_keeps_what_lies_before_the_day_and_stays_sound(inst, data):
    """Placements before as_of stay as they were; the rest is placed again, soundly."""
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
    )
    assert found == []


def test_the_same_input_gives_the_same_schedule_whatever_the_hash_seed():
    """Two interpreters with different hash seeds write the very same schedule."""
    program = textwrap.dedent(
        """
        from larande import analyze, plan, schedule
        from larande.datasets import load_demo
        from larande.io import json
        d = load_demo()
        r = analyze(d.org, d.assessments, d.signals, as_of=d.as_of)
        ps = plan(r, d.catalog, org=d.org)
        s = schedule(ps, d.catalog, calendar=d.calendar, start=d.start, end=d.end,
                     budget=d.budget, org=d.org)
        print(json.dumps(s))
        """
    )
    outputs = []
    for seed in ("1", "4242"):
        done = subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
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
