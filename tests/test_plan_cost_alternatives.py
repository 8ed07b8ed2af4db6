"""Plans that weigh money too, and name what could be taken instead."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import (
    Activity,
    Catalog,
    Competency,
    Framework,
    Need,
    Organization,
    Person,
    PlanObjective,
    Reason,
    Unit,
    ValidationError,
    plan,
)

H = dt.timedelta(hours=1)
ORG = Organization(
    [Unit("care", "Care")],
    [Person("anna", "Anna", "care")],
    [],
    Framework([Competency("cpr", "CPR"), Competency("hygiene", "Hygiene")]),
)


def need(competency: str, required: int = 2) -> Need:
    reason = Reason("requirement-gap", ("nurse:" + competency,), "needed")
    return Need("anna", "person", competency, None, required, required, 1.0, [reason])


def plan_of(catalog: Catalog, *needs: Need, **options: object) -> tuple[str, ...]:
    (only,) = plan(list(needs), catalog, org=ORG, **options)  # type: ignore[arg-type]
    return only.activities


def test_at_equal_effort_the_cheaper_activity_is_planned():
    catalog = Catalog(
        [
            Activity("dear", "Dear", "course", {"cpr": 2}, 4 * H, cost=900),
            Activity("cheap", "Cheap", "course", {"cpr": 2}, 4 * H, cost=300),
        ]
    )
    assert plan_of(catalog, need("cpr")) == ("cheap",)


def test_cost_breaks_a_tie_before_learning_at_work_does():
    catalog = Catalog(
        [
            Activity("at-work", "At work", "on-the-job", {"cpr": 2}, 4 * H, cost=500),
            Activity("course", "Course", "course", {"cpr": 2}, 4 * H, cost=100),
        ]
    )
    assert plan_of(catalog, need("cpr")) == ("course",)


def test_less_effort_still_wins_over_a_lower_cost_by_default():
    catalog = Catalog(
        [
            Activity("short", "Short", "course", {"cpr": 2}, 2 * H, cost=900),
            Activity("long", "Long", "course", {"cpr": 2}, 8 * H, cost=0),
        ]
    )
    assert plan_of(catalog, need("cpr")) == ("short",)


def test_the_cost_objective_puts_the_lowest_cost_first():
    catalog = Catalog(
        [
            Activity("short", "Short", "course", {"cpr": 2}, 2 * H, cost=900),
            Activity("long", "Long", "course", {"cpr": 2}, 8 * H, cost=0),
        ]
    )
    assert plan_of(catalog, need("cpr"), objective="cost") == ("long",)
    assert plan_of(catalog, need("cpr"), objective=PlanObjective.COST) == ("long",)


def test_the_cost_objective_breaks_ties_by_effort():
    catalog = Catalog(
        [
            Activity("long", "Long", "course", {"cpr": 2}, 8 * H, cost=100),
            Activity("short", "Short", "course", {"cpr": 2}, 2 * H, cost=100),
        ]
    )
    assert plan_of(catalog, need("cpr"), objective="cost") == ("short",)


def test_the_cost_objective_weighs_prerequisites_too():
    catalog = Catalog(
        [
            Activity("base", "Base", "e-learning", {"cpr": 1}, 1 * H, cost=800),
            Activity("advanced", "Advanced", "course", {"cpr": 2}, 1 * H, prerequisites=["base"]),
            Activity("plain", "Plain", "course", {"cpr": 2}, 10 * H, cost=500),
        ]
    )
    assert plan_of(catalog, need("cpr"), objective="cost") == ("plain",)


def test_alternatives_close_the_same_needs_cheapest_first():
    catalog = Catalog(
        [
            Activity("first", "First", "course", {"cpr": 2}, 2 * H, cost=50),
            Activity("dear", "Dear", "course", {"cpr": 3}, 3 * H, cost=900),
            Activity("cheap", "Cheap", "course", {"cpr": 2}, 5 * H, cost=100),
            Activity("too-low", "Too low", "course", {"cpr": 1}, 1 * H, cost=0),
            Activity("other", "Other", "course", {"hygiene": 3}, 1 * H, cost=0),
        ]
    )
    (p,) = plan([need("cpr")], catalog, org=ORG, alternatives=2)
    assert [(i.activity, i.alternatives) for i in p.items] == [("first", ("cheap", "dear"))]


def test_without_alternatives_asked_for_none_are_listed():
    catalog = Catalog(
        [
            Activity("first", "First", "course", {"cpr": 2}, 2 * H),
            Activity("second", "Second", "course", {"cpr": 2}, 3 * H),
        ]
    )
    (p,) = plan([need("cpr")], catalog, org=ORG)
    assert p.items[0].alternatives == ()


def test_an_alternative_must_close_every_need_its_item_closes():
    catalog = Catalog(
        [
            Activity("both", "Both", "course", {"cpr": 2, "hygiene": 2}, 2 * H),
            Activity("cpr-only", "CPR only", "course", {"cpr": 2}, 1 * H),
            Activity("hygiene-only", "Hygiene only", "course", {"hygiene": 2}, 1 * H),
            Activity("both-again", "Both again", "course", {"cpr": 3, "hygiene": 2}, 9 * H),
        ]
    )
    (p,) = plan([need("cpr"), need("hygiene")], catalog, org=ORG, alternatives=3)
    assert [(i.activity, i.alternatives) for i in p.items] == [("both", ("both-again",))]


def test_an_alternative_needing_a_prerequisite_outside_the_plan_is_not_offered():
    catalog = Catalog(
        [
            Activity("first", "First", "course", {"cpr": 2}, 2 * H),
            Activity("base", "Base", "e-learning", {"hygiene": 1}, 1 * H),
            Activity(
                "needs-base", "Needs base", "course", {"cpr": 2}, 2 * H, prerequisites=["base"]
            ),
        ]
    )
    (p,) = plan([need("cpr")], catalog, org=ORG, alternatives=2)
    assert p.items[0].alternatives == ()


def test_a_prerequisite_item_has_no_alternatives():
    catalog = Catalog(
        [
            Activity("base", "Base", "e-learning", {"cpr": 1}, 1 * H),
            Activity("other-base", "Other base", "e-learning", {"cpr": 1}, 1 * H),
            Activity("advanced", "Advanced", "course", {"cpr": 2}, 2 * H, prerequisites=["base"]),
        ]
    )
    (p,) = plan([need("cpr")], catalog, org=ORG, alternatives=2)
    assert {i.activity: i.alternatives for i in p.items}["base"] == ()


@pytest.mark.parametrize("value", ["money", 3, None])
def test_an_unknown_objective_is_refused_naming_it(value):
    catalog = Catalog([Activity("a", "A", "course", {"cpr": 2}, H)])
    with pytest.raises(ValidationError) as caught:
        plan([need("cpr")], catalog, org=ORG, objective=value)
    assert caught.value.path == "objective"


@pytest.mark.parametrize("value", [-1, 1.5, "2", True])
def test_a_bad_number_of_alternatives_is_refused_naming_it(value):
    catalog = Catalog([Activity("a", "A", "course", {"cpr": 2}, H)])
    with pytest.raises(ValidationError) as caught:
        plan([need("cpr")], catalog, org=ORG, alternatives=value)
    assert caught.value.path == "alternatives"
