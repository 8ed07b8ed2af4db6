"""replan(): plans revised by what happened and by today's needs.

DESIGN §9.1: what was passed stays in the plan, marked done on the completion's day; an
item whose needs are all closed is dropped with a recorded reason; new needs get new items
by the rules of plan(); a plan with nothing left open is complete. Nothing passed is ever
planned again for the same need, save a certificate up for renewal.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from larande import (
    Activity,
    ActivityCompleted,
    Assessment,
    Catalog,
    Competency,
    Dropped,
    DropReason,
    DuplicateIdError,
    Framework,
    LearningPlan,
    Need,
    Organization,
    Person,
    PlanAction,
    PlanItem,
    PlanStatus,
    Reason,
    Requirement,
    Retracted,
    Role,
    Transition,
    Unit,
    UnknownIdError,
    UnmetReason,
    ValidationError,
    analyze,
    learned,
    plan,
    replan,
    replay,
)
from larande.datasets import load_demo
from larande.testing import catalogs, events, needs, organizations, plans

D = dt.date
HOUR = dt.timedelta(hours=1)
TODAY = D(2026, 4, 1)

FRAMEWORK = Framework(
    [
        Competency("medication", "Medication handling"),
        Competency("documentation", "Care documentation"),
        Competency("cpr", "CPR (HLR)", validity=dt.timedelta(days=365)),
    ]
)


def act(id, develops, hours, kind="course", **fields):
    return Activity(id, f"Activity {id}", kind, develops, hours * HOUR, **fields)


ELEARNING = act("med-elearning", {"medication": 2}, 3, "e-learning")
COURSE = act("med-course", {"medication": 3}, 16, prerequisites=("med-elearning",))
WORKSHOP = act("doc-workshop", {"documentation": 2}, 8, "workshop")
CPR = act("cpr-course", {"cpr": 1}, 4)
MENTORING = act("med-mentoring", {"medication": 3}, 20, "mentoring")
CATALOG = Catalog([ELEARNING, COURSE, WORKSHOP, CPR])
WITH_MENTORING = Catalog([ELEARNING, COURSE, WORKSHOP, CPR, MENTORING])

ORG = Organization(
    [Unit("care", "Home care")],
    [
        Person("anna", "Anna", "care", ["nurse"]),
        Person("bo", "Bo", "care", ["clerk"]),
        Person("cem", "Cem", "care"),
    ],
    [
        Role("nurse", "Assistant nurse", [Requirement("medication", 3)]),
        Role("clerk", "Clerk", [Requirement("documentation", 2)]),
    ],
    FRAMEWORK,
)
REASON = Reason("requirement-gap", ["evidence-1"], "made up for the test")


def need(person, competency, required, *, current=None, due=None):
    gap = max(0, required - (current or 0))
    return Need(person, "person", competency, current, required, gap, 1.0, [REASON], due)


MEDICATION = need("anna", "medication", 3, current=1)
DOCUMENTATION = need("anna", "documentation", 2, current=0)


def passed(id, activity, on, person="anna", passed=True):
    return ActivityCompleted(id, person, activity, on, passed=passed)


def revise(plans_, needs_, events_=(), *, catalog=CATALOG, as_of=TODAY, **options):
    return replan(plans_, needs_, catalog, org=ORG, state=replay(events_), as_of=as_of, **options)


def first_plan(needs_=(MEDICATION,), catalog=CATALOG):
    """Anna's plan from scratch: the e-learning, then the course that requires it."""
    (anna,) = plan(list(needs_), catalog, org=ORG)
    return anna


def item(plan_, activity):
    return next(i for i in plan_.items if i.activity == activity)


# -- done stays done ----------------------------------------------------------------------------


def test_a_passed_item_stays_in_the_plan_marked_done_on_the_completion_day():
    (anna,) = revise([first_plan()], [MEDICATION], [passed("c1", "med-elearning", D(2026, 2, 1))])
    assert [(i.activity, i.done) for i in anna.items] == [
        ("med-elearning", D(2026, 2, 1)),
        ("med-course", None),
    ]


