"""xAPI as real platforms send it: Moodle's and Open edX's shapes, and batches with bad apples."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from larande import ActivityCompleted, Retracted, ValidationError, replay
from larande.io.xapi import RejectReason, ingest

LMS = Path(__file__).parent / "data" / "xapi" / "lms-shaped"
ANNA = "mailto:anna@alvby.example"
BO = "mailto:bo@alvby.example"
COURSE = "https://lms.alvby.example/courses/cpr"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
ADL = "http://adlnet.gov/expapi/verbs/"
PEOPLE = {ANNA: "anna", BO: "bo"}
ACTIVITIES = {COURSE: "cpr-refresher"}


def statement(sid: str = "s1", verb: str = f"{ADL}completed", **extra):
    s = {
        "id": sid,
        "actor": {"mbox": ANNA},
        "verb": {"id": verb},
        "object": {"id": COURSE},
        "timestamp": "2026-02-24T10:00:00+01:00",
    }
    s.update(extra)
    return s


def void(sid: str, target: str):
    return statement(sid, VOIDED, object={"objectType": "StatementRef", "id": target})


def run(statements, **kwargs):
    kwargs.setdefault("people", PEOPLE)
    kwargs.setdefault("activities", ACTIVITIES)
    return ingest(statements, **kwargs)


def outcome(found):
    """What a test compares: used event ids, and (statement, reason) of each rejection."""
    return [e.id for e in found.events], [(r.statement, r.reason) for r in found.rejected]


# -- one bad statement, the rest ingested ------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(void("v2", "v1"), id="voids-a-voiding-statement"),
        pytest.param(void("v2", ""), id="statement-ref-with-an-empty-id"),
        pytest.param(statement("v2", timestamp="9999-12-31T23:30Z"), id="timestamp-past-9999"),
        pytest.param(statement("v2", timestamp="0001-01-01T00:10+01:00"), id="timestamp-before-1"),
        pytest.param(
            statement("v2", result={"score": {"raw": 10**400, "min": 0, "max": 10**401}}),
            id="score-beyond-a-float",
        ),
        pytest.param(
            statement("v2", result={"score": {"scaled": float("nan")}}), id="score-not-a-number"
        ),
        pytest.param(
            statement(
                "v2",
                object={
                    "objectType": "SubStatement",
                    "id": ["not", "a", "string"],
                    "actor": {"mbox": ANNA},
                    "verb": {"id": f"{ADL}completed"},
                    "object": {"id": COURSE},
                },
            ),
            id="substatement-with-an-id",
        ),
    ],
)
def test_a_broken_statement_is_rejected_alone_as_invalid(bad):
    batch = [statement("good"), void("v1", "gone"), bad]
    assert outcome(run(batch)) == (["good", "v1"], [("v2", RejectReason.INVALID)])


def test_a_statement_voiding_a_voiding_statement_leaves_a_batch_that_replays():
    found = run([statement("a"), void("v1", "a"), void("v2", "v1")])
    assert list(replay(found.events).events()) == []


def test_a_huge_number_in_json_text_rejects_its_statement_not_the_batch():
    text = json.dumps([statement("good"), statement("big")]).replace(
        '"big"', '"big", "result": {"score": {"raw": ' + "9" * 5000 + "}}"
    )
    assert outcome(run(text)) == (["good"], [("big", RejectReason.INVALID)])


def test_a_statement_whose_id_is_not_a_string_is_named_by_its_place():
    found = run([statement("good"), {**statement(), "id": 42}])
    assert outcome(found) == (["good"], [("#1", RejectReason.INVALID)])


def test_a_statement_that_is_not_an_object_is_named_by_its_place():
    assert outcome(run([statement("good"), "completed"])) == (
        ["good"],
        [("#1", RejectReason.INVALID)],
    )


# -- what the batch is -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ['"' + "x" * 200_000 + '"', "42", "null", "true"])
def test_json_text_that_is_not_statements_is_one_validation_error(text):
    with pytest.raises(ValidationError) as err:
        run(text)
    assert (err.value.code, err.value.path) == ("not-statements", "statements")


def test_json_text_nested_too_deeply_is_one_validation_error():
    with pytest.raises(ValidationError) as err:
        run("[" * 100_000)
    assert err.value.code == "too-deep"


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff" + json.dumps([statement()]),
        b"\xef\xbb\xbf" + json.dumps([statement()]).encode(),
    ],
    ids=["str", "bytes"],
)
def test_a_byte_order_mark_before_the_json_is_skipped(text):
    """Windows tools write one; the statements behind it are read as they are."""
    assert outcome(run(text)) == (["s1"], [])


def test_a_record_stores_statement_result_is_read_and_its_more_link_kept():
    found = run({"statements": [statement()], "more": "/xapi/statements?more=abc"})
    assert (outcome(found), found.more) == ((["s1"], []), "/xapi/statements?more=abc")


def test_a_statement_result_without_more_has_no_link():
    assert run('{"statements": [], "more": ""}').more is None


def test_one_statement_alone_is_a_batch_of_one():
    assert outcome(run(statement())) == (["s1"], [])


# -- verbs and results real platforms send ----------------------------------------------------


def test_completion_true_makes_any_verb_a_completion():
    """Open edX says a block is done with 'progressed' and result.completion."""
    progressed = statement(verb=f"{ADL}progressed", result={"completion": True})
    assert [type(e) for e in run([progressed]).events] == [ActivityCompleted]


def test_completion_true_counts_for_nothing_when_the_host_turns_it_off():
    progressed = statement(verb=f"{ADL}progressed", result={"completion": True})
    found = run([progressed], completion=False)
    assert outcome(found) == ([], [("s1", RejectReason.UNKNOWN_VERB)])


def test_attended_is_a_completion_by_default():
    """The specification's own example, and Moodle's face-to-face sessions."""
    assert outcome(run([statement(verb=f"{ADL}attended")])) == (["s1"], [])


@pytest.mark.parametrize(
    "verb", ["http://id.tincanapi.com/verb/earned", "https://w3id.org/xapi/tla/verbs/scored"]
)
def test_a_grade_with_success_is_a_completion_with_its_score(verb):
    graded = statement(verb=verb, result={"success": True, "score": {"raw": 3, "max": 4}})
    (event,) = run([graded]).events
    assert (event.passed, event.score) == (True, 0.75)


def test_a_grade_that_says_neither_success_nor_completion_is_incomplete():
    """Open edX grades a course as it goes: an 'earned' alone is not the course done."""
    graded = statement(verb="http://id.tincanapi.com/verb/earned", result={"score": {"raw": 1}})
    assert outcome(run([graded])) == ([], [("s1", RejectReason.INCOMPLETE)])


def test_the_raw_score_wins_over_a_scaled_score_of_zero():
    """Moodle sends scaled 0 next to the real raw score."""
    scored = statement(result={"score": {"raw": 50, "min": 0, "max": 100, "scaled": 0.0}})
    assert run([scored]).events[0].score == 0.5


def test_the_scaled_score_wins_when_the_host_says_so():
    scored = statement(result={"score": {"raw": 50, "min": 0, "max": 100, "scaled": 0.9}})
    assert run([scored], score="scaled").events[0].score == 0.9


def test_a_score_worth_nothing_is_accepted_with_its_scaled_score():
    """Open edX sends min = max = 0 for a problem of weight 0."""
    zero = statement(result={"score": {"raw": 0, "min": 0, "max": 0, "scaled": 0.0}})
    assert run([zero]).events[0].score == 0.0


def test_a_score_whose_min_is_above_its_max_is_still_invalid():
    broken = statement(result={"score": {"min": 5, "max": 0}})
    assert outcome(run([broken])) == ([], [("s1", RejectReason.INVALID)])


def test_an_object_that_is_a_person_is_not_an_activity():
    mentored = statement(object={"objectType": "Agent", "mbox": BO})
    assert outcome(run([mentored])) == ([], [("s1", RejectReason.NOT_AN_ACTIVITY)])


# -- parents ---------------------------------------------------------------------------------

MODULE = "https://moodle.alvby.example/mod/scorm/view.php?id=41"


def in_module():
    return statement(
        object={"id": f"{MODULE}#sco"},
        context={"contextActivities": {"parent": [{"id": MODULE}, {"id": COURSE}]}},
    )


def test_a_part_of_a_mapped_activity_is_rejected_naming_the_activity():
    """A module done is not the course done: the host sees which course it belongs to."""
    (rejected,) = run([in_module()]).rejected
    assert (rejected.reason, "'cpr-refresher'" in rejected.detail) == (
        RejectReason.PART_OF_ACTIVITY,
        True,
    )


def test_parents_credit_the_nearest_parent_when_the_host_maps_it():
    found = run([in_module()], activities={MODULE: "hlr-elearning"}, parents=True)
    assert [e.activity for e in found.events] == ["hlr-elearning"]


def test_parents_never_credit_a_farther_parent():
    """A question answered is not its quiz passed: only the nearest parent counts."""
    found = run([in_module()], parents=True)
    assert outcome(found) == ([], [("s1", RejectReason.PART_OF_ACTIVITY)])


def test_a_lone_parent_object_counts_like_a_list_of_one():
    """xAPI 1.0 allowed a single object where 1.0.3 has a list."""
    lone = statement(
        object={"id": f"{COURSE}#page"}, context={"contextActivities": {"parent": {"id": COURSE}}}
    )
    assert [e.activity for e in run([lone], parents=True).events] == ["cpr-refresher"]


# -- groups ----------------------------------------------------------------------------------

TEAM = {"objectType": "Group", "name": "Team North", "member": [{"mbox": BO}, {"mbox": ANNA}]}


def test_a_group_completion_counts_for_each_known_member():
    found = run([statement("g", actor=TEAM)])
    assert [(e.id, e.person) for e in found.events] == [("g:1", "anna"), ("g:2", "bo")]


def test_groups_are_rejected_when_the_host_says_so():
    assert outcome(run([statement("g", actor=TEAM)], groups=False)) == (
        [],
        [("g", RejectReason.GROUP_ACTOR)],
    )


def test_a_group_without_a_known_member_is_an_unknown_actor():
    strangers = {"objectType": "Group", "member": [{"mbox": "mailto:x@elsewhere.example"}]}
    assert outcome(run([statement("g", actor=strangers)])) == (
        [],
        [("g", RejectReason.UNKNOWN_ACTOR)],
    )


def test_voiding_a_group_statement_withdraws_every_members_completion():
    found = run([statement("g", actor=TEAM), void("v", "g")])
    assert list(replay(found.events).events()) == []


def test_voiding_a_group_statement_of_an_earlier_batch_needs_the_state():
    state = replay(run([statement("g", actor=TEAM)]).events)
    later = run([void("v", "g")], state=state)
    assert list(replay(later.events, state=state).events()) == []


def test_with_the_state_a_voiding_of_an_earlier_voiding_statement_is_rejected():
    state = replay(run([statement("a"), void("v1", "a")]).events)
    later = run([void("v2", "v1")], state=state)
    assert outcome(later) == ([], [("v2", RejectReason.INVALID)])


def test_with_the_state_a_group_statement_voided_earlier_is_rejected_as_voided():
    state = replay(run([void("v", "g")]).events)
    later = run([statement("g", actor=TEAM)], state=state)
    assert outcome(later) == ([], [("g", RejectReason.VOIDED)])


# -- dates -----------------------------------------------------------------------------------


def test_a_statement_without_timestamp_is_dated_when_the_record_store_stored_it():
    stored = statement(stored="2026-02-24T23:30:00Z")
    del stored["timestamp"]
    assert run([stored]).events[0].on == dt.date(2026, 2, 25)


def test_a_host_may_date_statements_by_their_timestamp_only():
    stored = statement(stored="2026-02-24T23:30:00Z")
    del stored["timestamp"]
    assert outcome(run([stored], dated_by=("timestamp",))) == ([], [("s1", RejectReason.INVALID)])


# -- the host's arguments --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"people": {ANNA: ""}}, f"people[{ANNA!r}]"),
        ({"activities": {COURSE: 3}}, f"activities[{COURSE!r}]"),
        ({"competencies": {"cpr-refresher": None}}, "competencies['cpr-refresher']"),
        ({"score": "best"}, "score"),
        ({"dated_by": "timestamp"}, "dated_by"),
        ({"dated_by": ("when",)}, "dated_by"),
        ({"groups": "yes"}, "groups"),
        ({"state": []}, "state"),
        ({"tz": 5}, "tz"),
    ],
)
def test_a_bad_argument_is_a_validation_error_naming_it(kwargs, path):
    with pytest.raises(ValidationError) as err:
        run([statement()], **kwargs)
    assert err.value.path == path


# -- files shaped like the platforms' ----------------------------------------------------------

MOODLE = "https://moodle.alvby.example"


def test_a_moodle_batch_gives_a_completion_per_thing_done_and_a_reason_for_the_rest():
    found = ingest(
        (LMS / "moodle-like.json").read_text(encoding="utf-8"),
        people={f"account:{MOODLE}|101": "anna", f"account:{MOODLE}|102": "bo"},
        activities={
            f"{MOODLE}/course/view.php?id=3": "hygiene",
            f"{MOODLE}/mod/scorm/view.php?id=41": "hlr-elearning",
            f"{MOODLE}/mod/facetoface/view.php?id=55": "lifting",
            f"{MOODLE}/mod/assign/view.php?id=60": "reflection",
            f"{MOODLE}/mod/quiz/view.php?id=70": "medication-quiz",
        },
        parents=True,
    )
    done = sorted((e.person, e.activity, e.score, e.passed) for e in found.events)
    assert (done, sorted(r.reason.value for r in found.rejected)) == (
        [
            ("anna", "hlr-elearning", 0.85, True),
            ("anna", "hygiene", None, None),
            ("bo", "lifting", None, None),
            ("bo", "reflection", 0.75, True),
        ],
        ["part-of-activity", "unknown-verb"],
    )


def test_a_moodle_batch_sent_twice_counts_once():
    """Moodle's statements have no id: each gets one from its content."""
    text = (LMS / "moodle-like.json").read_text(encoding="utf-8")
    people = {f"account:{MOODLE}|101": "anna"}
    activities = {f"{MOODLE}/course/view.php?id=3": "hygiene"}
    once = ingest(text, people=people, activities=activities)
    twice = ingest(json.loads(text) * 2, people=people, activities=activities)
    assert once == twice


