"""erase(): the right to be forgotten, everywhere in a dataset (DESIGN §9.1, §9.7).

Gone: the person, their assessments, the signals naming only them, their individual
objectives (with the measurements, check-ins and achievements of those), their events and
the retractions of those, their absences. A manager field naming them, and an action plan's
goal naming one of their objectives, become ``None``. The JSON of the result holds the id
nowhere; the dataset given is left as it was.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from larande import (
    Absence,
    ActionPlanSet,
    ActivityCompleted,
    CheckIn,
    Goal,
    GoalGraph,
    Level,
    Measured,
    ObjectiveAchieved,
    Retracted,
    Signal,
    SignalKind,
    UnknownIdError,
    ValidationError,
    erase,
    review,
)
from larande.datasets import load_demo, synthetic
from larande.io import json as ljson
from larande.testing import datasets as generated_datasets

D = dt.date
XIN = "xin.li"
XINS_OBJECTIVE = "obj:xin.li:release-management"


def demo_with_more_of_xin():
    """The demo, with more that names Xin: an absence, a retraction, a team-mate's plan
    aimed at his objective, his manager's check-in on it, a measurement of it, and a signal
    naming him and his team."""
    demo = load_demo()
    return attrs.evolve(
        demo,
        events=(
            *demo.events,
            Retracted("void-ks-xin", D(2026, 3, 11), target="ks-xin-1"),
            ActionPlanSet(
                "ap-zara-2",
                "zara.holmberg",
                "devops-workshop",
                D(2026, 3, 2),
                ["Pair with Xin on the release checklist"],
                goal=XINS_OBJECTIVE,
            ),
            CheckIn("ci-viktor-xin", "viktor.nord", XINS_OBJECTIVE, D(2026, 3, 13), 0.9),
            Measured("m-xin-obj", XINS_OBJECTIVE, D(2026, 3, 14), 0.9),
        ),
        signals=(
            *demo.signals,
            Signal(
                "rep-it-xin",
                SignalKind.REPORT,
                D(2026, 1, 8),
                "release-management",
                unit="it-platform",
                person=XIN,
            ),
        ),
        absences=(Absence(XIN, D(2026, 6, 1), D(2026, 6, 30), "parental leave"),),
    )


@pytest.fixture(scope="module")
def erased():
    return erase(demo_with_more_of_xin(), XIN)


def strings(document):
    """Every string value in a JSON-like document."""
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for v in document.values():
            yield from strings(v)
    elif isinstance(document, list | tuple):
        for v in document:
            yield from strings(v)


# -- what goes -------------------------------------------------------------------------------


def test_the_person_is_no_longer_in_the_organisation(erased):
    assert (erased.org.has_person(XIN), len(erased.org.people)) == (False, 33)


def test_their_assessments_are_gone(erased):
    assert [a for a in erased.assessments if a.person == XIN] == []


def test_everyone_elses_assessments_stay(erased):
    demo = load_demo()
    assert [a for a in demo.assessments if a.person != XIN] == list(erased.assessments)


def test_a_signal_naming_only_them_is_gone(erased):
    assert "quiz-sec-2" not in {s.id for s in erased.signals}


def test_a_signal_naming_them_and_a_unit_keeps_the_unit_and_loses_the_person(erased):
    (kept,) = [s for s in erased.signals if s.id == "rep-it-xin"]
    assert (kept.unit, kept.person) == ("it-platform", None)


def test_signals_naming_other_people_stay(erased):
    assert {"quiz-sec-1", "quiz-sec-3"} <= {s.id for s in erased.signals}


def test_their_individual_objectives_are_gone(erased):
    assert XINS_OBJECTIVE not in erased.goals


def test_the_goals_their_objectives_served_stay(erased):
    assert {"platform-pipeline", "it-release-time"} <= set(erased.goals)


def test_their_events_are_gone(erased):
    assert [e for e in erased.events if getattr(e, "person", None) == XIN] == []


def test_check_ins_achievements_and_measurements_of_their_objectives_are_gone(erased):
    ids = {e.id for e in erased.events}
    assert set() == {"ci-xin-obj", "oa-xin-1", "ci-viktor-xin", "m-xin-obj"} & ids


def test_a_retraction_of_their_event_is_gone(erased):
    assert "void-ks-xin" not in {e.id for e in erased.events}


def test_a_retraction_of_someone_elses_event_stays(erased):
    assert "lms-2191-void" in {e.id for e in erased.events}


def test_an_action_plan_aimed_at_their_objective_loses_its_goal(erased):
    (plan,) = [e for e in erased.events if e.id == "ap-zara-2"]
    assert (plan.goal, plan.person) == (None, "zara.holmberg")


def test_an_action_plan_aimed_at_a_unit_goal_keeps_its_goal(erased):
    (plan,) = [e for e in erased.events if e.id == "ap-zara-1"]
    assert plan.goal == "it-release-time"


def test_their_absences_are_gone(erased):
    assert erased.absences == ()


def test_those_they_managed_have_no_manager():
    erased = erase(load_demo(), "viktor.nord")
    it = [p for p in erased.org.people if p.unit.startswith("it") and p.id != "viktor.nord"]
    assert {None} == {p.manager for p in it}


def test_managers_of_others_stay():
    erased = erase(load_demo(), "viktor.nord")
    assert erased.org.person("karin.holm").manager == "eva.lind"


def test_another_persons_objective_under_theirs_stays_unlinked():
    demo = load_demo()
    goals = demo.goals.copy()
    goals.add(
        Goal(
            "obj:zara.holmberg:release-management",
            "Zara: release management, with Xin",
            Level.INDIVIDUAL,
            owner="zara.holmberg",
            competencies={"release-management"},
            target_level=2,
        ),
        contributes_to=XINS_OBJECTIVE,
    )
    erased = erase(attrs.evolve(demo, goals=goals), XIN)
    assert ("obj:zara.holmberg:release-management" in erased.goals) is True
    assert tuple(erased.goals.parents("obj:zara.holmberg:release-management")) == ()


# -- what stays ------------------------------------------------------------------------------


def test_the_dataset_given_is_left_as_it_was():
    demo = demo_with_more_of_xin()
    before = ljson.dumps(demo)
    erase(demo, XIN)
    assert before == ljson.dumps(demo)


def test_the_goal_graph_given_keeps_their_objective():
    demo = load_demo()
    erase(demo, XIN)
    assert XINS_OBJECTIVE in demo.goals


def test_erasing_two_people_in_either_order_gives_the_same_dataset():
    demo = load_demo()
    assert ljson.dumps(erase(erase(demo, XIN), "zara.holmberg")) == ljson.dumps(
        erase(erase(demo, "zara.holmberg"), XIN)
    )


def test_the_erased_dataset_still_reviews():
    erased = erase(load_demo(), XIN)
    assert None is review(erased, as_of=D(2026, 4, 10)).plan_of(XIN)


# -- bad input -------------------------------------------------------------------------------


def test_an_unknown_person_is_refused_naming_the_person():
    with pytest.raises(UnknownIdError) as info:
        erase(load_demo(), "no.such.person")
    assert info.value.path == "person"
    assert "no.such.person" in str(info.value)


def test_a_unit_is_not_a_person_to_erase():
    with pytest.raises(UnknownIdError) as info:
        erase(load_demo(), "it-platform")
    assert info.value.path == "person"


@pytest.mark.parametrize("person", [None, 7, "", ("xin.li",)])
def test_a_person_that_is_not_an_id_is_refused(person):
    with pytest.raises(ValidationError) as info:
        erase(load_demo(), person)
    assert info.value.path == "person"


def test_a_dataset_that_is_not_a_dataset_is_refused():
    with pytest.raises(ValidationError) as info:
        erase({"org": "alvby"}, XIN)
    assert info.value.path == "dataset"


# -- no trace --------------------------------------------------------------------------------


@pytest.mark.parametrize("person", [p.id for p in load_demo().org.people])
def test_on_the_demo_the_id_occurs_nowhere_in_the_json_of_the_result(person):
    assert person not in ljson.dumps(erase(load_demo(), person))


def test_with_more_of_xin_his_id_occurs_nowhere_in_the_json_of_the_result(erased):
    assert XIN not in ljson.dumps(erased)


@pytest.fixture(scope="module")
def january():
    return review(load_demo(), as_of=D(2026, 1, 12))


@pytest.mark.parametrize("person", [XIN, "viktor.nord", "kalle.dahl", "amir.haddad"])
def test_a_review_of_the_erased_dataset_after_one_made_before_has_no_trace(january, person):
    assert person in ljson.dumps(january)
    after = review(erase(load_demo(), person), as_of=D(2026, 4, 10), previous=january)
    assert person not in ljson.dumps(after)


def test_a_review_after_erasure_keeps_no_check_in_or_measure_of_their_objective():
    data = demo_with_more_of_xin()
    data = attrs.evolve(data, events=[e for e in data.events if e.id != "ap-zara-2"])
    before = review(data, as_of=D(2026, 3, 20))
    after = review(erase(data, XIN), as_of=D(2026, 4, 10), previous=before)
    assert XIN not in ljson.dumps(after)


def test_a_review_after_erasure_takes_an_action_plan_whose_goal_was_cleared():
    data = demo_with_more_of_xin()
    before = review(data, as_of=D(2026, 3, 20))
    after = review(erase(data, XIN), as_of=D(2026, 4, 10), previous=before)
    (plan,) = [e for e in after.state.of_person("zara.holmberg") if e.id == "ap-zara-2"]
    assert plan.goal is None


def test_a_review_after_erasure_leaves_the_previous_review_as_it_was(january):
    before = ljson.dumps(january)
    review(erase(load_demo(), XIN), as_of=D(2026, 4, 10), previous=january)
    assert before == ljson.dumps(january)


@st.composite
def synthetic_with_a_person(draw):
    """A small synthetic organisation, with an absence and a retraction naming one person."""
    data = synthetic(
        people=draw(st.integers(1, 30)),
        seed=draw(st.integers(0, 10_000)),
        events_per_person=draw(st.integers(0, 5)),
    )
    person = draw(st.sampled_from(data.org.people)).id
    theirs = [e for e in data.events if getattr(e, "person", None) == person]
    extra = []
    if theirs:
        extra.append(Retracted(f"void-{len(data.events)}", D(2026, 12, 1), theirs[0].id))
    return (
        attrs.evolve(
            data,
            events=(*data.events, *extra),
            absences=(Absence(person, D(2026, 5, 1), D(2026, 5, 31)),),
        ),
        person,
    )


@settings(max_examples=40, deadline=None)
@given(synthetic_with_a_person())
def test_no_json_value_of_a_synthetic_organisation_is_the_erased_id(case):
    data, person = case
    assert person in set(strings(ljson.to_dict(data)))
    assert person not in set(strings(ljson.to_dict(erase(data, person))))


def renamed(data, person, to):
    """The dataset with the person's id replaced wherever the id is a person reference."""
    org = data.org
    people = [
        attrs.evolve(
            p,
            id=to if p.id == person else p.id,
            manager=to if p.manager == person else p.manager,
        )
        for p in org.people
    ]
    return attrs.evolve(
        data,
        org=attrs.evolve(org, people=people),
        assessments=[
            attrs.evolve(a, person=to) if a.person == person else a for a in data.assessments
        ],
    )


