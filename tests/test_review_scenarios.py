"""The source documents' two stories, each through successive reviews.

The IT unit (after the IT leaders' article): a DevOps e-learning, then a workshop, an action
plan aimed at "cut release time by 15 % within three months", check-ins and a release lead
time that falls month by month. Home care (after the care-sector article): medication
deviations that make a unit need, a medication course that closes people's gaps, and a CPR
(HLR) certificate that is about to expire, is renewed, and a year later is due again.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from larande import (
    DEFAULT_SCALE,
    Absence,
    ActionPlanSet,
    Activity,
    ActivityCompleted,
    ActivityKind,
    Assessment,
    Catalog,
    CheckIn,
    Competency,
    Dataset,
    Dropped,
    DropReason,
    DueKind,
    FeedbackGiven,
    Framework,
    Goal,
    GoalGraph,
    Level,
    Measured,
    Metric,
    Organization,
    Person,
    PlanStatus,
    ProgressStatus,
    Requirement,
    Role,
    Scale,
    Session,
    Signal,
    SignalKind,
    Unit,
    WorkCalendar,
    due,
    effect,
    replay,
    review,
)

D = dt.date
YEAR = dt.timedelta(days=365)


def hours(h: float) -> dt.timedelta:
    return dt.timedelta(hours=h)


def open_items(r, person):
    p = r.plan_of(person)
    return [] if p is None else [i.activity for i in p.items if i.done is None]


def done_items(r, person):
    p = r.plan_of(person)
    return [] if p is None else [(i.activity, i.done) for i in p.items if i.done is not None]


def placed(r, person):
    return sorted((p.activity, p.on) for p in r.schedule.placements if p.person == person)


def need_ids(r):
    return {n.id for n in r.report.needs}


# -- the IT unit -----------------------------------------------------------------------------

RELEASE = "release-time"


def it_unit(*, team_plan: bool = False) -> Dataset:
    """Three developers; Xin and Zara below the role's DevOps levels, Wilma above.

    With ``team_plan``, Zara sets no action plan of her own: the team sets one for the unit.
    """
    framework = Framework(
        [
            Competency("devops", "DevOps practices"),
            Competency("ci-cd", "Continuous integration and delivery", parent="devops"),
            Competency("release-management", "Release management", parent="devops"),
        ]
    )
    developer = Role(
        "developer",
        "Developer",
        [Requirement("ci-cd", 3, weight=1.5), Requirement("release-management", 2)],
    )
    org = Organization(
        [Unit("kommun", "Municipality"), Unit("it", "IT unit", parent="kommun")],
        [
            Person("viktor", "Viktor", "it"),
            Person("xin", "Xin", "it", roles=["developer"], manager="viktor"),
            Person("zara", "Zara", "it", roles=["developer"], manager="viktor"),
            Person("wilma", "Wilma", "it", roles=["developer"], manager="viktor"),
        ],
        [developer],
        framework,
    )
    assessed = D(2025, 9, 8)
    assessments = [
        Assessment("xin", "ci-cd", 2, assessed),
        Assessment("xin", "release-management", 1, assessed),
        Assessment("zara", "ci-cd", 2, assessed),
        Assessment("zara", "release-management", 2, assessed),
        Assessment("wilma", "ci-cd", 4, assessed),
        Assessment("wilma", "release-management", 3, assessed),
    ]
    goals = GoalGraph()
    goals.add(
        Goal(
            "digital",
            "Faster IT delivery",
            Level.ORGANIZATION,
            metric=Metric("release lead time", "days", 20, 17),
            deadline=D(2026, 12, 31),
            competencies={"ci-cd"},
        )
    )
    goals.add(
        Goal(
            RELEASE,
            "Cut release time by 15 % within three months",
            Level.UNIT,
            owner="it",
            metric=Metric("release lead time", "days", 20, 17),
            deadline=D(2026, 4, 30),
            competencies={"ci-cd", "release-management"},
        ),
        contributes_to="digital",
    )
    catalog = Catalog(
        [
            Activity(
                "devops-elearning",
                "DevOps foundations (e-learning)",
                ActivityKind.E_LEARNING,
                {"ci-cd": 2, "release-management": 2},
                hours(6),
                cost=800,
            ),
            Activity(
                "devops-workshop",
                "DevOps in practice: pipelines and releases",
                ActivityKind.WORKSHOP,
                {"ci-cd": 3, "release-management": 3},
                hours(16),
                prerequisites=["devops-elearning"],
                sessions=[
                    Session("ws-feb", D(2026, 2, 17), 10),
                    Session("ws-mar", D(2026, 3, 10), 10),
                    Session("ws-sep", D(2026, 9, 22), 10),
                ],
                cost=6000,
            ),
        ]
    )
    zara_plan = (
        ActionPlanSet(
            "ap-it-team",
            None,
            "devops-workshop",
            D(2026, 2, 24),
            ["Write the team's release checklist"],
            goal=RELEASE,
            unit="it",
        )
        if team_plan
        else ActionPlanSet(
            "ap-zara",
            "zara",
            "devops-workshop",
            D(2026, 2, 20),
            ["Automate the database migration step"],
            goal=RELEASE,
            due=D(2026, 4, 30),
        )
    )
    events = [
        ActivityCompleted("c-xin-el", "xin", "devops-elearning", D(2026, 1, 16), score=0.92),
        ActivityCompleted(
            "c-xin-ws", "xin", "devops-workshop", D(2026, 2, 17), score=0.85, passed=True
        ),
        ActionPlanSet(
            "ap-xin",
            "xin",
            "devops-workshop",
            D(2026, 2, 23),
            ["Move the booking service's deploys into the pipeline"],
            goal=RELEASE,
            due=D(2026, 4, 30),
        ),
        CheckIn("ci-xin-1", "xin", "devops-workshop", D(2026, 3, 3), progress=0.4),
        CheckIn("ci-xin-2", "xin", "devops-workshop", D(2026, 3, 31), progress=0.7),
        FeedbackGiven("fb-xin", "xin", "devops-workshop", D(2026, 3, 19), rating=5),
        ActivityCompleted("c-zara-el", "zara", "devops-elearning", D(2026, 1, 20)),
        ActivityCompleted("c-zara-ws", "zara", "devops-workshop", D(2026, 2, 17), passed=True),
        zara_plan,
        FeedbackGiven("fb-zara", "zara", "devops-workshop", D(2026, 3, 25), rating=4),
        # The release lead time, in days, falls month by month.
        Measured("lead-jan", RELEASE, D(2026, 1, 30), 20.0),
        Measured("lead-feb", RELEASE, D(2026, 2, 27), 19.0),
        Measured("lead-mar", RELEASE, D(2026, 3, 31), 18.0),
        Measured("lead-apr", RELEASE, D(2026, 4, 10), 17.5),
    ]
    return Dataset(
        org=org,
        assessments=assessments,
        as_of=D(2026, 1, 12),
        goals=goals,
        catalog=catalog,
        start=D(2026, 1, 12),
        end=D(2026, 12, 31),
        budget=hours(8),
        calendar=WorkCalendar.sweden(2026),
        events=events,
    )


IT_JANUARY, IT_APRIL = D(2026, 1, 12), D(2026, 4, 15)


@pytest.fixture(scope="module")
def it_january():
    return review(it_unit(), as_of=IT_JANUARY)


@pytest.fixture(scope="module")
def it_april(it_january):
    return review(it_unit(), as_of=IT_APRIL, previous=it_january)


def test_it_january_finds_the_devops_gaps_of_xin_and_zara(it_january):
    assert {
        "person:xin:ci-cd",
        "person:xin:release-management",
        "person:zara:ci-cd",
    } == need_ids(it_january)


def test_it_january_every_devops_gap_passes_both_gate_questions(it_january):
    assert [j.ok for j in it_january.justifications] == [True, True, True]


def test_it_january_the_release_time_goal_justifies_the_devops_gaps(it_january):
    assert all(any(RELEASE in path for path in j.goal_paths) for j in it_january.justifications)


def test_it_january_each_justified_gap_becomes_an_objective_under_the_release_time_goal(
    it_january,
):
    objectives = ["obj:xin:ci-cd", "obj:xin:release-management", "obj:zara:ci-cd"]
    assert dict.fromkeys(objectives, True) == {
        o: RELEASE in it_january.goals.parents(o) for o in objectives
    }


def test_it_january_plans_the_e_learning_before_the_workshop_it_requires(it_january):
    assert open_items(it_january, "xin") == ["devops-elearning", "devops-workshop"]
    assert open_items(it_january, "zara") == ["devops-elearning", "devops-workshop"]


def test_it_january_places_the_e_learning_before_the_workshop(it_january):
    (elearning, elearning_on), (workshop, workshop_on) = placed(it_january, "xin")
    assert (elearning, workshop) == ("devops-elearning", "devops-workshop")
    assert elearning_on < workshop_on


def test_it_january_nobody_has_learned_anything_yet(it_january):
    assert (it_january.learned, it_january.due) == ((), ())


def test_it_january_the_release_time_goal_has_no_data(it_january):
    assert it_january.progress[RELEASE].status == ProgressStatus.NO_DATA


def test_it_april_the_devops_gaps_are_closed(it_april):
    assert it_april.report.needs == ()


def test_it_april_the_courses_passed_are_evidence_of_the_devops_levels(it_april):
    assert {
        ("xin", "ci-cd", 3),
        ("xin", "release-management", 3),
        ("zara", "ci-cd", 3),
        ("zara", "release-management", 3),
    } <= {(a.person, a.competency, a.level) for a in it_april.learned}


def test_it_april_both_plans_are_done_and_complete(it_april):
    assert {
        "xin": [("devops-elearning", D(2026, 1, 16)), ("devops-workshop", D(2026, 2, 17))],
        "zara": [("devops-elearning", D(2026, 1, 20)), ("devops-workshop", D(2026, 2, 17))],
    } == {p: done_items(it_april, p) for p in ("xin", "zara")}
    assert {PlanStatus.COMPLETE} == {p.status for p in it_april.plans}


def test_it_april_the_objectives_of_january_are_still_in_the_goal_tree(it_april):
    assert "obj:zara:ci-cd" in it_april.goals


def test_it_april_release_time_has_come_five_sixths_of_the_way(it_april):
    """From 20 days to 17.5: 2.5 of the 3 days the goal asks for."""
    assert pytest.approx(2.5 / 3) == it_april.progress[RELEASE].fraction


def test_it_april_the_falling_lead_time_is_on_track_for_the_deadline(it_april):
    release = it_april.progress[RELEASE]
    assert release.status == ProgressStatus.ON_TRACK
    assert release.forecast <= 17.0


def test_it_april_the_workshops_effect_on_all_four_levels(it_april):
    workshop = effect(it_april.state, it_april.goals)["devops-workshop"]
    assert (workshop.reaction, workshop.learning, workshop.behaviour) == (4.5, 1.0, 0.5)
    assert pytest.approx(2.5 / 3) == workshop.results


def test_it_april_the_workshops_results_rest_on_the_action_plans_and_the_latest_measure(
    it_april,
):
    workshop = effect(it_april.state, it_april.goals)["devops-workshop"]
    assert workshop.evidence["results"] == ("ap-xin", "ap-zara", "lead-apr")


def test_it_april_zara_is_reminded_of_the_check_ins_she_has_not_had(it_april):
    assert [D(2026, 3, 3), D(2026, 3, 31)] == [
        d.due_on
        for d in it_april.due
        if (d.person, d.subject, d.kind) == ("zara", "devops-workshop", DueKind.CHECK_IN)
    ]


def test_it_april_xin_who_checked_in_twice_is_not_reminded_of_a_check_in(it_april):
    assert [
        d
        for d in it_april.due
        if (d.person, d.subject, d.kind) == ("xin", "devops-workshop", DueKind.CHECK_IN)
    ] == []


def test_it_april_the_budget_shows_the_courses_done_as_planned(it_april):
    """Both took the e-learning in January and the workshop in February; all of it was
    planned by March, so the quarter's planned and actual totals agree."""
    lines = {b.month: b for b in it_april.budget if b.unit == "it"}
    assert {m: (lines[m].actual_hours, lines[m].actual_cost) for m in ((2026, 1), (2026, 2))} == {
        (2026, 1): (12.0, 1600.0),
        (2026, 2): (32.0, 12000.0),
    }
    quarter = [lines[(2026, m)] for m in (1, 2, 3)]
    assert (sum(b.planned_hours for b in quarter), sum(b.planned_cost for b in quarter)) == (
        sum(b.actual_hours for b in quarter),
        sum(b.actual_cost for b in quarter),
    )


