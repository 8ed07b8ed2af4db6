"""Managers who follow up: each manager's digest, and reminders before a certificate expires.

The documents want managers to follow up and support; CPR and the delegation for
medication expire, and a renewal is easier booked three months ahead than a week late.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import (
    ActivityCompleted,
    Assessment,
    Competency,
    Due,
    DueKind,
    FollowUpPolicy,
    Framework,
    UnknownIdError,
    ValidationError,
    by_manager,
    due,
    replay,
)
from larande.datasets import load_demo
from larande.io import json

D = dt.date
CPR = Framework([Competency("cpr", "CPR", validity=dt.timedelta(days=365))])
CERTIFIED = Assessment("anna", "cpr", 1, D(2025, 6, 1))  # expires 2026-06-01


def renewals(as_of, assessments=(CERTIFIED,), **kwargs):
    found = due(replay([]), as_of=as_of, assessments=assessments, framework=CPR, **kwargs)
    return [(d.kind.value, d.person, d.subject, d.due_on, d.overdue_days) for d in found]


# -- renewal -----------------------------------------------------------------------------------


def test_nothing_is_due_before_the_first_reminder_ninety_days_ahead():
    assert renewals(D(2026, 3, 2)) == []


def test_the_renewal_is_due_ninety_days_before_the_certificate_expires():
    assert renewals(D(2026, 3, 3)) == [("renewal", "anna", "cpr", D(2026, 3, 3), 0)]


def test_a_month_before_expiry_the_reminder_is_the_thirty_day_one():
    assert renewals(D(2026, 5, 5)) == [("renewal", "anna", "cpr", D(2026, 5, 2), 3)]


def test_a_lapsed_certificate_stays_due_more_overdue_each_day():
    assert renewals(D(2026, 6, 10)) == [("renewal", "anna", "cpr", D(2026, 5, 25), 16)]


def test_a_renewal_on_or_before_as_of_clears_the_reminder():
    renewed = Assessment("anna", "cpr", 1, D(2026, 5, 20))
    assert renewals(D(2026, 5, 20), (CERTIFIED, renewed)) == []


def test_a_renewal_after_as_of_does_not_clear_it_yet():
    renewed = Assessment("anna", "cpr", 1, D(2026, 5, 20))
    assert len(renewals(D(2026, 5, 19), (CERTIFIED, renewed))) == 1


def test_a_failed_renewal_at_level_zero_does_not_clear_it():
    failed = Assessment("anna", "cpr", 0, D(2026, 5, 20))
    assert renewals(D(2026, 5, 25), (CERTIFIED, failed))[0][3] == D(2026, 5, 25)


def test_a_persons_own_policy_sets_their_reminder_days():
    gentle = FollowUpPolicy(renewal=(120, 60, 14))
    found = renewals(D(2026, 2, 1), policies={"anna": gentle})
    assert found == [("renewal", "anna", "cpr", D(2026, 2, 1), 0)]


def test_a_competency_without_validity_needs_no_renewal():
    framework = Framework([Competency("cpr", "CPR")])
    found = due(replay([]), as_of=D(2030, 1, 1), assessments=[CERTIFIED], framework=framework)
    assert found == ()


def test_renewal_needs_the_framework_or_the_org():
    with pytest.raises(ValidationError) as caught:
        due(replay([]), as_of=D(2026, 5, 1), assessments=[CERTIFIED])
    assert caught.value.path == "framework"


def test_an_assessment_of_an_unknown_competency_is_refused_naming_it():
    odd = Assessment("anna", "juggling", 1, D(2025, 6, 1))
    with pytest.raises(UnknownIdError) as caught:
        due(replay([]), as_of=D(2026, 5, 1), assessments=[odd], framework=CPR)
    assert caught.value.path == "assessments[0].competency"


@pytest.mark.parametrize("days", [(7, 30, 90), (30, 30), (-1,), ("90",)])
def test_renewal_days_out_of_decreasing_order_or_negative_are_refused(days):
    with pytest.raises(ValidationError) as caught:
        FollowUpPolicy(renewal=days)
    assert caught.value.path.startswith("renewal")


def test_a_policy_with_its_own_renewal_days_reads_back_equal_from_json():
    policy = FollowUpPolicy(renewal=(60, 14))
    assert json.loads(json.dumps(policy), FollowUpPolicy) == policy


def test_home_care_gets_renewal_reminders_for_its_lapsed_cpr_certificates():
    """Cecilia's and Jonas's CPR lapsed in October 2025: both are due, a week before."""
    demo = load_demo()
    found = due(replay([]), as_of=demo.as_of, assessments=demo.assessments, org=demo.org)
    cpr = [(d.person, d.due_on) for d in found if d.subject == "cpr"]
    assert cpr[:2] == [("cecilia.ek", D(2025, 10, 2)), ("jonas.strand", D(2025, 10, 2))]


@given(st.dates(D(2025, 1, 1), D(2027, 12, 31)))
def test_at_most_one_renewal_reminder_per_certificate(as_of):
    assert len(renewals(as_of)) <= 1


# -- by manager --------------------------------------------------------------------------------


def test_each_reminder_goes_to_the_persons_direct_manager():
    demo = load_demo()
    found = due(replay([]), as_of=demo.as_of, assessments=demo.assessments, org=demo.org)
    digest = by_manager(found, demo.org)
    assert {
        m: {demo.org.person(d.person).manager for d in items} for m, items in digest.items()
    } == {"karin.holm": {"karin.holm"}}


def test_the_digest_keeps_the_order_of_due_within_each_manager():
    demo = load_demo()
    found = due(replay(demo.events), as_of=D(2026, 4, 1), assessments=demo.assessments,
                org=demo.org)  # fmt: skip
    digest = by_manager(found, demo.org)
    assert all(list(items) == [d for d in found if d in items] for items in digest.values())


def test_a_reminder_for_someone_without_a_manager_goes_to_no_digest():
    """Eva heads the administration: nobody manages her."""
    demo = load_demo()
    mine = Due(DueKind.CHECK_IN, "eva.lind", "coaching-course", D(2026, 1, 5), 7)
    assert by_manager([mine], demo.org) == {}


def test_managers_come_in_id_order():
    demo = load_demo()
    state = replay(
        [
            ActivityCompleted("c1", "xin.li", "devops-elearning", D(2025, 12, 1)),
            ActivityCompleted("c2", "ulla.falk", "medication-elearning", D(2025, 12, 1)),
        ]
    )
    assert list(by_manager(due(state, as_of=demo.as_of), demo.org)) == [
        "karin.holm",
        "viktor.nord",
    ]


def test_a_reminder_for_someone_outside_the_organisation_is_refused_naming_it():
    demo = load_demo()
    stray = Due(DueKind.CHECK_IN, "nobody", "x", D(2026, 1, 5), 7)
    with pytest.raises(UnknownIdError) as caught:
        by_manager([stray], demo.org)
    assert caught.value.path == "due[0].person"


def test_something_other_than_a_reminder_is_refused():
    demo = load_demo()
    with pytest.raises(ValidationError) as caught:
        by_manager(["check-in"], demo.org)
    assert caught.value.path == "due[0]"