@st.composite
def generated_with_a_person(draw):
    """A generated dataset, and a person named in every part of it.

    Besides the generated people and assessments: a signal naming only them, one naming
    them and their unit, their objective (and a check-in on it, its achievement), a
    completion, a retraction of it, and an absence. The ids added are upper case, which
    generated ids never are.
    """
    data = draw(generated_datasets())
    person = draw(st.sampled_from(data.org.people))
    pid = person.id
    # The generated ids are short and may equal another record's id or name (a competency
    # called like the person): such a value is not a trace of the person.
    sentinel = "\u2603-NOT-AN-ID"
    assume(pid not in set(strings(ljson.to_dict(renamed(data, pid, sentinel)))))
    competency = data.org.framework.competencies[0].id
    objective = f"obj:{pid}:{competency}"
    goals = GoalGraph()
    goals.add(Goal("STAR", "A STAR", Level.ORGANIZATION, competencies={competency}))
    goals.add(
        Goal(objective, "AN OBJECTIVE", Level.INDIVIDUAL, owner=pid, competencies={competency}),
        contributes_to="STAR",
    )
    day = D(2026, 3, 2)
    return (
        attrs.evolve(
            data,
            goals=goals,
            signals=[
                Signal("SIG-ONLY", SignalKind.DEVIATION, day, competency, person=pid),
                Signal(
                    "SIG-BOTH", SignalKind.REPORT, day, competency, unit=person.unit, person=pid
                ),
            ],
            events=[
                ActivityCompleted("EV-DONE", pid, "ACT", day, passed=True),
                Retracted("EV-VOID", day, "EV-DONE"),
                CheckIn("EV-CHECK", pid, objective, day, 0.5),
                ObjectiveAchieved("EV-ACHIEVED", pid, objective, day),
            ],
            absences=[Absence(pid, day, day)],
        ),
        pid,
    )


@settings(max_examples=40, deadline=None)
@given(generated_with_a_person())
def test_no_json_value_of_a_generated_dataset_is_the_erased_id(case):
    data, person = case
    assert person in set(strings(ljson.to_dict(data)))
    assert person not in set(strings(ljson.to_dict(erase(data, person))))