def test_a_completion_that_says_nothing_of_passing_marks_the_item_done():
    """§9.7: "passed" means ``passed is not False``."""
    done = passed("c1", "med-elearning", D(2026, 2, 1), passed=None)
    (anna,) = revise([first_plan()], [MEDICATION], [done])
    assert item(anna, "med-elearning").done == D(2026, 2, 1)


def test_a_failed_completion_leaves_the_item_open():
    failed = passed("c1", "med-elearning", D(2026, 2, 1), passed=False)
    (anna,) = revise([first_plan()], [MEDICATION], [failed])
    assert [i.activity for i in anna.open] == ["med-elearning", "med-course"]


def test_a_retaken_and_passed_activity_is_done_on_the_last_pass():
    events_ = [
        passed("c1", "med-elearning", D(2026, 1, 10)),
        passed("c2", "med-elearning", D(2026, 3, 10)),
    ]
    (anna,) = revise([first_plan()], [MEDICATION], events_)
    assert item(anna, "med-elearning").done == D(2026, 3, 10)


def test_a_completion_after_as_of_does_not_mark_the_item_done_yet():
    (anna,) = revise([first_plan()], [MEDICATION], [passed("c1", "med-elearning", D(2026, 4, 2))])
    assert item(anna, "med-elearning").done is None


def test_open_lists_only_the_items_not_done():
    (anna,) = revise([first_plan()], [MEDICATION], [passed("c1", "med-elearning", D(2026, 2, 1))])
    assert [i.activity for i in anna.open] == ["med-course"]


def test_retracting_a_completion_makes_the_item_open_again():
    done = passed("c1", "med-elearning", D(2026, 2, 1))
    (marked,) = revise([first_plan()], [MEDICATION], [done])
    voided = Retracted("void-c1", D(2026, 2, 2), target="c1")
    (anna,) = revise([marked], [MEDICATION], [done, voided])
    assert [(i.activity, i.done) for i in anna.items] == [
        ("med-elearning", None),
        ("med-course", None),
    ]


def test_a_plan_item_is_open_by_default():
    assert PlanItem("med-course", ()).done is None


def test_a_plan_item_refuses_a_done_that_is_not_a_day():
    with pytest.raises(ValidationError):
        PlanItem("med-course", (), done="2026-02-01")


# -- closed needs drop out ---------------------------------------------------------------------


def test_an_item_whose_needs_are_all_closed_is_dropped_as_need_closed():
    (anna,) = revise([first_plan()], [])
    assert Dropped("med-course", DropReason.NEED_CLOSED, TODAY) in anna.dropped
    assert "med-course" not in anna.activities


def test_a_prerequisite_nothing_left_needs_is_dropped_as_not_required():
    (anna,) = revise([first_plan()], [])
    assert Dropped("med-elearning", DropReason.NOT_REQUIRED, TODAY) in anna.dropped


def test_the_rest_of_the_plan_stays_when_one_need_closes():
    old = first_plan([MEDICATION, DOCUMENTATION])
    (anna,) = revise([old], [DOCUMENTATION])
    assert (anna.activities, {d.activity for d in anna.dropped}) == (
        ("doc-workshop",),
        {"med-course", "med-elearning"},
    )


def test_a_done_prerequisite_is_not_dropped_when_the_need_closes():
    """What was passed stays: only open items drop out."""
    (anna,) = revise([first_plan()], [], [passed("c1", "med-elearning", D(2026, 2, 1))])
    assert (anna.activities, anna.dropped) == (
        ("med-elearning",),
        (Dropped("med-course", DropReason.NEED_CLOSED, TODAY),),
    )


