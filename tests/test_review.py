"""review(): one turn of the whole loop, the call a nightly job or an LMS makes.

DESIGN §9.1: replay, learned, analyse, justify, objectives, replan, reschedule the rest of the
year, due, progress and planned against actual, in one pure call. Bad input (§6, issue 14) is
a clear error naming the field and the value, and nothing is half-changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys

import attrs
import pytest

from larande import (
    Absence,
    ActivityCompleted,
    Assessment,
    CheckIn,
    DueKind,
    PlanStatus,
    ProgressStatus,
    Retracted,
    Review,
    UnknownIdError,
    ValidationError,
    plan,
    requirement_gap,
    review,
)
from larande.datasets import load_demo, synthetic
from larande.io import json as ljson
from larande.loop import MISSED_AFTER, STEPS

D = dt.date
JANUARY = D(2026, 1, 12)
MARCH = D(2026, 3, 2)


def last_event_day(dataset):
    return max(e.on for e in dataset.events)


@pytest.fixture(scope="module")
def january():
    """The demo's first review: the loop starts on the day the annual plan is made."""
    return review(load_demo(), as_of=JANUARY)


@pytest.fixture(scope="module")
def april(january):
    """The demo reviewed on the day of its last event, after the January review."""
    demo = load_demo()
    return review(demo, as_of=last_event_day(demo), previous=january)


def open_items(r, person):
    p = r.plan_of(person)
    return [] if p is None else [i.activity for i in p.items if i.done is None]


# -- the loop closed on the demo -------------------------------------------------------------


def test_the_demos_last_event_falls_on_april_10():
    assert D(2026, 4, 10) == last_event_day(load_demo())


def test_in_january_xin_li_has_ci_cd_and_release_management_gaps(january):
    assert [n.competency for n in january.report.for_person("xin.li")] == [
        "ci-cd",
        "release-management",
    ]


def test_in_january_xin_li_is_planned_the_devops_e_learning_then_the_workshop(january):
    assert open_items(january, "xin.li") == ["devops-elearning", "devops-workshop"]


def test_at_the_last_event_xin_lis_devops_gaps_are_closed(april):
    assert april.report.for_person("xin.li") == ()


def test_from_scratch_at_the_last_event_xin_lis_devops_gaps_are_closed_too():
    demo = load_demo()
    fresh = review(demo, as_of=last_event_day(demo))
    assert fresh.report.for_person("xin.li") == ()


def test_xin_lis_plan_is_done_with_the_days_he_passed_and_complete(april):
    xin = april.plan_of("xin.li")
    assert [("devops-elearning", D(2026, 1, 16)), ("devops-workshop", D(2026, 2, 18))] == [
        (i.activity, i.done) for i in xin.items
    ]
    assert xin.status == PlanStatus.COMPLETE


def test_completing_a_plan_is_recorded_in_its_history_on_the_review_day(april):
    (step,) = april.plan_of("xin.li").history
    assert (PlanStatus.DRAFT, PlanStatus.COMPLETE, D(2026, 4, 10)) == (
        step.before,
        step.after,
        step.on,
    )


def test_the_review_plans_nothing_open_for_xin_li_after_he_passed(april):
    assert open_items(april, "xin.li") == []


def test_a_review_from_scratch_after_his_pass_gives_xin_li_no_devops_workshop():
    demo = load_demo()
    fresh = review(demo, as_of=last_event_day(demo))
    assert "devops-workshop" not in open_items(fresh, "xin.li")


def test_plan_on_the_reviews_needs_no_longer_gives_xin_li_the_devops_workshop(april):
    demo = load_demo()
    plans = plan(
        april.report,
        demo.catalog,
        org=demo.org,
        assessments=demo.assessments + april.learned,
        as_of=april.as_of,
    )
    xin = [p for p in plans if p.person == "xin.li"]
    assert [i.activity for p in xin for i in p.items] == []


def test_what_people_learned_is_evidence_named_after_the_event(april):
    assert all(a.id.startswith("ev:") and a.source == "evidence" for a in april.learned)