def test_an_open_edx_page_gives_the_course_passed_and_keeps_the_next_page():
    edx = "https://learn.alvby.example"
    found = ingest(
        (LMS / "open-edx-like.json").read_bytes(),
        people={f"account:{edx}|c4f1d9e2-0000-4b8e-9a51-7e3e2f6a0a11": "anna"},
        activities={f"{edx}/course/course-v1:Alvby+MED101+2026": "medication"},
        competencies={"medication": "medication"},
    )
    assert (
        [(e.activity, e.on, e.passed) for e in found.events],
        [s.competency for s in found.signals],
        sorted(r.reason.value for r in found.rejected),
        found.more,
    ) == (
        [("medication", dt.date(2026, 3, 2), True)],
        ["medication"],
        ["incomplete", "part-of-activity", "unknown-activity", "unknown-verb"],
        "/xapi/statements?more=2f1e8c",
    )


def test_the_events_of_a_real_shaped_batch_replay():
    edx = "https://learn.alvby.example"
    found = ingest(
        (LMS / "open-edx-like.json").read_bytes(),
        people={f"account:{edx}|c4f1d9e2-0000-4b8e-9a51-7e3e2f6a0a11": "anna"},
        activities={f"{edx}/course/course-v1:Alvby+MED101+2026": "medication"},
    )
    assert [e.id for e in replay(found.events).events()] == [e.id for e in found.events]


def test_a_retraction_is_dated_by_the_voiding_statement():
    found = run([void("v", "s1")])
    assert found.events == (Retracted("v", dt.date(2026, 2, 24), "s1"),)