def test_an_activity_the_catalog_no_longer_holds_is_dropped_as_retired():
    old = LearningPlan("anna", [PlanItem("old-medication-course", (MEDICATION,))])
    (anna,) = revise([old], [MEDICATION])
    assert Dropped("old-medication-course", DropReason.RETIRED, TODAY) in anna.dropped
    assert "old-medication-course" not in anna.activities


def test_a_retired_activitys_need_is_planned_anew():
    old = LearningPlan("anna", [PlanItem("old-medication-course", (MEDICATION,))])
    (anna,) = revise([old], [MEDICATION])
    assert anna.activities == ("med-elearning", "med-course")


def test_what_was_dropped_before_stays_recorded():
    earlier = Dropped("doc-workshop", DropReason.NEED_CLOSED, D(2026, 2, 1))
    old = LearningPlan("anna", first_plan().items, dropped=[earlier])
    (anna,) = revise([old], [MEDICATION])
    assert anna.dropped == (earlier,)


def test_a_dropped_record_takes_its_reason_as_a_string():
    assert Dropped("med-course", "need-closed", TODAY).reason is DropReason.NEED_CLOSED


def test_a_dropped_record_refuses_an_unknown_reason():
    with pytest.raises(ValidationError):
        Dropped("med-course", "bored", TODAY)


# -- new needs ------------------------------------------------------------------------------------


def test_a_new_need_gets_new_items_by_the_rules_of_plan():
    (anna,) = revise([first_plan()], [MEDICATION, DOCUMENTATION])
    assert anna.activities == ("doc-workshop", "med-elearning", "med-course")
    assert item(anna, "doc-workshop").needs == (DOCUMENTATION,)


def test_a_person_with_needs_and_no_plan_gets_a_draft_plan_like_plan_gives():
    bo_needs = [need("bo", "documentation", 2, current=1)]
    assert revise([], bo_needs) == plan(bo_needs, CATALOG, org=ORG)


def test_a_done_prerequisite_is_not_planned_again():
    """The e-learning passed counts as had: the course alone closes the medication need."""
    (anna,) = revise([], [MEDICATION], [passed("c1", "med-elearning", D(2026, 2, 1))])
    assert anna.activities == ("med-course",)


def test_a_prerequisite_passed_outside_any_plan_counts_as_had_for_a_new_need():
    old = first_plan([DOCUMENTATION])
    (anna,) = revise(
        [old], [DOCUMENTATION, MEDICATION], [passed("c1", "med-elearning", D(2026, 2, 1))]
    )
    assert anna.activities == ("doc-workshop", "med-course")


def test_an_item_that_still_closes_a_need_stays_as_it_was():
    old = first_plan()
    (anna,) = revise([old], [MEDICATION])
    assert anna.items == old.items


# -- nothing passed is planned again --------------------------------------------------------


def test_a_need_reopened_after_a_pass_is_unmet_as_already_passed():
    events_ = [
        passed("c1", "med-elearning", D(2026, 1, 10)),
        passed("c2", "med-course", D(2026, 2, 10)),
    ]
    reopened = need("anna", "medication", 3, current=2)
    (anna,) = revise([], [reopened], events_)
    assert (anna.items, [(u.need, u.reason) for u in anna.unmet]) == (
        (),
        [(reopened, UnmetReason.ALREADY_PASSED)],
    )


def test_a_need_reopened_after_a_pass_gets_another_activity_when_there_is_one():
    events_ = [
        passed("c1", "med-elearning", D(2026, 1, 10)),
        passed("c2", "med-course", D(2026, 2, 10)),
    ]
    reopened = need("anna", "medication", 3, current=2)
    (anna,) = revise([], [reopened], events_, catalog=WITH_MENTORING)
    assert (anna.activities, anna.unmet) == (("med-mentoring",), ())


def test_a_passed_item_is_never_reopened_for_the_same_need():
    events_ = [
        passed("c1", "med-elearning", D(2026, 1, 10)),
        passed("c2", "med-course", D(2026, 2, 10)),
    ]
    (marked,) = revise([first_plan()], [MEDICATION], events_)
    (anna,) = revise([marked], [MEDICATION], events_, as_of=D(2026, 5, 1))
    assert (anna.open, [u.reason for u in anna.unmet]) == ((), [UnmetReason.ALREADY_PASSED])