def test_xin_lis_workshop_shows_as_evidence_of_both_devops_competencies(april):
    assert {
        ("ev:xapi-7f3a:ci-cd", 3),
        ("ev:xapi-7f3a:release-management", 3),
    } <= {(a.id, a.level) for a in april.learned if a.person == "xin.li"}


def test_a_retracted_completion_is_not_learned(april):
    assert [a for a in april.learned if a.id.startswith("ev:lms-2191:")] == []


def test_the_individual_objectives_of_justified_needs_join_the_goals(january):
    assert "obj:xin.li:ci-cd" in january.goals


def test_the_review_does_not_add_objectives_to_the_datasets_goals():
    demo = load_demo()
    review(demo, as_of=JANUARY)
    assert "obj:xin.li:ci-cd" not in demo.goals


def with_events(*events):
    demo = load_demo()
    return attrs.evolve(demo, events=(*demo.events, *events))


def test_evidence_below_what_a_manager_assessed_is_left_out(january):
    """Wilma (ci-cd 4) takes the e-learning that brings people to 2: it says nothing new."""
    data = with_events(
        ActivityCompleted("lms-3001", "wilma.gran", "devops-elearning", D(2026, 2, 2))
    )
    march = review(data, as_of=MARCH, previous=january)
    assert [a for a in march.learned if a.person == "wilma.gran"] == []
    assert march.report.for_person("wilma.gran") == ()


def test_a_failed_course_is_no_evidence_and_its_item_stays_open(january):
    data = with_events(
        ActivityCompleted(
            "lms-3002", "david.sundin", "devops-elearning", D(2026, 2, 2), passed=False
        )
    )
    march = review(data, as_of=MARCH, previous=january)
    assert [a for a in march.learned if a.person == "david.sundin"] == []
    assert "devops-elearning" in open_items(march, "david.sundin")


def test_a_later_lower_manager_assessment_reopens_a_need_closed_by_evidence(january):
    demo = load_demo()
    lower = Assessment("xin.li", "ci-cd", 2, D(2026, 4, 1), source="manager")
    data = attrs.evolve(demo, assessments=(*demo.assessments, lower))
    march = review(data, as_of=MARCH, previous=january)
    april = review(data, as_of=D(2026, 4, 10), previous=march)
    assert [n.id for n in april.report.for_person("xin.li")] == ["person:xin.li:ci-cd"]


def test_a_reopened_need_is_not_planned_with_what_was_passed_for_it(january):
    demo = load_demo()
    lower = Assessment("xin.li", "ci-cd", 2, D(2026, 4, 1), source="manager")
    data = attrs.evolve(demo, assessments=(*demo.assessments, lower))
    march = review(data, as_of=MARCH, previous=january)
    april = review(data, as_of=D(2026, 4, 10), previous=march)
    assert "devops-workshop" not in open_items(april, "xin.li")
    assert open_items(april, "xin.li") == ["pipeline-assignment"]


def test_a_withdrawn_completion_takes_the_competence_back_at_the_next_review(january):
    """The LMS voids Xin's workshop in April, after the March review counted it done."""
    data = with_events(Retracted("void-7f3a", D(2026, 4, 5), target="xapi-7f3a"))
    march = review(data, as_of=MARCH, previous=january)
    assert "devops-workshop" not in open_items(march, "xin.li")
    april = review(data, as_of=D(2026, 4, 10), previous=march)
    assert [n.id for n in april.report.for_person("xin.li")] == ["person:xin.li:ci-cd"]
    assert open_items(april, "xin.li") == ["devops-workshop"]
    assert april.plan_of("xin.li").status == PlanStatus.ACTIVE


def test_an_objective_achieved_shows_as_achieved_in_the_reviews_progress(april):
    xin = april.progress["obj:xin.li:release-management"]
    assert (xin.fraction, xin.status) == (1.0, ProgressStatus.ACHIEVED)


def test_the_release_time_goal_progresses_as_its_measurements_fall(april):
    """Lead time from 20 days toward 17: 17.5 on 10 April is five sixths of the way."""
    release = april.progress["it-release-time"]
    assert (release.fraction, release.status) == (
        pytest.approx(2.5 / 3),
        ProgressStatus.ON_TRACK,
    )


