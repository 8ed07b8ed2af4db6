"""Careers: what it takes for a person to hold another role, ready for ``plan``.

A new position is one of the rewards of learning the documents name; ``career_gap`` says
what the step would take, as person needs with reasons, so a plan can be made for it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from larande import (
    UnknownIdError,
    ValidationError,
    career_gap,
    plan,
)
from larande import testing as lt
from larande.datasets import load_demo

D = dt.date


def test_a_developer_who_would_manage_it_needs_coaching_and_work_environment():
    demo = load_demo()
    step = career_gap(demo.org, demo.assessments, "wilma.gran", "it-manager", as_of=demo.as_of)
    assert [(n.competency, n.current, n.required, n.gap) for n in step] == [
        ("coaching", None, 3, 3),
        ("work-environment", None, 3, 3),
    ]


def test_the_career_step_is_a_need_of_the_person_with_a_career_gap_reason():
    demo = load_demo()
    (first, *_) = career_gap(
        demo.org, demo.assessments, "wilma.gran", "it-manager", as_of=demo.as_of
    )
    assert (first.id, first.reasons[0].rule, first.evidence) == (
        "person:wilma.gran:coaching",
        "career-gap",
        ("it-manager:coaching",),
    )


def test_the_career_step_goes_straight_into_a_plan():
    """Care assistant Fatima aiming for assistant nurse: her plan covers the step."""
    demo = load_demo()
    step = career_gap(
        demo.org, demo.assessments, "fatima.ali", "assistant-nurse", as_of=demo.as_of
    )
    (made,) = plan(step, demo.catalog, org=demo.org)
    planned = {n.competency for item in made.items for n in item.needs}
    unmet = {u.need.competency for u in made.unmet}
    assert planned | unmet == {n.competency for n in step}


def test_a_requirement_not_yet_in_effect_is_due_the_day_it_takes_effect():
    demo = load_demo()
    step = career_gap(
        demo.org, demo.assessments, "fatima.ali", "assistant-nurse", as_of=demo.as_of
    )
    (supervision,) = [n for n in step if n.competency == "digital-supervision"]
    assert supervision.due == D(2026, 4, 1)


def test_a_person_who_already_meets_the_role_has_no_career_gap():
    """Greta (developer) meets every developer requirement already."""
    demo = load_demo()
    assert (
        career_gap(demo.org, demo.assessments, "greta.roos", "developer", as_of=demo.as_of) == ()
    )


def test_the_needs_come_by_descending_priority_then_competency():
    demo = load_demo()
    step = career_gap(
        demo.org, demo.assessments, "hugo.lindqvist", "ops-engineer", as_of=demo.as_of
    )
    keys = [(-n.priority, n.competency) for n in step]
    assert keys == sorted(keys)


def test_a_career_gap_to_an_unknown_role_is_refused_naming_it():
    demo = load_demo()
    with pytest.raises(UnknownIdError) as caught:
        career_gap(demo.org, demo.assessments, "wilma.gran", "astronaut", as_of=demo.as_of)
    assert (caught.value.path, "astronaut" in str(caught.value)) == ("role", True)


def test_a_career_gap_of_an_unknown_person_is_refused_naming_them():
    demo = load_demo()
    with pytest.raises(UnknownIdError) as caught:
        career_gap(demo.org, demo.assessments, "nobody", "developer", as_of=demo.as_of)
    assert caught.value.path == "person"


def test_a_career_gap_without_a_date_is_refused():
    demo = load_demo()
    with pytest.raises(ValidationError):
        career_gap(demo.org, demo.assessments, "wilma.gran", "developer", as_of="2026-01-12")


@given(
    lt.organizations().flatmap(
        lambda org: st.tuples(
            st.just(org),
            st.lists(lt.assessments(org), max_size=15),
            st.sampled_from(org.people) if org.people else st.none(),
            st.sampled_from(org.roles),
        )
    )
)
def test_every_career_need_is_a_requirement_of_the_role_the_person_falls_short_of(case):
    org, assessments, person, role = case
    assume(person is not None)
    step = career_gap(org, assessments, person.id, role.id, as_of=D(2026, 6, 1))
    required = {r.competency: r.level for r in role.requirements}
    assert all(
        n.gap == required[n.competency] - (n.current or 0) > 0
        and n.required == required[n.competency]
        for n in step
    )