def test_an_already_passed_unmet_need_says_what_to_do():
    events_ = [passed("c2", "med-course", D(2026, 2, 10))]
    (anna,) = revise([], [need("anna", "medication", 3, current=2)], events_)
    assert "re-assess" in anna.unmet[0].detail


# -- a certificate's renewal ---------------------------------------------------------------------

CPR_DUE = D(2026, 3, 1)
RENEWAL = need("anna", "cpr", 1, current=1, due=CPR_DUE)
CPR_PASSED = passed("c-cpr", "cpr-course", D(2025, 3, 1))


def cpr_plan():
    return LearningPlan(
        "anna", [PlanItem("cpr-course", (), done=D(2025, 3, 1))], status="complete"
    )


def test_a_certificate_up_for_renewal_plans_the_same_activity_again():
    (anna,) = revise([cpr_plan()], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    assert [(i.activity, i.done, i.deadline) for i in anna.items] == [
        ("cpr-course", None, CPR_DUE)
    ]


def test_the_pass_a_renewal_replaces_is_recorded_as_dropped_for_renewal():
    (anna,) = revise([cpr_plan()], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    assert anna.dropped == (Dropped("cpr-course", DropReason.RENEWAL, D(2026, 2, 1)),)


def test_a_renewed_complete_plan_is_reopened():
    (anna,) = revise([cpr_plan()], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    assert anna.status is PlanStatus.ACTIVE


def test_a_pass_that_still_covers_the_due_date_is_not_renewed():
    """Passed on 2025-06-01, valid until 2026-06-01: a need due 2026-03-01 is already met."""
    recent = passed("c-cpr", "cpr-course", D(2025, 6, 1))
    (anna,) = revise([], [RENEWAL], [recent], as_of=D(2026, 2, 1))
    assert (anna.items, [u.reason for u in anna.unmet]) == ((), [UnmetReason.ALREADY_PASSED])


def test_a_competency_without_validity_is_never_renewed_by_the_same_activity():
    due_medication = need("anna", "medication", 3, current=3, due=D(2026, 6, 1))
    events_ = [
        passed("c1", "med-elearning", D(2024, 1, 10)),
        passed("c2", "med-course", D(2024, 2, 10)),
    ]
    (anna,) = revise([], [due_medication], events_)
    assert (anna.items, [u.reason for u in anna.unmet]) == ((), [UnmetReason.ALREADY_PASSED])


def test_a_renewal_is_recorded_once_however_often_the_plan_is_revised():
    (once,) = revise([cpr_plan()], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    (twice,) = revise([once], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    assert twice == once


def test_a_renewal_closed_before_the_retake_is_dropped_as_need_closed():
    (renewed,) = revise([cpr_plan()], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    (anna,) = revise([renewed], [], [CPR_PASSED], as_of=D(2026, 2, 15))
    assert (anna.items, anna.dropped[-1]) == (
        (),
        Dropped("cpr-course", DropReason.NEED_CLOSED, D(2026, 2, 15)),
    )


def test_the_retake_of_a_renewal_marks_the_renewed_item_done():
    retake = passed("c-cpr-2", "cpr-course", D(2026, 2, 24))
    (renewed,) = revise([cpr_plan()], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    (anna,) = revise([renewed], [], [CPR_PASSED, retake], as_of=D(2026, 3, 1))
    assert ([(i.activity, i.done) for i in anna.items], anna.status) == (
        [("cpr-course", D(2026, 2, 24))],
        PlanStatus.COMPLETE,
    )


def test_a_renewal_planned_afresh_is_not_recorded_as_dropped_when_revised():
    (once,) = revise([], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    (twice,) = revise([once], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    assert (twice.dropped, twice == once) == ((), True)


def test_a_renewal_planned_afresh_is_not_done_by_the_pass_it_renews():
    (once,) = revise([], [RENEWAL], [CPR_PASSED], as_of=D(2026, 2, 1))
    (anna,) = revise([once], [], [CPR_PASSED], as_of=D(2026, 2, 15))
    assert (anna.items, anna.dropped) == (
        (),
        (Dropped("cpr-course", DropReason.NEED_CLOSED, D(2026, 2, 15)),),
    )


def combo_world(cpr_level):
    """Anna passed a course that develops medication 3 and cpr (to ``cpr_level``) in 2025;
    today her medication need is open again and her CPR is up for renewal."""
    combo = act("combo", {"medication": 3, "cpr": cpr_level}, 8)
    medication = need("anna", "medication", 3, current=2)
    cpr = need("anna", "cpr", 1, current=1, due=D(2026, 1, 1))
    (anna,) = replan(
        [],
        [medication, cpr],
        Catalog([combo]),
        org=ORG,
        state=replay([passed("c1", "combo", D(2025, 1, 1))]),
        as_of=D(2025, 6, 1),
    )
    return anna, medication, cpr


def test_an_activity_that_cannot_renew_the_certificate_is_not_planned_again():
    anna, medication, cpr = combo_world(cpr_level=0)
    assert (anna.items, {(u.need, u.reason) for u in anna.unmet}) == (
        (),
        {(medication, UnmetReason.ALREADY_PASSED), (cpr, UnmetReason.LEVEL_NOT_REACHED)},
    )


def test_a_renewal_item_carries_only_the_renewal_need():
    anna, medication, cpr = combo_world(cpr_level=1)
    assert ([(i.activity, i.needs) for i in anna.items], [u.need for u in anna.unmet]) == (
        [("combo", (cpr,))],
        [medication],
    )


# -- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize("before", [PlanStatus.DRAFT, PlanStatus.IN_REVIEW, PlanStatus.ACTIVE])
def test_a_plan_whose_items_are_all_done_is_complete_with_the_step_in_its_history(before):
    old = LearningPlan("anna", first_plan().items, status=before)
    events_ = [
        passed("c1", "med-elearning", D(2026, 1, 10)),
        passed("c2", "med-course", D(2026, 2, 10)),
    ]
    (anna,) = revise([old], [], events_)
    assert (anna.status, anna.history) == (
        PlanStatus.COMPLETE,
        (Transition(PlanAction.COMPLETE, before, PlanStatus.COMPLETE, TODAY),),
    )


def test_a_plan_whose_open_items_all_dropped_is_complete():
    (anna,) = revise([first_plan()], [])
    assert (anna.items, anna.status) == ((), PlanStatus.COMPLETE)


def test_a_plan_with_open_items_keeps_its_status():
    old = LearningPlan("anna", first_plan().items, status="active")
    (anna,) = revise([old], [MEDICATION], [passed("c1", "med-elearning", D(2026, 2, 1))])
    assert (anna.status, anna.history) == (PlanStatus.ACTIVE, ())


def test_a_complete_plan_that_gains_a_new_need_is_reopened():
    events_ = [
        passed("c1", "med-elearning", D(2026, 1, 10)),
        passed("c2", "med-course", D(2026, 2, 10)),
    ]
    (done,) = revise([first_plan()], [], events_)
    (anna,) = revise([done], [DOCUMENTATION], events_, as_of=D(2026, 5, 1))
    assert (anna.status, anna.history[-1]) == (
        PlanStatus.ACTIVE,
        Transition(PlanAction.REOPEN, PlanStatus.COMPLETE, PlanStatus.ACTIVE, D(2026, 5, 1)),
    )


def test_a_complete_plan_stays_complete_with_nothing_new():
    events_ = [
        passed("c1", "med-elearning", D(2026, 1, 10)),
        passed("c2", "med-course", D(2026, 2, 10)),
    ]
    (done,) = revise([first_plan()], [], events_)
    (anna,) = revise([done], [], events_, as_of=D(2026, 5, 1))
    assert anna == done


def test_a_cancelled_plan_is_returned_as_it_was():
    old = LearningPlan("anna", first_plan().items, status="cancelled")
    (anna,) = revise([old], [DOCUMENTATION], [passed("c1", "med-elearning", D(2026, 2, 1))])
    assert anna == old


def test_a_new_plan_is_a_draft():
    (anna,) = revise([], [MEDICATION])
    assert (anna.status, anna.history, anna.dropped) == (PlanStatus.DRAFT, (), ())


# -- the result ----------------------------------------------------------------------------------


def test_plans_come_sorted_by_person():
    bo = LearningPlan("bo", [PlanItem("doc-workshop", ())])
    found = revise([bo], [need("cem", "documentation", 2), MEDICATION])
    assert [p.person for p in found] == ["anna", "bo", "cem"]


def test_replan_accepts_a_needs_report():
    report = analyze(ORG, [Assessment("anna", "medication", 1, D(2026, 1, 5))], as_of=TODAY)
    by_report = replan([], report, CATALOG, org=ORG, state=replay([]), as_of=TODAY)
    by_needs = replan([], report.needs, CATALOG, org=ORG, state=replay([]), as_of=TODAY)
    assert by_report == by_needs


def test_the_demo_plan_of_xin_li_is_complete_after_his_devops_training():
    demo = load_demo()
    report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    january = plan(report, demo.catalog, org=demo.org)
    state, april = replay(demo.events), D(2026, 4, 15)
    shown = learned(state, demo.catalog, goals=demo.goals, as_of=april)
    now = analyze(demo.org, demo.assessments + shown, demo.signals, as_of=april)
    revised = replan(january, now, demo.catalog, org=demo.org, state=state, as_of=april)
    xin = next(p for p in revised if p.person == "xin.li")
    assert ([(i.activity, i.done) for i in xin.items], xin.status) == (
        [("devops-elearning", D(2026, 1, 16)), ("devops-workshop", D(2026, 2, 18))],
        PlanStatus.COMPLETE,
    )


# -- bad input -----------------------------------------------------------------------------------


def test_two_plans_for_one_person_are_refused():
    with pytest.raises(DuplicateIdError) as caught:
        revise([first_plan(), first_plan()], [MEDICATION])
    assert caught.value.path == "plans[1].person"


def test_a_plan_of_an_unknown_person_is_refused():
    with pytest.raises(UnknownIdError) as caught:
        revise([LearningPlan("nobody", [])], [MEDICATION])
    assert (caught.value.id, caught.value.path) == ("nobody", "plans[0].person")


def test_a_need_of_an_unknown_person_is_refused():
    with pytest.raises(UnknownIdError):
        revise([], [need("nobody", "medication", 3)])


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"plans": "anna"}, "plans"),
        ({"plans": 3}, "plans"),
        ({"plans": [first_plan(), "bo"]}, "plans[1]"),
        ({"needs": 3}, "needs"),
        ({"needs": [MEDICATION, "bo"]}, "needs[1]"),
        ({"catalog": [COURSE]}, "catalog"),
        ({"org": "care"}, "org"),
        ({"state": []}, "state"),
        ({"as_of": "2026-04-01"}, "as_of"),
    ],
)
def test_a_malformed_argument_is_a_validation_error_with_its_path(arguments, path):
    given_ = {
        "plans": [],
        "needs": [MEDICATION],
        "catalog": CATALOG,
        "org": ORG,
        "state": replay([]),
        "as_of": TODAY,
    }
    given_.update(arguments)
    plans_, needs_, catalog = given_.pop("plans"), given_.pop("needs"), given_.pop("catalog")
    with pytest.raises(ValidationError) as caught:
        replan(plans_, needs_, catalog, **given_)
    assert caught.value.path == path


# -- properties ----------------------------------------------------------------------------------

unique_ids = st.uuids().map(lambda u: u.hex[:10])


@st.composite
def worlds(draw):
    """An organisation, its catalog, plans made from some needs, today's needs, follow-up.

    The plans in force come from plan() on yesterday's needs (and a few drawn as they
    are); today's needs keep some of yesterday's and add new ones; the completions are
    mostly of planned activities, some failed, some retracted, mixed with other events.
    """
    org = draw(
        organizations(max_units=3, max_people=5, framework=FRAMEWORK).filter(
            lambda o: bool(o.people)
        )
    )
    catalog = draw(catalogs(framework=org.framework, max_size=6))
    people = [p.id for p in org.people]
    yesterday = draw(st.lists(needs(org), max_size=5))
    old = {p.person: p for p in plan(yesterday, catalog, org=org)}
    for person in draw(st.lists(st.sampled_from(people), unique=True, max_size=2)):
        old.setdefault(person, draw(plans(catalog=catalog, person=person)))
    kept = [n for n in yesterday if draw(st.booleans())]
    today = kept + draw(st.lists(needs(org), max_size=3))
    pairs = [(p.person, i.activity) for p in old.values() for i in p.items]
    pair = st.sampled_from(pairs) if pairs else st.nothing()
    pair = pair | st.tuples(st.sampled_from(people), st.sampled_from(list(catalog)))
    days = st.dates(D(2025, 1, 1), D(2026, 12, 31))
    completions = draw(
        st.lists(
            st.builds(
                lambda who, id, on, passed: ActivityCompleted(id, *who, on, passed=passed),
                pair,
                unique_ids,
                days,
                st.none() | st.booleans(),
            ),
            max_size=10,
            unique_by=lambda e: e.id,
        )
    )
    retracted = [
        Retracted(f"void-{e.id}", e.on, target=e.id)
        for e in completions
        if draw(st.booleans()) and draw(st.booleans())
    ]
    others = draw(
        st.lists(
            events(people=people, activities=list(catalog), ids=unique_ids).filter(
                lambda e: not isinstance(e, Retracted)
            ),
            max_size=4,
            unique_by=lambda e: e.id,
        )
    )
    state = replay([*completions, *retracted, *others])
    as_of = draw(st.dates(D(2025, 6, 1), D(2026, 12, 31)))
    return org, catalog, today, list(old.values()), state, as_of


_PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def last_passes(state, person, as_of):
    out = {}
    for e in state.of_person(person):
        if isinstance(e, ActivityCompleted) and e.passed is not False and e.on <= as_of:
            out[e.activity] = max(e.on, out.get(e.activity, e.on))
    return out


def revised(world):
    org, catalog, needs_, old, state, as_of = world
    return replan(old, needs_, catalog, org=org, state=state, as_of=as_of)


@_PROPERTY
@given(worlds())
def test_a_passed_activity_never_reappears_open_for_a_need_without_validity(world):
    org, _, _, _, state, as_of = world
    for p in revised(world):
        done = last_passes(state, p.person, as_of)
        for i in p.open:
            if i.activity in done:
                for n in i.needs:
                    assert org.framework.competency(n.competency).validity is not None, (
                        p.person,
                        i.activity,
                        n.id,
                    )


@_PROPERTY
@given(worlds())
def test_every_done_item_is_dated_on_the_persons_last_pass_of_it(world):
    _, _, _, _, state, as_of = world
    for p in revised(world):
        done = last_passes(state, p.person, as_of)
        for i in p.items:
            if i.done is not None:
                assert i.done == done.get(i.activity), (p.person, i.activity)


@_PROPERTY
@given(worlds())
def test_revising_a_revised_plan_on_the_same_day_changes_nothing(world):
    """Idempotent: revising again on the same day, with the same needs and events."""
    org, catalog, needs_, _, state, as_of = world
    once = revised(world)
    twice = replan(once, needs_, catalog, org=org, state=state, as_of=as_of)
    assert twice == once