def test_it_a_team_action_plan_is_the_action_plan_of_every_member_who_took_the_workshop():
    team = it_unit(team_plan=True)
    april = review(team, as_of=IT_APRIL, previous=review(team, as_of=IT_JANUARY))
    assert [
        d
        for d in april.due
        if (d.person, d.subject, d.kind) == ("zara", "devops-workshop", DueKind.ACTION_PLAN)
    ] == []


def test_it_without_the_organisation_a_team_action_plan_counts_for_nobody():
    team = it_unit(team_plan=True)
    reminders = due(replay([e for e in team.events if e.on <= IT_APRIL]), as_of=IT_APRIL)
    assert [D(2026, 2, 24)] == [
        d.due_on
        for d in reminders
        if (d.person, d.subject, d.kind) == ("zara", "devops-workshop", DueKind.ACTION_PLAN)
    ]


def test_it_a_team_action_plans_goal_carries_the_workshops_results():
    team = it_unit(team_plan=True)
    april = review(team, as_of=IT_APRIL)
    workshop = effect(april.state, april.goals)["devops-workshop"]
    assert workshop.evidence["results"] == ("ap-it-team", "ap-xin", "lead-apr")


# -- home care -------------------------------------------------------------------------------

CERTIFICATE = Scale("certificate", ("not certified", "certified"))


