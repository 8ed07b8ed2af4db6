"""annual_plan(): a unit's year of learning, month by month, from a schedule.

On the demo municipality: the IT platform team and the home-care unit, whose months must
add up to exactly what the schedule placed for their members.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from larande import (
    UnknownIdError,
    ValidationError,
    analyze,
    annual_plan,
    plan,
    schedule,
)
from larande.datasets import load_demo

D = dt.date
H = dt.timedelta(hours=1)


@functools.cache
def demo():
    return load_demo()


def demo_year(**options):
    ds = demo()
    report = analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of)
    plans = plan(report, ds.catalog, org=ds.org, assessments=ds.assessments, as_of=ds.as_of)
    settings = {"start": ds.start, "end": ds.end, **options}
    return schedule(
        plans, ds.catalog, calendar=ds.calendar, budget=ds.budget, org=ds.org, **settings
    )


@functools.cache
def the_demo_year():
    return demo_year()


def annual(unit, **options):
    return annual_plan(the_demo_year(), demo().org, unit, budget=demo().budget, **options)


def members(unit, recursive=True):
    return {p.id for p in demo().org.members(unit, recursive=recursive)}


def test_the_annual_plan_of_a_years_schedule_has_its_twelve_months_in_order():
    it = annual("it-platform")
    assert [(m.year, m.month) for m in it.months] == [(2026, m) for m in range(1, 13)]


def test_a_shorter_horizon_gives_only_the_months_it_touches():
    spring = demo_year(start=D(2026, 3, 15), end=D(2026, 5, 10))
    it = annual_plan(spring, demo().org, "it-platform", budget=demo().budget)
    assert [(m.year, m.month) for m in it.months] == [(2026, 3), (2026, 4), (2026, 5)]


@pytest.mark.parametrize("unit", ["it-platform", "homecare"])
def test_the_months_add_up_to_what_the_schedule_placed_for_the_units_members(unit):
    """Per month, each activity's count and the hours are those of the members' placements."""
    year, people = the_demo_year(), members(unit)
    expected_counts, expected_hours = {}, {}
    for p in year.placements:
        if p.person in people:
            month = (p.on.year, p.on.month)
            counts = expected_counts.setdefault(month, {})
            counts[p.activity] = counts.get(p.activity, 0) + 1
            expected_hours[month] = (
                expected_hours.get(month, dt.timedelta()) + year.efforts[p.activity]
            )
    months = annual(unit).months
    assert {(m.year, m.month): dict(m.activities) for m in months if m.activities} == (
        expected_counts
    )
    assert {(m.year, m.month): m.load for m in months if m.load} == expected_hours
    assert sum(sum(m.activities.values()) for m in months) == sum(
        p.person in people for p in year.placements
    )


def test_the_it_platform_team_learns_devops_over_the_year():
    """The e-learning first, then the workshop, one a session: the year is levelled."""
    months = annual("it-platform").months
    jan, feb, sep = months[0], months[1], months[8]
    assert (dict(jan.activities), jan.load) == ({"devops-elearning": 2}, 12 * H)
    assert (dict(feb.activities), feb.load) == ({"devops-workshop": 1}, 16 * H)
    assert dict(sep.activities) == {"devops-workshop": 1}


def test_the_time_set_aside_is_the_budget_of_every_member_each_month():
    it = annual("it-platform")
    assert it.people == len(members("it-platform")) == 5
    assert {m.set_aside for m in it.months} == {5 * 8 * H}


def test_a_unit_counts_the_people_of_its_sub_units_unless_told_not_to():
    """Home care: both teams and its manager; on its own, only the manager, Karin."""
    assert annual("homecare").people == 21
    alone = annual("homecare", recursive=False)
    karins = sorted(p.activity for p in the_demo_year().for_person("karin.holm"))
    assert alone.people == 1
    assert sorted(a for m in alone.months for a, n in m.activities.items() for _ in range(n)) == (
        karins
    )


def test_members_missing_from_a_budget_mapping_have_no_time_set_aside():
    it = annual_plan(the_demo_year(), demo().org, "it-platform", budget={"xin.li": 8 * H})
    assert {m.set_aside for m in it.months} == {8 * H}


def test_the_share_is_load_over_time_set_aside():
    jan = annual("it-platform").months[0]
    assert jan.share == (12 * H) / (40 * H) == 0.3


def test_the_table_names_the_unit_its_people_and_each_month():
    lines = annual("it-platform").table(titles={"devops-workshop": "DevOps workshop"}).splitlines()
    assert lines[0] == "Annual plan for it-platform (5 people)"
    assert len(lines) == 2 + 12
    assert "DevOps workshop x1" in lines[3]


def test_an_unknown_unit_is_refused():
    with pytest.raises(UnknownIdError, match="unknown unit 'it-security'") as err:
        annual("it-security")
    assert err.value.path == "unit"


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"schedule": "2026"}, "schedule"),
        ({"org": None}, "org"),
        ({"budget": 8}, "budget"),
    ],
)
def test_bad_arguments_are_refused_naming_the_argument(arguments, path):
    settings = {
        "schedule": the_demo_year(),
        "org": demo().org,
        "budget": demo().budget,
        **arguments,
    }
    with pytest.raises(ValidationError) as err:
        annual_plan(settings.pop("schedule"), settings.pop("org"), "it", **settings)
    assert err.value.path == path


def test_with_the_catalog_each_month_says_what_its_activities_cost():
    """Learning need not be costly: the plan shows what each month's activities cost."""
    ds = demo()
    south = annual("homecare-south", catalog=ds.catalog)
    wanted = members("homecare-south")
    expected = sum(
        ds.catalog.activity(p.activity).cost
        for p in the_demo_year().placements
        if p.person in wanted
    )
    assert south.cost == pytest.approx(expected)
    assert south.cost > 0
    assert "cost of the year" in south.table()


def test_without_the_catalog_the_plan_shows_no_cost():
    south = annual("homecare-south")
    assert south.cost == 0.0
    assert "cost" not in south.table()


def test_a_catalog_that_is_not_one_is_refused():
    with pytest.raises(ValidationError) as err:
        annual("homecare-south", catalog={"cpr": 1})
    assert err.value.path == "catalog"
