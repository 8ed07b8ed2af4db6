"""The bundled demo municipality and the synthetic generator."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import Goal, Level, ValidationError, current_level
from larande.competence import is_valid
from larande.datasets import Dataset, load_demo, synthetic

TWO_YEARS = dt.timedelta(days=730)


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return load_demo()


def units_named(ds: Dataset, words: str) -> list[str]:
    return [u.id for u in ds.org.units if words in u.name.lower()]


# -- load_demo ------------------------------------------------------------------------------


def test_the_demo_is_a_dataset():
    """load_demo() gives a Dataset, ready for the loop."""
    assert Dataset is type(load_demo())


def test_each_call_gives_an_equal_demo():
    """The demo is deterministic: every call builds the same data."""
    assert load_demo() == load_demo()


def test_each_call_gives_a_fresh_demo():
    """Changing one demo's goal graph leaves the next demo untouched."""
    first = load_demo()
    assert first.goals is not None
    first.goals.add(Goal("scratch", "A notebook experiment", Level.ORGANIZATION))
    assert "scratch" not in load_demo().goals  # type: ignore[operator]


def test_the_demo_has_a_home_care_unit_with_two_teams(demo):
    """Home care is split into two teams, each a sub-unit."""
    homecare = [u for u in units_named(demo, "home care") if len(demo.org.subunits(u)) == 2]
    assert len(homecare) == 1


def test_the_demo_has_an_it_unit(demo):
    """Beside care there is an IT unit, with people of its own."""
    it = [u for u in demo.org.units if u.name.startswith("IT") and u.parent is not None]
    assert any(demo.org.members(u.id) for u in it)


def test_home_care_and_it_are_separate_branches(demo):
    """Neither the IT unit nor home care is inside the other."""
    homecare = next(u for u in units_named(demo, "home care") if demo.org.subunits(u))
    it = next(u.id for u in demo.org.units if u.name == "IT unit")
    assert (
        it in demo.org.unit_ancestors(homecare),
        homecare in demo.org.unit_ancestors(it),
    ) == (False, False)


def test_the_demo_has_at_least_thirty_people(demo):
    """Big enough to show needs across teams."""
    assert len(demo.org.people) >= 30


def test_the_demo_has_at_least_four_roles(demo):
    """Care and IT roles, and their managers."""
    assert len(demo.org.roles) >= 4


def test_everyone_in_the_demo_holds_a_role(demo):
    """Every person has requirements to be measured against."""
    assert [p.id for p in demo.org.people if not p.roles] == []


def test_the_demo_framework_has_at_least_fifteen_competencies(demo):
    """A framework rich enough to show gaps in many areas."""
    assert len(demo.org.framework) >= 15


def test_the_demo_framework_is_a_hierarchy_of_more_than_one_level(demo):
    """Some competencies sit under others, some two levels down."""
    fw = demo.org.framework
    assert max(len(fw.ancestors(c)) for c in fw) >= 2


def test_the_demo_framework_has_several_roots(demo):
    """Care, IT and leadership are separate trees."""
    assert len(demo.org.framework.roots()) >= 2


def test_the_demo_has_a_competency_that_expires(demo):
    """At least one certificate (CPR, say) has a validity period."""
    assert any(c.validity is not None for c in demo.org.framework.competencies)


def test_the_demo_has_assessments_older_than_two_years(demo):
    """Some assessments are stale: more than two years before the demo's day."""
    assert any(a.on < demo.as_of - TWO_YEARS for a in demo.assessments)


def test_the_demo_has_recent_assessments_too(demo):
    """Assessments are of varied age: some made in the last half year."""
    assert any(a.on > demo.as_of - dt.timedelta(days=182) for a in demo.assessments)


def test_the_demo_has_certificates_that_have_expired_by_its_day(demo):
    """Some certificates have lapsed as of the demo's day, leaving their holder with none."""
    fw = demo.org.framework
    lapsed = {
        (a.person, a.competency)
        for a in demo.assessments
        if fw.competency(a.competency).validity is not None
        and not is_valid(a, fw.competency(a.competency), demo.as_of)
    }
    without = [
        pair
        for pair in lapsed
        if current_level(demo.assessments, *pair, as_of=demo.as_of, framework=fw) is None
    ]
    assert without


def test_no_demo_assessment_is_after_the_demo_day(demo):
    """The demo's day is "today": nothing has been assessed in its future."""
    assert [a for a in demo.assessments if a.on > demo.as_of] == []