def home_care(*, february_deviation: bool = True, february_seats: int = 12) -> Dataset:
    """Three assistant nurses; a medication course; CPR (HLR) certificates valid a year.

    Anna's CPR certificate (2025-02-20) expires on 2026-02-20; Bo's and Cem's
    (2025-10-15) on 2026-10-15. Anna and Bo are below the medication level the role
    requires; Cem is at it. Three deviations in the 90 days before 12 January make a unit
    need (a fourth, in February, keeps it standing into March, unless left out). Anna
    renews her CPR certificate on 27 January and again on 26 January 2027; Anna and Bo pass
    the February medication course (``february_seats`` seats).
    """
    framework = Framework(
        [
            Competency("care", "Care and nursing"),
            Competency("medication", "Medication handling", parent="care"),
            Competency("cpr", "CPR (HLR)", parent="care", scale="certificate", validity=YEAR),
        ],
        scales=(DEFAULT_SCALE, CERTIFICATE),
    )
    nurse = Role(
        "assistant-nurse",
        "Assistant nurse (undersköterska)",
        [Requirement("medication", 3, weight=2.0), Requirement("cpr", 1)],
    )
    org = Organization(
        [Unit("kommun", "Municipality"), Unit("homecare", "Home care", parent="kommun")],
        [
            Person("karin", "Karin", "homecare"),
            Person("anna", "Anna", "homecare", roles=["assistant-nurse"], manager="karin"),
            Person("bo", "Bo", "homecare", roles=["assistant-nurse"], manager="karin"),
            Person("cem", "Cem", "homecare", roles=["assistant-nurse"], manager="karin"),
        ],
        [nurse],
        framework,
    )
    assessments = [
        Assessment("anna", "medication", 2, D(2025, 5, 12)),
        Assessment("bo", "medication", 2, D(2025, 5, 12)),
        Assessment("cem", "medication", 3, D(2025, 5, 12)),
        Assessment("anna", "cpr", 1, D(2025, 2, 20), source="certificate"),
        Assessment("bo", "cpr", 1, D(2025, 10, 15), source="certificate"),
        Assessment("cem", "cpr", 1, D(2025, 10, 15), source="certificate"),
    ]
    goals = GoalGraph()
    goals.add(
        Goal(
            "safe-care",
            "Safe medication at home: halve medication deviations",
            Level.ORGANIZATION,
            metric=Metric("medication deviations", "per month", 12, 6),
            deadline=D(2026, 12, 31),
            competencies={"medication", "cpr"},
        )
    )
    goals.add(
        Goal(
            "homecare-medication",
            "Fewer medication deviations in home care",
            Level.UNIT,
            owner="homecare",
            metric=Metric("medication deviations", "per month", 12, 6),
            deadline=D(2026, 12, 31),
            competencies={"medication"},
        ),
        contributes_to="safe-care",
    )
    deviation = SignalKind.DEVIATION
    signals = [
        Signal("dev-1", deviation, D(2025, 11, 3), "medication", unit="homecare"),
        Signal("dev-2", deviation, D(2025, 12, 1), "medication", person="bo"),
        Signal("dev-3", deviation, D(2026, 1, 7), "medication", unit="homecare"),
    ]
    if february_deviation:
        signals.append(
            Signal("dev-4", deviation, D(2026, 2, 5), "medication", unit="homecare", severity=2)
        )
    catalog = Catalog(
        [
            Activity(
                "medication-course",
                "Medication handling: classroom course",
                ActivityKind.COURSE,
                {"medication": 3},
                hours(16),
                sessions=[
                    Session("med-feb", D(2026, 2, 10), february_seats),
                    Session("med-sep", D(2026, 9, 15), 12),
                ],
                cost=4200,
            ),
            Activity(
                "cpr-refresher",
                "CPR (HLR) refresher",
                ActivityKind.COURSE,
                {"cpr": 1},
                hours(4),
                sessions=[
                    Session("cpr-2026-01", D(2026, 1, 27), 6),
                    Session("cpr-2026-02", D(2026, 2, 24), 6),
                    Session("cpr-2026-12", D(2026, 12, 8), 6),
                    Session("cpr-2027-01", D(2027, 1, 26), 6),
                    Session("cpr-2027-03", D(2027, 3, 16), 6),
                ],
                cost=900,
            ),
        ]
    )
    events = [
        ActivityCompleted("c-anna-cpr", "anna", "cpr-refresher", D(2026, 1, 27), passed=True),
        ActivityCompleted("c-anna-med", "anna", "medication-course", D(2026, 2, 10), passed=True),
        ActivityCompleted("c-bo-med", "bo", "medication-course", D(2026, 2, 10), passed=True),
        ActivityCompleted("c-anna-cpr-2027", "anna", "cpr-refresher", D(2027, 1, 26), passed=True),
    ]
    return Dataset(
        org=org,
        assessments=assessments,
        as_of=D(2026, 1, 12),
        goals=goals,
        signals=signals,
        catalog=catalog,
        start=D(2026, 1, 12),
        end=D(2027, 12, 31),
        budget=hours(8),
        calendar=WorkCalendar.sweden([2026, 2027]),
        events=events,
    )


