"""Follow-up as the source documents ask for it: reminders, progress, celebrations, effect."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from larande import (
    ActionPlanSet,
    ActivityCompleted,
    CelebrationKind,
    CheckIn,
    DueKind,
    FeedbackGiven,
    FollowUpPolicy,
    Goal,
    GoalGraph,
    KnowledgeShared,
    Level,
    Measured,
    Metric,
    ObjectiveAchieved,
    ProgressStatus,
    Retracted,
    UnknownIdError,
    ValidationError,
    celebrations,
    due,
    effect,
    forget,
    progress,
    replay,
)
from larande.datasets import load_demo
from larande.reflection import QUESTIONS, questions

D = dt.date
DONE = ActivityCompleted("c1", "anna", "cpr-refresher", D(2026, 2, 2), passed=True)


def kinds(reminders, person="anna"):
    return [(d.kind.value, d.due_on) for d in reminders if d.person == person]


def release_goals() -> GoalGraph:
    """The IT unit's goal: cut release time from 20 to 17 days by the end of April."""
    graph = GoalGraph()
    graph.add(Goal("star", "A municipality that works well", Level.ORGANIZATION))
    graph.add(
        Goal(
            "release-time",
            "Cut release time by 15 %",
            Level.UNIT,
            owner="it",
            metric=Metric("release lead time", "days", 20, 17),
            deadline=D(2026, 4, 30),
        ),
        contributes_to="star",
    )
    graph.add(
        Goal(
            "obj:xin:release",
            "Xin: release management",
            Level.INDIVIDUAL,
            owner="xin",
            deadline=D(2026, 3, 31),
            competencies={"release-management"},
            target_level=2,
        ),
        contributes_to="release-time",
    )
    return graph


# -- what is due -----------------------------------------------------------------------------


def test_after_a_course_an_action_plan_check_ins_feedback_and_sharing_fall_due():
    reminders = due(replay([DONE]), as_of=D(2026, 6, 1))
    assert kinds(reminders) == [
        ("action-plan", D(2026, 2, 9)),
        ("check-in", D(2026, 2, 16)),
        ("feedback", D(2026, 3, 4)),
        ("share", D(2026, 3, 4)),
        ("check-in", D(2026, 3, 16)),
        ("check-in", D(2026, 5, 3)),
    ]


def test_nothing_is_due_before_its_day():
    assert due(replay([DONE]), as_of=D(2026, 2, 8)) == ()


def test_overdue_days_count_from_the_day_it_fell_due():
    (plan,) = due(replay([DONE]), as_of=D(2026, 2, 12))
    assert (plan.kind, plan.overdue_days) == (DueKind.ACTION_PLAN, 3)


def test_what_has_been_done_is_not_reminded_of():
    state = replay(
        [
            DONE,
            ActionPlanSet("ap", "anna", "cpr-refresher", D(2026, 2, 5), ["Drill the night shift"]),
            CheckIn("ci", "anna", "cpr-refresher", D(2026, 2, 16), progress=0.4),
            FeedbackGiven("fb", "anna", "cpr-refresher", D(2026, 3, 1), rating=4),
            KnowledgeShared("ks", "anna", "cpr-refresher", D(2026, 2, 20), forum="APT"),
        ]
    )
    assert kinds(due(state, as_of=D(2026, 3, 20))) == [("check-in", D(2026, 3, 16))]


def test_a_failed_course_starts_no_follow_up():
    failed = ActivityCompleted("c2", "bo", "cpr-refresher", D(2026, 2, 2), passed=False)
    assert due(replay([failed]), as_of=D(2026, 12, 1)) == ()


def test_a_retaken_course_starts_the_count_again():
    again = ActivityCompleted("c3", "anna", "cpr-refresher", D(2026, 5, 4), passed=True)
    reminders = due(replay([DONE, again]), as_of=D(2026, 5, 11))
    assert kinds(reminders) == [("action-plan", D(2026, 5, 11))]


def test_a_check_in_before_the_completion_fulfils_no_slot():
    early = CheckIn("ci", "anna", "cpr-refresher", D(2026, 1, 20), progress=0.1)
    reminders = due(replay([DONE, early]), as_of=D(2026, 2, 16))
    assert ("check-in", D(2026, 2, 16)) in kinds(reminders)


def test_an_action_plan_without_check_ins_stalls():
    plan = ActionPlanSet("ap", "anna", "cpr-refresher", D(2026, 2, 5), ["Drill"])
    reminders = due(replay([DONE, plan]), as_of=D(2026, 4, 6))
    assert ("stalled", D(2026, 4, 6)) in kinds(reminders)


