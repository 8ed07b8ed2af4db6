"""Annual plan months name the goals their learning serves.

DESIGN §9.1: ``MonthPlan.goals`` are the goals of the organisation, of each learner's unit
and of that unit's parents that depend on a competency the month's activities develop;
individual objectives are left out. A schedule keeps its placements sorted, so a person's
are found by bisection even when they were given in any order.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    Activity,
    Catalog,
    Competency,
    Framework,
    Goal,
    GoalGraph,
    Level,
    MonthPlan,
    Organization,
    Person,
    Placement,
    Schedule,
    Unit,
    ValidationError,
    analyze,
    annual_plan,
    plan,
    schedule,
)
from larande.datasets import load_demo

D = dt.date
HOUR = dt.timedelta(hours=1)
BUDGET = 8 * HOUR

FRAMEWORK = Framework(
    [
        Competency("medication", "Medication handling"),
        Competency("documentation", "Care documentation"),
        Competency("ci-cd", "CI/CD"),
    ]
)
CATALOG = Catalog(
    [
        Activity("med-course", "Medication course", "course", {"medication": 3}, 16 * HOUR),
        Activity("doc-workshop", "Documentation", "workshop", {"documentation": 2}, 8 * HOUR),
        Activity("devops", "DevOps", "e-learning", {"ci-cd": 2}, 6 * HOUR),
        Activity(
            "both", "Medication records", "course", {"medication": 2, "documentation": 2}, 4 * HOUR
        ),
    ]
)
EFFORTS = {a.id: a.effort for a in CATALOG.activities}
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


def goal_graph() -> GoalGraph:
    graph = GoalGraph()
    graph.add(Goal("safe", "Safe medication", Level.ORGANIZATION, competencies={"medication"}))
    graph.add(
        Goal(
            "care-med", "Fewer deviations", Level.UNIT, owner="care", competencies={"medication"}
        ),
        contributes_to="safe",
    )
    graph.add(
        Goal("north-med", "Double-check", Level.TEAM, owner="north", competencies={"medication"}),
        contributes_to="care-med",
    )
    graph.add(
        Goal(
            "south-med", "Evening rounds", Level.TEAM, owner="south", competencies={"medication"}
        ),
        contributes_to="care-med",
    )
    graph.add(
        Goal(
            "south-doc",
            "Complete records",
            Level.TEAM,
            owner="south",
            competencies={"documentation"},
        ),
        contributes_to="care-med",
    )
    graph.add(Goal("it-ci", "Faster releases", Level.UNIT, owner="it", competencies={"ci-cd"}))
    graph.add(
        Goal(
            "obj:anna:medication",
            "Anna: medication to level 3",
            Level.INDIVIDUAL,
            owner="anna",
            competencies={"medication"},
            target_level=3,
        ),
        contributes_to="north-med",
    )
    return graph


YEAR = Schedule(
    [
        Placement("anna", "med-course", D(2026, 2, 10)),
        Placement("bo", "doc-workshop", D(2026, 3, 3)),
        Placement("xin", "devops", D(2026, 2, 5)),
    ],
    [],
    D(2026, 1, 1),
    D(2026, 4, 30),
    efforts=EFFORTS,
)


def annual(unit, schedule_=YEAR, **options):
    options = {"catalog": CATALOG, "goals": goal_graph(), **options}
    return annual_plan(schedule_, ORG, unit, budget=BUDGET, **options)


def month(found, number) -> MonthPlan:
    return next(m for m in found.months if m.month == number)


# -- which goals ------------------------------------------------------------------------------


def test_a_month_names_the_goals_of_the_learners_unit_its_parents_and_the_organisation():
    """Anna (Team North) takes the medication course in February."""
    assert month(annual("care"), 2).goals == ("care-med", "north-med", "safe")


def test_a_goal_of_a_sibling_unit_is_not_served():
    """Team South's medication goal is not served by Anna's course in Team North."""
    assert "south-med" not in month(annual("care"), 2).goals


def test_individual_objectives_are_left_out():
    assert "obj:anna:medication" not in annual("care").goals


def test_a_goal_that_depends_on_nothing_the_month_develops_is_not_served():
    """Bo's documentation workshop serves Team South's records goal, not the medication ones."""
    assert month(annual("care"), 3).goals == ("south-doc",)


def test_an_activity_developing_two_competencies_serves_the_goals_of_both():
    both = Schedule(
        [Placement("bo", "both", D(2026, 2, 3))],
        [],
        D(2026, 1, 1),
        D(2026, 4, 30),
        efforts=EFFORTS,
    )
    assert month(annual("south", both), 2).goals == ("care-med", "safe", "south-doc", "south-med")


def test_a_month_without_learning_serves_no_goal():
    assert month(annual("care"), 1).goals == ()


def test_a_units_plan_names_only_the_goals_its_own_people_serve():
    """Xin's DevOps e-learning serves IT's goal in IT's plan, not in home care's."""
    assert (month(annual("it"), 2).goals, "it-ci" in annual("care").goals) == (("it-ci",), False)


def test_a_sub_units_plan_names_the_goals_above_it_too():
    assert month(annual("north"), 2).goals == ("care-med", "north-med", "safe")


def test_the_goals_of_a_month_are_sorted_and_named_once():
    two = Schedule(
        [
            Placement("anna", "med-course", D(2026, 2, 10)),
            Placement("karin", "med-course", D(2026, 2, 12)),
        ],
        [],
        D(2026, 1, 1),
        D(2026, 4, 30),
        efforts=EFFORTS,
    )
    goals = month(annual("care", two), 2).goals
    assert goals == tuple(sorted(set(goals))) == ("care-med", "north-med", "safe")


def test_the_year_names_the_goals_of_all_its_months():
    assert annual("care").goals == ("care-med", "north-med", "safe", "south-doc")


# -- with and without goals -------------------------------------------------------------------


def test_without_the_goals_no_month_names_any():
    found = annual("care", goals=None)
    assert (found.goals, {m.goals for m in found.months}) == ((), {()})


def test_goals_without_the_catalog_are_refused():
    with pytest.raises(ValidationError) as caught:
        annual("care", catalog=None)
    assert (caught.value.path, caught.value.code) == ("catalog", "goals-without-catalog")


def test_goals_that_are_not_a_goal_graph_are_refused():
    with pytest.raises(ValidationError) as caught:
        annual("care", goals=["safe"])
    assert caught.value.path == "goals"


def test_a_month_plan_names_no_goals_by_default():
    assert MonthPlan(2026, 2, {}, dt.timedelta(), dt.timedelta()).goals == ()


# -- the table --------------------------------------------------------------------------------


def test_the_table_prints_the_goals_a_month_serves_under_it():
    lines = annual("care").table().splitlines()
    february = next(i for i, line in enumerate(lines) if "Feb 2026" in line)
    assert lines[february + 1].split() == ["serves:", "care-med,", "north-med,", "safe"]


def test_the_table_prints_no_serves_line_for_a_month_without_goals():
    lines = annual("care").table().splitlines()
    january = next(i for i, line in enumerate(lines) if "Jan 2026" in line)
    assert "serves:" not in lines[january + 1]


def test_the_table_prints_no_serves_line_without_the_goals():
    assert "serves:" not in annual("care", goals=None).table()


# -- the demo ---------------------------------------------------------------------------------


def test_the_demos_it_platform_devops_learning_serves_the_release_time_goal():
    demo = load_demo()
    report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    year = schedule(
        plan(report, demo.catalog, org=demo.org),
        demo.catalog,
        calendar=demo.calendar,
        start=demo.start,
        end=demo.end,
        budget=demo.budget,
    )
    found = annual_plan(
        year, demo.org, "it-platform", budget=demo.budget, catalog=demo.catalog, goals=demo.goals
    )
    assert {"it-release-time", "platform-pipeline", "digital-welfare"} <= set(found.goals)
    assert not any(g.startswith("obj:") for g in found.goals)
    assert "service-release-checklist" not in found.goals


# -- Schedule.for_person ----------------------------------------------------------------------


def test_for_person_finds_a_persons_placements_when_they_were_given_unsorted():
    year = Schedule(
        [
            Placement("xin", "devops", D(2026, 2, 5)),
            Placement("anna", "med-course", D(2026, 2, 10)),
            Placement("bo", "doc-workshop", D(2026, 3, 3)),
            Placement("anna", "doc-workshop", D(2026, 1, 20)),
        ],
        [],
        D(2026, 1, 1),
        D(2026, 4, 30),
        efforts=EFFORTS,
    )
    assert year.for_person("anna") == (
        Placement("anna", "doc-workshop", D(2026, 1, 20)),
        Placement("anna", "med-course", D(2026, 2, 10)),
    )


def test_a_schedule_keeps_its_placements_sorted_by_person_day_and_activity():
    year = Schedule(
        [
            Placement("xin", "devops", D(2026, 2, 5)),
            Placement("anna", "med-course", D(2026, 2, 10)),
            Placement("anna", "doc-workshop", D(2026, 2, 10)),
        ],
        [],
        D(2026, 1, 1),
        D(2026, 4, 30),
        efforts=EFFORTS,
    )
    assert [(p.person, p.activity) for p in year.placements] == [
        ("anna", "doc-workshop"),
        ("anna", "med-course"),
        ("xin", "devops"),
    ]


def test_a_person_without_placements_has_none():
    assert YEAR.for_person("karin") == ()


def test_an_annual_plan_counts_a_members_placements_given_unsorted():
    year = Schedule(
        [
            Placement("xin", "devops", D(2026, 2, 5)),
            Placement("anna", "med-course", D(2026, 2, 10)),
            Placement("bo", "doc-workshop", D(2026, 2, 3)),
            Placement("anna", "doc-workshop", D(2026, 2, 20)),
        ],
        [],
        D(2026, 1, 1),
        D(2026, 4, 30),
        efforts=EFFORTS,
    )
    assert dict(month(annual("care", year), 2).activities) == {"doc-workshop": 2, "med-course": 1}


PEOPLE = ("anna", "bo", "karin", "xin", "ö")
placements = st.lists(
    st.builds(
        Placement,
        person=st.sampled_from(PEOPLE),
        activity=st.sampled_from(sorted(EFFORTS)),
        on=st.dates(D(2026, 1, 1), D(2026, 4, 30)),
    ),
    max_size=15,
    unique_by=lambda p: (p.person, p.activity),
)


@settings(max_examples=60, deadline=None)
@given(placements, st.sampled_from((*PEOPLE, "nobody", "a", "zz")))
def test_for_person_gives_exactly_the_persons_placements_by_day(given_, person):
    year = Schedule(given_, [], D(2026, 1, 1), D(2026, 4, 30), efforts=EFFORTS)
    expected = sorted((p for p in given_ if p.person == person), key=lambda p: (p.on, p.activity))
    assert year.for_person(person) == tuple(expected)


@settings(max_examples=60, deadline=None)
@given(placements)
def test_every_goal_a_month_names_depends_on_what_a_member_learns_that_month(given_):
    year = Schedule(given_, [], D(2026, 1, 1), D(2026, 4, 30), efforts=EFFORTS)
    graph = goal_graph()
    for m in annual("care", year).months:
        learnt = {
            c
            for p in given_
            if (p.on.year, p.on.month) == (m.year, m.month) and p.person in {"anna", "bo", "karin"}
            for c in CATALOG.activity(p.activity).develops
        }
        for g in m.goals:
            goal = graph.goal(g)
            assert goal.level is not Level.INDIVIDUAL
            assert goal.competencies & learnt