CARE_JANUARY, CARE_MARCH = D(2026, 1, 12), D(2026, 3, 2)
NEXT_JANUARY, NEXT_FEBRUARY = D(2027, 1, 11), D(2027, 2, 1)


@pytest.fixture(scope="module")
def care_january():
    return review(home_care(), as_of=CARE_JANUARY)


@pytest.fixture(scope="module")
def care_march(care_january):
    return review(home_care(), as_of=CARE_MARCH, previous=care_january)


@pytest.fixture(scope="module")
def care_next_january(care_march):
    return review(home_care(), as_of=NEXT_JANUARY, previous=care_march)


@pytest.fixture(scope="module")
def care_next_february(care_next_january):
    return review(home_care(), as_of=NEXT_FEBRUARY, previous=care_next_january)


def need(r, need_id):
    (found,) = [n for n in r.report.needs if n.id == need_id]
    return found


def test_care_medication_deviations_make_a_unit_need_for_home_care(care_january):
    unit_need = need(care_january, "unit:homecare:medication")
    assert [r.rule for r in unit_need.reasons] == ["deviation-threshold"]
    assert {"dev-1", "dev-2", "dev-3"} == set(unit_need.reasons[0].evidence)


def test_care_the_unit_need_passes_both_gate_questions(care_january):
    (j,) = [j for j in care_january.justifications if j.need.id == "unit:homecare:medication"]
    assert j.ok