def test_measuring_the_plans_goal_keeps_it_from_stalling():
    plan = ActionPlanSet("ap", "anna", "cpr-refresher", D(2026, 2, 5), ["Drill"], goal="g")
    measured = Measured("m", "g", D(2026, 3, 1), 3.0)
    reminders = due(replay([DONE, plan, measured]), as_of=D(2026, 4, 6))
    assert "stalled" not in [kind for kind, _ in kinds(reminders)]


def test_the_gentle_policy_follows_up_sooner_with_its_own_questions():
    """For the uneasy learner: short steps, followed up soon."""
    reminders = due(
        replay([DONE]), as_of=D(2026, 2, 12), policies={"anna": FollowUpPolicy.gentle()}
    )
    assert kinds(reminders) == [
        ("action-plan", D(2026, 2, 5)),
        ("check-in", D(2026, 2, 5)),
        ("check-in", D(2026, 2, 9)),
        ("feedback", D(2026, 2, 12)),
    ]
    assert reminders[-1].questions == "feedback-gentle"


def test_feedback_reminders_name_the_question_set():
    (feedback,) = [d for d in due(replay([DONE]), as_of=D(2026, 3, 4)) if d.kind == "feedback"]
    assert feedback.questions == "feedback"


def test_a_retracted_completion_is_followed_up_no_more():
    wrong = Retracted("r", D(2026, 2, 3), target="c1")
    assert due(replay([DONE, wrong]), as_of=D(2026, 6, 1)) == ()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("check_ins", (42, 14)),
        ("check_ins", (7, 7)),
        ("stalled_after", -1),
        ("feedback_after", 1.5),
    ],
)
def test_a_policy_with_days_out_of_order_or_negative_is_refused(field, value):
    with pytest.raises(ValidationError, match=field):
        FollowUpPolicy(**{field: value})


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"as_of": "2026-03-01"}, "as_of"),
        ({"as_of": D(2026, 3, 1), "policy": "gentle"}, "policy"),
        ({"as_of": D(2026, 3, 1), "policies": {"anna": 7}}, "policies['anna']"),
    ],
)
def test_due_refuses_misuse_naming_the_argument(kwargs, path):
    with pytest.raises(ValidationError) as err:
        due(replay([DONE]), **kwargs)
    assert err.value.path == path


# -- progress --------------------------------------------------------------------------------


def test_a_metric_measured_twice_gets_a_trend_forecast_for_its_deadline():
    state = replay(
        [
            Measured("m1", "release-time", D(2026, 1, 31), 20),
            Measured("m2", "release-time", D(2026, 2, 28), 19),
        ]
    )
    found = progress(state, release_goals(), as_of=D(2026, 3, 1))["release-time"]
    assert found.fraction == pytest.approx(1 / 3)
    assert found.forecast == pytest.approx(20 - 89 / 28)
    assert found.status is ProgressStatus.ON_TRACK


def test_a_trend_that_covers_most_of_the_way_is_at_risk_and_less_is_off_track():
    def status(second: float) -> ProgressStatus:
        state = replay(
            [
                Measured("m1", "release-time", D(2026, 1, 1), 20),
                Measured("m2", "release-time", D(2026, 3, 1), second),
            ]
        )
        return progress(state, release_goals(), as_of=D(2026, 3, 1))["release-time"].status

    assert status(18.6) is ProgressStatus.AT_RISK  # forecast 17.2: over 70 % of the way
    assert status(19.8) is ProgressStatus.OFF_TRACK


def test_one_measurement_is_too_little_for_a_trend():
    state = replay([Measured("m1", "release-time", D(2026, 2, 1), 19)])
    found = progress(state, release_goals(), as_of=D(2026, 3, 1))["release-time"]
    assert (found.forecast, found.status) == (None, ProgressStatus.AT_RISK)


def test_a_target_reached_is_achieved_and_never_more_than_the_whole_way():
    state = replay([Measured("m1", "release-time", D(2026, 2, 1), 15)])
    found = progress(state, release_goals(), as_of=D(2026, 3, 1))["release-time"]
    assert (found.fraction, found.status) == (1.0, ProgressStatus.ACHIEVED)


def test_a_goal_nobody_measured_has_no_data():
    found = progress(replay([]), release_goals(), as_of=D(2026, 3, 1))
    assert found["release-time"].status is ProgressStatus.NO_DATA
    assert "star" not in found  # no metric, not an objective: nothing to say


