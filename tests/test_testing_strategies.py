"""larande.testing: the public Hypothesis strategies build valid values, for users' own tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from larande import (
    Assessment,
    Competency,
    Dataset,
    Framework,
    Organization,
    Requirement,
    Role,
    Scale,
)
from larande import testing as lt

FIXED = Framework(
    [Competency("care", "Care"), Competency("medication", "Medication", parent="care")]
)


@given(lt.ids())
def test_ids_are_non_empty_strings(value):
    """Every id is a str with at least one character."""
    assert (str, True) == (type(value), len(value) > 0)


@given(lt.dates())
def test_dates_are_calendar_dates_in_the_default_range(value):
    """Dates are ``datetime.date``, never ``datetime``, within 2020..2030 by default."""
    assert (dt.date, True) == (type(value), dt.date(2020, 1, 1) <= value <= dt.date(2030, 12, 31))


@given(lt.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 1, 31)))
def test_dates_respect_the_range_asked_for(value):
    """``min_value`` and ``max_value`` bound the dates."""
    assert (value.year, value.month) == (2026, 1)


@given(lt.scales())
def test_scales_have_at_least_two_distinct_levels(scale):
    """A generated scale is a valid Scale of two or more distinct labels."""
    assert type(scale) is Scale
    assert len(scale.levels) == len(set(scale.levels)) >= 2


@given(lt.competencies(scale="certificate", parent="first-aid"))
def test_competencies_use_the_scale_and_parent_asked_for(competency):
    """The arguments fix the competency's scale and parent."""
    assert (Competency, "certificate", "first-aid") == (
        type(competency),
        competency.scale,
        competency.parent,
    )


@given(lt.frameworks(max_size=8))
def test_generated_frameworks_never_contain_a_cycle(fw):
    """Following parents from any competency reaches a root within the framework's size."""
    for cid in fw:
        ups = fw.ancestors(cid)
        assert len(ups) < len(fw)
        assert fw.competency((cid, *ups)[-1]).parent is None


@given(lt.frameworks(min_size=3, max_size=5))
def test_generated_frameworks_respect_the_size_asked_for(fw):
    """``min_size`` and ``max_size`` bound the number of competencies."""
    assert 3 <= len(fw) <= 5


@given(lt.frameworks(max_size=3))
def test_generated_frameworks_measure_every_competency_on_one_of_their_scales(fw):
    """Each competency's scale is among the framework's scales, the default among them."""
    scale_ids = {s.id for s in fw.scales}
    assert "default" in scale_ids
    assert all(c.scale in scale_ids for c in fw.competencies)


@given(lt.requirements(FIXED))
def test_requirements_name_a_competency_of_the_framework_at_a_level_of_its_scale(req):
    """A generated requirement would pass the organisation's checks."""
    assert type(req) is Requirement
    assert req.competency in FIXED
    assert req.level in FIXED.scale_of(req.competency)


@given(lt.roles(FIXED))
def test_roles_require_each_competency_at_most_once(role):
    """A generated role is valid: distinct competencies, all in the framework."""
    required = [r.competency for r in role.requirements]
    assert type(role) is Role
    assert len(required) == len(set(required))
    assert set(required) <= set(FIXED)


@given(lt.organizations())
def test_every_reference_of_a_generated_organization_resolves(org):
    """Every person is in a known unit, holds known roles and reports to a known person."""
    for person in org.people:
        assert org.has_unit(person.unit)
        assert [r.id for r in org.roles_of(person.id)] == list(person.roles)
        assert person.manager is None or org.has_person(person.manager)


@given(lt.organizations(max_units=2, max_people=3, framework=FIXED))
def test_generated_organizations_honour_their_options(org):
    """``max_units``, ``max_people`` and ``framework`` shape the organisation; a unit exists."""
    assert 1 <= len(org.units) <= 2
    assert len(org.people) <= 3
    assert org.framework == FIXED


@given(lt.organizations(max_people=4, framework=FIXED))
def test_a_generated_organization_rebuilt_from_its_fields_is_equal(org):
    """Organisations are values: the same fields give an equal one with the same hash."""
    again = Organization(org.units, org.people, org.roles, org.framework)
    assert (org, hash(org)) == (again, hash(again))


@given(
    lt.organizations(framework=FIXED, max_people=4)
    .filter(lambda o: bool(o.people))
    .flatmap(lambda o: st.tuples(st.just(o), st.lists(lt.assessments(o), max_size=5)))
)
def test_generated_assessments_fit_their_organization(org_and_assessments):
    """Assessments name its people and competencies, at levels within the scales."""
    org, assessments = org_and_assessments
    assert all(type(a) is Assessment for a in assessments)
    assert org.check_assessments(assessments) is None


@given(lt.datasets(max_units=2, max_people=3, framework=FIXED))
def test_generated_datasets_have_people_and_pass_the_options_on(ds):
    """A dataset has at least one person; organisation options reach its organisation."""
    assert type(ds) is Dataset
    assert 1 <= len(ds.org.people) <= 3
    assert (len(ds.org.units) <= 2, ds.org.framework) == (True, FIXED)


@given(lt.units(parents=["care", "it"]))
def test_a_unit_hangs_under_one_of_the_parents_given_or_none(unit):
    assert unit.parent in {None, "care", "it"}
    assert unit.id not in {"care", "it"}


@given(lt.people(units=["care", "it"], roles=["nurse"], managers=["karin"]))
def test_a_person_sits_in_a_unit_given_with_roles_and_a_manager_given(person):
    assert person.unit in {"care", "it"}
    assert set(person.roles) <= {"nurse"}
    assert person.manager in {None, "karin"}
    assert person.id not in {"care", "it", "karin"}
