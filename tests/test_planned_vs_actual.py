"""planned_vs_actual(): learning followed up like the budget, per unit and month.

DESIGN §9.1: per unit and month, the hours and money planned (the schedule's placements)
against those spent (completions, passed or not, at the activity's effort and cost), sorted
by unit then month. A unit counts its sub-units' people.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    Activity,
    ActivityCompleted,
    BudgetLine,
    Catalog,
    Competency,
    Framework,
    Organization,
    Person,
    Placement,
    Retracted,
    Schedule,
    Unit,
    UnknownIdError,
    ValidationError,
    planned_vs_actual,
    replay,
    review,
)
from larande.datasets import load_demo

D = dt.date
HOUR = dt.timedelta(hours=1)

FRAMEWORK = Framework([Competency("cpr", "CPR"), Competency("medication", "Medication")])
CPR = Activity("cpr-course", "CPR", "course", {"cpr": 1}, 4 * HOUR, cost=900)
MEDICATION = Activity(
    "med-course", "Medication", "course", {"medication": 3}, 16 * HOUR, cost=4200
)
REFLECTION = Activity(
    "apt-reflection", "Reflection at APT", "reflection", {"medication": 2}, 1.5 * HOUR
)
CATALOG = Catalog([CPR, MEDICATION, REFLECTION])
ORG = Organization(
    [
        Unit("care", "Home care"),
        Unit("north", "Team North", parent="care"),
        Unit("south", "Team South", parent="care"),
        Unit("it", "IT"),
    ],
    [
        Person("anna", "Anna", "north"),
        Person("bo", "Bo", "south"),
        Person("karin", "Karin", "care"),
        Person("xin", "Xin", "it"),
    ],
    [],
    FRAMEWORK,
)
START, END = D(2026, 1, 1), D(2026, 3, 31)
EFFORTS = {a.id: a.effort for a in CATALOG.activities}


def year(*placements, start=START, end=END):
    return Schedule(list(placements), [], start, end, efforts=EFFORTS)


def done(id, person, activity, on, passed=True):
    return ActivityCompleted(id, person, activity, on, passed=passed)


def lines(schedule, events=(), *, as_of=END, catalog=CATALOG, org=ORG):
    return planned_vs_actual(schedule, replay(events), catalog, org=org, as_of=as_of)


def line(found, unit, month):
    return next(x for x in found if x.unit == unit and x.month == month)


def numbers(x):
    return (x.planned_hours, x.actual_hours, x.planned_cost, x.actual_cost)


# -- planned ------------------------------------------------------------------------------------


def test_planned_hours_and_cost_are_the_placements_at_effort_and_cost():
    found = lines(
        year(
            Placement("anna", "cpr-course", D(2026, 2, 3)),
            Placement("anna", "med-course", D(2026, 2, 10)),
        )
    )
    assert numbers(line(found, "north", (2026, 2))) == (20.0, 0.0, 5100.0, 0.0)


def test_a_placement_counts_in_the_month_of_its_day():
    found = lines(year(Placement("anna", "cpr-course", D(2026, 3, 31))))
    assert [(x.month, x.planned_hours) for x in found if x.unit == "north"] == [
        ((2026, 1), 0.0),
        ((2026, 2), 0.0),
        ((2026, 3), 4.0),
    ]


def test_learning_at_work_takes_hours_and_costs_nothing():
    found = lines(year(Placement("bo", "apt-reflection", D(2026, 1, 13))))
    assert numbers(line(found, "south", (2026, 1))) == (1.5, 0.0, 0.0, 0.0)


# -- actual -------------------------------------------------------------------------------------


def test_actual_hours_and_cost_are_the_completions_at_effort_and_cost():
    found = lines(year(), [done("e1", "anna", "med-course", D(2026, 2, 10))])
    assert numbers(line(found, "north", (2026, 2))) == (0.0, 16.0, 0.0, 4200.0)


def test_a_failed_completion_counts_as_time_and_money_spent():
    found = lines(year(), [done("e1", "anna", "med-course", D(2026, 2, 10), passed=False)])
    assert numbers(line(found, "north", (2026, 2))) == (0.0, 16.0, 0.0, 4200.0)


def test_a_completion_without_a_placement_still_counts_as_actual():
    found = lines(
        year(Placement("anna", "med-course", D(2026, 2, 10))),
        [done("e1", "anna", "cpr-course", D(2026, 2, 24))],
    )
    assert numbers(line(found, "north", (2026, 2))) == (16.0, 4.0, 4200.0, 900.0)


def test_a_retracted_completion_does_not_count():
    events = [
        done("e1", "anna", "cpr-course", D(2026, 1, 27)),
        Retracted("void-e1", D(2026, 1, 28), target="e1"),
    ]
    assert lines(year(), events) == ()


def test_completions_after_as_of_do_not_count_yet():
    events = [done("e1", "anna", "cpr-course", D(2026, 2, 24))]
    found = lines(
        year(Placement("anna", "cpr-course", D(2026, 2, 24))), events, as_of=D(2026, 2, 23)
    )
    assert numbers(line(found, "north", (2026, 2))) == (4.0, 0.0, 900.0, 0.0)


def test_a_completion_on_as_of_counts():
    found = lines(year(), [done("e1", "anna", "cpr-course", D(2026, 2, 24))], as_of=D(2026, 2, 24))
    assert line(found, "north", (2026, 2)).actual_hours == 4.0


@pytest.mark.parametrize("on", [D(2025, 12, 31), D(2026, 4, 1)])
def test_completions_outside_the_schedules_horizon_do_not_count(on):
    assert lines(year(), [done("e1", "anna", "cpr-course", on)], as_of=D(2026, 6, 1)) == ()


def test_a_gap_shows_what_was_done_against_what_was_planned():
    found = lines(
        year(Placement("anna", "med-course", D(2026, 2, 10))),
        [done("e1", "anna", "cpr-course", D(2026, 2, 24))],
    )
    north = line(found, "north", (2026, 2))
    assert (north.hours_gap, north.cost_gap) == (-12.0, -3300.0)


# -- units and months -------------------------------------------------------------------------


def test_a_units_line_counts_its_sub_units_people():
    found = lines(
        year(
            Placement("anna", "med-course", D(2026, 2, 10)),
            Placement("bo", "cpr-course", D(2026, 2, 24)),
            Placement("karin", "apt-reflection", D(2026, 2, 3)),
        ),
        [done("e1", "bo", "cpr-course", D(2026, 2, 24))],
    )
    assert numbers(line(found, "care", (2026, 2))) == (21.5, 4.0, 5100.0, 900.0)


def test_a_sub_units_line_counts_only_its_own_people():
    found = lines(
        year(
            Placement("anna", "med-course", D(2026, 2, 10)),
            Placement("bo", "cpr-course", D(2026, 2, 24)),
        )
    )
    assert numbers(line(found, "south", (2026, 2))) == (4.0, 0.0, 900.0, 0.0)


def test_every_month_of_the_horizon_has_a_line_for_a_unit_with_anything_in_it():
    found = lines(year(Placement("anna", "cpr-course", D(2026, 2, 3))))
    assert [(x.unit, x.month) for x in found] == [
        ("care", (2026, 1)),
        ("care", (2026, 2)),
        ("care", (2026, 3)),
        ("north", (2026, 1)),
        ("north", (2026, 2)),
        ("north", (2026, 3)),
    ]


def test_a_unit_with_nothing_planned_or_done_has_no_lines():
    found = lines(year(Placement("anna", "cpr-course", D(2026, 2, 3))))
    assert {x.unit for x in found} == {"care", "north"}


def test_a_horizon_over_new_year_lists_its_months_in_order():
    found = lines(
        year(
            Placement("xin", "cpr-course", D(2026, 1, 13)),
            start=D(2025, 11, 15),
            end=D(2026, 2, 1),
        )
    )
    assert [x.month for x in found] == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]


def test_the_lines_come_sorted_by_unit_then_month():
    found = lines(
        year(
            Placement("xin", "cpr-course", D(2026, 3, 3)),
            Placement("bo", "cpr-course", D(2026, 1, 13)),
            Placement("anna", "cpr-course", D(2026, 2, 3)),
        )
    )
    keys = [(x.unit, x.month) for x in found]
    assert keys == sorted(keys)
    assert [u for u, _ in keys[::3]] == ["care", "it", "north", "south"]


def test_an_empty_schedule_and_no_events_give_no_lines():
    assert lines(year()) == ()


def test_the_month_is_a_year_month_pair():
    assert BudgetLine("care", [2026, 2], 1, 2, 3, 4).month == (2026, 2)


@pytest.mark.parametrize("month", [(2026, 13), (2026,), "2026-02", (2026.0, 2)])
def test_a_budget_line_refuses_what_is_not_a_month(month):
    with pytest.raises(ValidationError):
        BudgetLine("care", month, 0, 0, 0, 0)


def test_a_budget_line_refuses_negative_hours():
    with pytest.raises(ValidationError):
        BudgetLine("care", (2026, 2), -1.0, 0, 0, 0)


# -- bad input ----------------------------------------------------------------------------------


def test_a_placement_of_an_unknown_activity_is_an_unknown_id():
    schedule = Schedule(
        [Placement("anna", "juggling", D(2026, 2, 3))],
        [],
        START,
        END,
        efforts={"juggling": HOUR},
    )
    with pytest.raises(UnknownIdError) as caught:
        lines(schedule)
    assert (caught.value.id, caught.value.path) == ("juggling", "schedule.placements[0].activity")


def test_a_completion_of_an_unknown_activity_is_an_unknown_id_naming_the_event():
    with pytest.raises(UnknownIdError) as caught:
        lines(year(), [done("e9", "anna", "juggling", D(2026, 2, 3))])
    assert caught.value.id == "juggling"
    assert "e9" in caught.value.path


def test_a_completion_of_an_unknown_person_is_an_unknown_id():
    with pytest.raises(UnknownIdError) as caught:
        lines(year(), [done("e9", "nobody", "cpr-course", D(2026, 2, 3))])
    assert caught.value.id == "nobody"


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"schedule": []}, "schedule"),
        ({"state": []}, "state"),
        ({"catalog": [CPR]}, "catalog"),
        ({"org": "care"}, "org"),
        ({"as_of": "2026-03-31"}, "as_of"),
    ],
)
def test_a_malformed_argument_is_a_validation_error_with_its_path(arguments, path):
    given_ = {
        "schedule": year(),
        "state": replay([]),
        "catalog": CATALOG,
        "org": ORG,
        "as_of": END,
    }
    given_.update(arguments)
    schedule, state, catalog = given_.pop("schedule"), given_.pop("state"), given_.pop("catalog")
    with pytest.raises(ValidationError) as caught:
        planned_vs_actual(schedule, state, catalog, **given_)
    assert caught.value.path == path


# -- the demo ----------------------------------------------------------------------------------


def test_the_demo_shows_home_cares_february_medication_courses_as_actual_hours():
    """Kalle and Nils passed the medication course on 10 February (16 h, 4,200 each); Ulla
    reflected at APT on 3 February (1.5 h, free): 33.5 hours and 8,400 spent."""
    demo = load_demo()
    january = review(demo, as_of=demo.as_of)
    april = review(demo, as_of=D(2026, 4, 15), previous=january)
    february = line(april.budget, "homecare", (2026, 2))
    assert (february.actual_hours, february.actual_cost) == (33.5, 8400.0)


def test_in_the_demos_january_review_nothing_after_it_is_actual_yet():
    demo = load_demo()
    january = review(demo, as_of=demo.as_of)
    assert [x.actual_hours for x in january.budget if x.unit == "homecare"] == [0.0] * 12


# -- properties ---------------------------------------------------------------------------------

PEOPLE = ("anna", "bo", "karin", "xin")
placements = st.lists(
    st.builds(
        Placement,
        person=st.sampled_from(PEOPLE),
        activity=st.sampled_from(sorted(EFFORTS)),
        on=st.dates(START, END),
    ),
    max_size=12,
    unique_by=lambda p: (p.person, p.activity),
)
completions = st.lists(
    st.builds(
        ActivityCompleted,
        id=st.uuids().map(lambda u: u.hex[:8]),
        person=st.sampled_from(PEOPLE),
        activity=st.sampled_from(sorted(EFFORTS)),
        on=st.dates(D(2025, 12, 1), D(2026, 4, 30)),
        passed=st.none() | st.booleans(),
    ),
    max_size=12,
    unique_by=lambda e: e.id,
)


@settings(max_examples=60, deadline=None)
@given(placements, completions, st.dates(START, D(2026, 5, 31)))
def test_the_top_units_add_up_to_every_placement_and_every_completion_counted(
    planned, events, as_of
):
    found = planned_vs_actual(year(*planned), replay(events), CATALOG, org=ORG, as_of=as_of)
    tops = [x for x in found if x.unit in ("care", "it")]
    counted = [e for e in events if START <= e.on <= min(as_of, END)]
    assert sum(x.planned_hours for x in tops) == pytest.approx(
        sum(EFFORTS[p.activity] / HOUR for p in planned)
    )
    assert sum(x.actual_hours for x in tops) == pytest.approx(
        sum(EFFORTS[e.activity] / HOUR for e in counted)
    )
    assert sum(x.actual_cost for x in tops) == pytest.approx(
        sum(CATALOG.activity(e.activity).cost for e in counted)
    )


@settings(max_examples=60, deadline=None)
@given(placements, completions, st.dates(START, D(2026, 5, 31)))
def test_a_units_line_is_the_sum_of_its_own_peoples_and_its_sub_units_lines(
    planned, events, as_of
):
    found = planned_vs_actual(year(*planned), replay(events), CATALOG, org=ORG, as_of=as_of)
    by_key = {(x.unit, x.month): numbers(x) for x in found}
    own = planned_vs_actual(
        year(*[p for p in planned if p.person == "karin"]),
        replay([e for e in events if e.person == "karin"]),
        CATALOG,
        org=ORG,
        as_of=as_of,
    )
    own_by_key = {x.month: numbers(x) for x in own if x.unit == "care"}
    zero = (0.0, 0.0, 0.0, 0.0)
    for month in [(2026, 1), (2026, 2), (2026, 3)]:
        parts = [by_key.get((u, month), zero) for u in ("north", "south")]
        parts.append(own_by_key.get(month, zero))
        total = tuple(sum(p[k] for p in parts) for k in range(4))
        assert by_key.get(("care", month), zero) == pytest.approx(total)