def test_measurements_after_the_day_asked_about_do_not_count():
    state = replay([Measured("m1", "release-time", D(2026, 4, 1), 15)])
    found = progress(state, release_goals(), as_of=D(2026, 3, 1))["release-time"]
    assert found.status is ProgressStatus.NO_DATA


def test_an_objective_progresses_by_check_ins_and_is_achieved_when_reached():
    check_ins = [
        CheckIn("k1", "xin", "obj:xin:release", D(2026, 2, 1), progress=0.2),
        CheckIn("k2", "xin", "obj:xin:release", D(2026, 3, 1), progress=0.6),
    ]
    graph = release_goals()
    before = progress(replay(check_ins), graph, as_of=D(2026, 3, 2))["obj:xin:release"]
    assert before.fraction == 0.6
    reached = ObjectiveAchieved("oa", "xin", "obj:xin:release", D(2026, 3, 20))
    after = progress(replay([*check_ins, reached]), graph, as_of=D(2026, 3, 31))
    assert (after["obj:xin:release"].fraction, after["obj:xin:release"].status) == (
        1.0,
        ProgressStatus.ACHIEVED,
    )


def test_progress_feeds_the_rollup_of_the_goal_tree():
    state = replay([Measured("m1", "release-time", D(2026, 2, 1), 18.5)])
    graph = release_goals()
    found = progress(state, graph, as_of=D(2026, 3, 1))
    known = {g: p.fraction for g, p in found.items() if p.status is not ProgressStatus.NO_DATA}
    assert graph.rollup(known)["star"] == pytest.approx(0.5)


def test_the_demo_release_time_goal_is_on_track_in_april():
    """The IT unit: 15 % off the release time within three months, measured monthly."""
    demo = load_demo()
    found = progress(replay(demo.events), demo.goals, as_of=D(2026, 4, 15))
    assert found["it-release-time"].status is ProgressStatus.ON_TRACK


# -- celebrations ----------------------------------------------------------------------------


def test_an_objective_achieved_in_the_window_is_celebrated():
    reached = ObjectiveAchieved("oa", "xin", "obj:xin:release", D(2026, 3, 20))
    (party,) = celebrations(
        replay([reached]), release_goals(), since=D(2026, 3, 1), until=D(2026, 3, 31)
    )
    assert (party.subject, party.kind) == ("obj:xin:release", CelebrationKind.OBJECTIVE_ACHIEVED)
    assert "Xin: release management" in party.text


def test_a_target_is_celebrated_once_when_first_reached():
    state = replay(
        [
            Measured("m1", "release-time", D(2026, 2, 1), 18),
            Measured("m2", "release-time", D(2026, 3, 1), 17),
            Measured("m3", "release-time", D(2026, 4, 1), 16.5),
        ]
    )
    found = celebrations(state, release_goals(), since=D(2026, 1, 1), until=D(2026, 12, 31))
    assert [(c.subject, c.on, c.kind.value) for c in found] == [
        ("release-time", D(2026, 3, 1), "target-reached")
    ]


def test_successes_outside_the_window_are_not_celebrated_again():
    reached = ObjectiveAchieved("oa", "xin", "obj:xin:release", D(2026, 3, 20))
    assert (
        celebrations(replay([reached]), release_goals(), since=D(2026, 4, 1), until=D(2026, 4, 30))
        == ()
    )


# -- effect ----------------------------------------------------------------------------------


def test_the_four_levels_of_effect_rest_on_their_evidence():
    state = replay(
        [
            ActivityCompleted("c1", "xin", "devops", D(2026, 2, 2), passed=True),
            ActivityCompleted("c2", "zara", "devops", D(2026, 2, 2), passed=False),
            FeedbackGiven("f1", "xin", "devops", D(2026, 2, 3), rating=5),
            FeedbackGiven("f2", "zara", "devops", D(2026, 2, 3), rating=3),
            ActionPlanSet(
                "ap", "xin", "devops", D(2026, 2, 4), ["Own a release"], goal="release-time"
            ),
            CheckIn("k1", "xin", "devops", D(2026, 2, 20), progress=0.5),
            Measured("m1", "release-time", D(2026, 3, 1), 18.5),
        ]
    )
    found = effect(state, release_goals())["devops"]
    assert (found.reaction, found.learning, found.behaviour, found.results) == (4.0, 0.5, 0.5, 0.5)
    assert dict(found.evidence) == {
        "reaction": ("f1", "f2"),
        "learning": ("c1", "c2"),
        "behaviour": ("ap", "c1", "k1"),
        "results": ("ap", "m1"),
    }