def test_care_the_medication_course_goes_to_the_nurses_below_the_level(care_january):
    assert {
        p: "medication-course" in open_items(care_january, p) for p in ("anna", "bo", "cem")
    } == {"anna": True, "bo": True, "cem": False}


def test_care_an_expiring_cpr_certificate_is_a_need_due_on_its_expiry(care_january):
    cpr = need(care_january, "person:anna:cpr")
    assert (D(2026, 2, 20), ["expiring"]) == (cpr.due, [r.rule for r in cpr.reasons])


def test_care_a_cpr_certificate_valid_beyond_the_window_is_no_need_yet(care_january):
    assert {"person:bo:cpr", "person:cem:cpr"}.isdisjoint(need_ids(care_january))


def test_care_the_cpr_refresher_is_placed_before_the_certificate_expires(care_january):
    (item,) = [i for i in care_january.plan_of("anna").items if i.activity == "cpr-refresher"]
    assert (D(2026, 2, 20), [("cpr-refresher", D(2026, 1, 27))]) == (
        item.deadline,
        [x for x in placed(care_january, "anna") if x[0] == "cpr-refresher"],
    )


def test_care_march_the_course_closes_the_nurses_medication_gaps(care_march):
    assert {"person:anna:medication", "person:bo:medication"}.isdisjoint(need_ids(care_march))


