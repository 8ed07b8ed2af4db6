"""learned(): what follow-up shows people have learnt becomes their competence.

DESIGN §9.1 and §9.7: a completion whose ``passed`` is not ``False`` gives, for each
competency its activity develops, an assessment at the activity's level with
``source="evidence"`` and the id ``ev:{event}:{competency}``; an achieved objective gives the
objective's competencies at its ``target_level``. Retracted events and failures give
nothing, and the evidence then combines with manager assessments like any other.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    Activity,
    ActivityCompleted,
    Assessment,
    Catalog,
    CheckIn,
    Competency,
    Framework,
    Goal,
    GoalGraph,
    Level,
    ObjectiveAchieved,
    Organization,
    Person,
    Requirement,
    Retracted,
    Role,
    Unit,
    UnknownIdError,
    ValidationError,
    analyze,
    current_level,
    learned,
    replay,
)
from larande.datasets import load_demo
from larande.testing import events

D = dt.date
HOUR = dt.timedelta(hours=1)
COURSE_DAY = D(2026, 2, 10)
LATER = D(2026, 6, 1)

FRAMEWORK = Framework(
    [
        Competency("medication", "Medication handling"),
        Competency("documentation", "Care documentation"),
        Competency("cpr", "CPR", validity=dt.timedelta(days=365)),
    ]
)
MEDICATION_COURSE = Activity(
    "medication-course",
    "Medication course",
    "course",
    {"medication": 3, "documentation": 2},
    16 * HOUR,
)
MEDICATION_ELEARNING = Activity(
    "medication-elearning", "Medication e-learning", "e-learning", {"medication": 2}, 3 * HOUR
)
CPR_REFRESHER = Activity("cpr-refresher", "CPR refresher", "course", {"cpr": 1}, 4 * HOUR)
CATALOG = Catalog([MEDICATION_COURSE, MEDICATION_ELEARNING, CPR_REFRESHER])
NURSE = Role("nurse", "Assistant nurse", [Requirement("medication", 3)])
ORG = Organization(
    [Unit("south", "Home care South")],
    [Person("kalle", "Kalle", "south", ["nurse"]), Person("nils", "Nils", "south", ["nurse"])],
    [NURSE],
    FRAMEWORK,
)


def evidence(person, competency, level, on, event):
    return Assessment(
        person, competency, level, on, source="evidence", id=f"ev:{event}:{competency}"
    )


def completed(id, person="kalle", activity="medication-course", on=COURSE_DAY, passed=True):
    return ActivityCompleted(id, person, activity, on, passed=passed)


def shown(events, *, as_of=LATER, goals=None, catalog=CATALOG):
    return learned(replay(events), catalog, goals=goals, as_of=as_of)


def objectives() -> GoalGraph:
    """A unit goal and two individual objectives under it, one without a target level."""
    graph = GoalGraph()
    graph.add(
        Goal(
            "fewer-deviations",
            "Fewer medication deviations",
            Level.UNIT,
            owner="south",
            competencies={"medication"},
        )
    )
    graph.add(
        Goal(
            "obj:kalle:medication",
            "Kalle: medication and documentation to level 2",
            Level.INDIVIDUAL,
            owner="kalle",
            competencies={"medication", "documentation"},
            target_level=2,
        ),
        contributes_to="fewer-deviations",
    )
    graph.add(
        Goal(
            "obj:nils:medication",
            "Nils: medication",
            Level.INDIVIDUAL,
            owner="nils",
            competencies={"medication"},
        ),
        contributes_to="fewer-deviations",
    )
    return graph


# -- completions ----------------------------------------------------------------------------


def test_a_passed_completion_gives_each_developed_competency_at_the_activitys_level():
    assert shown([completed("lms-1")]) == (
        evidence("kalle", "documentation", 2, D(2026, 2, 10), "lms-1"),
        evidence("kalle", "medication", 3, D(2026, 2, 10), "lms-1"),
    )


def test_a_completion_that_says_nothing_of_passing_counts_as_passed():
    """§9.7: "passed" means ``passed is not False``."""
    assert shown([completed("xapi-1", passed=None)]) == (
        evidence("kalle", "documentation", 2, D(2026, 2, 10), "xapi-1"),
        evidence("kalle", "medication", 3, D(2026, 2, 10), "xapi-1"),
    )


def test_evidence_is_dated_on_the_completion_day_and_names_the_event():
    (cpr,) = shown([completed("lms-7", activity="cpr-refresher", on=D(2026, 1, 27))])
    assert (cpr.on, cpr.source, cpr.id) == (D(2026, 1, 27), "evidence", "ev:lms-7:cpr")


def test_a_failed_completion_gives_no_competence():
    assert shown([completed("lms-1", passed=False)]) == ()


def test_a_later_failure_never_erases_an_earlier_pass():
    passed = completed("lms-1", on=D(2026, 2, 10))
    failed = completed("lms-2", on=D(2026, 4, 14), passed=False)
    assert shown([passed, failed]) == shown([passed])
    assert (
        current_level(
            shown([passed, failed]),
            "kalle",
            "medication",
            as_of=D(2026, 6, 1),
            framework=FRAMEWORK,
        )
        == 3
    )


def test_a_retaken_course_gives_evidence_for_each_pass():
    first = completed("lms-1", activity="cpr-refresher", on=D(2025, 2, 24))
    again = completed("lms-2", activity="cpr-refresher", on=D(2026, 2, 24))
    assert shown([again, first]) == (
        evidence("kalle", "cpr", 1, D(2025, 2, 24), "lms-1"),
        evidence("kalle", "cpr", 1, D(2026, 2, 24), "lms-2"),
    )


def test_a_retracted_completion_gives_nothing():
    voided = Retracted("void-1", D(2026, 2, 11), target="lms-1")
    assert shown([completed("lms-1"), voided]) == ()


def test_a_retraction_that_arrives_before_its_completion_still_withdraws_it():
    voided = Retracted("void-1", D(2026, 2, 11), target="lms-1")
    assert shown([voided, completed("lms-1")]) == ()


def test_a_retraction_folded_in_later_takes_the_competence_back():
    before = replay([completed("lms-1"), completed("lms-2", person="nils")])
    after = replay([Retracted("void-1", D(2026, 2, 11), target="lms-1")], state=before)
    assert learned(after, CATALOG, as_of=D(2026, 6, 1)) == (
        evidence("nils", "documentation", 2, D(2026, 2, 10), "lms-2"),
        evidence("nils", "medication", 3, D(2026, 2, 10), "lms-2"),
    )


def test_completions_after_as_of_do_not_count_yet():
    events = [completed("lms-1", on=D(2026, 2, 10))]
    assert shown(events, as_of=D(2026, 2, 9)) == ()
    assert len(shown(events, as_of=D(2026, 2, 10))) == 2


def test_other_events_give_no_competence():
    assert shown([CheckIn("ci-1", "kalle", "medication-course", D(2026, 2, 24), 0.5)]) == ()


def test_no_events_show_nothing():
    assert shown([]) == ()


def test_the_evidence_is_sorted_by_person_competency_day_and_id():
    events = [
        completed("b", person="nils", on=D(2026, 3, 1)),
        completed("a", person="nils", activity="medication-elearning", on=D(2026, 3, 1)),
        completed("c", person="kalle", activity="medication-elearning", on=D(2026, 1, 5)),
        completed("d", person="kalle", on=D(2026, 1, 2)),
    ]
    found = shown(events)
    assert [(a.person, a.competency, a.on, a.id) for a in found] == sorted(
        (a.person, a.competency, a.on, a.id) for a in found
    )
    assert [a.id for a in found] == [
        "ev:d:documentation",
        "ev:d:medication",
        "ev:c:medication",
        "ev:b:documentation",
        "ev:a:medication",
        "ev:b:medication",
    ]


# -- achieved objectives ---------------------------------------------------------------------


def test_an_achieved_objective_gives_its_competencies_at_the_target_level():
    done = ObjectiveAchieved("oa-1", "kalle", "obj:kalle:medication", D(2026, 4, 7))
    assert shown([done], goals=objectives()) == (
        evidence("kalle", "documentation", 2, D(2026, 4, 7), "oa-1"),
        evidence("kalle", "medication", 2, D(2026, 4, 7), "oa-1"),
    )


def test_without_the_goals_an_achieved_objective_gives_nothing():
    done = ObjectiveAchieved("oa-1", "kalle", "obj:kalle:medication", D(2026, 4, 7))
    assert shown([done]) == ()


def test_an_objective_without_a_target_level_gives_nothing():
    done = ObjectiveAchieved("oa-2", "nils", "obj:nils:medication", D(2026, 4, 7))
    assert shown([done], goals=objectives()) == ()


def test_a_retracted_achievement_gives_nothing():
    done = ObjectiveAchieved("oa-1", "kalle", "obj:kalle:medication", D(2026, 4, 7))
    voided = Retracted("void-oa", D(2026, 4, 8), target="oa-1")
    assert shown([done, voided], goals=objectives()) == ()


def test_an_achievement_after_as_of_does_not_count_yet():
    done = ObjectiveAchieved("oa-1", "kalle", "obj:kalle:medication", D(2026, 4, 7))
    assert shown([done], goals=objectives(), as_of=D(2026, 4, 6)) == ()


# -- bad input --------------------------------------------------------------------------------


def test_a_completion_of_an_unknown_activity_is_an_unknown_id_naming_the_event():
    with pytest.raises(UnknownIdError) as caught:
        shown([completed("lms-9", activity="juggling")])
    assert caught.value.id == "juggling"
    assert "lms-9" in caught.value.path


def test_a_failed_completion_of_an_unknown_activity_is_no_evidence_to_check():
    assert shown([completed("lms-9", activity="juggling", passed=False)]) == ()


def test_an_achievement_of_an_unknown_objective_is_an_unknown_id_naming_the_event():
    done = ObjectiveAchieved("oa-9", "kalle", "obj:nobody", D(2026, 4, 7))
    with pytest.raises(UnknownIdError) as caught:
        shown([done], goals=objectives())
    assert caught.value.id == "obj:nobody"
    assert "oa-9" in caught.value.path


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"state": [completed("lms-1")]}, "state"),
        ({"catalog": [MEDICATION_COURSE]}, "catalog"),
        ({"goals": {"obj:kalle:medication": 2}}, "goals"),
        ({"as_of": "2026-06-01"}, "as_of"),
        ({"as_of": dt.datetime(2026, 6, 1, 12, 0)}, "as_of"),
    ],
)
def test_a_malformed_argument_is_a_validation_error_with_its_path(arguments, path):
    given_ = {"state": replay([]), "catalog": CATALOG, "goals": None, "as_of": D(2026, 6, 1)}
    given_.update(arguments)
    state, catalog = given_.pop("state"), given_.pop("catalog")
    with pytest.raises(ValidationError) as caught:
        learned(state, catalog, **given_)
    assert caught.value.path == path


# -- with current_level and analyze -----------------------------------------------------------


def test_evidence_and_a_manager_assessment_on_the_same_day_give_the_higher_level():
    course = shown([completed("lms-1", on=D(2026, 2, 10))])
    lower = Assessment("kalle", "medication", 2, D(2026, 2, 10))
    higher = Assessment("kalle", "medication", 4, D(2026, 2, 10))

    def level(assessments):
        return current_level(
            assessments, "kalle", "medication", as_of=D(2026, 3, 1), framework=FRAMEWORK
        )

    assert (level((lower, *course)), level((higher, *course))) == (3, 4)


def test_evidence_after_a_manager_assessment_counts_as_the_latest():
    manager = Assessment("kalle", "medication", 1, D(2026, 1, 5))
    course = shown([completed("lms-1", on=D(2026, 2, 10))])
    level = current_level(
        (manager, *course), "kalle", "medication", as_of=D(2026, 3, 1), framework=FRAMEWORK
    )
    assert level == 3


def test_a_passed_course_closes_the_requirement_gap():
    manager = Assessment("kalle", "medication", 1, D(2026, 1, 5))
    course = shown([completed("lms-1", on=D(2026, 2, 10))], as_of=D(2026, 3, 1))
    before = analyze(ORG, [manager], as_of=D(2026, 3, 1)).for_person("kalle")
    after = analyze(ORG, [manager, *course], as_of=D(2026, 3, 1)).for_person("kalle")
    assert ([n.competency for n in before], after) == (["medication"], ())


def test_the_need_closed_by_evidence_cites_the_evidence():
    manager = Assessment("kalle", "medication", 1, D(2026, 1, 5))
    elearning = shown(
        [completed("lms-1", activity="medication-elearning", on=D(2026, 2, 10))],
        as_of=D(2026, 3, 1),
    )
    (need,) = analyze(ORG, [manager, *elearning], as_of=D(2026, 3, 1)).for_person("kalle")
    cited = {e for r in need.reasons for e in r.evidence}
    assert (need.current, "ev:lms-1:medication" in cited) == (2, True)


def test_a_later_lower_manager_assessment_reopens_the_need():
    course = shown([completed("lms-1", on=D(2026, 2, 10))], as_of=D(2026, 5, 1))
    lower = Assessment("kalle", "medication", 2, D(2026, 4, 20))
    (need,) = analyze(ORG, [*course, lower], as_of=D(2026, 5, 1)).for_person("kalle")
    assert (need.competency, need.current, need.required, need.gap) == ("medication", 2, 3, 1)


def test_the_demo_shows_xin_lis_devops_gaps_closed_by_what_he_learnt():
    demo = load_demo()
    april = D(2026, 4, 15)
    evidence_ = learned(replay(demo.events), demo.catalog, goals=demo.goals, as_of=april)
    before = analyze(demo.org, demo.assessments, demo.signals, as_of=april)
    after = analyze(demo.org, demo.assessments + evidence_, demo.signals, as_of=april)
    assert [n.competency for n in before.for_person("xin.li")] == ["ci-cd", "release-management"]
    assert after.for_person("xin.li") == ()


def test_the_demos_voided_cpr_completion_gives_hanna_no_cpr():
    demo = load_demo()
    evidence_ = learned(replay(demo.events), demo.catalog, goals=demo.goals, as_of=D(2026, 4, 15))
    cpr = {a.person for a in evidence_ if a.competency == "cpr"}
    assert cpr == {"amir.haddad"}


# -- properties -------------------------------------------------------------------------------

PEOPLE = ("kalle", "nils", "tove")
unique_ids = st.uuids().map(lambda u: u.hex[:10])
follow_up = st.lists(
    events(
        people=PEOPLE,
        activities=tuple(a.id for a in CATALOG.activities),
        objectives=("obj:kalle:medication", "obj:nils:medication"),
        goals=("fewer-deviations",),
        ids=unique_ids,
    ),
    max_size=20,
    unique_by=lambda e: e.id,
)
days = st.dates(D(2026, 1, 1), D(2026, 12, 31))


def passed_in_effect(state, as_of):
    return [
        e
        for e in state.events()
        if isinstance(e, ActivityCompleted) and e.passed is not False and e.on <= as_of
    ]


@settings(max_examples=60, deadline=None)
@given(follow_up, days)
def test_every_piece_of_evidence_traces_to_a_passed_completion_or_an_achievement(batch, as_of):
    state = replay(batch)
    found = learned(state, CATALOG, goals=objectives(), as_of=as_of)
    for a in found:
        _, event_id, competency = a.id.split(":", 2)
        event = state.event(event_id)
        assert not state.is_retracted(event_id)
        assert (a.person, a.on, a.source, a.competency) == (
            event.person,
            event.on,
            "evidence",
            competency,
        )
        assert a.on <= as_of
        if isinstance(event, ActivityCompleted):
            assert event.passed is not False
            assert a.level == CATALOG.activity(event.activity).develops[competency]
        else:
            assert isinstance(event, ObjectiveAchieved)
            assert a.level == objectives().goal(event.objective).target_level


@settings(max_examples=60, deadline=None)
@given(follow_up, days)
def test_every_passed_completion_in_effect_shows_each_competency_it_develops(batch, as_of):
    state = replay(batch)
    found = {a.id for a in learned(state, CATALOG, as_of=as_of)}
    expected = {
        f"ev:{e.id}:{c}"
        for e in passed_in_effect(state, as_of)
        for c in CATALOG.activity(e.activity).develops
    }
    assert found == expected


@settings(max_examples=60, deadline=None)
@given(follow_up, days)
def test_learned_is_sorted_and_does_not_depend_on_the_order_of_arrival(batch, as_of):
    found = learned(replay(batch), CATALOG, goals=objectives(), as_of=as_of)
    again = learned(replay(list(reversed(batch))), CATALOG, goals=objectives(), as_of=as_of)
    assert found == again
    keys = [(a.person, a.competency, a.on, a.id) for a in found]
    assert keys == sorted(keys)
