"""xAPI statements in: the conformance vectors, the verbs of real traffic, and the rules."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import ActivityCompleted, Retracted, SignalKind, ValidationError, replay
from larande.io.xapi import DEFAULT_VERBS, Outcome, RejectReason, actor_key, ingest

DATA = Path(__file__).parent / "data" / "xapi"
VECTORS = json.loads((DATA / "vectors.json").read_text(encoding="utf-8"))
ANNA = "mailto:anna@alvby.example"
COURSE = "https://lms.alvby.example/courses/cpr"
PEOPLE = {ANNA: "anna", "mailto:xapi@adlnet.gov": "xapi"}
ACTIVITIES = {
    COURSE: "cpr-refresher",
    "http://www.example.com/meetings/occurances/34534": "meeting",
}


def statement(sid: str = "s1", verb: str = "http://adlnet.gov/expapi/verbs/completed", **extra):
    s = {
        "id": sid,
        "actor": {"mbox": ANNA},
        "verb": {"id": verb},
        "object": {"id": COURSE},
        "timestamp": "2026-02-24T10:00:00+01:00",
    }
    s.update(extra)
    return s


def run(statements, **kwargs):
    return ingest(statements, people=PEOPLE, activities=ACTIVITIES, **kwargs)


# -- the conformance suite ------------------------------------------------------------------


@pytest.mark.parametrize(
    "vector", VECTORS, ids=[f"{v['file']}-{i}-{v['expect']}" for i, v in enumerate(VECTORS)]
)
def test_the_conformance_vectors_are_accepted_or_rejected_as_the_suite_expects(vector):
    """What an LRS must refuse is rejected as invalid, with the rule; the rest is valid."""
    s = dict(vector["statement"], id="vector")
    s.setdefault("timestamp", "2026-01-12T09:00:00Z")
    verbs = {**DEFAULT_VERBS, "http://adlnet.gov/expapi/verbs/attended": Outcome.COMPLETED}
    found = ingest([s], people=PEOPLE, activities=ACTIVITIES, verbs=verbs)
    invalid = [r for r in found.rejected if r.reason is RejectReason.INVALID]
    if vector["expect"] == 400:
        assert len(invalid) == 1, vector["name"]
        assert invalid[0].detail
    else:
        assert invalid == [], (vector["name"], invalid)


def test_the_spec_examples_are_read_or_rejected_with_a_reason():
    text = (DATA / "xapi-spec-1.0.3-appendixA-example-statements.json").read_text(encoding="utf-8")
    found = ingest(text, people=PEOPLE, activities=ACTIVITIES)
    assert len(found.events) + len(found.rejected) == 3
    assert all(r.detail for r in found.rejected)


# -- verbs, actors, dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "passed"),
    [
        ("http://adlnet.gov/expapi/verbs/completed", None),
        ("http://adlnet.gov/expapi/verbs/passed", True),
        ("http://adlnet.gov/expapi/verbs/failed", False),
        ("https://w3id.org/xapi/adl/verbs/satisfied", None),
        ("http://adlnet.gov/expapi/verbs/satisfied", None),
        ("https://w3id.org/xapi/adl/verbs/waived", None),
        ("http://adlnet.gov/expapi/verbs/waived", None),
        ("http://id.tincanapi.com/verb/completed", None),
    ],
)
def test_completion_verbs_of_adl_cmi5_and_moodle_become_completions(verb, passed):
    (event,) = run([statement(verb=verb)]).events
    assert (type(event), event.person, event.activity, event.passed) == (
        ActivityCompleted,
        "anna",
        "cpr-refresher",
        passed,
    )


def test_success_in_the_result_says_whether_a_completion_passed():
    (event,) = run([statement(result={"success": False})]).events
    assert event.passed is False


def test_the_score_is_the_scaled_score_or_raw_over_its_range():
    scaled = run([statement(result={"score": {"scaled": 0.8}})]).events[0]
    ranged = run([statement(result={"score": {"raw": 30, "min": 10, "max": 50}})]).events[0]
    assert (scaled.score, ranged.score) == (0.8, 0.5)


def test_a_verb_the_map_does_not_know_is_reported_not_dropped():
    found = run([statement(verb="http://adlnet.gov/expapi/verbs/launched")])
    assert [(r.statement, r.reason) for r in found.rejected] == [("s1", RejectReason.UNKNOWN_VERB)]


def test_users_extend_the_verb_map():
    presented = "http://activitystrea.ms/schema/1.0/present"
    found = run([statement(verb=presented)], verbs={**DEFAULT_VERBS, presented: "completed"})
    assert len(found.events) == 1


def test_unknown_actors_and_activities_are_reported():
    found = run(
        [
            statement("a", actor={"mbox": "mailto:someone@else.example"}),
            statement("b", object={"id": "https://lms.alvby.example/courses/other"}),
        ]
    )
    assert [r.reason for r in found.rejected] == [
        RejectReason.UNKNOWN_ACTOR,
        RejectReason.UNKNOWN_ACTIVITY,
    ]


def test_actors_are_found_by_account_and_sha1_too():
    people = {"account:https://lms.example|4711": "bo", "sha1:abc123": "cem"}
    found = ingest(
        [
            statement("a", actor={"account": {"homePage": "https://lms.example", "name": "4711"}}),
            statement("b", actor={"mbox_sha1sum": "ABC123"}),
        ],
        people=people,
        activities=ACTIVITIES,
    )
    assert sorted(e.person for e in found.events) == ["bo", "cem"]
    assert actor_key({"openid": "https://id.example/x"}) == "openid:https://id.example/x"


def test_e_mail_addresses_match_whatever_their_case():
    """An HR system writes 'Anna.Berg@...', the LMS sends 'anna.berg@...': one person."""
    people = {"mailto:Anna.Berg@Alvby.example": "anna", "sha1:ABC123": "cem"}
    found = ingest(
        [
            statement("a", actor={"mbox": "mailto:ANNA.berg@alvby.example"}),
            statement("b", actor={"mbox_sha1sum": "abc123"}),
        ],
        people=people,
        activities=ACTIVITIES,
    )
    assert sorted(e.person for e in found.events) == ["anna", "cem"]


def test_a_late_evening_utc_statement_is_the_next_day_in_stockholm():
    found = run([statement(timestamp="2026-02-24T23:30:00Z")])
    assert found.events[0].on == dt.date(2026, 2, 25)


def test_a_timestamp_without_offset_is_read_as_utc():
    found = run([statement(timestamp="2026-02-24T23:30:00")])
    assert found.events[0].on == dt.date(2026, 2, 25)


# -- duplicates, voiding, signals -----------------------------------------------------------


def test_the_same_statement_twice_counts_once():
    assert run([statement(), statement()]) == run([statement()])


def test_two_different_statements_with_one_id_are_a_conflict():
    found = run([statement(), statement(verb="http://adlnet.gov/expapi/verbs/failed")])
    assert [r.reason for r in found.rejected] == [RejectReason.CONFLICT]
    assert found.events == ()


def test_a_voiding_statement_withdraws_the_completion_it_voids():
    void = statement(
        "v",
        verb="http://adlnet.gov/expapi/verbs/voided",
        object={"objectType": "StatementRef", "id": "s1"},
    )
    found = run([void, statement()])
    assert [type(e) for e in found.events] == [ActivityCompleted, Retracted]
    assert list(replay(found.events).events()) == []


def test_a_tested_competency_makes_a_test_result_signal():
    found = run(
        [statement(verb="http://adlnet.gov/expapi/verbs/passed")],
        competencies={"cpr-refresher": "cpr"},
    )
    (signal,) = found.signals
    assert (signal.kind, signal.competency, signal.person, signal.passed) == (
        SignalKind.TEST_RESULT,
        "cpr",
        "anna",
        True,
    )


# -- bad input, one statement at a time -----------------------------------------------------


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"actor": None}, "actor"),
        ({"verb": None}, "verb"),
        ({"object": None}, "object"),
        ({"result": {"score": {"scaled": 1.5}}}, "XAPI-00083"),
        ({"result": {"score": {"raw": 5, "min": 10, "max": 20}}}, "XAPI-00082"),
        ({"timestamp": "12/02/2026"}, "XAPI-00122"),
    ],
)
def test_a_broken_statement_is_rejected_with_the_rule_and_the_rest_kept(change, rule):
    bad = statement("bad")
    for key, value in change.items():
        if value is None:
            del bad[key]
        else:
            bad[key] = value
    found = run([bad, statement("good")])
    assert [e.id for e in found.events] == ["good"]
    (rejected,) = found.rejected
    assert rejected.reason is RejectReason.INVALID
    assert rule in rejected.detail


def test_misuse_is_a_validation_error():
    with pytest.raises(ValidationError) as err:
        ingest([statement()], people=["anna"], activities=ACTIVITIES)  # type: ignore[arg-type]
    assert err.value.path == "people"
    with pytest.raises(ValidationError):
        ingest("not json", people=PEOPLE, activities=ACTIVITIES)


# -- idempotent and order-independent -------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["completed", "passed", "failed", "attended", "voided"]), max_size=12
    ),
    st.randoms(use_true_random=False),
)
def test_ingest_is_idempotent_and_order_independent(kinds, rnd):
    batch = []
    for i, kind in enumerate(kinds):
        if kind == "voided":
            batch.append(
                statement(
                    f"s{i}",
                    verb="http://adlnet.gov/expapi/verbs/voided",
                    object={"objectType": "StatementRef", "id": f"s{max(0, i - 1)}"},
                )
            )
        else:
            batch.append(statement(f"s{i}", verb=f"http://adlnet.gov/expapi/verbs/{kind}"))
    shuffled = batch + batch[: len(batch) // 2]
    random.Random(rnd.random()).shuffle(shuffled)
    assert run(shuffled) == run(batch)