def test_care_march_the_unit_need_stands_while_deviations_keep_coming(care_march):
    assert "unit:homecare:medication" in need_ids(care_march)


def test_care_march_the_standing_unit_need_plans_nothing_for_those_now_at_the_level(
    care_march,
):
    assert {p: open_items(care_march, p) for p in ("anna", "bo", "cem")} == {
        "anna": [],
        "bo": [],
        "cem": [],
    }


def test_care_march_the_renewed_cpr_certificate_is_no_longer_a_need(care_march):
    assert "person:anna:cpr" not in need_ids(care_march)


def test_care_march_the_renewal_is_evidence_of_the_certificate_from_its_day(care_march):
    (renewal,) = [a for a in care_march.learned if a.competency == "cpr"]
    assert ("ev:c-anna-cpr:cpr", "anna", 1, D(2026, 1, 27)) == (
        renewal.id,
        renewal.person,
        renewal.level,
        renewal.on,
    )


def test_care_march_the_nurses_plans_are_done_and_complete(care_march):
    assert {
        "anna": [("cpr-refresher", D(2026, 1, 27)), ("medication-course", D(2026, 2, 10))],
        "bo": [("medication-course", D(2026, 2, 10))],
    } == {p: done_items(care_march, p) for p in ("anna", "bo")}
    assert {PlanStatus.COMPLETE} == {p.status for p in care_march.plans}


def test_care_march_without_new_deviations_the_unit_need_lapses():
    data = home_care(february_deviation=False)
    march = review(data, as_of=CARE_MARCH, previous=review(data, as_of=CARE_JANUARY))
    assert "unit:homecare:medication" not in need_ids(march)


def test_care_a_week_later_with_nothing_new_every_placement_stays_put(care_january):
    week_later = review(
        home_care(), as_of=CARE_JANUARY + dt.timedelta(days=7), previous=care_january
    )
    assert sorted(care_january.schedule.placements, key=lambda p: p.id) == sorted(
        week_later.schedule.placements, key=lambda p: p.id
    )


def test_care_a_week_later_a_newcomers_need_takes_no_seat_already_given():
    """Few seats in February; a week later Cem is found far below.

    The review a week later keeps Anna's and Bo's placements, whose plans did not change,
    and places Cem in what is left.
    """
    data = home_care(february_seats=2)
    january = review(data, as_of=CARE_JANUARY)
    found_below = Assessment("cem", "medication", 1, D(2026, 1, 15))
    later = attrs.evolve(data, assessments=(*data.assessments, found_below))
    week_later = review(later, as_of=D(2026, 1, 19), previous=january)
    assert {p: placed(january, p) for p in ("anna", "bo")} == {
        p: placed(week_later, p) for p in ("anna", "bo")
    }
    assert [a for a, _ in placed(week_later, "cem")] == ["medication-course"]


def test_care_an_absence_registered_after_a_review_moves_what_it_covers(care_january):
    """Anna falls ill for five weeks from 20 January: her course days must move."""
    away = Absence("anna", D(2026, 1, 20), D(2026, 2, 28), "sick leave")
    later = attrs.evolve(home_care(), absences=(away,))
    week_later = review(later, as_of=D(2026, 1, 19), previous=care_january)
    assert [
        p for p in week_later.schedule.placements if p.person == "anna" and away.covers(p.on)
    ] == []