def test_a_level_without_evidence_is_none_not_a_guess():
    state = replay([ActivityCompleted("c1", "xin", "devops", D(2026, 2, 2))])
    found = effect(state)["devops"]
    assert (found.reaction, found.learning, found.results) == (None, None, None)
    assert "reaction" not in found.evidence


def test_learning_is_the_mean_score_when_no_completion_says_passed_or_failed():
    state = replay(
        [
            ActivityCompleted("c1", "xin", "devops", D(2026, 2, 2), score=0.8),
            ActivityCompleted("c2", "zara", "devops", D(2026, 2, 2), score=0.6),
        ]
    )
    assert effect(state)["devops"].learning == pytest.approx(0.7)


# -- erasure, references and bad events ------------------------------------------------------


def test_forgetting_a_person_erases_every_retraction_of_their_event():
    """An event withdrawn twice (two people corrected it) leaves neither retraction."""
    first = Retracted("r1", D(2026, 2, 3), target="c1")
    second = Retracted("r2", D(2026, 2, 4), target="c1")

    state = forget(replay([DONE, first, second]), "anna")

    assert (len(state), state.get("r1"), state.get("r2")) == (0, None, None)


def test_forgetting_a_person_erases_their_events_and_keeps_the_others():
    other = ActivityCompleted("c9", "bo", "cpr-refresher", D(2026, 2, 2))
    state = forget(replay([DONE, other]), "anna")
    assert [e.id for e in state.events()] == ["c9"]
    assert "anna" not in state.people()


def test_events_naming_unknown_people_or_goals_are_refused_when_org_and_goals_are_given():
    demo = load_demo()
    stranger = ActivityCompleted("c1", "nobody", "cpr-refresher", D(2026, 2, 2))
    with pytest.raises(UnknownIdError):
        replay([stranger], org=demo.org)
    with pytest.raises(UnknownIdError):
        replay([Measured("m", "no-such-goal", D(2026, 2, 2), 1.0)], goals=demo.goals)


def test_events_naming_an_activity_the_catalog_lacks_are_refused_when_it_is_given():
    demo = load_demo()
    typo = ActivityCompleted("c1", "amir.haddad", "cpr-refresh", D(2026, 2, 2))
    with pytest.raises(UnknownIdError) as err:
        replay([DONE, typo], catalog=demo.catalog)
    assert err.value.path == "events[1].activity"


def test_a_check_in_must_follow_up_an_activity_or_an_objective_when_both_are_known():
    demo = load_demo()
    on_objective = CheckIn("k1", "xin.li", "obj:xin.li:release-management", D(2026, 3, 1), 0.5)
    on_activity = CheckIn("k2", "xin.li", "devops-workshop", D(2026, 3, 1), 0.5)
    replay([on_objective, on_activity], goals=demo.goals, catalog=demo.catalog)
    stray = CheckIn("k3", "xin.li", "obj:nope", D(2026, 3, 1), 0.5)
    with pytest.raises(UnknownIdError) as err:
        replay([stray], goals=demo.goals, catalog=demo.catalog)
    assert err.value.path == "events[0].subject"


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: CheckIn("k", "anna", "cpr", D(2026, 2, 2), progress=1.5), "progress"),
        (lambda: ActivityCompleted("c", "anna", "cpr", D(2026, 2, 2), score=-0.1), "score"),
        (lambda: FeedbackGiven("f", "anna", "cpr", D(2026, 2, 2), rating=6), "rating"),
        (lambda: FeedbackGiven("f", "anna", "cpr", D(2026, 2, 2), rating=0), "rating"),
        (lambda: Measured("m", "g", D(2026, 2, 2), math.nan), "value"),
        (lambda: Measured("m", "g", D(2026, 2, 2), math.inf), "value"),
        (lambda: Retracted("r", D(2026, 2, 2), target="r"), "target"),
        (lambda: ActivityCompleted("c", "anna", "cpr", "2026-02-02"), "on"),
    ],
)
def test_an_event_with_a_value_out_of_range_is_refused_naming_the_field(make, field):
    with pytest.raises(ValidationError, match=field):
        make()


# -- reflection ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_every_question_set_exists_in_swedish_and_english_alike(name):
    swedish, english = questions(name, "sv"), questions(name, "en")
    assert len(swedish) == len(english) >= 3
    assert swedish != english


def test_an_unknown_question_set_or_language_is_refused():
    with pytest.raises(ValidationError):
        questions("interrogation", "en")
    with pytest.raises(ValidationError):
        questions("feedback", "de")