def test_a_review_runs_only_the_rules_it_is_given():
    r = review(load_demo(), as_of=JANUARY, rules=[requirement_gap()])
    assert {reason.rule for n in r.report.needs for reason in n.reasons} == {"requirement-gap"}


# -- the same input, the same result ---------------------------------------------------------


def test_a_review_twice_on_the_same_day_gives_equal_reviews():
    assert review(load_demo(), as_of=MARCH) == review(load_demo(), as_of=MARCH)


def test_a_follow_up_review_twice_on_the_same_day_gives_equal_reviews(january):
    demo = load_demo()
    assert review(demo, as_of=MARCH, previous=january) == review(
        demo, as_of=MARCH, previous=january
    )


def test_a_review_is_the_same_whatever_the_hash_seed():
    """A nightly job diffs its outputs: sets and dicts must not leak their hash order."""
    program = (
        "import datetime as dt, hashlib\n"
        "from larande import review\n"
        "from larande.datasets import load_demo\n"
        "from larande.io import json\n"
        "demo = load_demo()\n"
        "first = review(demo, as_of=demo.as_of)\n"
        "second = review(demo, as_of=dt.date(2026, 4, 10), previous=first)\n"
        "print(hashlib.sha256(json.dumps(second).encode()).hexdigest())\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(done.stdout)
    demo = load_demo()
    here = review(demo, as_of=D(2026, 4, 10), previous=review(demo, as_of=demo.as_of))
    outputs.add(hashlib.sha256(ljson.dumps(here).encode()).hexdigest() + "\n")
    assert len(outputs) == 1


def test_a_review_on_the_previous_reviews_own_day_is_allowed(january):
    again = review(load_demo(), as_of=JANUARY, previous=january)
    assert january.report.needs == again.report.needs


# -- progress --------------------------------------------------------------------------------


def test_the_steps_of_a_review_are_the_loop_in_order():
    assert STEPS == (
        "replay",
        "learned",
        "analyze",
        "justify",
        "replan",
        "schedule",
        "due",
        "progress",
        "planned-vs-actual",
    )


def test_progress_is_reported_once_per_step_in_order_counting_up_to_the_total():
    calls = []
    review(load_demo(), as_of=JANUARY, progress=lambda *args: calls.append(args))
    total = len(STEPS)
    assert [(step, k + 1, total) for k, step in enumerate(STEPS)] == calls


def test_the_last_progress_call_has_done_equal_to_total(january):
    calls = []
    review(load_demo(), as_of=MARCH, previous=january, progress=lambda *a: calls.append(a))
    _, done, total = calls[-1]
    assert done == total


def test_progress_may_be_any_callable_and_its_return_value_is_ignored():
    class Counter:
        def __init__(self):
            self.n = 0

        def __call__(self, step, done, total):
            self.n += 1
            return "ignored"

    counter = Counter()
    review(load_demo(), as_of=JANUARY, progress=counter)
    assert len(STEPS) == counter.n


# -- no evidence is a result -----------------------------------------------------------------


def test_a_review_without_any_events_is_a_result():
    quiet = attrs.evolve(load_demo(), events=())
    r = review(quiet, as_of=MARCH)
    assert isinstance(r, Review)
    # Without events nothing is learnt and no follow-up is due; certificates still expire.
    assert (r.learned, {d.kind for d in r.due} - {DueKind.RENEWAL}) == ((), set())


def test_without_events_nothing_counts_as_done():
    quiet = attrs.evolve(load_demo(), events=())
    r = review(quiet, as_of=MARCH)
    assert [i for p in r.plans for i in p.items if i.done is not None] == []


def test_without_events_the_needs_are_those_of_the_assessments_alone(january):
    quiet = attrs.evolve(load_demo(), events=())
    assert january.report.needs == review(quiet, as_of=JANUARY).report.needs


def test_a_review_without_goals_justifies_nothing_and_tracks_no_progress():
    aimless = attrs.evolve(load_demo(), goals=None)
    r = review(aimless, as_of=MARCH)
    assert (r.justifications, r.goals, dict(r.progress)) == ((), None, {})


def test_without_goals_every_need_is_planned_for():
    aimless = attrs.evolve(load_demo(), goals=None)
    r = review(aimless, as_of=JANUARY)
    person_needs = {n.subject for n in r.report.needs if n.scope == "person"}
    assert person_needs <= {p.person for p in r.plans}


# -- the year rescheduled --------------------------------------------------------------------


def placement(r, person, activity):
    """The one placement of a one-off item."""
    (found,) = [
        p
        for p in r.schedule.placements
        if (p.person, p.activity) == (person, activity) and p.occurrence is None
    ]
    return found


def test_a_missed_course_is_placed_again_on_or_after_the_review_day(january):
    """What January placed before mid-February and nobody completed moves to March or later."""
    march = review(load_demo(), as_of=MARCH, previous=january)
    still_open = {(p.person, i.activity) for p in march.plans for i in p.items if not i.done}
    missed = [
        p
        for p in january.schedule.placements
        if p.on < MARCH - dt.timedelta(days=MISSED_AFTER)
        and (p.person, p.activity) in still_open
        and p.occurrence is None
    ]
    assert missed
    moved = [placement(march, p.person, p.activity) for p in missed]
    assert [(m.id, m.on >= MARCH) for m in moved] == [(p.id, True) for p in missed]


def test_a_course_done_stays_where_it_was(january):
    """Kalle passed the February medication course he was placed on."""
    done = placement(january, "kalle.dahl", "medication-course")
    march = review(load_demo(), as_of=MARCH, previous=january)
    assert done == placement(march, "kalle.dahl", "medication-course")


def test_a_course_missed_only_days_ago_stays_for_a_late_completion(january):
    """Completions reach the host late: two weeks pass before a placement counts as missed."""
    kept = [
        p
        for p in january.schedule.placements
        if MARCH - dt.timedelta(days=MISSED_AFTER) <= p.on < MARCH
    ]
    march = review(load_demo(), as_of=MARCH, previous=january)
    assert kept
    assert set(kept) <= set(march.schedule.placements)


def test_the_review_schedules_from_its_day_to_the_datasets_end(january):
    march = review(load_demo(), as_of=MARCH, previous=january)
    assert [
        p
        for p in march.schedule.placements
        if p.on > D(2026, 12, 31)
        or (
            p.on < MARCH - dt.timedelta(days=MISSED_AFTER)
            and (p.person, p.activity) not in done_pairs(march)
            and p.occurrence is None
        )
    ] == []


def test_a_past_occurrence_of_a_series_stays_where_it_was(january):
    """February's APT reflection is over whether or not it was taken: March brings the next."""
    february = [
        p
        for p in january.schedule.placements
        if p.occurrence is not None and p.on < MARCH - dt.timedelta(days=MISSED_AFTER)
    ]
    march = review(load_demo(), as_of=MARCH, previous=january)
    assert february
    assert set(february) <= set(march.schedule.placements)
    assert {p.id for p in march.schedule.placements if p.occurrence is not None} == {
        p.id for p in january.schedule.placements if p.occurrence is not None
    }


def done_pairs(r):
    return {(p.person, i.activity) for p in r.plans for i in p.items if i.done is not None}


def test_a_review_never_places_anything_on_a_day_the_person_is_away():
    away = Absence("cecilia.ek", D(2026, 2, 1), D(2026, 6, 30), "parental leave")
    demo = attrs.evolve(load_demo(), absences=(away,))
    r = review(demo, as_of=JANUARY)
    assert [
        p for p in r.schedule.placements if away.person == p.person and away.covers(p.on)
    ] == []
    assert [p for p in r.schedule.placements if p.person == "cecilia.ek"] != []


# -- following learning up like the budget ---------------------------------------------------


def budget_line(r, unit, month):
    (line,) = [b for b in r.budget if (b.unit, b.month) == (unit, month)]
    return line


def test_budget_lines_cover_home_care_month_by_month(april):
    assert {(2026, m) for m in range(1, 13)} <= {
        b.month for b in april.budget if b.unit == "homecare"
    }


def test_home_cares_actual_hours_in_february_are_the_courses_its_people_passed(april):
    """Kalle and Nils: the medication course (16 h each); Ulla: the APT reflection (1.5 h)."""
    line = budget_line(april, "homecare", (2026, 2))
    assert (line.actual_hours, line.actual_cost) == (33.5, 8400.0)


def test_a_retracted_completion_costs_nothing(april):
    """January: Amir's CPR refresher counts; the one registered on Hanna by mistake does not."""
    line = budget_line(april, "homecare", (2026, 1))
    assert (line.actual_hours, line.actual_cost) == (4.0, 900.0)


def test_a_unit_counts_its_sub_units_in_the_budget(april):
    north, south, home = (
        budget_line(april, unit, (2026, 2))
        for unit in ("homecare-north", "homecare-south", "homecare")
    )
    assert home.actual_hours == north.actual_hours + south.actual_hours


def test_budget_lines_are_sorted_by_unit_then_month(april):
    keys = [(b.unit, b.month) for b in april.budget]
    assert sorted(keys) == keys


def test_planned_hours_of_the_past_are_as_they_were_planned_then(january, april):
    """February as the January review planned it, missed courses included."""
    demo = load_demo()
    north = {p.id for p in demo.org.members("homecare-north")}
    planned_then = sum(
        demo.catalog.activity(p.activity).effort / dt.timedelta(hours=1)
        for p in january.schedule.placements
        if p.person in north and (p.on.year, p.on.month) == (2026, 2)
    )
    assert budget_line(april, "homecare-north", (2026, 2)).planned_hours == planned_then


# -- bad input: clear errors, nothing changed ------------------------------------------------


def dumped(*objects):
    return [ljson.dumps(o) for o in objects]


def refused(dataset, previous=None, **kwargs):
    """The error review raises, and whether dataset and previous came out unchanged."""
    before = dumped(dataset, *(() if previous is None else (previous,)))
    with pytest.raises(ValidationError) as info:
        review(dataset, previous=previous, **kwargs)
    after = dumped(dataset, *(() if previous is None else (previous,)))
    return info.value, before == after


def test_a_review_older_than_the_previous_one_is_refused(january):
    march = review(load_demo(), as_of=MARCH, previous=january)
    err, unchanged = refused(load_demo(), march, as_of=D(2026, 2, 2))
    assert (err.path, err.code, unchanged) == ("as_of", "review-before-previous", True)
    assert dict(err.params) == {"as_of": "2026-02-02", "previous": "2026-03-02"}


def test_a_previous_review_of_another_organisation_is_refused():
    other = synthetic(people=5, seed=1)
    theirs = review(other, as_of=D(2026, 2, 2))
    err, unchanged = refused(load_demo(), theirs, as_of=MARCH)
    assert (
        err.path,
        err.code,
        unchanged,
    ) == ("previous", "previous-of-another-organization", True)
    assert "'alvby'" in str(err)
    assert "'municipality'" in str(err)


def test_a_review_after_the_datasets_end_is_refused():
    err, unchanged = refused(load_demo(), as_of=D(2027, 1, 4))
    assert (err.path, err.code, unchanged) == ("as_of", "review-after-end", True)
    assert "2027-01-04" in str(err)


def test_a_review_outside_the_calendars_years_is_refused():
    err, unchanged = refused(load_demo(), as_of=D(2025, 12, 1))
    assert (err.path, err.code, unchanged) == ("as_of", "outside-calendar", True)
    assert "2025-12-01" in str(err)


@pytest.mark.parametrize("field", ["catalog", "calendar", "end", "budget"])
def test_a_dataset_without_what_scheduling_needs_is_refused(field):
    lacking = attrs.evolve(load_demo(), **{field: None})
    err, unchanged = refused(lacking, as_of=MARCH)
    assert (f"dataset.{field}", True) == (err.path, unchanged)


@pytest.mark.parametrize("day", ["2026-03-02", dt.datetime(2026, 3, 2, 8, 0), None])
def test_a_review_day_that_is_not_a_date_is_refused(day):
    err, unchanged = refused(load_demo(), as_of=day)
    assert (err.path, unchanged) == ("as_of", True)


def test_a_previous_that_is_not_a_review_is_refused():
    demo = load_demo()
    before = ljson.dumps(demo)
    with pytest.raises(ValidationError) as info:
        review(demo, previous="yesterday", as_of=MARCH)
    assert ("previous", before) == (info.value.path, ljson.dumps(demo))


def test_a_dataset_that_is_not_a_dataset_is_refused():
    with pytest.raises(ValidationError) as info:
        review({"org": "alvby"}, as_of=MARCH)
    assert info.value.path == "dataset"


def test_a_progress_that_cannot_be_called_is_refused():
    err, unchanged = refused(load_demo(), as_of=MARCH, progress="50%")
    assert (err.path, unchanged) == ("progress", True)


def test_a_refused_review_reports_no_progress_at_all():
    calls = []
    with pytest.raises(ValidationError):
        review(load_demo(), as_of=D(2027, 1, 4), progress=lambda *a: calls.append(a))
    assert calls == []


def test_a_refused_review_leaves_the_previous_reviews_goals_as_they_were(january):
    goals_before = sorted(january.goals)
    with pytest.raises(ValidationError):
        review(load_demo(), as_of=D(2025, 12, 1), previous=january)
    assert goals_before == sorted(january.goals)


def test_a_review_leaves_its_dataset_and_previous_review_as_they_were(january):
    demo = load_demo()
    before = dumped(demo, january)
    review(demo, as_of=last_event_day(demo), previous=january)
    assert before == dumped(demo, january)


def test_an_event_for_an_activity_the_catalog_lacks_is_refused_with_the_dataset():
    demo = load_demo()
    stray = ActivityCompleted("lms-9999", "xin.li", "kubernetes-course", D(2026, 2, 2))
    with pytest.raises(UnknownIdError) as info:
        attrs.evolve(demo, events=(*demo.events, stray))
    assert info.value.path == f"events[{len(demo.events)}].activity"
    assert "kubernetes-course" in str(info.value)


def test_an_event_for_a_person_the_organisation_lacks_is_refused_with_the_dataset():
    demo = load_demo()
    stray = CheckIn("ci-ghost", "ghost.person", "devops-workshop", D(2026, 2, 2))
    with pytest.raises(UnknownIdError) as info:
        attrs.evolve(demo, events=(*demo.events, stray))
    assert info.value.path == f"events[{len(demo.events)}].person"
    assert "ghost.person" in str(info.value)


def test_an_event_changed_since_the_previous_review_is_refused_at_its_place_in_the_dataset(
    january,
):
    demo = load_demo()
    events = list(demo.events)
    k = next(i for i, e in enumerate(events) if e.id == "lms-2214")
    events[k] = attrs.evolve(events[k], score=0.5)  # the LMS sent a corrected score
    changed = attrs.evolve(demo, events=events)
    march = review(demo, as_of=MARCH, previous=january)
    err, unchanged = refused(changed, march, as_of=D(2026, 4, 10))
    assert unchanged
    assert err.path.endswith(f"events[{k}]")


def test_an_event_changed_since_the_previous_review_is_refused_naming_its_id(january):
    demo = load_demo()
    events = list(demo.events)
    k = next(i for i, e in enumerate(events) if e.id == "lms-2214")
    events[k] = attrs.evolve(events[k], score=0.5)
    march = review(demo, as_of=MARCH, previous=january)
    err, unchanged = refused(attrs.evolve(demo, events=events), march, as_of=D(2026, 4, 10))
    assert (unchanged, "'lms-2214'" in str(err)) == (True, True)


def test_refusing_an_event_leaves_the_dataset_it_came_from_unchanged():
    demo = load_demo()
    before = ljson.dumps(demo)
    stray = ActivityCompleted("lms-9999", "nobody", "devops-workshop", D(2026, 2, 2))
    with pytest.raises(UnknownIdError):
        attrs.evolve(demo, events=(*demo.events, stray))
    assert before == ljson.dumps(demo)