def test_the_demo_it_unit_aims_to_cut_release_time_by_fifteen_percent(demo):
    """The IT unit's goal: release time down 15 %, within about three months."""
    it = {u.id for u in demo.org.units if u.name.startswith("IT")}
    goals = demo.goals
    cuts = [
        goals.goal(g)
        for g in goals
        if goals.goal(g).owner in it
        and goals.goal(g).metric is not None
        and goals.goal(g).metric.target == pytest.approx(0.85 * goals.goal(g).metric.baseline)
    ]
    assert any(g.deadline <= demo.as_of + dt.timedelta(days=4 * 31) for g in cuts)


# -- synthetic ------------------------------------------------------------------------------


@pytest.mark.parametrize("people", [1, 11, 12, 13, 100, 577])
def test_synthetic_makes_exactly_the_people_asked_for(people):
    """The size is exact, whatever the number."""
    assert people == len(synthetic(people=people, seed=1).org.people)


def test_the_same_seed_gives_the_same_dataset():
    """Deterministic: a seed reproduces the data."""
    assert synthetic(people=80, seed=7) == synthetic(people=80, seed=7)


def test_a_different_seed_gives_a_different_dataset():
    """The seed drives the random choices."""
    assert synthetic(people=80, seed=7) != synthetic(people=80, seed=8)


def test_synthetic_data_is_dated_as_of_the_day_given():
    """``as_of`` becomes the dataset's day and no assessment lies after it."""
    day = dt.date(2027, 3, 1)
    ds = synthetic(people=40, seed=2, as_of=day)
    assert (day, []) == (ds.as_of, [a for a in ds.assessments if a.on > day])


def test_synthetic_people_are_assessed_in_every_requirement_of_their_roles():
    """Everyone has an assessment for each competency their role requires."""
    ds = synthetic(people=60, seed=3)
    assessed = {(a.person, a.competency) for a in ds.assessments}
    missing = [
        (p.id, r.competency)
        for p in ds.org.people
        for role in ds.org.roles_of(p.id)
        for r in role.requirements
        if (p.id, r.competency) not in assessed
    ]
    assert missing == []


def test_synthetic_with_twenty_requirements_gives_every_role_twenty():
    """``requirements=20`` is the benchmark's shape: twenty per role."""
    ds = synthetic(people=30, seed=4, requirements=20)
    assert {20} == {len(r.requirements) for r in ds.org.roles}


def test_synthetic_with_twenty_requirements_assesses_everyone_in_all_twenty():
    """Every person is assessed in every one of their role's twenty requirements."""
    ds = synthetic(people=30, seed=4, requirements=20)
    for p in ds.org.people:
        required = {r.competency for role in ds.org.roles_of(p.id) for r in role.requirements}
        assessed = {a.competency for a in ds.assessments if a.person == p.id}
        assert (20, set()) == (len(required), required - assessed)


def test_synthetic_puts_about_fifteen_percent_of_assessments_below_the_requirement():
    """The benchmark's shape: roughly 15 % of assessed requirements show a gap."""
    ds = synthetic(people=1000, seed=5)
    org = ds.org
    below = [
        a
        for a in ds.assessments
        if a.level < org.role(org.person(a.person).roles[0]).requirement(a.competency).level
    ]
    assert 0.10 <= len(below) / len(ds.assessments) <= 0.20


def test_synthetic_data_has_some_lapsed_certificates():
    """Certificates are spread over more than their validity, so some have lapsed."""
    ds = synthetic(people=200, seed=6)
    fw = ds.org.framework
    assert any(
        not is_valid(a, fw.competency(a.competency), ds.as_of)
        for a in ds.assessments
        if fw.competency(a.competency).validity is not None
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"people": 0, "seed": 1}, "people"),
        ({"people": -5, "seed": 1}, "people"),
        ({"people": "10", "seed": 1}, "people"),
        ({"people": 2.5, "seed": 1}, "people"),
        ({"people": True, "seed": 1}, "people"),
        ({"people": 10, "seed": "a"}, "seed"),
        ({"people": 10, "seed": None}, "seed"),
        ({"people": 10, "seed": 1.5}, "seed"),
        ({"people": 10, "seed": 1, "requirements": 0}, "requirements"),
        ({"people": 10, "seed": 1, "requirements": "20"}, "requirements"),
    ],
)
def test_synthetic_refuses_bad_arguments_naming_them(kwargs, field):
    """A bad size, seed or requirement count is a ValidationError naming the argument."""
    with pytest.raises(ValidationError, match=field) as err:
        synthetic(**kwargs)
    assert field == err.value.path


@pytest.mark.parametrize("as_of", ["2026-01-12", dt.datetime(2026, 1, 12, 8)])
def test_synthetic_refuses_a_day_that_is_not_a_date(as_of):
    """``as_of`` must be a datetime.date, like every day in larande; the error names it."""
    with pytest.raises(ValidationError) as err:
        synthetic(people=10, seed=1, as_of=as_of)
    assert err.value.path == "as_of"
