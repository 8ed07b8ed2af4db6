"""Key-person risk: units that depend on too few people for what their roles require.

The report lists every unit and competency at risk, small units included, and never
singles anyone out: no names, and counts only for groups of at least ``min_group`` people
that no subtraction can split further.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import (
    Assessment,
    Competency,
    Framework,
    Organization,
    Person,
    Requirement,
    Risk,
    Role,
    Unit,
    ValidationError,
    key_person_risk,
)
from larande import testing as lt
from larande.datasets import load_demo

D = dt.date
AS_OF = D(2026, 1, 12)


def care_team(holders, size=6):
    """A home-care team of ``size`` assistant nurses, ``holders`` of them delegated."""
    framework = Framework([Competency("delegation", "Delegation for medication")])
    nurse = Role("nurse", "Assistant nurse", [Requirement("delegation", 2)])
    people = [Person(f"p{i}", f"P{i}", "team", ["nurse"]) for i in range(size)]
    org = Organization(
        [Unit("care", "Care"), Unit("team", "Team", parent="care")], people, [nurse], framework
    )
    held = [Assessment(f"p{i}", "delegation", 3, D(2025, 6, 1)) for i in range(holders)]
    return org, held


def test_a_team_where_one_specialist_holds_the_delegation_is_at_risk():
    """The one delegated nurse retires and nobody can give medication: a key person."""
    org, held = care_team(holders=1)
    assert key_person_risk(org, held, as_of=AS_OF) == (
        Risk("care", "delegation", 1, 6),
        Risk("team", "delegation", 1, 6),
    )


def test_a_team_with_enough_holders_is_not_at_risk():
    org, held = care_team(holders=2)
    assert key_person_risk(org, held, as_of=AS_OF) == ()


def test_min_holders_sets_how_many_holders_are_enough():
    org, held = care_team(holders=2)
    risks = key_person_risk(org, held, as_of=AS_OF, min_holders=3)
    assert [(r.unit, r.holders) for r in risks] == [("care", 2), ("team", 2)]


def test_a_unit_of_one_is_listed_as_at_risk_without_counts():
    """The IT unit's own member is its manager: a unit of one, suppressed but listed."""
    demo = load_demo()
    risks = key_person_risk(demo.org, demo.assessments, as_of=demo.as_of)
    assert [r for r in risks if r.unit == "it"] == [
        Risk("it", "coaching", None, None),
        Risk("it", "work-environment", None, None),
    ]


def test_a_small_group_shows_counts_once_min_group_allows_it():
    demo = load_demo()
    risks = key_person_risk(demo.org, demo.assessments, as_of=demo.as_of, min_group=3)
    assert risks[0] == Risk("alvby", "work-environment", 1, 3)


def test_a_year_without_renewed_delegations_puts_all_of_home_care_at_risk():
    """On 2026-09-02 every delegation of the demo has lapsed: nobody holds it anywhere."""
    demo = load_demo()
    risks = key_person_risk(demo.org, demo.assessments, as_of=D(2026, 9, 2))
    delegation = [(r.unit, r.holders, r.required_by) for r in risks
                  if r.competency == "medication-delegation"]  # fmt: skip
    assert delegation == [
        ("alvby", 0, 12),
        ("care-admin", 0, 12),
        ("homecare", 0, 12),
        ("homecare-north", 0, 6),
        ("homecare-south", 0, 6),
    ]


def test_a_requirement_not_yet_in_effect_puts_nobody_at_risk():
    """Digital supervision is required from April: in January it is not yet counted."""
    demo = load_demo()
    risks = key_person_risk(demo.org, demo.assessments, as_of=demo.as_of)
    assert [r for r in risks if r.competency == "digital-supervision"] == []