def test_care_from_scratch_the_larger_gap_gets_the_earlier_seat():
    data = home_care(february_seats=2)
    found_below = Assessment("cem", "medication", 1, D(2026, 1, 15))
    later = attrs.evolve(data, assessments=(*data.assessments, found_below))
    fresh = review(later, as_of=D(2026, 1, 19))
    assert [("medication-course", D(2026, 2, 10))] == placed(fresh, "cem")


def test_care_a_year_later_the_renewed_certificate_is_expiring_again(care_next_january):
    cpr = need(care_next_january, "person:anna:cpr")
    assert (D(2027, 1, 27), ["expiring"]) == (cpr.due, [r.rule for r in cpr.reasons])


def test_care_a_year_later_the_cpr_refresher_is_planned_again_for_the_renewal(
    care_next_january,
):
    assert open_items(care_next_january, "anna") == ["cpr-refresher"]


def test_care_a_year_later_the_earlier_pass_is_recorded_as_dropped_for_renewal(
    care_next_january,
):
    assert (Dropped("cpr-refresher", DropReason.RENEWAL, NEXT_JANUARY),) == (
        care_next_january.plan_of("anna").dropped
    )


def test_care_a_year_later_the_completed_plan_reopens(care_next_january):
    anna = care_next_january.plan_of("anna")
    assert (anna.status, anna.history[-1].action) == (PlanStatus.ACTIVE, "reopen")


def test_care_a_year_later_the_renewal_is_placed_before_the_certificate_expires(
    care_next_january,
):
    renewal = [
        p
        for p in care_next_january.schedule.placements
        if (p.person, p.activity) == ("anna", "cpr-refresher") and p.on >= NEXT_JANUARY
    ]
    assert [(D(2027, 1, 26), "cpr-2027-01")] == [(p.on, p.session) for p in renewal]


def test_care_a_year_later_lapsed_certificates_are_gaps_and_are_planned(care_next_january):
    assert {
        p: [r.rule for r in need(care_next_january, f"person:{p}:cpr").reasons]
        for p in ("bo", "cem")
    } == {"bo": ["requirement-gap"], "cem": ["requirement-gap"]}
    assert {p: open_items(care_next_january, p) for p in ("bo", "cem")} == {
        "bo": ["cpr-refresher"],
        "cem": ["cpr-refresher"],
    }


def test_care_after_the_second_renewal_the_need_is_gone_and_the_plan_complete(
    care_next_february,
):
    anna = care_next_february.plan_of("anna")
    assert "person:anna:cpr" not in need_ids(care_next_february)
    assert (anna.status, open_items(care_next_february, "anna")) == (PlanStatus.COMPLETE, [])


def test_care_after_the_second_renewal_the_plan_keeps_the_latest_pass(care_next_february):
    assert ("cpr-refresher", D(2027, 1, 26)) in done_items(care_next_february, "anna")


def test_care_the_budget_follows_the_courses_done_up_in_home_care(care_march):
    lines = {b.month: b for b in care_march.budget if b.unit == "homecare"}
    assert {m: (lines[m].actual_hours, lines[m].actual_cost) for m in ((2026, 1), (2026, 2))} == {
        (2026, 1): (4.0, 900.0),
        (2026, 2): (32.0, 8400.0),
    }


def test_care_a_renewal_review_from_scratch_also_plans_the_cpr_refresher():
    """From scratch, what Anna passed still counts, and yet the renewal is planned."""
    fresh = review(home_care(), as_of=NEXT_JANUARY)
    assert open_items(fresh, "anna") == ["cpr-refresher"]


def test_care_a_review_with_a_later_failed_refresher_keeps_the_earlier_pass():
    data = home_care()
    failed = ActivityCompleted(
        "c-anna-cpr-fail", "anna", "cpr-refresher", D(2026, 2, 24), passed=False
    )
    data = attrs.evolve(data, events=(*data.events, failed))
    march = review(data, as_of=CARE_MARCH)
    assert "person:anna:cpr" not in need_ids(march)
