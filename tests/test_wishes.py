"""Wishes: an employee's own wish to learn becomes a need, below every requirement gap.

Self-leadership (the documents: employees drive their own development) meets the gate: a
wish is a person need like any other, ranked after what roles require, and it passes
``justify`` only where a goal depends on the competency.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import (
    DEFAULT_RULES,
    Signal,
    SignalKind,
    UnknownIdError,
    ValidationError,
    analyze,
    justify,
    wish,
)
from larande import testing as lt
from larande.datasets import load_demo

D = dt.date


WISHED_ON = D(2026, 1, 5)


def wished(sid, person, competency, on=WISHED_ON):
    return Signal(sid, SignalKind.WISH, on, competency, person=person)


def wish_needs(report):
    return [n for n in report.needs if any(r.rule == "wish" for r in n.reasons)]


def test_the_wish_rule_is_one_of_the_default_rules():
    assert wish() in DEFAULT_RULES


def test_an_assistant_nurse_who_wishes_to_coach_gets_a_need_one_level_up():
    """Rut (assistant nurse, coaching 3, not required by her role) wishes to coach."""
    demo = load_demo()
    report = analyze(
        demo.org, demo.assessments, [wished("w1", "rut.engstrom", "coaching")], as_of=demo.as_of
    )
    (need,) = wish_needs(report)
    assert (need.id, need.current, need.required, need.gap) == (
        "person:rut.engstrom:coaching",
        3,
        4,
        1,
    )


def test_a_wish_cites_the_wish_and_the_assessment_it_starts_from():
    demo = load_demo()
    report = analyze(
        demo.org, demo.assessments, [wished("w1", "rut.engstrom", "coaching")], as_of=demo.as_of
    )
    (need,) = wish_needs(report)
    assert need.evidence == ("w1", "rut.engstrom:coaching:2024-06-03")


def test_a_wish_ranks_below_every_requirement_gap_in_the_demo():
    demo = load_demo()
    report = analyze(
        demo.org,
        demo.assessments,
        [*demo.signals, wished("w1", "rut.engstrom", "coaching")],
        as_of=demo.as_of,
        goals=demo.goals,
    )
    gaps = [n.priority for n in report.needs if n.reasons[0].rule == "requirement-gap"]
    (need,) = wish_needs(report)
    assert need.priority < min(gaps)


def test_a_wish_the_goals_depend_on_ranks_above_one_they_do_not():
    """Hanna wishes welfare technology (home care's goal); Rut wishes coaching (no goal)."""
    demo = load_demo()
    wishes = [wished("w1", "rut.engstrom", "coaching"), wished("w2", "hanna.vik", "welfare-tech")]
    report = analyze(demo.org, demo.assessments, wishes, as_of=demo.as_of, goals=demo.goals)
    ranked = [n.subject for n in wish_needs(report)]
    assert ranked == ["hanna.vik", "rut.engstrom"]


def test_a_wish_passes_the_gate_only_where_a_goal_depends_on_the_competency():
    demo = load_demo()
    wishes = [wished("w1", "rut.engstrom", "coaching"), wished("w2", "hanna.vik", "welfare-tech")]
    report = analyze(demo.org, demo.assessments, wishes, as_of=demo.as_of, goals=demo.goals)
    gate = {n.subject: justify(n, demo.goals, demo.org).ok for n in wish_needs(report)}
    assert gate == {"hanna.vik": True, "rut.engstrom": False}


def test_a_wish_for_what_the_role_requires_joins_the_requirement_gap():
    """Xin wishes CI/CD, which the developer role requires at 3: one need, both reasons."""
    demo = load_demo()
    report = analyze(
        demo.org, demo.assessments, [wished("w1", "xin.li", "ci-cd")], as_of=demo.as_of
    )
    (need,) = [n for n in report.for_person("xin.li") if n.competency == "ci-cd"]
    assert [r.rule for r in need.reasons] == ["requirement-gap", "wish"]


def test_a_wish_older_than_the_window_or_from_the_future_finds_nothing():
    demo = load_demo()
    old = wished("w1", "rut.engstrom", "coaching", on=D(2024, 12, 1))
    future = wished("w2", "rut.engstrom", "coaching", on=D(2026, 2, 1))
    report = analyze(demo.org, demo.assessments, [old, future], as_of=demo.as_of)
    assert wish_needs(report) == []


def test_a_wish_at_the_top_of_the_scale_finds_nothing():
    """Greta holds CI/CD at 4, the top of the default scale: nothing is left to learn."""
    demo = load_demo()
    report = analyze(
        demo.org, demo.assessments, [wished("w1", "greta.roos", "ci-cd")], as_of=demo.as_of
    )
    assert wish_needs(report) == []


def test_a_wish_for_an_unknown_competency_is_refused_naming_it():
    demo = load_demo()
    with pytest.raises(UnknownIdError) as caught:
        analyze(
            demo.org,
            demo.assessments,
            [wished("w1", "rut.engstrom", "juggling")],
            as_of=demo.as_of,
        )
    assert (caught.value.path, "juggling" in str(caught.value)) == (
        "signals[0].competency",
        True,
    )


def test_a_wish_that_names_only_a_unit_finds_nothing():
    """A wish is a person's own: the rule leaves one naming nobody alone."""
    demo = load_demo()
    unit_wish = Signal("w1", SignalKind.WISH, D(2026, 1, 5), "coaching", unit="it")
    report = analyze(demo.org, demo.assessments, [unit_wish], as_of=demo.as_of)
    assert wish_needs(report) == []


def test_a_negative_window_is_refused():
    with pytest.raises(ValidationError):
        wish(within=dt.timedelta(days=-1))


@given(
    lt.organizations().flatmap(
        lambda org: st.tuples(
            st.just(org),
            st.lists(lt.assessments(org), max_size=15),
            st.lists(lt.signals(org), max_size=10),
        )
    )
)
def test_every_wish_alone_ranks_below_every_requirement_gap(case):
    org, assessments, signals = case
    signals = list({s.id: s for s in signals}.values())  # ids are unique in an analysis
    report = analyze(org, assessments, signals, as_of=D(2026, 6, 1))
    gaps = [
        n.priority for n in report.needs if any(r.rule == "requirement-gap" for r in n.reasons)
    ]
    alone = [n.priority for n in report.needs if {r.rule for r in n.reasons} == {"wish"}]
    assert all(w < g for w in alone for g in gaps)