def test_a_team_whose_counts_would_reveal_a_smaller_one_by_subtraction_is_hidden():
    """Care holds 9 nurses: team A 6, team B 3. Care minus A would give B's 3: A hides."""
    framework = Framework([Competency("delegation", "Delegation")])
    nurse = Role("nurse", "Nurse", [Requirement("delegation", 2)])
    units = [Unit("care", "Care"), Unit("a", "A", parent="care"), Unit("b", "B", parent="care")]
    people = [Person(f"a{i}", "A", "a", ["nurse"]) for i in range(6)]
    people += [Person(f"b{i}", "B", "b", ["nurse"]) for i in range(3)]
    org = Organization(units, people, [nurse], framework)
    assert key_person_risk(org, [], as_of=AS_OF) == (
        Risk("care", "delegation", 0, 9),
        Risk("a", "delegation", None, None),
        Risk("b", "delegation", None, None),
    )


@pytest.mark.parametrize("field", ["min_holders", "min_group"])
@pytest.mark.parametrize("value", [0, -1, 1.5, "2", None])
def test_a_bad_threshold_is_refused_naming_it(field, value):
    org, held = care_team(holders=1)
    with pytest.raises(ValidationError) as caught:
        key_person_risk(org, held, as_of=AS_OF, **{field: value})
    assert caught.value.path == field


def test_a_risk_with_more_holders_than_people_needing_it_is_refused():
    with pytest.raises(ValidationError) as caught:
        Risk("team", "delegation", 4, 3)
    assert caught.value.path == "holders"


def test_a_risk_with_one_count_suppressed_and_the_other_shown_is_refused():
    with pytest.raises(ValidationError) as caught:
        Risk("team", "delegation", None, 3)
    assert caught.value.code == "risk-half-suppressed"


# -- properties ----------------------------------------------------------------------------


def _cases():
    return lt.organizations(max_units=5, max_people=15).flatmap(
        lambda org: st.tuples(
            st.just(org),
            st.lists(lt.assessments(org), max_size=25),
            st.integers(1, 3),
            st.integers(1, 4),
        )
    )


def _brute_force(org, assessments, min_holders):
    """Every (unit, competency) at risk, counted person by person (no suppression)."""
    from larande import current_level

    out = {}
    for unit in org.units:
        for competency in org.framework:
            need = held = 0
            for p in org.members(unit.id):
                levels = [
                    r.level
                    for role in org.roles_of(p.id)
                    for r in role.requirements
                    if r.competency == competency and (r.effective is None or r.effective <= AS_OF)
                ]
                if not levels:
                    continue
                need += 1
                level = current_level(
                    assessments, p.id, competency, as_of=AS_OF, framework=org.framework
                )
                held += level is not None and level >= max(levels)
            if need and held < min_holders:
                out[(unit.id, competency)] = (held, need)
    return out


@given(_cases())
def test_every_unit_and_competency_at_risk_is_listed_and_nothing_else(case):
    org, assessments, min_holders, _ = case
    risks = key_person_risk(org, assessments, as_of=AS_OF, min_holders=min_holders, min_group=1)
    found = {(r.unit, r.competency): (r.holders, r.required_by) for r in risks}
    assert found == _brute_force(org, assessments, min_holders)


@given(_cases())
def test_risk_counts_never_exceed_the_units_members(case):
    org, assessments, min_holders, min_group = case
    risks = key_person_risk(org, assessments, as_of=AS_OF, min_holders=min_holders,
                            min_group=min_group)  # fmt: skip
    assert all(
        r.holders <= r.required_by <= len(org.members(r.unit)) for r in risks if not r.suppressed
    )


@given(_cases())
def test_no_risk_figure_isolates_fewer_than_min_group_people_even_by_subtraction(case):
    org, assessments, min_holders, min_group = case
    risks = key_person_risk(org, assessments, as_of=AS_OF, min_holders=min_holders,
                            min_group=min_group)  # fmt: skip
    shown = {(r.unit, r.competency): r.required_by for r in risks if not r.suppressed}
    parent = {u.id: u.parent for u in org.units}

    def nearest_shown_below(unit, competency):
        # The shown units below ``unit`` with no shown unit between them and it.
        out = []
        for u in org.units:
            up = parent[u.id]
            while up is not None and (up, competency) not in shown:
                up = parent[up]
            if up == unit and (u.id, competency) in shown:
                out.append(u.id)
        return out

    for (unit, competency), n in shown.items():
        rest = n - sum(shown[(u, competency)] for u in nearest_shown_below(unit, competency))
        assert n >= min_group
        assert rest == 0 or rest >= min_group
