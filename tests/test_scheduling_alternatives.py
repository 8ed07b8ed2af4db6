"""Alternatives and money: another activity where the first choice finds no seat, and spending
kept within what each unit set aside (DESIGN 9.2, 9.7)."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import (
    Activity,
    Catalog,
    Competency,
    Framework,
    LearningPlan,
    Organization,
    Person,
    PlanItem,
    Session,
    Unit,
    UnknownIdError,
    UnplacedReason,
    ValidationError,
    WorkCalendar,
    analyze,
    plan,
    schedule,
)
from larande.datasets import load_demo

H = dt.timedelta(hours=1)
D = dt.date
YEAR = {
    "calendar": WorkCalendar(2026),
    "start": D(2026, 1, 1),
    "end": D(2026, 12, 31),
    "budget": 8 * H,
}
COURSE = Activity(
    "course",
    "Medication course",
    "course",
    {"x": 2},
    6 * H,
    sessions=[Session("c-1", D(2026, 3, 10), 2)],
    cost=4000,
)
ELEARN = Activity("elearn", "Medication e-learning", "e-learning", {"x": 2}, 8 * H, cost=450)
READING = Activity("reading", "Reading", "reading", {"x": 2}, 10 * H)
CATALOG = Catalog([COURSE, ELEARN, READING])
PEOPLE = ("anna", "bo", "cai", "dan")
ORG = Organization(
    [Unit("care", "Care"), Unit("north", "North", "care"), Unit("south", "South", "care")],
    [Person(p, p.title(), "north" if p in ("anna", "bo") else "south") for p in PEOPLE],
    [],
    Framework([Competency("x", "X")]),
)


def plans(*alternatives: str, people=PEOPLE, **item) -> list[LearningPlan]:
    return [
        LearningPlan(p, [PlanItem("course", (), alternatives=alternatives, **item)])
        for p in people
    ]


def test_those_left_without_a_seat_take_the_alternative():
    year = schedule(plans("elearn"), CATALOG, **YEAR)
    used = sorted((p.person, p.activity, p.instead_of) for p in year.placements)
    assert used == [
        ("anna", "course", None),
        ("bo", "course", None),
        ("cai", "elearn", "course"),
        ("dan", "elearn", "course"),
    ]
    assert year.unplaced == ()


def test_the_first_alternative_that_fits_is_taken_in_order():
    """The plan lists the reading first; with 9 hours for the year it does not fit (10 h)."""
    roomy = schedule(plans("reading", "elearn"), CATALOG, **YEAR)
    assert {p.activity for p in roomy.placements if p.instead_of} == {"reading"}
    short = {**YEAR, "end": D(2026, 9, 30), "budget": 1 * H}
    year = schedule(plans("reading", "elearn"), CATALOG, **short)
    assert {p.activity for p in year.placements if p.instead_of} == {"elearn"}


def test_with_no_alternative_that_fits_the_first_choices_reason_stands():
    spring = {**YEAR, "end": D(2026, 3, 31), "budget": 2 * H}
    year = schedule(plans("elearn"), CATALOG, **spring)
    reasons = {u.person: u.reason for u in year.unplaced}
    assert set(reasons.values()) == {UnplacedReason.CAPACITY}
    assert all(u.activity == "course" for u in year.unplaced)


def test_an_alternative_stands_in_for_a_first_choice_past_its_deadline():
    late = Activity(
        "late", "Late course", "course", {"x": 2}, 6 * H, sessions=[Session("l", D(2026, 9, 1), 9)]
    )
    year = schedule(
        [
            LearningPlan(
                "anna", [PlanItem("late", (), deadline=D(2026, 6, 30), alternatives=["elearn"])]
            )
        ],
        Catalog([late, ELEARN]),
        **YEAR,
    )
    (only,) = year.placements
    assert (only.activity, only.instead_of, only.on <= D(2026, 6, 30)) == ("elearn", "late", True)


def test_an_item_others_need_first_is_never_swapped():
    deep = Activity("deep", "Deep", "course", {"x": 3}, 4 * H, prerequisites=["course"], cost=0)
    catalog = Catalog([COURSE, ELEARN, deep])
    item_plans = [
        LearningPlan(p, [PlanItem("course", (), alternatives=["elearn"]), PlanItem("deep", ())])
        for p in PEOPLE
    ]
    year = schedule(item_plans, catalog, **YEAR)
    assert not any(p.instead_of for p in year.placements)


def test_an_unknown_alternative_is_refused_naming_it():
    with pytest.raises(UnknownIdError) as err:
        schedule(plans("nowhere"), CATALOG, **YEAR)
    assert err.value.path == "plans[0].items[0].alternatives[0]"


def test_the_plans_alternatives_find_a_place_in_the_demo_year():
    """plan(alternatives=2) and the scheduler together: only those with no alternative are
    left out when the DevOps workshop is full."""
    demo = load_demo()
    report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    made = plan(
        report,
        demo.catalog,
        org=demo.org,
        assessments=demo.assessments,
        as_of=demo.as_of,
        alternatives=2,
    )
    year = schedule(
        made,
        demo.catalog,
        calendar=demo.calendar,
        start=demo.start,
        end=demo.end,
        budget=demo.budget,
        org=demo.org,
        taken={s.id: s.capacity for s in demo.catalog.activity("devops-workshop").sessions},
    )
    alternatives = {(p.person, i.activity): i.alternatives for p in made for i in p.items}
    left_for_seats = [u for u in year.unplaced if u.reason is UnplacedReason.CAPACITY]
    assert left_for_seats
    assert [u for u in left_for_seats if alternatives[(u.person, u.activity)]] == []
    swapped = [p for p in year.placements if p.instead_of]
    assert swapped
    assert {(p.activity, p.instead_of) for p in swapped} == {
        ("pipeline-assignment", "devops-workshop")
    }


# -- money ----------------------------------------------------------------------------------


def test_an_item_that_would_overspend_its_units_money_is_unplaced_for_money():
    """North set aside 4,000 for the year: one 4,000 course, not two (south has no limit)."""
    year = schedule(plans(), CATALOG, org=ORG, money={"north": 4000}, **YEAR)
    assert sorted(p.person for p in year.placements) == ["anna", "cai"]
    reasons = {u.person: u.reason for u in year.unplaced}
    assert reasons == {"bo": UnplacedReason.MONEY, "dan": UnplacedReason.CAPACITY}
    (bo,) = [u for u in year.unplaced if u.person == "bo"]
    assert bo.detail == (
        "north's money for learning is used up where 'course' could go for bo: it costs "
        "4000, 0 of 4000 left"
    )


def test_a_teams_spending_counts_against_the_money_of_the_unit_above_it():
    year = schedule(plans("elearn"), CATALOG, org=ORG, money={"care": 8800}, **YEAR)
    spent = sum(CATALOG.activity(p.activity).cost for p in year.placements)
    assert spent <= 8800
    assert {u.reason for u in year.unplaced} == {UnplacedReason.CAPACITY}
    assert len(year.placements) == 3  # two courses (8000) and one e-learning (450)


def test_money_comes_after_capacity_and_before_budget_in_the_reasons():
    order = [r.value for r in UnplacedReason]
    assert order == ["horizon", "deadline", "prerequisite", "capacity", "money", "budget"]


def test_money_needs_the_organisation_and_known_units():
    with pytest.raises(ValidationError) as err:
        schedule(plans(), CATALOG, money={"north": 10}, **YEAR)
    assert (err.value.path, err.value.code) == ("org", "money-without-org")
    with pytest.raises(UnknownIdError) as unknown:
        schedule(plans(), CATALOG, org=ORG, money={"west": 10}, **YEAR)
    assert unknown.value.path == "money['west']"
    with pytest.raises(ValidationError, match="finite number") as bad:
        schedule(plans(), CATALOG, org=ORG, money={"north": float("nan")}, **YEAR)
    assert bad.value.path == "money['north']"


def test_with_money_to_spare_the_cheaper_of_two_equal_schedules_is_kept():
    """Cost joins the objective after the peaks: nothing costs more than it must."""
    year = schedule(plans("elearn"), CATALOG, org=ORG, money={"care": 10**6}, **YEAR)
    assert sum(CATALOG.activity(p.activity).cost for p in year.placements) == 2 * 4000 + 2 * 450
